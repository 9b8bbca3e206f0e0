"""The polars side of the KPI benchmark: the same KPIs as pandas_kpi.py and `kpi` (definitions
in docs/kpis.md) on the same rows, data in memory (loading not timed), REPEATS timed repeats
(default 7). Written as a competent polars user would: one lazy query per workload, grouping
on the string columns, collected into a DataFrame.
The thread count is polars' pool size, fixed at import: run.sh sets POLARS_MAX_THREADS (1 or 2)
and this checks it with thread_pool_size().
Prints `polars-<n>t <name> <ms> <rows> <checksum> <full checksum>` per repeat (checksum =
orders + gmv over rows, as every side prints; full checksum = every KPI column over rows)."""
import glob
import os
import sys
import time

import polars as pl

source = sys.argv[1]
files = [source] if source.endswith(".csv") else sorted(glob.glob(f"{source}/online_retail_*.csv.gz"))
repeats = int(os.environ.get("REPEATS", "7"))
threads = pl.thread_pool_size()
wanted = os.environ.get("POLARS_MAX_THREADS")
if wanted is not None and int(wanted) != threads:
    sys.exit(f"polars has {threads} threads, POLARS_MAX_THREADS asked for {wanted}")
schema = {"InvoiceNo": pl.String, "StockCode": pl.String, "CustomerID": pl.Int64}
df = pl.concat([pl.read_csv(f, schema_overrides=schema) for f in files], rechunk=True)
df = df.with_columns(pl.col("InvoiceDate").str.to_datetime("%Y-%m-%d %H:%M:%S"))
print(f"# loaded {df.height} rows, polars {pl.__version__}, {threads} threads")

sale = pl.col("Quantity") > 0
ret = pl.col("Quantity") < 0


def kpi(d, by=None, full=False):
    lines = d.lazy()
    if by == "month":
        # An order belongs to the month of its earliest line.
        lines = lines.with_columns(g=pl.col("InvoiceDate").min().over("InvoiceNo").dt.truncate("1mo"))
    elif by:
        lines = lines.with_columns(g=pl.col(by))
    else:
        lines = lines.with_columns(g=pl.lit(0))
    orders = lines.group_by("g", "InvoiceNo").agg(
        sale=sale.any(), ret=ret.any(),
        cust=pl.col("CustomerID").drop_nulls().first(),
        gross=(pl.col("Quantity") * pl.col("UnitPrice")).filter(sale).sum(),
        qty=pl.col("Quantity").filter(sale).sum())
    s = orders.filter("sale")
    per = s.group_by("g").agg(orders=pl.len(), gmv=pl.col("gross").sum(), qty=pl.col("qty").sum())
    per_customer = s.filter(pl.col("cust").is_not_null()).group_by("g", "cust").agg(n=pl.len())
    cust = per_customer.group_by("g").agg(
        customers=pl.len(), repeaters=(pl.col("n") >= 2).sum(), cust_orders=pl.col("n").sum())
    out = per.join(cust, on="g", how="left").with_columns(
        aov=pl.col("gmv") / pl.col("orders"),
        repeat_rate=pl.col("repeaters") / pl.col("customers"))
    cols = ["g", "orders", "gmv", "aov", "customers", "repeat_rate"]
    if full:
        canc = orders.filter(pl.col("ret") & ~pl.col("sale")).group_by("g").agg(canc=pl.len())
        out = out.join(canc, on="g", how="left").with_columns(
            frequency=pl.col("cust_orders") / pl.col("customers"),
            items_per_order=pl.col("qty") / pl.col("orders"),
            cancel_rate=pl.col("canc") / (pl.col("orders") + pl.col("canc")))
        cols += ["frequency", "items_per_order", "cancel_rate"]
    return out.select(cols).collect()


workloads = {
    "kpi_all": lambda: kpi(df, full=True),
    "kpi_by_month": lambda: kpi(df, "month"),
    "kpi_by_country": lambda: kpi(df, "Country"),
}
side = f"polars-{threads}t"
for name, fn in workloads.items():
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        ms = (time.perf_counter() - t) * 1000
        full = sum(float(out[c].fill_nan(None).sum() or 0) for c in out.columns if c != "g")
        print(f"{side} {name} {ms:.3f} {out.height} {float(out['orders'].sum() + out['gmv'].sum())!r} {full!r}")
