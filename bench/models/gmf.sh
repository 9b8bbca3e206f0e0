#!/usr/bin/env bash
# MovieLens 100K GMF (dim 32, 4 negatives, Adam lr 0.003, batch 256, 5 epochs): ShopLab's lazy
# (row-wise) Adam and dense Adam against PyTorch's dense Adam and its SparseAdam on sparse
# embeddings, on identical data (ModelsBench writes the split, torch_bench.py reads it).
# One thread each. ROUNDS (default 5) alternating rounds; each run's time is its mean epoch;
# prints a markdown table of min and median over the rounds, and the AUC (the same every
# round for a side: seeds are fixed).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="$here/../../../shared/data/movielens-100k/u.data"
out="$here/../out"
ROUNDS=${ROUNDS:-5}
source "$here/../venv.sh"
torch_python=${TORCH_PYTHON:-$bench_python}
if ! "$torch_python" -c "import torch, sklearn" 2>/dev/null; then
  wheel=$( (ls /opt/wheels/torch-*cpu*.whl 2>/dev/null; find / -name 'torch-*cpu*.whl' 2>/dev/null) | head -n 1 || true)
  ensure_python numpy=numpy sklearn=scikit-learn torch="${wheel:-torch}" >&2
  torch_python=$bench_python
fi
mkdir -p "$out"
(cd "$here" && swift build -c release 2>&1 | tail -1 >&2)
bin="$here/.build/release/ModelsBench"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
args=(5 256 0.003)
: >"$out/gmf-times.txt"
: >"$out/gmf-rss.txt"
# Peak RSS of each process (/usr/bin/time -f %M): one line "VARIANT KB" per run.
rss() { /usr/bin/time -f "$1 %M" -a -o "$out/gmf-rss.txt" "${@:2}"; }
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS" >&2
  rss swift-lazy "$bin" movielens "$data" "$out" "${args[@]}" 32 lazy | grep '^RESULT' >>"$out/gmf-times.txt"
  rss torch-adam "$torch_python" "$here/torch_bench.py" movielens "$out" "${args[@]}" 32 adam >>"$out/gmf-times.txt"
  rss swift-dense "$bin" movielens "$data" "$out" "${args[@]}" 32 dense | grep '^RESULT' >>"$out/gmf-times.txt"
  rss torch-sparseadam "$torch_python" "$here/torch_bench.py" movielens "$out" "${args[@]}" 32 sparseadam >>"$out/gmf-times.txt"
done
torch_version=$("$torch_python" -c "import torch; print(torch.__version__)")
python3 - "$out/gmf-times.txt" "$ROUNDS" "$torch_version" "$out/gmf-rss.txt" <<'PY'
import statistics, sys
peak = {}
for line in open(sys.argv[4]):
    parts = line.split()
    if len(parts) == 2 and parts[1].isdigit():
        peak[parts[0]] = max(peak.get(parts[0], 0), int(parts[1]) // 1024)
runs = {}
for line in open(sys.argv[1]):
    _, who, task, arch, *kv = line.split()
    r = dict(x.split("=") for x in kv)
    runs.setdefault((who, arch), []).append((float(r["epoch_seconds"]), r["auc"]))
rounds, version = sys.argv[2], sys.argv[3]
names = {("swift", "gmf-lazy"): "ShopLab, lazy Adam (default)", ("swift", "gmf-dense"): "ShopLab, dense Adam",
         ("torch", "gmf"): f"PyTorch {version}, dense Adam", ("torch", "gmf-sparseadam"): f"PyTorch {version}, sparse embeddings + SparseAdam"}
print(f"Mean epoch time (negative sampling + training), min / median over {rounds} alternating rounds; one thread each.\n")
print("| variant | epoch s, min / median | AUC |")
print("| --- | --- | --- |")
for key, label in names.items():
    if key not in runs:
        continue
    t = [x for x, _ in runs[key]]
    print(f"| {label} | {min(t):.3f} / {statistics.median(t):.3f} | {runs[key][0][1]} |")
# Under a shared machine's swings the minimum is the steadier figure; both are given.
lo = {k: min(x for x, _ in v) for k, v in runs.items()}
med = {k: statistics.median(x for x, _ in v) for k, v in runs.items()}
pairs = [(("torch", "gmf-sparseadam"), ("swift", "gmf-lazy"), "PyTorch SparseAdam / ShopLab lazy"),
         (("torch", "gmf"), ("swift", "gmf-dense"), "PyTorch dense / ShopLab dense")]
parts = [f"{label} {lo[a] / lo[b]:.1f}x by min, {med[a] / med[b]:.1f}x by median"
         for a, b, label in pairs if a in lo and b in lo]
print("\nRatios (like for like): " + "; ".join(parts) + ".")
if peak:
    labels = {"swift-lazy": "ShopLab lazy", "swift-dense": "ShopLab dense", "torch-adam": "PyTorch dense",
              "torch-sparseadam": "PyTorch SparseAdam"}
    print("Peak RSS of the process (`/usr/bin/time -f %M`, data and interpreter included): "
          + ", ".join(f"{labels.get(k, k)} {v} MB" for k, v in peak.items()) + ".")
PY
