#!/usr/bin/env bash
# The chart benchmark as a table for bench/run-all.sh: ROUNDS (default 5) processes of
# `PlotBench bench` (release), each printing the median of 20 renders per chart after one
# warm-up; prints, per chart, the min and median of those medians over the processes, and
# the process's peak RSS (/usr/bin/time -f %M). In-process times only: the charts are built
# from data generated in the process, and no peer renders terminal charts alike here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ROUNDS=${ROUNDS:-5}
(cd "$here" && swift build -c release --product PlotBench 2>&1 | tail -n 1 >&2)
out="$here/../out/plot"
mkdir -p "$out"
: >"$out/times.txt"
for round in $(seq 1 "$ROUNDS"); do
  echo "== run $round of $ROUNDS" >&2
  /usr/bin/time -f "# rss %M" -a -o "$out/times.txt" "$here/.build/release/PlotBench" bench >>"$out/times.txt"
done
python3 - "$out/times.txt" "$ROUNDS" <<'PY'
import re, statistics, sys
path, rounds = sys.argv[1:]
charts, rss = {}, 0
for line in open(path):
    if line.startswith("# rss "):
        rss = max(rss, int(line.split()[2]) // 1024)
        continue
    m = re.match(r"(.+?): ([0-9.]+) ms", line)
    if m:
        charts.setdefault(m.group(1), []).append(float(m.group(2)))
print(f"Render time: each process's median of 20 renders, min / median over {rounds} processes; peak RSS of the process {rss} MB.\n")
print("| chart (release) | ms, min / median |")
print("| --- | --- |")
for name, t in charts.items():
    print(f"| {name} | {min(t):.2f} / {statistics.median(t):.2f} |")
PY
