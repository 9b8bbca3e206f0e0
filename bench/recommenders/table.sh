#!/usr/bin/env bash
# The recommender benchmark as a table for bench/run-all.sh: runs run.sh as it is (same
# splits, seeds and repeats; its own output goes to stderr) and prints its RESULT lines as
# one markdown table (summary.py --markdown). In-process fit times only: both sides read the
# same split files, and fitting is what is compared. Shorter: SEEDS=1 REPEATS=1, or name the
# splits (bench/recommenders/table.sh loo); the default is what docs/performance.md publishes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/run.sh" "$@" >&2
source "$here/../venv.sh"
echo "NDCG@10 and HR@10: mean over seeds (${SEEDS:-1,2,3} for ShopLab; the peers' seeds from 2026); fit time: min / median over repeated fits, one thread each, \`OPENBLAS_CORETYPE\` as run.sh sets it."
echo
"$bench_python" "$here/summary.py" --markdown "$here/../out/recommenders/results.txt"
