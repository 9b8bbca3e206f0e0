"""The pandas side of the KPI benchmark: the same KPIs as `kpi` (definitions in
docs/kpis.md) on the same 541,909 rows, best of 7 with the data already in memory.
Prints `pandas <name> <best ms> <rows> <checksum>` (checksum = orders + gmv over rows)."""
import glob
import sys
import time

import pandas as pd

directory = sys.argv[1]
files = sorted(glob.glob(f"{directory}/online_retail_*.csv.gz"))
df = pd.concat([pd.read_csv(f, dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": "Int64"}) for f in files], ignore_index=True)
df["InvoiceDate"] = pd.to_datetime(df["InvoiceDate"])
print(f"# loaded {len(df)} rows, pandas {pd.__version__}")


def kpi(d, by=None, full=False):
    amount = d["Quantity"] * d["UnitPrice"]
    sale = d["Quantity"] > 0
    ret = d["Quantity"] < 0
    cols = dict(sale=sale, ret=ret, gross=amount.where(sale, 0.0), qty=d["Quantity"].where(sale, 0),
                InvoiceNo=d["InvoiceNo"], CustomerID=d["CustomerID"])
    if by == "month":
        first = d.groupby("InvoiceNo", sort=False)["InvoiceDate"].transform("min")
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
    out["repeat_rate"] = cust.apply(lambda v: (v >= 2).sum()) / out["customers"]
    if full:
        out["frequency"] = cust.sum() / out["customers"]
        out["items_per_order"] = per["qty"].sum() / out["orders"]
        canc = o[o["ret"] & ~o["sale"]].groupby("g", sort=False, observed=True).size()
        out["cancel_rate"] = canc / (out["orders"] + canc)
    return out


workloads = {
    "kpi_all": lambda: kpi(df, full=True),
    "kpi_by_month": lambda: kpi(df, "month"),
    "kpi_by_country": lambda: kpi(df, "Country"),
}
for name, fn in workloads.items():
    best = float("inf")
    for _ in range(7):
        t = time.perf_counter()
        out = fn()
        best = min(best, (time.perf_counter() - t) * 1000)
    print(f"pandas {name} {best:.3f} {len(out)} {float(out['orders'].sum() + out['gmv'].sum())!r}")
