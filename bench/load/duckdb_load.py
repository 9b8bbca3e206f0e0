"""DuckDB baseline for bench/load: read_csv of the same files into an in-memory table.

Usage: python duckdb_load.py GLOB [RUNS] [THREADS]. THREADS is a number (SET threads=N) or
"default" (DuckDB's own choice, one per core). Prints one line per run and a summary line in
the same shape as loadbench's and pandas_load.py's, so run.sh can read all three alike.

The timed work is `CREATE TABLE t AS SELECT * FROM read_csv([...13 files...], columns=...)`:
DuckDB parses every file and materialises the rows into its in-memory columnar storage,
which is the work ShopLab does when it builds its in-memory columns. The column types are
given (not sniffed), the same ones ShopLab infers and pandas is given: strings as VARCHAR,
Quantity BIGINT, InvoiceDate TIMESTAMP (with its format, as pandas gets date_format),
UnitPrice DOUBLE, CustomerID BIGINT (empty field = NULL).
"""
import glob
import sys

import duckdb

from load_timing import time_loads

COLUMNS = {
    "InvoiceNo": "VARCHAR",
    "StockCode": "VARCHAR",
    "Description": "VARCHAR",
    "Quantity": "BIGINT",
    "InvoiceDate": "TIMESTAMP",
    "UnitPrice": "DOUBLE",
    "CustomerID": "BIGINT",
    "Country": "VARCHAR",
}


def sql_string(text):
    """A SQL string literal (single quotes doubled)."""
    return "'" + text.replace("'", "''") + "'"


def load_sql(paths):
    """The CREATE TABLE ... AS SELECT * FROM read_csv(...) statement for these files."""
    files = "[" + ", ".join(sql_string(p) for p in paths) + "]"
    columns = "{" + ", ".join(f"{sql_string(k)}: {sql_string(v)}" for k, v in COLUMNS.items()) + "}"
    return (
        f"CREATE TABLE t AS SELECT * FROM read_csv({files}, header = true, delim = ',',"
        f" quote = '\"', escape = '\"', columns = {columns},"
        f" timestampformat = '%Y-%m-%d %H:%M:%S')"
    )


def main():
    pattern = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    threads = sys.argv[3] if len(sys.argv) > 3 else "default"
    paths = sorted(glob.glob(pattern))
    if not paths:
        sys.exit(f"no file matches {pattern}")
    con = duckdb.connect()  # in-memory database
    if threads != "default":
        con.execute(f"SET threads = {int(threads)}")
    thread_count = con.execute("SELECT current_setting('threads')").fetchone()[0]
    sql = load_sql(paths)
    count = lambda _: con.execute("SELECT count(*) FROM t").fetchone()[0]  # after the timed load
    _, summary = time_loads(runs, lambda: con.execute(sql), count, drop=lambda: con.execute("DROP TABLE IF EXISTS t"))
    rows = count(None)
    print(f"duckdb {duckdb.__version__} threads={thread_count} rows={rows} cols={len(COLUMNS)} {summary}")
    for name, kind in con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 't'").fetchall():
        nulls = con.execute(f'SELECT count(*) FROM t WHERE "{name}" IS NULL').fetchone()[0]
        print(f"  {name}: {kind} nulls={nulls}")


if __name__ == "__main__":
    main()
