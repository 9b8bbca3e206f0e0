"""The issue-13 pipeline in pandas, polars and DuckDB, one whole process per run.

Usage: peers.py TOOL THREADS GLOB [load]
  TOOL is pandas, polars or duckdb; THREADS a number (pandas is single-threaded anyway).
  With `load`, only the files are loaded (same types) and the row count printed.
Prints one line of checks (cleaned rows, countries, revenue, invoices, customers, months)
that run.py compares with ShopLab's. Column types are the same for every tool: InvoiceNo,
StockCode, Description, Country text; Quantity integer; InvoiceDate a timestamp; UnitPrice
a double; CustomerID an integer with nulls.
"""
import glob
import os
import sys

tool, threads, pattern = sys.argv[1], int(sys.argv[2]), sys.argv[3]
load_only = sys.argv[4:] == ["load"]
files = sorted(glob.glob(pattern))
# Thread pools read their size at import, so set it before importing the tool.
for var in ("POLARS_MAX_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(threads)


def report(rows, countries, revenue, invoices, customers, months):
    print(f"rows={rows} countries={countries} revenue={revenue:.2f} invoices={invoices} customers={customers} months={months}")


if tool == "pandas":
    import pandas as pd

    dtypes = {"InvoiceNo": str, "StockCode": str, "Description": str, "Quantity": "int64",
              "UnitPrice": "float64", "CustomerID": "Int64", "Country": str}
    raw = pd.concat([pd.read_csv(f, dtype=dtypes, parse_dates=["InvoiceDate"]) for f in files],
                    ignore_index=True)
    if load_only:
        sys.exit(print(f"rows={len(raw)}"))
    o = raw.drop_duplicates()
    o = o[~o["InvoiceNo"].str.startswith("C")]
    o = o[o["CustomerID"].notna()]
    o = o[(o["Quantity"] > 0) & (o["UnitPrice"] > 0)]
    o = o.assign(Revenue=o["Quantity"] * o["UnitPrice"])
    g = o.groupby("Country").agg(revenue=("Revenue", "sum"), invoices=("InvoiceNo", "nunique"),
                                 customers=("CustomerID", "nunique"))
    m = o.set_index("InvoiceDate")["Revenue"].resample("MS").sum()
    report(len(o), len(g), g["revenue"].sum(), g["invoices"].sum(), g["customers"].sum(), len(m))
elif tool == "polars":
    import polars as pl

    assert pl.thread_pool_size() == threads, pl.thread_pool_size()
    schema = {"InvoiceNo": pl.Utf8, "StockCode": pl.Utf8, "Description": pl.Utf8, "Quantity": pl.Int64,
              "InvoiceDate": pl.Utf8, "UnitPrice": pl.Float64, "CustomerID": pl.Int64,
              "Country": pl.Utf8}
    # InvoiceDate read as text and converted with its format, as a competent user would:
    # polars' reader parsing a Datetime column itself took about 4x as long (bench/load).
    raw = pl.concat([pl.read_csv(f, schema=schema) for f in files]).with_columns(
        pl.col("InvoiceDate").str.to_datetime("%Y-%m-%d %H:%M:%S", time_unit="us"))
    if load_only:
        sys.exit(print(f"rows={raw.height}"))
    o = (raw.unique(maintain_order=True)
         .filter(~pl.col("InvoiceNo").str.starts_with("C"))
         .filter(pl.col("CustomerID").is_not_null())
         .filter((pl.col("Quantity") > 0) & (pl.col("UnitPrice") > 0))
         .with_columns(Revenue=pl.col("Quantity") * pl.col("UnitPrice")))
    g = o.group_by("Country").agg(revenue=pl.col("Revenue").sum(), invoices=pl.col("InvoiceNo").n_unique(),
                                  customers=pl.col("CustomerID").n_unique())
    m = o.sort("InvoiceDate").group_by_dynamic("InvoiceDate", every="1mo").agg(pl.col("Revenue").sum())
    report(o.height, g.height, g["revenue"].sum(), g["invoices"].sum(), g["customers"].sum(), m.height)
elif tool == "duckdb":
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    cols = ("{'InvoiceNo': 'VARCHAR', 'StockCode': 'VARCHAR', 'Description': 'VARCHAR', 'Quantity': 'BIGINT', "
            "'InvoiceDate': 'TIMESTAMP', 'UnitPrice': 'DOUBLE', 'CustomerID': 'BIGINT', 'Country': 'VARCHAR'}")
    listed = "[" + ", ".join("'" + f + "'" for f in files) + "]"
    con.execute(f"CREATE TABLE raw AS SELECT * FROM read_csv({listed}, header = true, columns = {cols})")
    if load_only:
        sys.exit(print(f"rows={con.execute('SELECT count(*) FROM raw').fetchone()[0]}"))
    con.execute("""
      CREATE TABLE orders AS
      SELECT *, Quantity * UnitPrice AS Revenue FROM (SELECT DISTINCT * FROM raw)
      WHERE NOT starts_with(InvoiceNo, 'C') AND CustomerID IS NOT NULL AND Quantity > 0 AND UnitPrice > 0""")
    rows = con.execute("SELECT count(*) FROM orders").fetchone()[0]
    g = con.execute("""
      SELECT count(*), sum(revenue), sum(invoices), sum(customers) FROM (
        SELECT Country, sum(Revenue) AS revenue, count(DISTINCT InvoiceNo) AS invoices,
               count(DISTINCT CustomerID) AS customers FROM orders GROUP BY Country)""").fetchone()
    months = con.execute(
        "SELECT count(*) FROM (SELECT date_trunc('month', InvoiceDate) AS m, sum(Revenue) FROM orders GROUP BY m)"
    ).fetchone()[0]
    report(rows, g[0], g[1], g[2], g[3], months)
else:
    sys.exit(f"unknown tool {tool}")
