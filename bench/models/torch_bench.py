"""PyTorch CPU peer of ModelsBench: same data files, architecture, epochs, batch and lr.

Reads the arrays ModelsBench wrote to OUTDIR (so both sides train on identical rows) and
prints RESULT lines in the same format. Single-threaded, as the issue asks.
usage: torch_bench.py shoppers OUTDIR EPOCHS BATCH LR | movielens OUTDIR EPOCHS BATCH LR DIM
"""
import sys
import time

import numpy as np
import torch
from sklearn.metrics import f1_score, roc_auc_score

torch.set_num_threads(1)
torch.manual_seed(5)


def load(out, name):
    return np.fromfile(f"{out}/{name}.f32", dtype="<f4")


def shoppers(out, epochs, batch, lr):
    ytr = torch.tensor(load(out, "shoppers_ytrain"))
    yte = load(out, "shoppers_ytest")
    xtr = torch.tensor(load(out, "shoppers_xtrain")).reshape(len(ytr), -1)
    xte = torch.tensor(load(out, "shoppers_xtest")).reshape(len(yte), -1)
    f = xtr.shape[1]
    for arch in ["logistic", "mlp"]:
        if arch == "logistic":
            net = torch.nn.Linear(f, 1)
        else:
            net = torch.nn.Sequential(torch.nn.Linear(f, 32), torch.nn.ReLU(), torch.nn.Linear(32, 16),
                                      torch.nn.ReLU(), torch.nn.Linear(16, 1))
        opt = torch.optim.Adam(net.parameters(), lr=lr)
        lossf = torch.nn.BCEWithLogitsLoss()
        g = torch.Generator().manual_seed(5)
        start = time.perf_counter()
        for _ in range(epochs):
            perm = torch.randperm(len(ytr), generator=g)
            for b in range(0, len(ytr), batch):
                idx = perm[b:b + batch]
                opt.zero_grad()
                loss = lossf(net(xtr[idx]).squeeze(1), ytr[idx])
                loss.backward()
                opt.step()
        seconds = time.perf_counter() - start
        with torch.no_grad():
            p = torch.sigmoid(net(xte).squeeze(1)).numpy()
        print(f"RESULT torch shoppers {arch} seconds={seconds:.3f} auc={roc_auc_score(yte, p):.4f} "
              f"f1={f1_score(yte, p >= 0.5):.4f}")


class GMF(torch.nn.Module):
    def __init__(self, users, items, dim, sparse=False):
        super().__init__()
        self.u = torch.nn.Embedding(users, dim, sparse=sparse)
        self.i = torch.nn.Embedding(items, dim, sparse=sparse)
        self.bu = torch.nn.Embedding(users, 1, sparse=sparse)
        self.bi = torch.nn.Embedding(items, 1, sparse=sparse)
        for e in (self.u, self.i):
            torch.nn.init.normal_(e.weight, std=0.01)
        for e in (self.bu, self.bi):
            torch.nn.init.zeros_(e.weight)

    def forward(self, u, i):
        return (self.u(u) * self.i(i)).sum(1) + self.bu(u).squeeze(1) + self.bi(i).squeeze(1)


def movielens(out, epochs, batch, lr, dim, optimizer="adam"):
    """optimizer "adam": dense Adam on ordinary embeddings (PyTorch's default); "sparseadam":
    sparse embeddings with SparseAdam, which like ShopLab's lazy Adam updates only the rows a
    batch touched."""
    tu = load(out, "ml_train_users").astype(np.int64)
    ti = load(out, "ml_train_items").astype(np.int64)
    vu = torch.tensor(load(out, "ml_val_users").astype(np.int64))
    vi = torch.tensor(load(out, "ml_val_items").astype(np.int64))
    vl = load(out, "ml_val_labels")
    users, items = 943, 1682
    seen = np.zeros((users, items), dtype=bool)
    seen[tu, ti] = True
    sparse = optimizer == "sparseadam"
    model = GMF(users, items, dim, sparse=sparse)
    opt = (torch.optim.SparseAdam if sparse else torch.optim.Adam)(model.parameters(), lr=lr)
    lossf = torch.nn.BCEWithLogitsLoss()
    rng = np.random.default_rng(1)
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        # 4 negatives per positive, uniformly among unseen items (rejection, vectorised).
        nu = np.repeat(tu, 4)
        ni = rng.integers(0, items, len(nu))
        bad = seen[nu, ni]
        while bad.any():
            ni[bad] = rng.integers(0, items, bad.sum())
            bad = seen[nu, ni]
        u = torch.tensor(np.concatenate([tu, nu]))
        i = torch.tensor(np.concatenate([ti, ni]))
        y = torch.cat([torch.ones(len(tu)), torch.zeros(len(nu))])
        perm = torch.randperm(len(y))
        for b in range(0, len(y), batch):
            idx = perm[b:b + batch]
            opt.zero_grad()
            loss = lossf(model(u[idx], i[idx]), y[idx])
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - start)
    with torch.no_grad():
        p = torch.sigmoid(model(vu, vi)).numpy()
    arch = "gmf-sparseadam" if sparse else "gmf"
    print(f"RESULT torch movielens {arch} epoch_seconds={np.mean(times):.3f} auc={roc_auc_score(vl, p):.4f} "
          f"last_loss={loss.item():.4f}")


if __name__ == "__main__":
    a = sys.argv
    if a[1] == "shoppers":
        shoppers(a[2], int(a[3]), int(a[4]), float(a[5]))
    else:
        movielens(a[2], int(a[3]), int(a[4]), float(a[5]), int(a[6]), a[7] if len(a) > 7 else "adam")
