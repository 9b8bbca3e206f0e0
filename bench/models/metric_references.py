# Reference numbers pinned in Tests/ShopModelsTests/MetricsTests.swift.
# Run: bench/.venv/bin/python bench/models/metric_references.py
import numpy as np
from sklearn.metrics import (accuracy_score, confusion_matrix, f1_score, log_loss,
                             precision_score, recall_score, roc_auc_score)

rng = np.random.default_rng(7)
n = 40
labels = rng.random(n) < 0.35
# Scores rounded to one decimal so there are many ties, including across classes.
scores = np.round(np.clip(0.25 + 0.35 * labels + rng.normal(0, 0.25, n), 0.01, 0.99), 1)
print("labels =", [int(x) for x in labels])
print("scores =", [float(x) for x in scores])
pred = scores >= 0.5
print("auc", repr(roc_auc_score(labels, scores)))
print("logloss", repr(log_loss(labels, scores)))
print("accuracy", repr(accuracy_score(labels, pred)))
print("precision", repr(precision_score(labels, pred)))
print("recall", repr(recall_score(labels, pred)))
print("f1", repr(f1_score(labels, pred)))
print("confusion tn fp fn tp", confusion_matrix(labels, pred).ravel().tolist())
