"""Peers on the monthly Australian retail panel (issue 10): statsforecast's AutoETS (its full
default search, damped and multiplicative forms included) and seasonal naive, on the protocol
of `DATASETS=aus ForecastBench`: the last 24 months of each of the 42 series held out, season
12, forecasts floored at 0; RMSSE scaled by the one-step naive MSE of the whole training part,
MASE by the 12-month seasonal naive MAE, sMAPE as 2|y−f|/(|y|+|f|); averaged over series.

Run: ../.venv/bin/python aus_peers.py [--tune]   (--tune: drop the last 24 months first)
"""
import os
import sys
import time

os.environ.setdefault("NUMBA_NUM_THREADS", "1")
import numpy as np
import pandas as pd
from statsforecast.models import AutoETS, SeasonalNaive

H, M = 24, 12
df = pd.read_csv("/work/shared/data/aus-retail-monthly/aus_retail_monthly_long.csv")
series = {k: g.sort_values("date")["value"].to_numpy(float) for k, g in df.groupby("item")}
if "--tune" in sys.argv:
    series = {k: v[:-H] for k, v in series.items()}


def scores(y, f, train):
    f = np.maximum(f, 0)
    rmsse = np.sqrt(np.mean((y - f) ** 2) / np.mean(np.diff(train) ** 2))
    mase = np.mean(np.abs(y - f)) / np.mean(np.abs(train[M:] - train[:-M]))
    d = np.abs(y) + np.abs(f)
    smape = np.mean(np.where(d > 0, 2 * np.abs(y - f) / np.where(d > 0, d, 1), 0))
    return rmsse, mase, smape


for name, make in [("SeasonalNaive", lambda: SeasonalNaive(season_length=M)),
                   ("AutoETS", lambda: AutoETS(season_length=M))]:
    t0 = time.perf_counter()
    rows = []
    for k, v in series.items():
        train, test = v[:-H], v[-H:]
        f = make().forecast(y=train, h=H)["mean"]
        rows.append(scores(test, f, train))
    r = np.mean(rows, axis=0)
    print(f"RESULT statsforecast aus{'_tune' if '--tune' in sys.argv else ''} {name} rmsse={r[0]:.4f} "
          f"mase={r[1]:.4f} smape={r[2]:.4f} seconds={time.perf_counter() - t0:.2f}")
