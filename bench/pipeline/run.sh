#!/usr/bin/env bash
# The whole cleaning pipeline of issue 13 (load the 13 gzip files of Online Retail, dedupe,
# 3 filters, derive, group by Country with a sum and 2 nunique, monthly resample), as one
# whole process per run: ShopLab against pandas, polars and DuckDB at 1 and 2 threads, in
# alternating runs; min and median wall time and peak RSS. See run.py for the options:
#   bench/pipeline/run.sh                       # 1x, 5 runs
#   bench/pipeline/run.sh --scale 10            # 10x rows, one plain CSV (made once in bench/out)
#   bench/pipeline/run.sh --script keep.shop    # keep and load table, per command
#   bench/pipeline/run.sh --script dedupe.shop  # full-row dedupe against one-column distinct
#   bench/pipeline/run.sh --script groupby.shop # group by on one and several keys
#   bench/pipeline/run.sh --scale 10 --script steps.shop   # pipeline.shop one step per command
#   bench/pipeline/run.sh --shoplab OLD --shoplab NEW   # before/after, alternating
#   bench/pipeline/run.sh --scale 10 --load --shoplab-threads 1,2   # the plain CSV load alone
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../venv.sh"
ensure_python pandas=pandas polars=polars duckdb=duckdb
args=()
scale=1
while (($#)); do
  if [ "$1" = --scale ]; then scale="$2"; shift 2; else args+=("$1"); shift; fi
done
if [ "$scale" = 10 ]; then
  big="$here/../out/online_retail_10x.csv"
  if [ ! -f "$big" ]; then
    mkdir -p "$here/../out"
    "$bench_python" "$here/make_10x.py" "$here/../../data/online-retail/monthly/*.csv.gz" "$big"
  fi
  args+=(--data "$big")
fi
if [[ " ${args[*]-} " != *" --shoplab "* ]]; then
  (cd "$here/../.." && swift build -c release --product shoplab 2>&1 | tail -1)
fi
"$bench_python" "$here/run.py" "${args[@]}"
