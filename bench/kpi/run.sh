#!/usr/bin/env bash
# KPI benchmark: `kpi` in ShopFrames (release, one thread) against the same KPIs in pandas
# (one thread) on the full UCI Online Retail table (541,909 rows from the 13 monthly gzip
# files), data already in memory. ROUNDS (default 3) alternating rounds of one process per
# contender, REPEATS (default 7) timed repeats each; prints a markdown table of min and
# median per workload on stdout (progress on stderr), and each process's peak RSS
# (/usr/bin/time -f %M; data included). pandas runs twice: as first benchmarked (Python
# strings, a per-group apply) and with category columns and a vectorised repeat rate.
#   bench/kpi/run.sh [DIR]            # default: shared/data's 13 monthly .csv.gz
#   bench/kpi/run.sh --scale 10       # 10x rows, one plain CSV (bench/ten_x.sh); ROUNDS 3, REPEATS 2
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../venv.sh"
ensure_python pandas=pandas >&2
if [ "${1:-}" = --scale ]; then
  [ "${2:-}" = 10 ] || { echo "only --scale 10 is known" >&2; exit 2; }
  source "$here/../ten_x.sh"
  data=$(ten_x_csv)
  times_file=kpi-10x-times.txt
  ROUNDS=${ROUNDS:-3}
  export REPEATS=${REPEATS:-2}
else
  data="${1:-$here/../../../shared/data/uci-online-retail/monthly}"
  times_file=kpi-times.txt
  ROUNDS=${ROUNDS:-3}
  export REPEATS=${REPEATS:-7}
fi
out="$here/../out"
mkdir -p "$out"
(cd "$here" && swift build -c release --product kpi-bench 2>&1 | tail -1 >&2)
: >"$out/$times_file"
timed() { /usr/bin/time -f "# rss $1 %M" -a -o "$out/$times_file" "${@:2}" >>"$out/$times_file"; }
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS" >&2
  timed swift env OPENBLAS_NUM_THREADS=1 "$here/.build/release/kpi-bench" "$data"
  timed pandas env OMP_NUM_THREADS=1 "$bench_python" "$here/pandas_kpi.py" "$data"
done
pandas_version=$("$bench_python" -c "import pandas; print(pandas.__version__)")
"$bench_python" - "$out/$times_file" "$ROUNDS" "$pandas_version" "$REPEATS" <<'PY'
import statistics, sys
times, shape, rss = {}, {}, {}
for line in open(sys.argv[1]):
    if line.startswith("# rss "):
        _, _, side, kb = line.split()
        rss[side] = max(rss.get(side, 0), int(kb) // 1024)
    if line.startswith("#"):
        continue
    side, name, ms, n, check = line.split()
    times.setdefault(name, {}).setdefault(side, []).append(float(ms))
    shape.setdefault(name, {})[side] = (int(n), float(check))
rounds, version, repeats = sys.argv[2], sys.argv[3], sys.argv[4]
def cell(xs):
    return f"{min(xs):.1f} / {statistics.median(xs):.1f}"
print(f"Min / median ms over {rounds} alternating rounds x {repeats} repeats; pandas {version}; one thread each; data in memory"
      f" (loading not timed). Peak RSS (`/usr/bin/time -f %M`, data included): ShopFrames process {rss.get('swift', 0)} MB,"
      f" pandas process (both variants) {rss.get('pandas', 0)} MB.\n")
print("| workload | rows out | ShopFrames | pandas (strings, apply) | pandas (category, vectorised) | median ratio pandas-category / ShopFrames | results agree |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for name, t in times.items():
    s = shape[name]
    ref = s["swift"]
    agree = all(v[0] == ref[0] and abs(v[1] - ref[1]) <= 1e-6 * max(1, abs(ref[1])) for v in s.values())
    ratio = statistics.median(t["pandas-category"]) / statistics.median(t["swift"])
    print(f"| {name} | {ref[0]:,} | {cell(t['swift'])} | {cell(t['pandas'])} | {cell(t['pandas-category'])} | {ratio:.1f}x | {'yes' if agree else 'NO'} |")
PY
