"""The DuckDB side of the KPI benchmark: the same KPIs as pandas_kpi.py and `kpi` (definitions
in docs/kpis.md) on the same rows, in an in-memory DuckDB table (loading not timed), REPEATS
timed repeats (default 7). One SQL query per workload, as a competent DuckDB user writes it,
its result fetched into Python. The thread count is DUCKDB_THREADS (set with SET threads,
checked with current_setting).
Prints `duckdb-<n>t <name> <ms> <rows> <checksum> <full checksum>` per repeat (checksum =
orders + gmv over rows, as every side prints; full checksum = every KPI column over rows)."""
import glob
import os
import sys
import time

import duckdb

source = sys.argv[1]
files = [source] if source.endswith(".csv") else sorted(glob.glob(f"{source}/online_retail_*.csv.gz"))
repeats = int(os.environ.get("REPEATS", "7"))
con = duckdb.connect()
con.execute(f"SET threads = {int(os.environ.get('DUCKDB_THREADS', '1'))}")
threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
con.execute("CREATE TABLE retail AS SELECT * FROM read_csv(?, header = true, types = {"
            "'InvoiceNo': 'VARCHAR', 'StockCode': 'VARCHAR', 'CustomerID': 'BIGINT', "
            "'InvoiceDate': 'TIMESTAMP'})", [files])
rows = con.execute("SELECT count(*) FROM retail").fetchone()[0]
print(f"# loaded {rows} rows, duckdb {duckdb.__version__}, {threads} threads")


def kpi(by=None, full=False):
    if by == "month":
        # An order belongs to the month of its earliest line.
        lines = ("SELECT f.g, r.* FROM retail r JOIN (SELECT InvoiceNo, date_trunc('month', min(InvoiceDate)) AS g"
                 " FROM retail GROUP BY InvoiceNo) f USING (InvoiceNo)")
    elif by:
        lines = f"SELECT {by} AS g, * FROM retail"
    else:
        lines = "SELECT 0 AS g, * FROM retail"
    extra_cols = (", cust_orders / customers AS frequency, qty / orders AS items_per_order,"
                  " canc / (orders + canc) AS cancel_rate") if full else ""
    return f"""
    WITH lines AS ({lines}),
    o AS (
      SELECT g, InvoiceNo, bool_or(Quantity > 0) AS sale, bool_or(Quantity < 0) AS ret,
        any_value(CustomerID) AS cust,  -- an invoice has one customer (or none) in this data
        sum(Quantity * UnitPrice) FILTER (WHERE Quantity > 0) AS gross,
        sum(Quantity) FILTER (WHERE Quantity > 0) AS qty
      FROM lines GROUP BY g, InvoiceNo),
    per AS (SELECT g, count(*) AS orders, sum(gross) AS gmv, sum(qty) AS qty FROM o WHERE sale GROUP BY g),
    pc AS (SELECT g, cust, count(*) AS n FROM o WHERE sale AND cust IS NOT NULL GROUP BY g, cust),
    cu AS (SELECT g, count(*) AS customers, count(*) FILTER (WHERE n >= 2) AS repeaters,
             sum(n) AS cust_orders FROM pc GROUP BY g),
    canc AS (SELECT g, count(*) AS canc FROM o WHERE ret AND NOT sale GROUP BY g)
    SELECT g, orders, gmv, gmv / orders AS aov, customers, repeaters / customers AS repeat_rate{extra_cols}
    FROM per LEFT JOIN cu USING (g) {"LEFT JOIN canc USING (g)" if full else ""}"""


workloads = {
    "kpi_all": kpi(full=True),
    "kpi_by_month": kpi("month"),
    "kpi_by_country": kpi("Country"),
}
side = f"duckdb-{threads}t"
for name, query in workloads.items():
    for _ in range(repeats):
        t = time.perf_counter()
        out = con.execute(query).fetchall()
        ms = (time.perf_counter() - t) * 1000
        check = sum(float(r[1]) + float(r[2]) for r in out)
        full = sum(float(v) for r in out for v in r[1:] if v is not None)
        print(f"{side} {name} {ms:.3f} {len(out)} {check!r} {full!r}")
