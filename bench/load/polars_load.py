"""polars baseline for bench/load: read_csv on the same files with the column types ShopLab
infers, concatenated into one DataFrame.

Usage: python polars_load.py GLOB [RUNS]. The thread count is polars' pool size, fixed at
import: table.sh sets POLARS_MAX_THREADS (1 or 2) and this checks it with thread_pool_size().
Prints one line per run and a summary line in the same shape as loadbench's and
pandas_load.py's, so table.sh reads them alike.

The column types are given (not sniffed), the same ones ShopLab infers and pandas and DuckDB
are given: strings as String, Quantity Int64, InvoiceDate Datetime, UnitPrice Float64,
CustomerID Int64 (empty field = null). InvoiceDate is read as text and converted with its
format (`str.to_datetime`), as pandas gets date_format and DuckDB timestampformat: polars'
reader given a Datetime column without a format took about 4x as long on the 10x file.
"""
import glob
import os
import sys

import polars as pl

from load_timing import time_loads

SCHEMA = {
    "InvoiceNo": pl.String,
    "StockCode": pl.String,
    "Description": pl.String,
    "Quantity": pl.Int64,
    "InvoiceDate": pl.String,  # converted with its format in load()
    "UnitPrice": pl.Float64,
    "CustomerID": pl.Int64,
    "Country": pl.String,
}


def load(paths):
    frame = pl.concat([pl.read_csv(p, schema=SCHEMA) for p in paths])
    return frame.with_columns(pl.col("InvoiceDate").str.to_datetime("%Y-%m-%d %H:%M:%S", time_unit="us"))


def main():
    pattern = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    paths = sorted(glob.glob(pattern))
    if not paths:
        sys.exit(f"no file matches {pattern}")
    threads = pl.thread_pool_size()
    wanted = os.environ.get("POLARS_MAX_THREADS")
    if wanted is not None and int(wanted) != threads:
        sys.exit(f"polars has {threads} threads, POLARS_MAX_THREADS asked for {wanted}")
    frame, summary = time_loads(runs, lambda: load(paths), lambda f: f.height)
    print(f"polars {pl.__version__} threads={threads} rows={frame.height} cols={frame.width} {summary}")
    for name, dtype in frame.schema.items():
        print(f"  {name}: {dtype} nulls={frame[name].null_count()}")


if __name__ == "__main__":
    main()
