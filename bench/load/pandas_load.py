"""pandas baseline for bench/load: read_csv on the same files with the dtypes ShopLab infers.

Usage: python pandas_load.py GLOB [RUNS] [ENGINE]. ENGINE is `c` (default, one thread) or
`pyarrow` (multi-threaded). Prints one line per run and a summary line in the same shape as
loadbench's.
"""
import glob
import resource
import sys
import time

import pandas as pd

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
    times = []
    cpu_times = []
    frame = None
    for run in range(1, runs + 1):
        frame = None  # so a run's peak memory does not include the previous result
        start = time.perf_counter()
        cpu_start = time.process_time()
        frame = load(pattern, engine)
        seconds = time.perf_counter() - start
        times.append(seconds)
        cpu_times.append(time.process_time() - cpu_start)
        print(f"run {run}: {seconds:.3f} s (cpu {cpu_times[-1]:.3f} s)  rows {len(frame)}")
    times.sort()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(
        f"pandas {pd.__version__} rows={len(frame)} cols={frame.shape[1]}"
        f" best={times[0]:.3f} median={times[len(times) // 2]:.3f}"
        f" cpu_best={min(cpu_times):.3f} peak_rss_mb={peak}"
    )
    for name in frame.columns:
        print(f"  {name}: {frame[name].dtype} nulls={int(frame[name].isna().sum())}")


if __name__ == "__main__":
    main()
