"""Peer side of the ShopLab demand-forecasting benchmark (see PEERS.md).

Prints one line per result
    RESULT <peer> <dataset> <model> rmsse=<x> seconds=<t> seed=<s>
and a table at the end.  Single-threaded on purpose (the machine is shared with Swift builds).
"""
import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse
import sys
import time
import warnings

import numpy as np
import pandas as pd

import prepare

H = 28          # horizon = window length (days)
FOLDS = 4       # rolling-origin windows at the end of the data
SEASON = 7
LAGS = (7, 14, 28)
ROLL = (7, 28)  # rolling means over the last 7 / 28 days before the target day (i.e. of lag 1)


# ---------------------------------------------------------------- protocol
def to_matrix(d):
    """Long frame -> (series names, dates, Y[n_series, T], exog dict name -> [n_series, T])."""
    names = sorted(d["series"].unique())
    dates = pd.DatetimeIndex(sorted(d["date"].unique()))
    piv = lambda col: d.pivot(index="series", columns="date", values=col).loc[names, dates].to_numpy(float)
    Y = piv("y")
    ex = {c: piv(c) for c in d.columns if c not in ("series", "date", "y")}
    return names, dates, Y, ex


def folds(T, h=H, k=FOLDS):
    """Window k (1..K) covers days [T - h*(K-k+1), T - h*(K-k)); training = every day before it."""
    return [(T - h * (k - j + 1), T - h * (k - j)) for j in range(1, k + 1)]


def rmsse(y, yhat, train, first_sale=False):
    """Per series: sqrt(mean((y - yhat)^2) / mean(diff(train)^2)); NaN where the scale is 0.

    first_sale=True is the M5-competition variant (NOT the benchmark protocol): the scale only
    uses the training part from the series' first non-zero value on (leading zeros dropped)."""
    num = np.mean((y - yhat) ** 2, axis=1)
    if first_sale:
        den = np.array([np.mean(np.diff(s[np.argmax(s > 0):]) ** 2) if (s > 0).sum() > 1 else 0.0
                        for s in train])
    else:
        den = np.mean(np.diff(train, axis=1) ** 2, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, np.sqrt(num / np.where(den > 0, den, 1)), np.nan)


def evaluate(forecaster, Y, ex, dates, h=H, k=FOLDS):
    """forecaster(Ytrain, ex, dates, origin, h) -> [n, h].
    Returns (score, (wall, cpu) seconds, skipped (fold, series) pairs, score with the first-sale scale)."""
    per_fold, alt, secs, cpu, skipped = [], [], 0.0, 0.0, []
    for j, (a, b) in enumerate(folds(Y.shape[1], h, k), 1):
        t0, c0 = time.perf_counter(), time.process_time()
        f = forecaster(Y[:, :a], ex, dates, a, h)
        secs += time.perf_counter() - t0
        cpu += time.process_time() - c0
        f = np.maximum(np.asarray(f, float), 0.0)
        s = rmsse(Y[:, a:b], f, Y[:, :a])
        skipped += [(j, i) for i in np.flatnonzero(np.isnan(s))]
        per_fold.append(np.nanmean(s))
        alt.append(np.nanmean(rmsse(Y[:, a:b], f, Y[:, :a], first_sale=True)))
    return float(np.mean(per_fold)), (secs, cpu), skipped, float(np.mean(alt))


# ---------------------------------------------------------------- statsforecast peers
def sf_forecaster(model_factory, freq):
    from statsforecast import StatsForecast

    def fc(Ytr, ex, dates, origin, h):
        n, t = Ytr.shape
        df = pd.DataFrame({"unique_id": np.repeat(np.arange(n), t),
                           "ds": np.tile(dates[:t], n), "y": Ytr.ravel()})
        sf = StatsForecast(models=[model_factory()], freq=freq, n_jobs=1)
        out = sf.forecast(df=df, h=h)
        col = [c for c in out.columns if c not in ("unique_id", "ds")][0]
        out = out.sort_values(["unique_id", "ds"])
        return out[col].to_numpy().reshape(n, h)
    return fc


# ---------------------------------------------------------------- LightGBM (recursive)
def lgb_features(Y, ex, dates, t_from, t_to):
    """Feature rows for days t in [t_from, t_to) of every series; Y may hold forecasts past the origin."""
    n = Y.shape[0]
    cols = {}
    for L in LAGS:
        cols[f"lag{L}"] = Y[:, t_from - L:t_to - L]
    c = np.concatenate([np.zeros((n, 1)), np.cumsum(Y, axis=1)], axis=1)   # c[:, t] = sum Y[:, :t]
    for w in ROLL:
        idx = np.arange(t_from, t_to)
        cols[f"rmean{w}"] = (c[:, idx] - c[:, idx - w]) / w                   # mean of Y[t-w .. t-1]
    d = dates[t_from:t_to]
    cols["dow"] = np.tile(d.dayofweek.to_numpy(), (n, 1))
    cols["month"] = np.tile(d.month.to_numpy(), (n, 1))
    for name, m in ex.items():
        cols[name] = m[:, t_from:t_to]
    return pd.DataFrame({k: v.ravel() for k, v in cols.items()})


def lgb_forecaster(seed, rounds):
    import lightgbm as lgb
    params = dict(objective="tweedie", tweedie_variance_power=1.5, learning_rate=0.05,
                  num_leaves=31, min_data_in_leaf=20, feature_fraction=0.9,
                  bagging_fraction=0.9, bagging_freq=1, num_threads=1, seed=seed,
                  deterministic=True, force_row_wise=True, verbose=-1)

    def fc(Ytr, ex, dates, origin, h):
        n, t = Ytr.shape
        start = max(LAGS + ROLL)
        X = lgb_features(Ytr, ex, dates, start, t)
        y = Ytr[:, start:t].ravel()
        booster = lgb.train(params, lgb.Dataset(X, y, categorical_feature=["dow", "month"]),
                            num_boost_round=rounds)
        Yext = np.concatenate([Ytr, np.zeros((n, h))], axis=1)
        for s in range(h):                     # recursive: day origin+s uses forecasts of earlier days
            x = lgb_features(Yext, ex, dates, t + s, t + s + 1)
            Yext[:, t + s] = np.maximum(booster.predict(x), 0.0)
        return Yext[:, t:]
    return fc


# ---------------------------------------------------------------- LSTM "as designed"
def lstm_forecaster(seed, epochs, window=28, hidden=32, lr=1e-3, batch=64):
    import torch
    torch.set_num_threads(1)

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = torch.nn.LSTM(1, hidden, num_layers=1, batch_first=True)
            self.out = torch.nn.Linear(hidden, 1)

        def forward(self, x):                  # x: [B, window, 1]
            _, (hN, _) = self.lstm(x)
            return self.out(hN[-1]).squeeze(-1)

    train_secs = []

    def fc(Ytr, ex, dates, origin, h):
        t0, c0 = time.perf_counter(), time.process_time()
        n, t = Ytr.shape
        mean = Ytr.mean(axis=1, keepdims=True)
        scale = np.where(mean > 0, mean, 1.0)
        S = (Ytr / scale).astype(np.float32)
        # every (series, end) window of the training part: x = S[i, e-window:e], target S[i, e]
        win = np.lib.stride_tricks.sliding_window_view(S, window + 1, axis=1)  # [n, t-window, window+1]
        win = win.reshape(-1, window + 1)
        X = torch.from_numpy(np.ascontiguousarray(win[:, :window]))[:, :, None]
        y = torch.from_numpy(np.ascontiguousarray(win[:, window]))
        torch.manual_seed(seed)
        net = Net()
        opt = torch.optim.Adam(net.parameters(), lr=lr)
        g = torch.Generator().manual_seed(seed)
        lossf = torch.nn.MSELoss()
        net.train()
        for _ in range(epochs):
            perm = torch.randperm(len(y), generator=g)
            for i in range(0, len(y), batch):
                b = perm[i:i + batch]
                opt.zero_grad()
                loss = lossf(net(X[b]), y[b])
                loss.backward()
                opt.step()
        train_secs.append((time.perf_counter() - t0, time.process_time() - c0))
        net.eval()
        hist = torch.from_numpy(S[:, -window:].copy())
        out = np.zeros((n, h))
        with torch.no_grad():                  # recursive: each step's (floored) forecast is fed back
            for s in range(h):
                p = torch.clamp(net(hist[:, :, None]), min=0.0)
                out[:, s] = p.numpy()
                hist = torch.cat([hist[:, 1:], p[:, None]], dim=1)
        return out * scale
    fc.train_secs = train_secs
    return fc


# ---------------------------------------------------------------- driver
ALL_MODELS = ["SeasonalNaive", "AutoETS", "ADIDA", "CrostonClassic", "LightGBM-Tweedie", "LSTM"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--datasets", default="m5,retail,aus", help="comma list of m5,retail,aus")
    ap.add_argument("--models", default=",".join(ALL_MODELS), help="comma list of " + ",".join(ALL_MODELS))
    ap.add_argument("--epochs", type=int, default=20, help="LSTM epochs per fit (default 20)")
    ap.add_argument("--seeds", default="0,1,2", help="LSTM seeds (default 0,1,2)")
    ap.add_argument("--lgb-rounds", type=int, default=300, help="LightGBM boosting rounds")
    ap.add_argument("--lgb-seed", type=int, default=0)
    ap.add_argument("--dump", metavar="DIR", help="write DIR/<dataset>.csv (series,date,y[,exog]) and continue")
    ap.add_argument("--dump-only", action="store_true", help="with --dump: write the CSVs and stop")
    a = ap.parse_args()
    warnings.filterwarnings("ignore")
    datasets = [d for d in a.datasets.split(",") if d]
    models = [m for m in a.models.split(",") if m]
    seeds = [int(s) for s in a.seeds.split(",") if s]
    for m in models:
        if m not in ALL_MODELS:
            ap.error(f"unknown model {m}")

    frames = {d: prepare.LOADERS[d]() for d in datasets}
    if a.dump:
        prepare.dump(a.dump, frames)
        if a.dump_only:
            return

    from statsforecast.models import ADIDA, AutoETS, CrostonClassic, SeasonalNaive
    import lightgbm, statsforecast, torch
    print(f"# python {sys.version.split()[0]} numpy {np.__version__} pandas {pd.__version__} "
          f"statsforecast {statsforecast.__version__} lightgbm {lightgbm.__version__} torch {torch.__version__}")

    rows = []

    def report(peer, ds, model, score, secs, seed, alt, notes=""):
        print(f"RESULT {peer} {ds} {model} rmsse={score:.4f} seconds={secs[0]:.2f} seed={seed}", flush=True)
        rows.append((ds, model, peer, seed, score, secs, alt, notes))

    for ds in datasets:
        names, dates, Y, ex = to_matrix(frames[ds])
        if ds == "aus":       # monthly: one origin, last 24 months held out, period 12, ETS vs seasonal naive
            h, k, period, freq = 24, 1, 12, "MS"
            plan = [("SeasonalNaive", lambda: SeasonalNaive(season_length=period)),
                    ("AutoETS", lambda: AutoETS(season_length=period))]
            plan = [p for p in plan if p[0] in models]
        else:
            h, k, period, freq = H, FOLDS, SEASON, "D"
            plan = [("SeasonalNaive", lambda: SeasonalNaive(season_length=period)),
                    ("AutoETS", lambda: AutoETS(season_length=period)),
                    ("ADIDA", lambda: ADIDA()),
                    ("CrostonClassic", lambda: CrostonClassic())]
            plan = [p for p in plan if p[0] in models]
        print(f"# {ds}: {len(names)} series x {Y.shape[1]} periods, {dates[0].date()} .. {dates[-1].date()}, "
              f"windows {[(str(dates[x].date()), str(dates[y - 1].date())) for x, y in folds(Y.shape[1], h, k)]}, "
              f"exog {list(ex) or 'none'}", flush=True)

        def note(skipped):
            if not skipped:
                return ""
            return "skipped (fold,series) with zero scale: " + ", ".join(f"({j},{names[i]})" for j, i in skipped)

        for name, factory in plan:
            score, secs, sk, alt = evaluate(sf_forecaster(factory, freq), Y, ex, dates, h, k)
            report("statsforecast", ds, name, score, secs, "-", alt, note(sk))
        if ds == "aus":
            continue
        if "LightGBM-Tweedie" in models:
            score, secs, sk, alt = evaluate(lgb_forecaster(a.lgb_seed, a.lgb_rounds), Y, ex, dates, h, k)
            report("lightgbm", ds, "LightGBM-Tweedie", score, secs, a.lgb_seed, alt, note(sk))
        if "LSTM" in models:
            sc, tr, al = [], [], []
            for seed in seeds:
                fc = lstm_forecaster(seed, a.epochs)
                score, _, sk, alt = evaluate(fc, Y, ex, dates, h, k)
                secs = tuple(map(sum, zip(*fc.train_secs)))   # training only (wall, cpu), summed over the 4 refits
                report("torch", ds, "LSTM", score, secs, seed, alt, note(sk))
                sc.append(score); tr.append(secs); al.append(alt)
            if len(seeds) > 1:
                report("torch", ds, "LSTM", float(np.mean(sc)), tuple(np.mean(tr, axis=0)), "mean", float(np.mean(al)),
                       f"sd {np.std(sc, ddof=1):.4f} over seeds {a.seeds}")

    print()
    hdr = ("dataset", "model", "peer", "seed", "RMSSE", "seconds", "cpu s", "RMSSE(first-sale scale)")
    cells = [(r[0], r[1], r[2], str(r[3]), f"{r[4]:.4f}", f"{r[5][0]:.2f}", f"{r[5][1]:.2f}", f"{r[6]:.4f}")
             for r in rows]
    w = [max(len(x) for x in col) for col in zip(hdr, *cells)]
    fmt = lambda vals: "  ".join(v.ljust(n) if i < 4 else v.rjust(n) for i, (v, n) in enumerate(zip(vals, w)))
    print(fmt(hdr))
    print("  ".join("-" * n for n in w))
    for c, r in zip(cells, rows):
        print(fmt(c) + (f"   # {r[7]}" if r[7] else ""))
    print("seconds = wall time of the 4 fits + forecasts (LSTM: training only, per seed, summed over the 4 fits);"
          " cpu s = process CPU time of the same (less sensitive to other load on the machine).")
    print("RMSSE = benchmark protocol (scale over the whole training part of each fold); the last column"
          " is the M5-competition variant (scale from each series' first non-zero day), for comparison only.")

if __name__ == "__main__":
    main()
