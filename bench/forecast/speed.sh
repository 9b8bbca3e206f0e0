#!/usr/bin/env bash
# LSTM training speed, ShopLab against PyTorch, one thread each, runs alternating so both
# sides see the same load on a shared machine: ROUNDS rounds (default 3) of, per dataset
# (M5 sample, Online Retail top 10), one ShopLab run and one PyTorch run of EPOCHS epochs
# (default 5) of the same shape. Prints every run, then min and median epoch seconds per
# side and their ratios, in wall seconds and in process CPU seconds (from the second epoch,
# less disturbed by other jobs). CORETYPES (default: OpenBLAS's own choice, written "auto")
# adds runs with OPENBLAS_CORETYPE set, e.g. CORETYPES="auto SkylakeX"; SHOPLAB_KERNELS caps
# ShopTensor's kernel level (baseline | avx2). OTHER=label=/path/to/ForecastBench adds runs
# of another build (say, of an older commit) as side "label", alternating with the rest. Uses bench/.venv's python
# (or PYTHON) with torch; builds the Swift side in release first.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="$here/../../../shared/data"
py="${PYTHON:-$here/../.venv/bin/python}"
export OPENBLAS_NUM_THREADS=1
rounds=${ROUNDS:-3}
epochs=${EPOCHS:-5}
(cd "$here" && swift build -c release 2>&1 | tail -1)
bin="$here/.build/release/ForecastBench"
m5="$data/m5_sales_exog_small/m5_sales_exog_small.csv"
retail="$data/uci-online-retail/monthly"
log=$(mktemp)
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$rounds"); do
  for ds in m5 retail; do
    for side in swift ${OTHER:+"${OTHER%%=*}"}; do
      exe="$bin"
      [ "$side" = swift ] || exe="${OTHER#*=}"
      for core in ${CORETYPES:-auto}; do
        if [ "$core" = auto ]; then
          line=$(DATASETS=$ds LSTM_EPOCHS=$epochs "$exe" "$m5" "$retail" speed)
        else
          line=$(OPENBLAS_CORETYPE=$core DATASETS=$ds LSTM_EPOCHS=$epochs "$exe" "$m5" "$retail" speed)
        fi
        echo "$ds $side-$core $line" | tee -a "$log"
      done
    done
    read -r N I W H O B < <(echo "$line" | sed -E 's/.*N=([0-9]+) I=([0-9]+) W=([0-9]+) H=([0-9]+) O=([0-9]+) B=([0-9]+).*/\1 \2 \3 \4 \5 \6/')
    echo "$ds torch $("$py" "$here/lstm_speed_torch.py" "$N" "$I" "$W" "$H" "$O" "$B" "$epochs")" | tee -a "$log"
  done
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$log" <<'PY'
import sys, statistics, re
runs = {}
for line in open(sys.argv[1]):
    ds, side = line.split()[:2]
    for kind in ("epochs", "cpu"):
        m = re.search(kind + r": ([0-9. ]+)", line)
        runs.setdefault((ds, side, kind), []).extend(float(t) for t in m.group(1).split())
for ds in sorted({k[0] for k in runs}):
    for kind, label in (("epochs", "wall"), ("cpu", "cpu")):
        torch = runs[(ds, "torch", kind)]
        for (d, side, k), t in sorted(runs.items()):
            if d != ds or k != kind: continue
            line = f"SUMMARY {ds} {label} {side}: min {min(t):.3f} s median {statistics.median(t):.3f} s over {len(t)} epochs"
            if side != "torch":
                line += f"; torch/this: min {min(torch)/min(t):.2f}x median {statistics.median(torch)/statistics.median(t):.2f}x"
            print(line)
PY
rm -f "$log"
