"""Train and evaluate the peer recommenders on a split written by splits.py.

    python peers.py SPLITDIR [--seed 2026] [--seeds 3] [--peers popularity,bpr,...]

Full ranking, K = 10: every catalogue item (all items in the split files) the user did not have in
train.csv is a candidate (items only in valid.csv stay candidates); ranked by score descending,
ties by item id ascending. Metrics per user with >= 1 test item, then averaged over those users.
Hyperparameters (ALS alpha/reg, EASE lambda, MF epochs) are chosen on valid.csv: for loo the model
is fitted on train_fit.csv and ranked against valid.csv, for rs811 fitted on train.csv. The fit of
record is on train.csv (loo: MF retrained for the best epoch count; rs811: MF keeps the weights of
its best valid epoch). Random models (bpr, als, mf) run for seeds seed, seed+1, ...
"""
import os

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse
import copy
import time

import numpy as np
import pandas as pd
import scipy.sparse as sp
import torch
from implicit.cpu.als import AlternatingLeastSquares
from implicit.cpu.bpr import BayesianPersonalizedRanking

torch.set_num_threads(1)
K = 10
METRICS = ["ndcg10", "hr10", "recall10", "precision10", "mrr", "coverage"]


# ---------------------------------------------------------------- data and metrics

class Data:
    def __init__(self, splitdir):
        parts = {f[:-4]: pd.read_csv(os.path.join(splitdir, f)) for f in os.listdir(splitdir) if f.endswith(".csv")}
        self.split = "loo" if "train_fit" in parts else "rs811"
        allrows = pd.concat(parts.values())
        self.users = np.sort(allrows["user"].unique())
        self.items = np.sort(allrows["item"].unique())  # index order = id order (the tie rule)
        self.m = {name: self.matrix(df) for name, df in parts.items()}

    def matrix(self, df):
        u = np.searchsorted(self.users, df["user"].to_numpy())
        i = np.searchsorted(self.items, df["item"].to_numpy())
        x = sp.csr_matrix((np.ones(len(df), np.float32), (u, i)), shape=(len(self.users), len(self.items)))
        x.data[:] = 1.0  # repeated pairs count once
        return x

    def tuning(self):
        """(fit matrix, truth) for choosing hyperparameters on valid."""
        return (self.m["train_fit"] if self.split == "loo" else self.m["train"]), self.m["valid"]


def evaluate(scores, seen, truth, k=K):
    """Full-ranking metrics; `seen` items are not candidates. Ties: lower item index first."""
    users = np.flatnonzero(np.diff(truth.indptr))
    s = np.asarray(scores, dtype=np.float64)[users]
    s[seen[users].nonzero()] = -np.inf
    order = np.argsort(-s, axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.broadcast_to(np.arange(s.shape[1]), s.shape), axis=1)
    disc = 1.0 / np.log2(np.arange(2, k + 2))
    out = {m: 0.0 for m in METRICS}
    for row, u in enumerate(users):
        r = rank[row, truth.indices[truth.indptr[u]:truth.indptr[u + 1]]]
        hits = r[r < k]
        out["hr10"] += len(hits) > 0
        out["recall10"] += len(hits) / len(r)
        out["precision10"] += len(hits) / k
        out["ndcg10"] += disc[hits].sum() / disc[:min(len(r), k)].sum()
        out["mrr"] += 1.0 / (r.min() + 1)
    out = {m: v / len(users) for m, v in out.items()}
    out["coverage"] = len(np.unique(order[:, :k])) / s.shape[1]
    return out


# ---------------------------------------------------------------- models: fit(X, seed, **hp) -> score matrix

def popularity(x, seed):
    counts = np.asarray(x.sum(0)).ravel()
    return lambda: np.broadcast_to(counts, x.shape)


def bpr(x, seed):
    m = BayesianPersonalizedRanking(factors=64, learning_rate=0.01, regularization=0.01, iterations=100,
                                    num_threads=1, random_state=seed)
    m.fit(x, show_progress=False)
    return lambda: m.user_factors @ m.item_factors.T


def als(x, seed, alpha=1.0, reg=0.01):
    m = AlternatingLeastSquares(factors=64, regularization=reg, alpha=alpha, iterations=15,
                                num_threads=1, random_state=seed)
    m.fit(x, show_progress=False)
    return lambda: m.user_factors @ m.item_factors.T


def ease(x, seed, lam=500.0):
    g = (x.T @ x).toarray().astype(np.float64)
    g[np.diag_indices_from(g)] += lam
    p = np.linalg.inv(g)
    b = p / -np.diag(p)
    b[np.diag_indices_from(b)] = 0.0
    return lambda: x @ b


def itemknn(x, seed, k=100, shrink=10.0):
    co = (x.T @ x).toarray().astype(np.float64)
    norm = np.sqrt(np.diag(co))
    sim = co / (np.outer(norm, norm) + shrink)
    np.fill_diagonal(sim, 0.0)
    drop = np.argpartition(-sim, k, axis=0)[k:]  # per column j keep its k most similar items
    np.put_along_axis(sim, drop, 0.0, axis=0)
    return lambda: x @ sim


class MF(torch.nn.Module):
    """logit = p_u . q_i + b_u + b_i (score = sigmoid of it; ranking uses the logit)."""

    def __init__(self, users, items, dim, sparse):
        super().__init__()
        self.p = torch.nn.Embedding(users, dim, sparse=sparse)
        self.q = torch.nn.Embedding(items, dim, sparse=sparse)
        self.bu = torch.nn.Embedding(users, 1, sparse=sparse)
        self.bi = torch.nn.Embedding(items, 1, sparse=sparse)
        for e in (self.p, self.q):
            torch.nn.init.normal_(e.weight, std=0.01)
        for e in (self.bu, self.bi):
            torch.nn.init.zeros_(e.weight)

    def forward(self, u, i):
        return (self.p(u) * self.q(i)).sum(1) + self.bu(u).squeeze(1) + self.bi(i).squeeze(1)

    def scores(self):
        with torch.no_grad():
            return (self.p.weight @ self.q.weight.T + self.bu.weight + self.bi.weight.T).numpy()


def mf(x, seed, epochs=20, sparse=False, valid=None, patience=3, dim=32, lr=0.003, batch=256, negatives=4):
    """BCE with `negatives` uniform unseen items per positive, redrawn every epoch. With `valid` =
    (seen, truth): early stopping on valid HR@10, keeps the best epoch's weights."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    tu, ti = x.nonzero()
    seen = x.toarray().astype(bool)
    model = MF(*x.shape, dim, sparse)
    opt = (torch.optim.SparseAdam if sparse else torch.optim.Adam)(model.parameters(), lr=lr)
    lossf = torch.nn.BCEWithLogitsLoss()
    best, best_epoch, bad, seconds = -1.0, 0, 0, 0.0
    for epoch in range(1, epochs + 1):
        model.epochs_run = epoch
        start = time.perf_counter()
        nu = np.repeat(tu, negatives)
        ni = rng.integers(0, x.shape[1], len(nu))
        redo = seen[nu, ni]
        while redo.any():
            ni[redo] = rng.integers(0, x.shape[1], redo.sum())
            redo = seen[nu, ni]
        u = torch.from_numpy(np.concatenate([tu, nu]).astype(np.int64))
        i = torch.from_numpy(np.concatenate([ti, ni]).astype(np.int64))
        y = torch.cat([torch.ones(len(tu)), torch.zeros(len(nu))])
        perm = torch.randperm(len(y))
        for b in range(0, len(y), batch):
            idx = perm[b:b + batch]
            opt.zero_grad()
            lossf(model(u[idx], i[idx]), y[idx]).backward()
            opt.step()
        seconds += time.perf_counter() - start
        if valid is None:
            continue
        hr = evaluate(model.scores(), *valid)["hr10"]
        if hr > best:
            best, best_epoch, bad, state = hr, epoch, 0, copy.deepcopy(model.state_dict())
        else:
            bad += 1
            if bad >= patience:
                break
    if valid is None:
        best_epoch = epochs
    else:
        model.load_state_dict(state)
    model.best_epoch, model.fit_seconds = best_epoch, seconds
    return model


# ---------------------------------------------------------------- driver

def timed(fit, *args, **kw):
    start = time.perf_counter()
    score = fit(*args, **kw)
    return score, time.perf_counter() - start


def tune(data, name, fit, grid, seed):
    xfit, truth = data.tuning()
    best = None
    for hp in grid:
        ndcg = evaluate(fit(xfit, seed, **hp)(), xfit, truth)["ndcg10"]
        print(f"TUNE peer={name} split={data.split} {' '.join(f'{k}={v}' for k, v in hp.items())} valid_ndcg10={ndcg:.4f}",
              flush=True)
        if best is None or ndcg > best[0]:
            best = (ndcg, hp)
    print(f"TUNED peer={name} split={data.split} {best[1]} valid_ndcg10={best[0]:.4f}", flush=True)
    return best[1]


def run_mf(data, seed, sparse, excluded):
    xtrain, test = data.m["train"], data.m["test"]
    if data.split == "loo":  # choose the epoch count on (train_fit, valid), refit on train.csv
        xfit, valid = data.tuning()
        epochs = mf(xfit, seed, sparse=sparse, valid=(xfit, valid)).best_epoch
        model = mf(xtrain, seed, epochs=epochs, sparse=sparse)
    else:
        model = mf(xtrain, seed, sparse=sparse, valid=(xtrain, data.m["valid"]))
    extra = f" epochs={model.best_epoch} epoch_seconds={model.fit_seconds / model.epochs_run:.3f}"
    return evaluate(model.scores(), excluded, test), model.fit_seconds, extra


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("splitdir")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--peers", default="popularity,itemknn,ease,bpr,als,als_tuned,mf_adam,mf_sparseadam")
    ap.add_argument("--split-name", default=None, help="label for the RESULT lines (default: loo or rs811)")
    ap.add_argument("--keep-seen", action="store_true",
                    help="diagnostic: train items stay candidates in the test ranking (not the protocol)")
    a = ap.parse_args()
    data = Data(a.splitdir)
    if a.split_name:
        data.split_label = a.split_name
    seeds = [a.seed + s for s in range(a.seeds)]
    xtrain, test = data.m["train"], data.m["test"]
    # RecBole's test protocol: the user's validation items are known history at test time, so
    # they are not candidates either (with loo they are already inside train.csv).
    known = xtrain if data.split == "loo" else (xtrain + data.m["valid"]).sign()
    excluded = sp.csr_matrix(xtrain.shape, dtype=np.float32) if a.keep_seen else known
    print(f"keep_seen={a.keep_seen} split={data.split} users={len(data.users)} items={len(data.items)} train={xtrain.nnz} "
          f"test={test.nnz} test_users={np.count_nonzero(np.diff(test.indptr))}", flush=True)
    plain = {"popularity": popularity, "itemknn": itemknn, "bpr": bpr, "als": als}
    random = {"bpr", "als", "als_tuned", "mf_adam", "mf_sparseadam"}
    rows = {}
    for name in a.peers.split(","):
        runs = []
        for seed in (seeds if name in random else [None]):
            extra = ""
            if name.startswith("mf_"):
                res, secs, extra = run_mf(data, seed, name == "mf_sparseadam", excluded)
            else:
                if name == "ease":
                    fit, hp = ease, tune(data, "ease", ease, [{"lam": l} for l in (100.0, 200.0, 500.0, 1000.0)], None)
                elif name == "als_tuned":
                    if not runs:
                        grid = [{"alpha": al, "reg": r} for al in (1.0, 2.0, 5.0, 10.0, 20.0, 40.0)
                                for r in (0.01, 0.1, 1.0, 10.0, 30.0, 100.0, 300.0)]
                        als_hp = tune(data, "als", als, grid, seeds[0])
                    fit, hp = als, als_hp
                else:
                    fit, hp = plain[name], {}
                score, secs = timed(fit, xtrain, seed, **hp)
                res = evaluate(score(), excluded, test)
                extra = "".join(f" {k}={v}" for k, v in hp.items())
            runs.append((res, secs))
            print(f"RESULT peer={name} split={getattr(data, 'split_label', data.split)} " + " ".join(f"{m}={res[m]:.4f}" for m in METRICS)
                  + f" fit_seconds={secs:.3f} seed={'-' if seed is None else seed}{extra}", flush=True)
        rows[name] = runs
    print("\n| peer | split | seeds | " + " | ".join(METRICS) + " | fit s |")
    print("|---" * (len(METRICS) + 4) + "|")
    for name, runs in rows.items():
        cells = []
        for m in METRICS:
            v = np.array([r[0][m] for r in runs])
            cells.append(f"{v.mean():.4f}" + (f" ± {v.std(ddof=1):.4f}" if len(v) > 1 else ""))
        secs = np.array([r[1] for r in runs])
        print(f"| {name} | {data.split} | {len(runs)} | " + " | ".join(cells) + f" | {secs.mean():.2f} |")


if __name__ == "__main__":
    main()
