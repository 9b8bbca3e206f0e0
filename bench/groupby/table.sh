#!/usr/bin/env bash
# The group-by benchmark as a table for bench/run-all.sh: the four group-bys of run.sh in
# ShopFrames (release, one thread), pandas (object strings, and category columns), polars
# and DuckDB at 1 and 2 threads, data already in memory (loading not timed). ROUNDS
# alternating rounds of one process per contender, REPEATS timed runs per workload in
# each; prints min / median ms per workload, whether every side got the same groups and
# revenue total, and each process's peak RSS (/usr/bin/time -f %M, data included).
#   bench/groupby/table.sh [DIR]        # default: shared/data's 13 monthly .csv.gz; ROUNDS 3, REPEATS 3
#   bench/groupby/table.sh --scale 10   # 10x rows, one plain CSV (bench/ten_x.sh); ROUNDS 3, REPEATS 2
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../venv.sh"
ensure_python pandas=pandas polars=polars duckdb=duckdb >&2
source "$here/../ten_x.sh"
if ten_x_requested "$@"; then
  data=$(ten_x_csv)
  name=groupby-10x
  export REPEATS=${REPEATS:-2}
else
  data="${1:-$here/../../../shared/data/uci-online-retail/monthly}"
  name=groupby
  export REPEATS=${REPEATS:-3}
fi
ROUNDS=${ROUNDS:-3}
out="$here/../out/$name"
mkdir -p "$out"
(cd "$here" && swift build -c release --product groupby-bench 2>&1 | tail -1 >&2)
py="$bench_python"
sides=(swift pandas polars-1t polars-2t duckdb-1t duckdb-2t)
commands=(
  "SHOPLAB_THREADS=1 $here/.build/release/groupby-bench '$data' --each"
  "$py $here/pandas_groupby.py '$data' --each"
  "$py $here/peers_groupby.py polars 1 '$data' --each"
  "$py $here/peers_groupby.py polars 2 '$data' --each"
  "$py $here/peers_groupby.py duckdb 1 '$data' --each"
  "$py $here/peers_groupby.py duckdb 2 '$data' --each"
)
: >"$out/times.txt"
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS" >&2
  for i in "${!sides[@]}"; do
    /usr/bin/time -f "# rss ${sides[$i]} %M" -a -o "$out/times.txt" bash -c "${commands[$i]}" >>"$out/times.txt"
  done
done
versions=$("$py" -c "import pandas, polars, duckdb; print(f'pandas {pandas.__version__}, polars {polars.__version__}, DuckDB {duckdb.__version__}')")
"$py" - "$out/times.txt" "$ROUNDS" "$REPEATS" "$versions" "$(cd "$here/../.." && pwd)" "$data" <<'PY'
import os, statistics, sys
path, rounds, repeats, versions, root, data = sys.argv[1:]
times, shape, rss = {}, {}, {}
for line in open(path):
    if line.startswith("# rss "):
        _, _, side, kb = line.split()
        rss[side] = max(rss.get(side, 0), int(kb) // 1024)
    if line.startswith("#") or not line.strip():
        continue
    side, name, ms, groups, check = line.split()
    times.setdefault(name, {}).setdefault(side, []).append(float(ms))
    shape.setdefault(name, {})[side] = (int(groups), float(check))
columns = [("swift", "ShopFrames (1 thread)"), ("pandas", "pandas, object strings"), ("pandas_category", "pandas, category"),
           ("polars-1t", "polars 1 thread"), ("polars-2t", "polars 2 threads"), ("duckdb-1t", "DuckDB 1 thread"),
           ("duckdb-2t", "DuckDB 2 threads")]
print(f"Data: `{os.path.relpath(data, root)}`. Min / median ms over {rounds} alternating rounds x {repeats} repeats, data in memory"
      f" (loading not timed); {versions}. Peak RSS (`/usr/bin/time -f %M`, data included): "
      + ", ".join(f"{label} {rss[key]} MB" for key, label in columns if key in rss)
      + " (the pandas process runs both pandas variants).\n")
print("| workload | groups | " + " | ".join(label for _, label in columns) + " | best peer median / ShopFrames median | results agree |")
print("| --- " * (len(columns) + 4) + "|")
for name, t in times.items():
    ref = shape[name]["swift"]
    agree = all(g == ref[0] and abs(c - ref[1]) <= 1e-6 * max(1.0, abs(ref[1])) for g, c in shape[name].values())
    cells = [f"{min(t[k]):.1f} / {statistics.median(t[k]):.1f}" if k in t else "-" for k, _ in columns]
    peers = [statistics.median(t[k]) for k, _ in columns[1:] if k in t]
    ratio = min(peers) / statistics.median(t["swift"])
    print(f"| {name} | {ref[0]:,} | " + " | ".join(cells) + f" | {ratio:.1f}x | {'yes' if agree else 'NO'} |")
PY
