#!/usr/bin/env bash
# Start-up to first prompt: ShopLab's REPL (release build) against python3's REPL, both on a
# real pseudo-terminal, in the same script so the machine load is the same for both.
# Target (issue 2): under 50 ms.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product shoplab 2>&1 | tail -n 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
runs=${RUNS:-30}
read -r shop_median shop_best < <(HOME=$tmp python3 bench/startup/time_to_prompt.py "$runs" "shop> " -- .build/release/shoplab --db "$tmp/s.db")
read -r py_median py_best < <(HOME=$tmp python3 bench/startup/time_to_prompt.py "$runs" ">>> " -- python3 -q)
echo "time to first prompt, median (best) of $runs launches:"
echo "  shoplab  ${shop_median} ms (${shop_best} ms)"
echo "  python3  ${py_median} ms (${py_best} ms)"
python3 -c "print(f'  ratio shoplab / python3: {float($shop_median)/float($py_median):.2f}')"
python3 -c "import sys; sys.exit(0 if float($shop_median) < 50 else 1)" && echo "  target < 50 ms: met" || echo "  target < 50 ms: NOT met"
