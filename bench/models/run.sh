#!/usr/bin/env bash
# Side-by-side benchmark of ShopLab's models against PyTorch CPU (single thread), same data.
# Uses bench/.venv (gitignored) with torch, numpy and scikit-learn, and makes it when missing:
# torch comes from the CPU wheel on disk (no network needed for it), the rest from PyPI.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="$here/../../../shared/data"
out="$here/../out"
source "$here/../venv.sh"
if ! "$bench_python" -c "import torch" 2>/dev/null; then
  wheel=$( (ls /opt/wheels/torch-*cpu*.whl 2>/dev/null; find / -name 'torch-*cpu*.whl' 2>/dev/null) | head -n 1 || true)
  [ -n "$wheel" ] || { echo "no torch CPU wheel on this machine" >&2; exit 1; }
fi
ensure_python numpy=numpy sklearn=scikit-learn torch="${wheel:-torch}"
py="$bench_python"
mkdir -p "$out"
(cd "$here" && swift build -c release 2>&1 | tail -1)
bin="$here/.build/release/ModelsBench"
export OPENBLAS_NUM_THREADS=1
EPOCHS=${EPOCHS:-20} BATCH=${BATCH:-128} LR=${LR:-0.003}
# lr 0.003: at 0.001 the lazy (row-wise) Adam updates rarely seen items less than dense
# Adam does, and trails PyTorch's AUC by ~0.02 (docs/performance.md, Models).
ML_EPOCHS=${ML_EPOCHS:-5} ML_BATCH=${ML_BATCH:-256} ML_LR=${ML_LR:-0.003} DIM=${DIM:-32}
{
  "$bin" shoppers "$data/uci-online-shoppers-intention/online_shoppers_intention.csv" "$out" "$EPOCHS" "$BATCH" "$LR"
  "$py" "$here/torch_bench.py" shoppers "$out" "$EPOCHS" "$BATCH" "$LR"
  "$bin" movielens "$data/movielens-100k/u.data" "$out" "$ML_EPOCHS" "$ML_BATCH" "$ML_LR" "$DIM" lazy
  "$bin" movielens "$data/movielens-100k/u.data" "$out" "$ML_EPOCHS" "$ML_BATCH" "$ML_LR" "$DIM" dense
  "$py" "$here/torch_bench.py" movielens "$out" "$ML_EPOCHS" "$ML_BATCH" "$ML_LR" "$DIM"
} | tee "$out/results.txt"
# Ratios: torch time / swift time for each (task, arch).
"$py" - "$out/results.txt" <<'PY'
import re, sys
rows = {}
for line in open(sys.argv[1]):
    if line.startswith("RESULT"):
        _, who, task, arch, *kv = line.split()
        rows[(who, task, arch)] = dict(x.split("=") for x in kv)
for (who, task, arch), r in rows.items():
    peer = ("torch", task, arch.split("-")[0])
    if who != "swift" or peer not in rows:
        continue
    t = rows[peer]
    key = "seconds" if "seconds" in r else "epoch_seconds"
    ratio = float(t[key]) / float(r[key])
    print(f"{task} {arch}: swift {r[key]} s, torch {t[key]} s -> swift {ratio:.2f}x faster; "
          f"AUC swift {r['auc']} vs torch {t['auc']}")
PY
