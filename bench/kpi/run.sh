#!/usr/bin/env bash
# KPI benchmark: `kpi` in ShopFrames (release) against the same KPIs in pandas on the full
# UCI Online Retail table (541,909 rows from the 13 monthly gzip files). Prints best-of-7
# times and the ratio pandas / ShopFrames (above 1 means ShopFrames is faster).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="${1:-$here/../../../shared/data/uci-online-retail/monthly}"
source "$here/../venv.sh"
ensure_python pandas=pandas
venv="$bench_venv"
out="$here/../out"
mkdir -p "$out"
(cd "$here" && swift build -c release --product kpi-bench 2>&1 | tail -1)
"$here/.build/release/kpi-bench" "$data" | tee "$out/kpi-swift.txt"
"$venv/bin/python" "$here/pandas_kpi.py" "$data" | tee "$out/kpi-pandas.txt"
python3 - "$out/kpi-swift.txt" "$out/kpi-pandas.txt" <<'PY'
import sys
rows = {}
for path in sys.argv[1:]:
    for line in open(path):
        if line.startswith("#"):
            continue
        side, name, ms, n, check = line.split()
        rows.setdefault(name, {})[side] = (float(ms), int(n), float(check))
print("\n| workload | rows out | ShopFrames ms | pandas ms | ratio pandas/ShopFrames | checksums agree |")
print("|---|---|---|---|---|---|")
for name, r in rows.items():
    s, p = r["swift"], r["pandas"]
    agree = "yes" if s[1] == p[1] and abs(s[2] - p[2]) <= 1e-6 * max(1, abs(p[2])) else f"NO ({s[2]} vs {p[2]})"
    print(f"| {name} | {s[1]:,} | {s[0]:.1f} | {p[0]:.1f} | {p[0] / s[0]:.1f}x | {agree} |")
PY
