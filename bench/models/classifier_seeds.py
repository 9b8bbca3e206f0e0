"""ShopLab's Online Shoppers classifiers over several seeds, beside scikit-learn on the same parts.

Usage: classifier_seeds.py CSV PARTS_DIR SHOPLAB_RESULTS SEED...

PARTS_DIR/parts-SEED.txt says for each CSV row whether ShopLab's `train … seed SEED split random
0.2` fitted on it, validated on it or held it out (written by `ModelsBench parts`), so every
contender is fitted, tuned and scored on the same rows. SHOPLAB_RESULTS holds lines
`SEED MODEL auc=… f1=… f1_tuned=…` from the shoplab runs. Prints a markdown table: mean and range
(min-max) over the seeds of the test AUC, F1 at 0.5 and F1 at the threshold with the best F1 on
the validation part (ShopLab's `threshold tuned`, chosen the same way for every contender).
"""
import sys

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, OrdinalEncoder, StandardScaler

NUMERIC = ["Administrative", "Administrative_Duration", "Informational", "Informational_Duration",
           "ProductRelated", "ProductRelated_Duration", "BounceRates", "ExitRates", "PageValues", "SpecialDay"]
# Integer codes (operating system, browser, region, traffic type) are categories, as the
# dataset's documentation says; a competent user one-hot encodes them.
CATEGORICAL = ["Month", "OperatingSystems", "Browser", "Region", "TrafficType", "VisitorType", "Weekend"]


def best_f1_threshold(p, y):
    """The threshold t (one of the scores) maximising F1 of `p >= t`; the lowest on ties.
    F1 = 2 TP / (predicted positives + actual positives), over scores sorted descending."""
    order = np.argsort(-p, kind="stable")
    ps, ys = p[order], y[order].astype(float)
    tp = np.cumsum(ys)
    predicted = np.arange(1, len(p) + 1)
    last_of_tie = np.r_[ps[1:] != ps[:-1], True]
    f1 = (2 * tp / (predicted + ys.sum()))[last_of_tie]
    thresholds = ps[last_of_tie]
    return thresholds[len(f1) - 1 - int(np.argmax(f1[::-1]))]


def contenders(seed):
    linear = ColumnTransformer([
        ("num", StandardScaler(), NUMERIC),
        ("cat", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
    ])
    # ShopLab's own preprocessing: long-tailed counts and durations log-scaled before
    # standardising (all ten numeric columns are non-negative here).
    logged = ColumnTransformer([
        ("num", make_pipeline(FunctionTransformer(np.log1p), StandardScaler()), NUMERIC),
        ("cat", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
    ])
    trees = ColumnTransformer([
        ("num", "passthrough", NUMERIC),
        ("cat", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1), CATEGORICAL),
    ])
    n_cat = len(CATEGORICAL)
    return {
        "scikit-learn LogisticRegression": make_pipeline(linear, LogisticRegression(max_iter=5000)),
        "scikit-learn LogisticRegression, log1p numerics": make_pipeline(logged, LogisticRegression(max_iter=5000)),
        "scikit-learn HistGradientBoosting": make_pipeline(
            trees,
            HistGradientBoostingClassifier(
                categorical_features=list(range(len(NUMERIC), len(NUMERIC) + n_cat)), random_state=seed)),
    }


def main():
    csv, parts_dir, shoplab_results, *seeds = sys.argv[1:]
    data = pd.read_csv(csv)
    y = data["Revenue"].astype(bool).to_numpy()
    x = data[NUMERIC + CATEGORICAL].copy()
    for c in CATEGORICAL:
        x[c] = x[c].astype(str)
    scores = {}  # model -> metric -> list over seeds
    for line in open(shoplab_results):
        seed, model, *kv = line.split()
        if seed not in seeds:
            continue
        for k, v in (p.split("=") for p in kv):
            scores.setdefault(model, {}).setdefault(k, []).append(float(v))
    for seed in seeds:
        part = np.array(open(f"{parts_dir}/parts-{seed}.txt").read().split())
        fit, val, test = part == "fit", part == "validation", part == "test"
        for name, model in contenders(int(seed)).items():
            model.fit(x[fit], y[fit])
            p_val = model.predict_proba(x[val])[:, 1]
            p_test = model.predict_proba(x[test])[:, 1]
            t = best_f1_threshold(p_val, y[val])
            m = scores.setdefault(name, {})
            m.setdefault("auc", []).append(roc_auc_score(y[test], p_test))
            m.setdefault("f1", []).append(f1_score(y[test], p_test >= 0.5))
            m.setdefault("f1_tuned", []).append(f1_score(y[test], p_test >= t))

    def cell(values):
        return f"{np.mean(values):.4f} ({min(values):.4f}-{max(values):.4f})"

    import sklearn
    print(f"scikit-learn {sklearn.__version__}, pandas {pd.__version__}; seeds {', '.join(seeds)}.\n")
    print(f"| model | seeds | test AUC, mean (range) | F1 at 0.5 | F1 at the tuned threshold |")
    print("| --- | --- | --- | --- | --- |")
    for name, m in scores.items():
        print(f"| {name} | {len(m['auc'])} | {cell(m['auc'])} | {cell(m['f1'])} | {cell(m['f1_tuned'])} |")


if __name__ == "__main__":
    main()
