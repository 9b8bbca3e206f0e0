#!/usr/bin/env bash
# KPI benchmark: `kpi` in ShopFrames (release, one thread) against the same KPIs in pandas
# (one thread) on the full UCI Online Retail table (541,909 rows from the 13 monthly gzip
# files), data already in memory. ROUNDS (default 3) alternating rounds of one process per
# contender, 7 timed repeats each; prints a markdown table of min and median per workload on
# stdout (progress on stderr). pandas runs twice: as first benchmarked (Python strings, a
# per-group apply) and with category columns and a vectorised repeat rate.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="${1:-$here/../../../shared/data/uci-online-retail/monthly}"
ROUNDS=${ROUNDS:-3}
source "$here/../venv.sh"
ensure_python pandas=pandas >&2
out="$here/../out"
mkdir -p "$out"
(cd "$here" && swift build -c release --product kpi-bench 2>&1 | tail -1 >&2)
: >"$out/kpi-times.txt"
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS" >&2
  OPENBLAS_NUM_THREADS=1 "$here/.build/release/kpi-bench" "$data" >>"$out/kpi-times.txt"
  OMP_NUM_THREADS=1 "$bench_python" "$here/pandas_kpi.py" "$data" >>"$out/kpi-times.txt"
done
pandas_version=$("$bench_python" -c "import pandas; print(pandas.__version__)")
"$bench_python" - "$out/kpi-times.txt" "$ROUNDS" "$pandas_version" <<'PY'
import statistics, sys
times, shape = {}, {}
for line in open(sys.argv[1]):
    if line.startswith("#"):
        continue
    side, name, ms, n, check = line.split()
    times.setdefault(name, {}).setdefault(side, []).append(float(ms))
    shape.setdefault(name, {})[side] = (int(n), float(check))
rounds, version = sys.argv[2], sys.argv[3]
def cell(xs):
    return f"{min(xs):.1f} / {statistics.median(xs):.1f}"
print(f"Min / median ms over {rounds} alternating rounds x 7 repeats; pandas {version}; one thread each.\n")
print("| workload | rows out | ShopFrames | pandas (strings, apply) | pandas (category, vectorised) | median ratio pandas-category / ShopFrames | results agree |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for name, t in times.items():
    s = shape[name]
    ref = s["swift"]
    agree = all(v[0] == ref[0] and abs(v[1] - ref[1]) <= 1e-6 * max(1, abs(ref[1])) for v in s.values())
    ratio = statistics.median(t["pandas-category"]) / statistics.median(t["swift"])
    print(f"| {name} | {ref[0]:,} | {cell(t['swift'])} | {cell(t['pandas'])} | {cell(t['pandas-category'])} | {ratio:.1f}x | {'yes' if agree else 'NO'} |")
PY
