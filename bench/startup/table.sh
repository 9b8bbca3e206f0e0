#!/usr/bin/env bash
# The start-up benchmark as a table for bench/run-all.sh. Two measures, each for ShopLab
# (release) and python3, in ROUNDS (default 5) alternating rounds of RUNS (default 6)
# launches, so each gets ROUNDS x RUNS launches under the same machine load:
# - time to the first prompt of the REPL on a real pseudo-terminal (time_to_prompt.py:
#   `shoplab --db FILE`, which opens the SQLite store and loads readline, against
#   `python3 -q`), the measure of issue 2 (target under 50 ms);
# - a whole process that runs one command and exits (`shoplab --db :memory: -c 'print 1'`
#   against `python3 -c 'print(1)'`), timed from fork to exit.
# Peak RSS is /usr/bin/time -f %M of one more launch of each. No input, so no 10x row.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
(cd "$root" && swift build -c release --product shoplab 2>&1 | tail -n 1 >&2)
shoplab="$root/.build/release/shoplab"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ROUNDS=${ROUNDS:-5}
RUNS=${RUNS:-6}
once() {  # NAME COMMAND...: RUNS whole-process launches, milliseconds each
  python3 - "$RUNS" "$@" <<'PY'
import subprocess, sys, time
runs, argv = int(sys.argv[1]), sys.argv[2:]
out = []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
    out.append((time.perf_counter() - t) * 1000)
print(" ".join(f"{x:.2f}" for x in out))
PY
}
for f in prompt-shoplab prompt-python process-shoplab process-python; do : >"$tmp/$f"; done
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS" >&2
  HOME=$tmp python3 "$here/time_to_prompt.py" "$RUNS" "shop> " -- "$shoplab" --db "$tmp/s.db" | tail -n 1 >>"$tmp/prompt-shoplab"
  HOME=$tmp python3 "$here/time_to_prompt.py" "$RUNS" ">>> " -- python3 -q | tail -n 1 >>"$tmp/prompt-python"
  HOME=$tmp once "$shoplab" --db :memory: -c 'print 1' >>"$tmp/process-shoplab"
  HOME=$tmp once python3 -c 'print(1)' >>"$tmp/process-python"
done
HOME=$tmp python3 "$here/time_to_prompt.py" 1 "shop> " -- /usr/bin/time -f %M -o "$tmp/rss-prompt-shoplab" "$shoplab" --db "$tmp/s.db" >/dev/null
HOME=$tmp python3 "$here/time_to_prompt.py" 1 ">>> " -- /usr/bin/time -f %M -o "$tmp/rss-prompt-python" python3 -q >/dev/null
HOME=$tmp /usr/bin/time -f %M -o "$tmp/rss-process-shoplab" "$shoplab" --db :memory: -c 'print 1' >/dev/null
HOME=$tmp /usr/bin/time -f %M -o "$tmp/rss-process-python" python3 -c 'print(1)' >/dev/null
python3 - "$tmp" "$ROUNDS" "$RUNS" "$(python3 --version)" <<'PY'
import statistics, sys
tmp, rounds, runs, pyversion = sys.argv[1:]
def times(name):
    return [float(x) for x in open(f"{tmp}/{name}").read().split()]
def rss(name):
    return int(open(f"{tmp}/rss-{name}").read().split()[-1]) // 1024
print(f"{rounds} alternating rounds x {runs} launches of each ({int(rounds) * int(runs)} per row); {pyversion}.\n")
print("| measure | program | min ms | median ms | peak RSS |")
print("| --- | --- | --- | --- | --- |")
rows = [("time to first prompt (pty)", "prompt", "`shoplab --db FILE`", "`python3 -q`"),
        ("whole process, one command", "process", "`shoplab --db :memory: -c 'print 1'`", "`python3 -c 'print(1)'`")]
for measure, key, shop, py in rows:
    for who, label in [("shoplab", shop), ("python", py)]:
        t = times(f"{key}-{who}")
        print(f"| {measure} | {label} | {min(t):.1f} | {statistics.median(t):.1f} | {rss(f'{key}-{who}')} MB |")
shop, py = statistics.median(times("prompt-shoplab")), statistics.median(times("prompt-python"))
print(f"\nMedian time to prompt, shoplab / python3: {shop / py:.2f}. Target (issue 2) under 50 ms: {'met' if shop < 50 else 'NOT met'}.")
PY
