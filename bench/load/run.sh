#!/usr/bin/env bash
# Loads the 13 monthly Online Retail files (541,909 rows) with ShopLab's CSVReader (release
# build), with pandas.read_csv (same dtypes) and with DuckDB's read_csv into an in-memory
# table (same column types; once with SET threads=1, once with DuckDB's default threads),
# checks that every side got the same row count, and prints the timings, the ratios
# swift/pandas and swift/duckdb (below 1 means ShopLab is faster) and each side's peak RSS.
# Issue 3's target: swift <= pandas and swift <= 1.5 x duckdb.
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
duckdb_ok=1
if ! "$venv/bin/python" -c 'import duckdb' 2>/dev/null; then
  echo "== installing duckdb into $venv"
  "$venv/bin/pip" install -q duckdb || duckdb_ok=0
fi

echo "== pandas.read_csv, $runs runs"
"$venv/bin/python" "$here/pandas_load.py" "$data" "$runs" | tee /tmp/loadbench-pandas.txt | grep -v '^run '
pandas_rss=$( { /usr/bin/time -f '%M' "$venv/bin/python" "$here/pandas_load.py" "$data" 1 > /dev/null; } 2>&1 | tail -1)

if [ "$duckdb_ok" = 1 ]; then
  echo "== duckdb read_csv -> CREATE TABLE, threads=1, $runs runs"
  "$venv/bin/python" "$here/duckdb_load.py" "$data" "$runs" 1 | tee /tmp/loadbench-duckdb1.txt | grep -v '^run '
  duck1_rss=$( { /usr/bin/time -f '%M' "$venv/bin/python" "$here/duckdb_load.py" "$data" 1 1 > /dev/null; } 2>&1 | tail -1)
  echo "== duckdb read_csv -> CREATE TABLE, default threads, $runs runs"
  "$venv/bin/python" "$here/duckdb_load.py" "$data" "$runs" default | tee /tmp/loadbench-duckdbN.txt | grep -v '^run '
  duckN_rss=$( { /usr/bin/time -f '%M' "$venv/bin/python" "$here/duckdb_load.py" "$data" 1 default > /dev/null; } 2>&1 | tail -1)
  # What importing duckdb alone costs (part of its peak RSS, not of the table).
  duck0_rss=$( { /usr/bin/time -f '%M' "$venv/bin/python" -c 'import duckdb; duckdb.connect()' > /dev/null; } 2>&1 | tail -1)
else
  echo "duckdb is not installable here: only ShopLab and pandas were measured"
fi

field() { grep -o " $2=[0-9.]*" "$1" | head -1 | cut -d= -f2; }
ratio() { awk "BEGIN{printf \"%.2f\", $1/$2}"; }
files=(/tmp/loadbench-swift.txt /tmp/loadbench-pandas.txt)
names=(swift pandas)
if [ "$duckdb_ok" = 1 ]; then
  files+=(/tmp/loadbench-duckdb1.txt /tmp/loadbench-duckdbN.txt)
  names+=("duckdb-1t" "duckdb-$(field /tmp/loadbench-duckdbN.txt threads)t")
fi

echo "== summary"
rows_swift=$(field /tmp/loadbench-swift.txt rows)
for i in "${!files[@]}"; do
  rows=$(field "${files[$i]}" rows)
  if [ "$rows" != "$rows_swift" ]; then
    echo "ROW COUNT MISMATCH: swift $rows_swift, ${names[$i]} $rows"
    exit 1
  fi
done
echo "rows   all sides $rows_swift"
for metric in best median cpu_best; do
  line=$(printf '%-7s' "${metric%_best}")
  for i in "${!files[@]}"; do line+=" ${names[$i]} $(field "${files[$i]}" "$metric")s "; done
  sv=$(field /tmp/loadbench-swift.txt "$metric")
  line+=" | swift/"
  for i in "${!files[@]}"; do
    [ "$i" = 0 ] && continue
    line+=" ${names[$i]} $(ratio "$sv" "$(field "${files[$i]}" "$metric")")"
  done
  echo "$line"
done
echo "(cpu = user+system of all threads per load; steadier than wall time on a busy machine)"
rss="peak RSS (one load, /usr/bin/time): swift $((swift_rss / 1024)) MB  pandas $((pandas_rss / 1024)) MB"
if [ "$duckdb_ok" = 1 ]; then
  rss+="  duckdb-1t $((duck1_rss / 1024)) MB  ${names[3]} $((duckN_rss / 1024)) MB"
  rss+="  (python + import duckdb alone: $((duck0_rss / 1024)) MB)"
fi
echo "$rss"
if [ "$duckdb_ok" = 1 ]; then
  # Target against the faster DuckDB configuration, by median wall time.
  sm=$(field /tmp/loadbench-swift.txt median); pm=$(field /tmp/loadbench-pandas.txt median)
  d1=$(field /tmp/loadbench-duckdb1.txt median); dn=$(field /tmp/loadbench-duckdbN.txt median)
  dm=$(awk "BEGIN{print ($d1 < $dn) ? $d1 : $dn}")
  verdict=$(awk "BEGIN{print ($sm <= $pm && $sm <= 1.5 * $dm) ? \"met\" : \"NOT met\"}")
  echo "target (median): swift ${sm}s <= pandas ${pm}s and <= 1.5 x fastest duckdb ${dm}s = $(awk "BEGIN{printf \"%.3f\", 1.5 * $dm}")s: $verdict"
fi
