#!/usr/bin/env bash
# Group-by benchmark: ShopFrames (release) against pandas on the full UCI Online Retail
# table (541,909 rows from the 13 monthly gzip files). Prints a table of best-of-7 times
# and the ratio pandas / ShopFrames (above 1 means ShopFrames is faster).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="${1:-$here/../../../shared/data/uci-online-retail/monthly}"
source "$here/../venv.sh"
ensure_python pandas=pandas
venv="$bench_venv"
out="$here/../out"
mkdir -p "$out"
(cd "$here" && swift build -c release --product groupby-bench 2>&1 | tail -1)
SHOPLAB_THREADS=1 "$here/.build/release/groupby-bench" "$data" | tee "$out/groupby-swift.txt"
"$venv/bin/python" "$here/pandas_groupby.py" "$data" | tee "$out/groupby-pandas.txt"
python3 - "$out/groupby-swift.txt" "$out/groupby-pandas.txt" <<'PY'
import sys
rows = {}
for path in sys.argv[1:]:
    for line in open(path):
        if line.startswith("#"):
            continue
        side, name, ms, groups, check = line.split()
        rows.setdefault(name, {})[side] = (float(ms), int(groups), check)
print(f"\n| workload | groups | ShopFrames ms | pandas ms | pandas (category) ms | ratio pandas/ShopFrames | checksums agree |")
print("|---|---|---|---|---|---|---|")
for name, r in rows.items():
    s, p, c = r["swift"], r["pandas"], r["pandas_category"]
    agree = "yes" if s[1] == p[1] and abs(float(s[2]) - float(p[2])) <= 1e-6 * max(1, abs(float(p[2]))) else f"NO ({s[2]} vs {p[2]})"
    print(f"| {name} | {s[1]:,} | {s[0]:.2f} | {p[0]:.2f} | {c[0]:.2f} | {p[0] / s[0]:.1f}x (category: {c[0] / s[0]:.1f}x) | {agree} |")
PY
