#!/usr/bin/env bash
# The load benchmark as a table for bench/run-all.sh: the 13 Online Retail files (541,909
# rows) loaded by ShopLab's CSVReader (its own threads, and pinned to one core), pandas
# read_csv (C engine, 1 thread; pyarrow engine, multi-threaded), polars read_csv (1 and 2
# threads: POLARS_MAX_THREADS, checked with thread_pool_size()) and DuckDB (1 and 2
# threads), ROUNDS (default 3) alternating rounds of one process per contender with RUNS
# (default 3) loads each. Prints min / median wall time per load (in process), the least CPU
# per load (user + system, all threads), the process's overhead (its whole wall time less
# its loads: start-up, imports, connecting, exit) and its peak RSS (/usr/bin/time -f %M), on
# stdout; progress on stderr.
#   bench/load/table.sh [GLOB]          # default: shared/data's 13 monthly .csv.gz
#   bench/load/table.sh --scale 10      # 10x rows, one plain CSV (bench/ten_x.sh)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../venv.sh"
ensure_python pandas=pandas pyarrow=pyarrow polars=polars duckdb=duckdb >&2
source "$here/../ten_x.sh"
if ten_x_requested "$@"; then
  data=$(ten_x_csv)
  out_name=load-10x
else
  data="${1:-$here/../../../shared/data/uci-online-retail/monthly/*.csv.gz}"
  out_name=load
fi
ROUNDS=${ROUNDS:-3}
RUNS=${RUNS:-3}
swift build -c release --package-path "$here" 2>&1 | tail -1 >&2
bench="$here/.build/release/loadbench"
py="$bench_python"
out="$here/../out/$out_name"
mkdir -p "$out"
case "$data" in
  *.gz) shoplab_threads="2 threads: inflate + parse" ;;
  *) shoplab_threads="plain CSV: 2 threads, parallel segments" ;;
esac
labels=(
  "ShopLab CSVReader ($shoplab_threads)"
  "ShopLab CSVReader pinned to one core"
  "pandas read_csv, C engine (1 thread)"
  "pandas read_csv, pyarrow engine (2 threads)"
  "polars read_csv, 1 thread"
  "polars read_csv, 2 threads"
  "DuckDB read_csv, threads=1"
  "DuckDB read_csv, threads=2"
)
commands=(
  "$bench '$data' $RUNS"
  "taskset -c 0 $bench '$data' $RUNS"
  "$py $here/pandas_load.py '$data' $RUNS c"
  "$py $here/pandas_load.py '$data' $RUNS pyarrow"
  "POLARS_MAX_THREADS=1 $py $here/polars_load.py '$data' $RUNS"
  "POLARS_MAX_THREADS=2 $py $here/polars_load.py '$data' $RUNS"
  "$py $here/duckdb_load.py '$data' $RUNS 1"
  "$py $here/duckdb_load.py '$data' $RUNS 2"
)
for i in "${!labels[@]}"; do : >"$out/$i.txt"; done
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS" >&2
  for i in "${!labels[@]}"; do
    /usr/bin/time -f "process wall_s=%e peak_rss_kb=%M" -a -o "$out/$i.txt" bash -c "${commands[$i]}" >>"$out/$i.txt"
  done
done
python3 - "$out" "$ROUNDS" "$RUNS" "$data" "$here/../.." "${labels[@]}" <<'PY'
import os, re, statistics, sys
out, rounds, runs, data, root, *labels = sys.argv[1:]
print(f"Data: `{os.path.relpath(data, root)}`.")
print(f"{rounds} alternating rounds x {runs} loads per contender; wall time per load in process (min / median), least CPU per load,"
      " the process's overhead (its whole wall time less its loads, median: start-up, imports, exit) and its peak RSS (`/usr/bin/time -f %M`).\n")
print("| contender | wall s, min / median | CPU s (min) | process overhead s | peak RSS | rows |")
print("| --- | --- | --- | --- | --- | --- |")
rows_seen = set()
for i, label in enumerate(labels):
    text = open(f"{out}/{i}.txt").read()
    wall = [float(x) for x in re.findall(r"^run \d+: ([0-9.]+) s", text, re.M)]
    cpu = [float(x) for x in re.findall(r"\(cpu ([0-9.]+) s\)", text)]
    rss = max(int(x) for x in re.findall(r"peak_rss_kb=(\d+)", text)) // 1024
    process = [float(x) for x in re.findall(r"process wall_s=([0-9.]+)", text)]
    # Each process's loads are the runs printed between two `process` lines.
    chunks = text.split("process wall_s=")[:-1]
    load_sums = [sum(float(x) for x in re.findall(r"^run \d+: ([0-9.]+) s", c, re.M)) for c in chunks]
    startup = statistics.median(max(0.0, p - l) for p, l in zip(process, load_sums))
    rows = set(re.findall(r" rows=(\d+)", text))
    rows_seen |= rows
    print(f"| {label} | {min(wall):.3f} / {statistics.median(wall):.3f} | {min(cpu):.3f} | {startup:.2f} | {rss} MB | {', '.join(sorted(rows))} |")
if len(rows_seen) != 1:
    print(f"\nROW COUNTS DIFFER: {sorted(rows_seen)}")
PY
