"""polars and DuckDB sides of the group-by benchmark: the same four group-bys as
groupby-bench and pandas_groupby.py, on the same rows, data already in memory.

Usage: python peers_groupby.py ENGINE THREADS DATA [--each]
  ENGINE   polars | duckdb
  THREADS  1 or 2 (polars: POLARS_MAX_THREADS, set before import and checked with
           thread_pool_size(); DuckDB: SET threads)
  DATA     the folder of the 13 monthly .csv.gz files, or one plain CSV (the 10x file)
REPEATS timed runs per workload (default 7). Prints `<side> <name> <ms> <groups> <checksum>`
(the best, or with --each one line per repeat); the checksum is the sum of the revenue
column over the groups, as on the other sides.

Same semantics as the other sides: the revenue `Quantity * UnitPrice` is computed inside
the timed region; a null CustomerID is a group; nunique counts non-null values; std is the
sample standard deviation; median is the exact median. polars keeps strings as `String`
(what a polars user reads), DuckDB materialises each result as a temporary table (the other
sides build a result frame in memory; fetching it into Python would add a transfer they
do not pay).
"""
import glob
import os
import sys
import time

engine, threads, source = sys.argv[1], int(sys.argv[2]), sys.argv[3]
each = "--each" in sys.argv
repeats = int(os.environ.get("REPEATS", "7"))
files = [source] if source.endswith(".csv") else sorted(glob.glob(f"{source}/online_retail_*.csv.gz"))
if not files:
    sys.exit(f"no data at {source}")


def report(side, name, times, groups, checksum):
    for seconds in times if each else [min(times)]:
        print(f"{side} {name} {seconds * 1000:.2f} {groups} {checksum:.2f}", flush=True)


def run_polars():
    os.environ["POLARS_MAX_THREADS"] = str(threads)
    import polars as pl

    assert pl.thread_pool_size() == threads, pl.thread_pool_size()
    schema = {"InvoiceNo": pl.String, "StockCode": pl.String, "Description": pl.String,
              "Quantity": pl.Int64, "InvoiceDate": pl.Datetime("us"), "UnitPrice": pl.Float64,
              "CustomerID": pl.Int64, "Country": pl.String}
    df = pl.concat([pl.read_csv(f, schema=schema) for f in files])
    print(f"# loaded {df.height} rows, polars {pl.__version__}, {pl.thread_pool_size()} threads")
    revenue = (pl.col("Quantity") * pl.col("UnitPrice")).alias("revenue")
    workloads = {
        "by_country": lambda: df.group_by("Country").agg(
            pl.len().alias("n"), revenue.sum(), pl.col("CustomerID").drop_nulls().n_unique().alias("customers"),
            pl.col("UnitPrice").mean().alias("mean_price")),
        "by_customer": lambda: df.group_by("CustomerID").agg(
            pl.len().alias("n"), revenue.sum(), pl.col("InvoiceDate").max().alias("last"),
            pl.col("Quantity").median().alias("median_qty")),
        "by_invoice": lambda: df.group_by("InvoiceNo").agg(
            pl.len().alias("lines"), revenue.sum(), pl.col("UnitPrice").std().alias("std_price")),
        "by_country_stock": lambda: df.group_by(["Country", "StockCode"]).agg(
            pl.col("Quantity").sum().alias("qty"), revenue.sum()),
    }
    side = f"polars-{threads}t"
    for name, fn in workloads.items():
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            out = fn()
            times.append(time.perf_counter() - t)
        report(side, name, times, out.height, out["revenue"].sum())


def run_duckdb():
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    assert int(con.execute("SELECT current_setting('threads')").fetchone()[0]) == threads
    listing = "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]"
    con.execute(
        f"CREATE TABLE t AS SELECT * FROM read_csv({listing}, header = true, columns = {{"
        "'InvoiceNo': 'VARCHAR', 'StockCode': 'VARCHAR', 'Description': 'VARCHAR', 'Quantity': 'BIGINT',"
        "'InvoiceDate': 'TIMESTAMP', 'UnitPrice': 'DOUBLE', 'CustomerID': 'BIGINT', 'Country': 'VARCHAR'},"
        " timestampformat = '%Y-%m-%d %H:%M:%S')")
    rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
    print(f"# loaded {rows} rows, duckdb {duckdb.__version__}, {threads} threads")
    rev = "sum(Quantity * UnitPrice) AS revenue"
    workloads = {
        "by_country": f"SELECT Country, count(*) AS n, {rev}, count(DISTINCT CustomerID) AS customers,"
                      " avg(UnitPrice) AS mean_price FROM t GROUP BY Country",
        "by_customer": f"SELECT CustomerID, count(*) AS n, {rev}, max(InvoiceDate) AS last,"
                       " median(Quantity) AS median_qty FROM t GROUP BY CustomerID",
        "by_invoice": f"SELECT InvoiceNo, count(*) AS lines, {rev}, stddev_samp(UnitPrice) AS std_price"
                      " FROM t GROUP BY InvoiceNo",
        "by_country_stock": f"SELECT Country, StockCode, sum(Quantity) AS qty, {rev} FROM t GROUP BY Country, StockCode",
    }
    side = f"duckdb-{threads}t"
    for name, sql in workloads.items():
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            con.execute(f"CREATE OR REPLACE TEMP TABLE r AS {sql}")
            times.append(time.perf_counter() - t)
        groups, checksum = con.execute("SELECT count(*), sum(revenue) FROM r").fetchone()
        report(side, name, times, groups, checksum)


{"polars": run_polars, "duckdb": run_duckdb}[engine]()
