#!/usr/bin/env bash
# Reruns the benchmarks and rewrites their tables in docs/performance.md, each between its
# markers
#   <!-- bench:NAME -->  …  <!-- /bench:NAME -->
# with a line saying when, on what machine, under what load and in how long it ran (the
# machine may be shared: the load average before and after each benchmark is part of the
# result).
# Usage: bench/run-all.sh [NAME…]   (default: every benchmark below, in this order)
#        bench/run-all.sh --list    (the names and their commands)
# A benchmark is one entry here: its name and the command whose stdout is its table (its
# progress goes to bench/out/run-all/NAME.log). A benchmark that fails leaves its table
# as it was; the others still run, and the exit status is 1.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
doc="$root/docs/performance.md"
b="$root/bench"
names_in_order=(startup plot load load-10x groupby groupby-10x kpi kpi-10x pipeline pipeline-10x
  classifier gmf recommenders forecast)
declare -A command=(
  [startup]="bash $b/startup/table.sh"
  [plot]="bash $b/plot/table.sh"
  [load]="bash $b/load/table.sh"
  [load-10x]="bash $b/load/table.sh --scale 10"
  [groupby]="bash $b/groupby/table.sh"
  [groupby-10x]="bash $b/groupby/table.sh --scale 10"
  [kpi]="bash $b/kpi/run.sh"
  [kpi-10x]="bash $b/kpi/run.sh --scale 10"
  # The pipeline benchmark prints its build line first; its table starts at run.py's "# …" line.
  [pipeline]="bash $b/pipeline/run.sh | sed -n '/^# /,\$p'"
  [pipeline-10x]="bash $b/pipeline/run.sh --scale 10 --runs 3 | sed -n '/^# /,\$p'"
  [classifier]="bash $b/models/classifier_seeds.sh"
  [gmf]="bash $b/models/gmf.sh"
  [recommenders]="bash $b/recommenders/table.sh"
  [forecast]="bash $b/forecast/table.sh"
)
if [ "${1:-}" = --list ]; then
  for name in "${names_in_order[@]}"; do printf '%-13s %s\n' "$name" "${command[$name]}"; done
  exit 0
fi
names=("$@")
((${#names[@]})) || names=("${names_in_order[@]}")
for name in "${names[@]}"; do
  [ -n "${command[$name]:-}" ] || { echo "unknown benchmark '$name' (known: ${names_in_order[*]})" >&2; exit 2; }
done
cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
machine="$(uname -sm), $cpu, $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
loadavg() { cut -d" " -f1-3 /proc/loadavg; }
logs="$b/out/run-all"
mkdir -p "$logs"
status=0
all_start=$(date +%s)
for name in "${names[@]}"; do
  echo "== $name: ${command[$name]} (progress in ${logs#"$root"/}/$name.log)" >&2
  before=$(loadavg)
  start=$(date +%s)
  if ! table=$(bash -c "set -o pipefail; ${command[$name]}" 2>"$logs/$name.log") || [ -z "$table" ]; then
    echo "'$name' failed (see ${logs#"$root"/}/$name.log); its table is left as it was" >&2
    status=1
    continue
  fi
  seconds=$(($(date +%s) - start))
  after=$(loadavg)
  quiet=$(awk -v l="${before%% *}" -v a="${after%% *}" -v n="$(nproc)" 'BEGIN { print (l < 0.5 && a < n) ? "yes" : "no" }')
  stamp="Rerun $(date -u +%Y-%m-%d) by \`bench/run-all.sh $name\` ($seconds s) on $machine; load average (1, 5, 15 min) $before before, $after after"
  if [ "$quiet" = no ]; then stamp+=" (not a quiet machine: the 1-minute load average was 0.5 or more when it started, or the cores were busy after, so times may be slower and noisier than on an idle one)."; else stamp+="."; fi
  python3 - "$doc" "$name" "$stamp" "$table" <<'PY' || status=1
import sys
path, name, stamp, table = sys.argv[1:]
text = open(path).read()
begin, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
if begin not in text or end not in text:
    sys.exit(f"docs/performance.md has no {begin} … {end} markers")
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
open(path, "w").write(f"{head}{begin}\n{stamp}\n\n{table.strip()}\n{end}{tail}")
PY
  echo "rewrote the '$name' table in docs/performance.md ($seconds s)" >&2
done
echo "run-all: ${names[*]} in $(($(date +%s) - all_start)) s" >&2
exit $status
