#!/usr/bin/env bash
# Recommenders side by side on the same split files: ShopLab (release build, in process) and
# the Python peers (implicit's BPR and ALS, a PyTorch MF, numpy EASE and item-kNN, popularity),
# one thread each, full ranking. Prints one table: NDCG@10 as the mean over seeds, fit time as
# min / median over repeated fits, and the ratios. Quality runs: SEEDS (default 1,2,3).
#   bench/recommenders/run.sh [loo rs811 retail]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="$here/../../../shared/data"
out="$here/../out/recommenders"
source "$here/../venv.sh"
if ! "$bench_python" -c "import torch" 2>/dev/null; then
  wheel=$( (ls /opt/wheels/torch-*cpu*.whl 2>/dev/null; find / -name 'torch-*cpu*.whl' 2>/dev/null) | head -n 1 || true)
  [ -n "$wheel" ] || { echo "no torch CPU wheel on this machine" >&2; exit 1; }
fi
ensure_python numpy=numpy pandas=pandas scipy=scipy implicit=implicit torch="${wheel:-torch}"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
# On a virtual machine that names its CPU "Intel Xeon Processor", OpenBLAS's run-time
# detection falls back to its SSE3 (Prescott) kernels; name the core when the CPU has AVX2,
# for both sides alike (numpy and scipy read the same variable).
if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -qw avx2 /proc/cpuinfo 2>/dev/null; then
  export OPENBLAS_CORETYPE=Haswell
fi
SEEDS=${SEEDS:-1,2,3}
REPEATS=${REPEATS:-5}
mkdir -p "$out"
(cd "$here" && swift build -c release 2>&1 | tail -1)
bin="$here/.build/release/RecommendersBench"
splits=("${@:-loo rs811 retail}")
read -r -a splits <<<"${splits[*]}"
: >"$out/results.txt"
for split in "${splits[@]}"; do
  dir="$out/$split"
  case "$split" in
    loo | rs811) "$bench_python" "$here/splits.py" "$split" "$dir" --data "$data/movielens-100k/u.data" >/dev/null ;;
    retail)
      "$bench_python" "$here/retail_data.py" "$out/retail.data" >/dev/null
      "$bench_python" "$here/splits.py" rs811 "$dir" --data "$out/retail.data" >/dev/null ;;
  esac
  # Alternate the two sides so machine load falls on both alike.
  "$bin" "$dir" "$split" "$SEEDS" "$REPEATS" 2>>"$out/log.txt" | tee -a "$out/results.txt"
  "$bench_python" "$here/peers.py" "$dir" --split-name "$split" --seeds "$(tr ',' '\n' <<<"$SEEDS" | wc -l)" 2>>"$out/log.txt" | grep '^RESULT' | tee -a "$out/results.txt"
done
"$bench_python" "$here/summary.py" "$out/results.txt"
