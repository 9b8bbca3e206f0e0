#!/usr/bin/env bash
# The load benchmark as a table for bench/run-all.sh: the 13 Online Retail files (541,909
# rows) loaded by ShopLab's CSVReader (its own 2 threads, and pinned to one core), pandas
# read_csv (C engine, 1 thread; pyarrow engine, multi-threaded) and DuckDB (1 and 2
# threads), ROUNDS (default 3) alternating rounds of one process per contender with RUNS
# (default 3) loads each. Prints min / median wall time, the least CPU per load (user +
# system, all threads) and the peak RSS of the process, on stdout; progress on stderr.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="${1:-$here/../../../shared/data/uci-online-retail/monthly/*.csv.gz}"
ROUNDS=${ROUNDS:-3}
RUNS=${RUNS:-3}
source "$here/../venv.sh"
ensure_python pandas=pandas pyarrow=pyarrow duckdb=duckdb >&2
swift build -c release --package-path "$here" 2>&1 | tail -1 >&2
bench="$here/.build/release/loadbench"
py="$bench_python"
out="$here/../out/load"
mkdir -p "$out"
labels=(
  "ShopLab CSVReader (2 threads: inflate + parse)"
  "ShopLab CSVReader pinned to one core"
  "pandas read_csv, C engine (1 thread)"
  "pandas read_csv, pyarrow engine (2 threads)"
  "DuckDB read_csv, threads=1"
  "DuckDB read_csv, threads=2"
)
commands=(
  "$bench '$data' $RUNS"
  "taskset -c 0 $bench '$data' $RUNS"
  "$py $here/pandas_load.py '$data' $RUNS c"
  "$py $here/pandas_load.py '$data' $RUNS pyarrow"
  "$py $here/duckdb_load.py '$data' $RUNS 1"
  "$py $here/duckdb_load.py '$data' $RUNS 2"
)
for i in "${!labels[@]}"; do : >"$out/$i.txt"; done
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS" >&2
  for i in "${!labels[@]}"; do
    bash -c "${commands[$i]}" >>"$out/$i.txt"
  done
done
python3 - "$out" "$ROUNDS" "$RUNS" "${labels[@]}" <<'PY'
import re, statistics, sys
out, rounds, runs, *labels = sys.argv[1:]
print(f"{rounds} alternating rounds x {runs} loads per contender; wall min / median, least CPU per load, peak RSS of the process.\n")
print("| contender | wall s, min / median | CPU s (min) | peak RSS | rows |")
print("| --- | --- | --- | --- | --- |")
rows_seen = set()
for i, label in enumerate(labels):
    text = open(f"{out}/{i}.txt").read()
    wall = [float(x) for x in re.findall(r"^run \d+: ([0-9.]+) s", text, re.M)]
    cpu = [float(x) for x in re.findall(r"\(cpu ([0-9.]+) s\)", text)]
    rss = max(int(x) for x in re.findall(r"peak_rss_mb=(\d+)", text))
    rows = set(re.findall(r" rows=(\d+)", text))
    rows_seen |= rows
    print(f"| {label} | {min(wall):.3f} / {statistics.median(wall):.3f} | {min(cpu):.3f} | {rss} MB | {', '.join(sorted(rows))} |")
if len(rows_seen) != 1:
    print(f"\nROW COUNTS DIFFER: {sorted(rows_seen)}")
PY
