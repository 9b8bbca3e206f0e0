"""The pandas side of the group-by benchmark: the same four group-bys as the Swift
executable, on the same 541,909 rows, timed as best of 7 (REPEATS) with the data already in memory.
Prints `pandas <name> <best ms> <groups> <checksum>` and the same for pandas with the
string columns as `category` (the closest pandas analogue to dictionary encoding)."""
import glob
import os
import sys
import time

import pandas as pd

# The folder of the 13 monthly files, or one plain CSV (the 10x file); REPEATS timed runs
# (default 7); with --each, one line per repeat instead of the best.
source = sys.argv[1]
files = [source] if source.endswith(".csv") else sorted(glob.glob(f"{source}/online_retail_*.csv.gz"))
repeats = int(os.environ.get("REPEATS", "7"))
each = "--each" in sys.argv
df = pd.concat([pd.read_csv(f, dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": "Int64"}) for f in files], ignore_index=True)
df["InvoiceDate"] = pd.to_datetime(df["InvoiceDate"])
print(f"# loaded {len(df)} rows, pandas {pd.__version__}")


def workloads(d):
    rev = lambda d: d.assign(revenue=d["Quantity"] * d["UnitPrice"])
    opts = dict(sort=False, dropna=False, observed=True)
    return {
        "by_country": lambda: rev(d).groupby("Country", **opts).agg(
            n=("revenue", "size"), revenue=("revenue", "sum"), customers=("CustomerID", "nunique"),
            mean_price=("UnitPrice", "mean")),
        "by_customer": lambda: rev(d).groupby("CustomerID", **opts).agg(
            n=("revenue", "size"), revenue=("revenue", "sum"), last=("InvoiceDate", "max"),
            median_qty=("Quantity", "median")),
        "by_invoice": lambda: rev(d).groupby("InvoiceNo", **opts).agg(
            lines=("revenue", "size"), revenue=("revenue", "sum"), std_price=("UnitPrice", "std")),
        "by_country_stock": lambda: rev(d).groupby(["Country", "StockCode"], **opts).agg(
            qty=("Quantity", "sum"), revenue=("revenue", "sum")),
    }


def run(label, d):
    for name, fn in workloads(d).items():
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            out = fn()
            times.append(time.perf_counter() - t)
        for seconds in times if each else [min(times)]:
            print(f"{label} {name} {seconds * 1000:.2f} {len(out)} {out['revenue'].sum():.2f}")


run("pandas", df)
cat = df.copy()
for c in ["InvoiceNo", "StockCode", "Description", "Country"]:
    cat[c] = cat[c].astype("category")
run("pandas_category", cat)
