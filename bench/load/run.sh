#!/usr/bin/env bash
# Loads the 13 monthly Online Retail files (541,909 rows) with ShopLab's CSVReader (release
# build) and with pandas.read_csv (same dtypes), and prints both timings, the ratio
# swift/pandas (below 1 means ShopLab is faster) and each side's peak RSS.
# Usage: bench/load/run.sh [GLOB] [RUNS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="${1:-$here/../../../shared/data/uci-online-retail/monthly/*.csv.gz}"
runs="${2:-7}"
venv="$here/../.venv"

echo "== building loadbench (release)"
swift build -c release --package-path "$here" 2>&1 | tail -1
bench="$here/.build/release/loadbench"

echo "== ShopLab CSVReader, $runs runs"
"$bench" "$data" "$runs" | tee /tmp/loadbench-swift.txt | grep -v '^run '
swift_rss=$( { /usr/bin/time -f '%M' "$bench" "$data" 1 > /dev/null; } 2>&1 | tail -1)

pandas_ok=1
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import pandas' 2>/dev/null; then
  echo "== installing pandas into $venv"
  { python3 -m venv "$venv" && "$venv/bin/pip" install -q pandas; } || pandas_ok=0
fi
if [ "$pandas_ok" = 0 ]; then
  echo "pandas is not installable here: only the ShopLab side was measured"
  exit 0
fi

echo "== pandas.read_csv, $runs runs"
"$venv/bin/python" "$here/pandas_load.py" "$data" "$runs" | tee /tmp/loadbench-pandas.txt | grep -v '^run '
pandas_rss=$( { /usr/bin/time -f '%M' "$venv/bin/python" "$here/pandas_load.py" "$data" 1 > /dev/null; } 2>&1 | tail -1)

best() { grep -o ' best=[0-9.]*' "$1" | cut -d= -f2; }
median() { grep -o 'median=[0-9.]*' "$1" | cut -d= -f2; }
sb=$(best /tmp/loadbench-swift.txt); pb=$(best /tmp/loadbench-pandas.txt)
sm=$(median /tmp/loadbench-swift.txt); pm=$(median /tmp/loadbench-pandas.txt)
echo "== summary"
echo "best   swift ${sb}s  pandas ${pb}s  ratio swift/pandas $(awk "BEGIN{printf \"%.2f\", $sb/$pb}")"
echo "median swift ${sm}s  pandas ${pm}s  ratio swift/pandas $(awk "BEGIN{printf \"%.2f\", $sm/$pm}")"
sc=$(grep -o 'cpu_best=[0-9.]*' /tmp/loadbench-swift.txt | cut -d= -f2)
pc=$(grep -o 'cpu_best=[0-9.]*' /tmp/loadbench-pandas.txt | cut -d= -f2)
echo "cpu    swift ${sc}s  pandas ${pc}s  ratio swift/pandas $(awk "BEGIN{printf \"%.2f\", $sc/$pc}")  (user+system, all threads; robust to a busy machine)"
echo "peak RSS (one load, /usr/bin/time): swift $((swift_rss / 1024)) MB  pandas $((pandas_rss / 1024)) MB"
