#!/usr/bin/env bash
# Online Shoppers Intention: ShopLab's two classifiers (logistic, mlp 32-16) trained as
# Tests/Scripts/models/classifier.shop trains them, once per seed (the seed draws the split,
# the initial weights and the batch order), beside scikit-learn's LogisticRegression and
# HistGradientBoostingClassifier fitted, tuned and scored on the same rows.
# Prints a markdown table (mean and range over the seeds). SEEDS="1 2 3 4 5" by default.
# SHOPLAB=path/to/shoplab picks the binary (default: the release build, built when missing).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
csv="$root/data/online-shoppers-intention/online_shoppers_intention.csv"
out="$here/../out/classifier-seeds"
SEEDS=${SEEDS:-"1 2 3 4 5 6 7 8 9 10"}
source "$here/../venv.sh"
ensure_python numpy=numpy pandas=pandas sklearn=scikit-learn
mkdir -p "$out"
shoplab=${SHOPLAB:-$root/.build/release/shoplab}
[ -x "$shoplab" ] || (cd "$root" && swift build -c release --product shoplab 2>&1 | tail -1 >&2)
(cd "$here" && swift build -c release 2>&1 | tail -1 >&2)
features="Administrative, Administrative_Duration, Informational, Informational_Duration, ProductRelated, ProductRelated_Duration, BounceRates, ExitRates, PageValues, SpecialDay, Month, OperatingSystems, Browser, Region, TrafficType, VisitorType, Weekend"
: >"$out/shoplab.txt"
for seed in $SEEDS; do
  "$here/.build/release/ModelsBench" parts "$csv" "$seed" "$out/parts-$seed.txt" >&2
  cat >"$out/seed-$seed.shop" <<SHOP
let shoppers = load "$csv"
model logit = classifier label Revenue features $features
train logit on shoppers epochs 15 seed $seed split random 0.2
evaluate logit on shoppers
evaluate logit on shoppers threshold tuned
model net = classifier label Revenue features $features arch mlp hidden 32, 16
train net on shoppers epochs 30 lr 0.003 seed $seed split random 0.2
evaluate net on shoppers
evaluate net on shoppers threshold tuned
SHOP
  "$shoplab" --db :memory: run "$out/seed-$seed.shop" >"$out/seed-$seed.log"
  # The four evaluate tables in order: logit at 0.5, logit tuned, net at 0.5, net tuned.
  awk -v seed="$seed" '
    /^AUC / { auc[++a] = $2 }
    /^F1 / { f1[++f] = $2 }
    END {
      printf "%s ShopLab-logistic auc=%s f1=%s f1_tuned=%s\n", seed, auc[1], f1[1], f1[2]
      printf "%s ShopLab-mlp auc=%s f1=%s f1_tuned=%s\n", seed, auc[3], f1[3], f1[4]
    }' "$out/seed-$seed.log" >>"$out/shoplab.txt"
done
echo "ShopLab binary: ${shoplab#"$root"/} (metrics do not depend on the build: ShopModels is compiled with -O in debug too)."
"$bench_python" "$here/classifier_seeds.py" "$csv" "$out" "$out/shoplab.txt" $SEEDS
