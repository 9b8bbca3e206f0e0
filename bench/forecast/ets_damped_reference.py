"""Reference values for ShopLab's damped-trend ETS (AAdA, MAdA), from statsforecast.

Run with the bench venv: ../.venv/bin/python ets_damped_reference.py
Prints (1) statsforecast's own recursion (`pegelsresid_C`, its C++ `_ets.calc`) from fixed
parameters and initial states, and the forecasts from the final state (`etsforecast`), on the
first 120 months of series V10 of the Australian retail panel; (2) the fitted AAdA and MAdA
models (`ets_f`) and their 12-month forecasts. Tests/ShopModelsTests/ETSDampedTests.swift pins
these numbers.
"""
import numpy as np
import pandas as pd
from statsforecast.ets import pegelsresid_C, etsforecast, ets_f, forecast_ets, switch

df = pd.read_csv("/work/shared/data/aus-retail-monthly/aus_retail_monthly_long.csv")
y = df[df["item"] == "V10"]["value"].to_numpy(dtype=np.float64)[:120]
m = 12
alpha, beta, gamma, phi = 0.3, 0.05, 0.1, 0.9
l0, b0 = 40.0, 0.5
# ShopLab keeps seasonal states oldest first (s_{1-m} … s_0); statsforecast newest first.
season_oldest_first = np.array([-3, -4, -2, -1, 0, 1, -1, 0, 1, 2, 1, 10], dtype=np.float64)
season_oldest_first -= season_oldest_first.mean()
init = np.concatenate([[l0, b0], season_oldest_first[::-1]])
np.set_printoptions(precision=12, suppress=False)
print("y[:5]", y[:5], "n", len(y))
print("season (oldest first)", list(season_oldest_first))
for err in ["A", "M"]:
    amse, e, x, lik = pegelsresid_C(y, m, init, err, "A", "A", True, alpha, beta, gamma, phi, 3)
    f = np.zeros(12)
    etsforecast(x[-1], m, switch("A"), switch("A"), phi, 12, f)
    print(f"{err}AdA fixed: lik={lik!r} sse_e={float(np.sum(e**2))!r} e[0]={e[0]!r} e[-1]={e[-1]!r}")
    print(f"{err}AdA fixed: final level={x[-1][0]!r} trend={x[-1][1]!r}")
    print(f"{err}AdA fixed: forecast={[float(v) for v in f]}")
for model in ["AAA", "MAA"]:
    fit = ets_f(y, m, model=model, damped=True)
    fc = forecast_ets(fit, 12)["mean"]
    p = fit["par"]
    print(f"{model[0]}AdA fitted: alpha={p[0]:.5f} beta={p[1]:.5f} gamma={p[2]:.5f} phi={p[3]:.5f} aicc={fit['aicc']:.4f}")
    print(f"{model[0]}AdA fitted: forecast={[round(float(v), 4) for v in fc]}")
