"""Prepared series for the forecasting benchmark (peer side).

Every loader returns a long frame with columns series, date, y[, exog...], sorted by
series then date, one row per series per day (month for aus) with no gaps.
`python prepare.py DIR` (or `peers.py --dump DIR`) writes DIR/m5.csv, DIR/retail.csv
(and DIR/aus.csv) so the Swift side can check it reads the same series.
"""
import glob
import os
import sys

import pandas as pd

DATA = "/work/shared/data"
M5 = f"{DATA}/m5_sales_exog_small/m5_sales_exog_small.csv"
RETAIL = f"{DATA}/uci-online-retail/monthly/*.csv.gz"
AUS = f"{DATA}/aus-retail-monthly/aus_retail_monthly_long.csv"
M5_EXOG = ["sell_price", "event_type_Cultural", "event_type_National",
           "event_type_Religious", "event_type_Sporting"]


def load_m5():
    d = pd.read_csv(M5)
    d = d.rename(columns={"unique_id": "series", "ds": "date"})
    d["date"] = pd.to_datetime(d["date"])
    d["y"] = d["y"].astype(float)
    d = d[["series", "date", "y"] + M5_EXOG].sort_values(["series", "date"])
    return d.reset_index(drop=True)


def _invoice_dates(s):
    # This copy writes ISO "2010-12-01 08:26:00"; the common UCI/Kaggle export writes
    # "12/1/2010 8:26" (month/day/year). Accept either.
    if s.str.contains("/", regex=False).any():
        return pd.to_datetime(s, format="%m/%d/%Y %H:%M")
    return pd.to_datetime(s, format="%Y-%m-%d %H:%M:%S")


def load_retail(top=10):
    files = sorted(glob.glob(RETAIL))
    if not files:
        raise SystemExit(f"no files match {RETAIL}")
    r = pd.concat([pd.read_csv(f, dtype={"InvoiceNo": str, "StockCode": str,
                                         "InvoiceDate": str}) for f in files],
                  ignore_index=True)
    r["day"] = _invoice_dates(r["InvoiceDate"]).dt.normalize()
    first, last = r["day"].min(), r["day"].max()          # span of the whole log
    keep = (r["Quantity"] > 0) & ~r["InvoiceNo"].str.startswith("C")
    r = r[keep]
    totals = r.groupby("StockCode")["Quantity"].sum()
    # top by total Quantity; ties (none in this data) broken by StockCode
    totals = totals.reset_index().sort_values(["Quantity", "StockCode"], ascending=[False, True])
    codes = totals["StockCode"].head(top).tolist()
    daily = (r[r["StockCode"].isin(codes)].groupby(["StockCode", "day"])["Quantity"].sum())
    days = pd.date_range(first, last, freq="D")
    idx = pd.MultiIndex.from_product([sorted(codes), days], names=["series", "date"])
    daily.index = daily.index.set_names(["series", "date"])
    out = daily.reindex(idx, fill_value=0).astype(float).rename("y").reset_index()
    return out


def load_aus():
    d = pd.read_csv(AUS).rename(columns={"item": "series", "value": "y"})
    d["date"] = pd.to_datetime(d["date"])
    d["y"] = d["y"].astype(float)
    return d[["series", "date", "y"]].sort_values(["series", "date"]).reset_index(drop=True)


LOADERS = {"m5": load_m5, "retail": load_retail, "aus": load_aus}


def dump(directory, frames):
    os.makedirs(directory, exist_ok=True)
    for name, d in frames.items():
        out = d.copy()
        out["date"] = out["date"].dt.strftime("%Y-%m-%d")
        path = os.path.join(directory, f"{name}.csv")
        out.to_csv(path, index=False, float_format="%.10g")
        print(f"wrote {path} ({out['series'].nunique()} series, {len(out)} rows)", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: prepare.py DIR")
    dump(sys.argv[1], {k: f() for k, f in LOADERS.items()})
