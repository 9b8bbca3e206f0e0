"""pandas baseline for bench/load: read_csv on the same files with the dtypes ShopLab infers.

Usage: python pandas_load.py GLOB [RUNS] [ENGINE]. ENGINE is `c` (default, one thread) or
`pyarrow` (multi-threaded). Prints one line per run and a summary line in the same shape as
loadbench's.
"""
import glob
import sys

import pandas as pd

from load_timing import time_loads

# ShopLab's inferred types for the Online Retail files: strings, int, datetime, float,
# nullable int. pandas spells them object/str, int64, datetime64, float64, Int64.
DTYPES = {
    "InvoiceNo": str,
    "StockCode": str,
    "Description": str,
    "Quantity": "int64",
    "UnitPrice": "float64",
    "CustomerID": "Int64",
    "Country": str,
}


def load(pattern, engine="c"):
    if engine == "pyarrow":
        # pyarrow parses ISO timestamps itself; it takes no date_format.
        frames = [
            pd.read_csv(path, dtype=DTYPES, parse_dates=["InvoiceDate"], engine="pyarrow")
            for path in sorted(glob.glob(pattern))
        ]
    else:
        frames = [
            pd.read_csv(
                path,
                dtype=DTYPES,
                parse_dates=["InvoiceDate"],
                date_format="%Y-%m-%d %H:%M:%S",
            )
            for path in sorted(glob.glob(pattern))
        ]
    return pd.concat(frames, ignore_index=True)


def main():
    pattern = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    engine = sys.argv[3] if len(sys.argv) > 3 else "c"
    frame, summary = time_loads(runs, lambda: load(pattern, engine), len)
    print(f"pandas {pd.__version__} rows={len(frame)} cols={frame.shape[1]} {summary}")
    for name in frame.columns:
        print(f"  {name}: {frame[name].dtype} nulls={int(frame[name].isna().sum())}")


if __name__ == "__main__":
    main()
