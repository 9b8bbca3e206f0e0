#!/usr/bin/env bash
# Reruns the benchmarks that print a markdown table and rewrites those tables in
# docs/performance.md, each between its markers
#   <!-- bench:NAME -->  …  <!-- /bench:NAME -->
# with a line saying when, on what machine and under what load it ran (the machine may be
# shared: the load average before and after each benchmark is part of the result).
# Usage: bench/run-all.sh [NAME…]   (default: every benchmark below)
# A benchmark is one entry here: its name and the command whose stdout is its table.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
doc="$root/docs/performance.md"
declare -A command=(
  [classifier]="bash $root/bench/models/classifier_seeds.sh"
  [kpi]="bash $root/bench/kpi/run.sh"
  [gmf]="bash $root/bench/models/gmf.sh"
  [load]="bash $root/bench/load/table.sh"
)
names=("$@")
((${#names[@]})) || names=(classifier gmf kpi load)
cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
machine="$(uname -sm), $cpu, $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
loadavg() { cut -d" " -f1-3 /proc/loadavg; }
for name in "${names[@]}"; do
  [ -n "${command[$name]:-}" ] || { echo "unknown benchmark '$name' (known: ${!command[*]})" >&2; exit 2; }
  echo "== $name" >&2
  before=$(loadavg)
  table=$(${command[$name]})
  after=$(loadavg)
  stamp="Rerun $(date -u +%Y-%m-%d) by \`bench/run-all.sh $name\` on $machine; load average (1, 5, 15 min) $before before, $after after."
  python3 - "$doc" "$name" "$stamp" "$table" <<'PY'
import sys
path, name, stamp, table = sys.argv[1:]
text = open(path).read()
begin, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
if begin not in text or end not in text:
    sys.exit(f"docs/performance.md has no {begin} … {end} markers")
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
open(path, "w").write(f"{head}{begin}\n{stamp}\n\n{table}\n{end}{tail}")
PY
  echo "rewrote the '$name' table in docs/performance.md" >&2
done
