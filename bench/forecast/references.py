"""Reference values for Tests/ShopModelsTests/Forecasting*Tests.swift.

Run with a venv holding statsforecast, numpy and pandas:
    python3 -m venv /tmp/fvenv && /tmp/fvenv/bin/pip install statsforecast numpy pandas
    /tmp/fvenv/bin/python bench/forecast/references.py
Prints the series and expected values that the tests paste as literals.
"""
import numpy as np
from statsforecast.models import (ADIDA, AutoETS, CrostonClassic, Naive, SeasonalNaive,
                                  SimpleExponentialSmoothing, SimpleExponentialSmoothingOptimized,
                                  WindowAverage)

rng = np.random.default_rng(7)
# An intermittent weekly-seasonal count series (60 steps) and a smooth seasonal one (84 steps).
lam = 1.2 + np.sin(2 * np.pi * np.arange(60) / 7)
intermittent = rng.poisson(np.clip(lam, 0.05, None)).astype(float)
t = np.arange(84)
smooth = np.round(20 + 0.1 * t + 5 * np.sin(2 * np.pi * t / 7) + rng.normal(0, 1, 84), 2)

def lit(a):
    return "[" + ", ".join(repr(float(x)) for x in a) + "]"

print("intermittent =", lit(intermittent))
print("smooth =", lit(smooth))
h = 5
for name, model, y in [
    ("naive", Naive(), smooth),
    ("seasonal_naive", SeasonalNaive(season_length=7), smooth),
    ("window_average_7", WindowAverage(window_size=7), smooth),
    ("ses_0.3", SimpleExponentialSmoothing(alpha=0.3), smooth),
    ("ses_opt", SimpleExponentialSmoothingOptimized(), smooth),
    ("croston", CrostonClassic(), intermittent),
    ("adida", ADIDA(), intermittent),
]:
    out = model.forecast(y=y, h=h, level=[80, 95]) if name in ("naive", "seasonal_naive") else model.forecast(y=y, h=h)
    print(name, "mean", lit(out["mean"]))
    if "lo-80" in out:
        print(name, "lo-80", lit(out["lo-80"]), "hi-95", lit(out["hi-95"]))

for spec in ["ANN", "AAN", "ANA", "AAA"]:
    m = AutoETS(season_length=7, model=spec).fit(smooth)
    print("ets", spec, "mean", lit(m.predict(h=h)["mean"]), "aicc", m.model_["aicc"])
auto = AutoETS(season_length=7, model="ZZZ", damped=False).fit(smooth)
print("autoets chosen", auto.model_["method"], "mean", lit(auto.predict(h=h)["mean"]))

# The ETS(A,A,A) recursion with fixed parameters and initial states, in plain numpy.
def ets_aaa(y, m, a, b, g, l, tr, s):
    s = list(s); sse = 0.0
    for t, yt in enumerate(y):
        e = yt - (l + tr + s[t % m]); sse += e * e
        l = l + tr + a * e; tr = tr + b * e; s[t % m] = s[t % m] + g * e
    n = len(y)
    fc = [l + (k + 1) * tr + s[(n + k) % m] for k in range(h)]
    return sse, fc
s0 = [1.0, 2.0, 0.5, -1.0, -2.0, -0.5, 0.0]
sse, fc = ets_aaa(smooth, 7, 0.3, 0.05, 0.1, 20.0, 0.1, s0)
print("ets_aaa_fixed sse", repr(sse), "forecast", lit(fc))

# Metrics, by the formulas in docs/forecasting-core.md.
train = smooth[:70]; actual = smooth[70:84]; f = actual + rng.normal(0, 2, 14); f = np.round(f, 2)
print("forecast_for_metrics =", lit(f))
e = actual - f
print("mae", repr(np.mean(np.abs(e))))
print("rmse", repr(np.sqrt(np.mean(e ** 2))))
print("mase7", repr(np.mean(np.abs(e)) / np.mean(np.abs(train[7:] - train[:-7]))))
print("rmsse1", repr(np.sqrt(np.mean(e ** 2) / np.mean((train[1:] - train[:-1]) ** 2))))
print("smape", repr(np.mean(2 * np.abs(e) / (np.abs(actual) + np.abs(f)))))
print("wape", repr(np.sum(np.abs(e)) / np.sum(np.abs(actual))))
lo = f - 2; hi = f + 2
print("coverage", repr(np.mean((actual >= lo) & (actual <= hi))))
# RMSSE with the scale from the first non-zero training value (M5 rule).
tr0 = np.concatenate([[0.0, 0.0, 0.0], intermittent[:40]]); act0 = intermittent[40:54]; f0 = np.full(14, 1.1)
nz = tr0[np.nonzero(tr0)[0][0]:]
print("rmsse_first_nonzero", repr(np.sqrt(np.mean((act0 - f0) ** 2) / np.mean((nz[1:] - nz[:-1]) ** 2))))
print("rmsse_all", repr(np.sqrt(np.mean((act0 - f0) ** 2) / np.mean((tr0[1:] - tr0[:-1]) ** 2))))
