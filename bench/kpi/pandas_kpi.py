"""The pandas side of the KPI benchmark: the same KPIs as `kpi` (definitions in
docs/kpis.md) on the same 541,909 rows (or the 10x CSV), REPEATS timed repeats (default 7) with the data already in memory.
Two contenders: `pandas` as first benchmarked (text columns as Python strings, the repeat
rate by a per-group Python `apply`), and `pandas-category`, as a competent user writes it:
the grouping columns as `category` and the repeat rate vectorised.
Prints `<side> <name> <ms> <rows> <checksum> <full checksum>` per repeat (checksum = orders + gmv
over rows, as every side prints; full checksum = every KPI column over rows, NaN skipped)."""
import glob
import os
import sys
import time

import pandas as pd

# The folder of the 13 monthly files, or a file (the 10x CSV); REPEATS timed runs (default 7).
source = sys.argv[1]
files = [source] if source.endswith(".csv") else sorted(glob.glob(f"{source}/online_retail_*.csv.gz"))
repeats = int(os.environ.get("REPEATS", "7"))
df = pd.concat([pd.read_csv(f, dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": "Int64"}) for f in files], ignore_index=True)
df["InvoiceDate"] = pd.to_datetime(df["InvoiceDate"])
print(f"# loaded {len(df)} rows, pandas {pd.__version__}")


def kpi(d, by=None, full=False, vectorised=False):
    amount = d["Quantity"] * d["UnitPrice"]
    sale = d["Quantity"] > 0
    ret = d["Quantity"] < 0
    cols = dict(sale=sale, ret=ret, gross=amount.where(sale, 0.0), qty=d["Quantity"].where(sale, 0),
                InvoiceNo=d["InvoiceNo"], CustomerID=d["CustomerID"])
    if by == "month":
        first = d.groupby("InvoiceNo", sort=False, observed=True)["InvoiceDate"].transform("min")
        cols["g"] = first.dt.to_period("M")
    elif by:
        cols["g"] = d[by]
    else:
        cols["g"] = 0
    x = pd.DataFrame(cols)
    o = x.groupby(["g", "InvoiceNo"], sort=False, observed=True).agg(
        sale=("sale", "any"), ret=("ret", "any"), cust=("CustomerID", "first"),
        gross=("gross", "sum"), qty=("qty", "sum")).reset_index()
    s = o[o["sale"]]
    per = s.groupby("g", sort=False, observed=True)
    out = pd.DataFrame({"orders": per.size(), "gmv": per["gross"].sum()})
    out["aov"] = out["gmv"] / out["orders"]
    pc = s.dropna(subset=["cust"]).groupby(["g", "cust"], sort=False, observed=True).size()
    cust = pc.groupby(level=0, sort=False, observed=True)
    out["customers"] = cust.size()
    if vectorised:
        repeaters = (pc >= 2).groupby(level=0, sort=False, observed=True).sum()
    else:
        repeaters = cust.apply(lambda v: (v >= 2).sum())
    out["repeat_rate"] = repeaters / out["customers"]
    if full:
        out["frequency"] = cust.sum() / out["customers"]
        out["items_per_order"] = per["qty"].sum() / out["orders"]
        canc = o[o["ret"] & ~o["sale"]].groupby("g", sort=False, observed=True).size()
        out["cancel_rate"] = canc / (out["orders"] + canc)
    return out


cat = df.copy()
for c in ["InvoiceNo", "StockCode", "Country"]:
    cat[c] = cat[c].astype("category")

for side, d, vec in [("pandas", df, False), ("pandas-category", cat, True)]:
    workloads = {
        "kpi_all": lambda: kpi(d, full=True, vectorised=vec),
        "kpi_by_month": lambda: kpi(d, "month", vectorised=vec),
        "kpi_by_country": lambda: kpi(d, "Country", vectorised=vec),
    }
    for name, fn in workloads.items():
        for _ in range(repeats):
            t = time.perf_counter()
            out = fn()
            ms = (time.perf_counter() - t) * 1000
            full = float(out.sum().sum())
            print(f"{side} {name} {ms:.3f} {len(out)} {float(out['orders'].sum() + out['gmv'].sum())!r} {full!r}")
