"""Write the MovieLens 100K splits as CSV (user,item,rating,timestamp with a header).

    python splits.py loo   OUTDIR [--data u.data]
    python splits.py rs811 OUTDIR [--data u.data] [--seed 2026]

loo   leave-last-out by time. Per user with >= 2 interactions the largest timestamp is test
      (ties: the later row in the file); the rest is train.csv. valid.csv is the same rule applied
      once more to the train part (for early stopping / tuning), train_fit.csv = train - valid.
      Users with one interaction keep it in train (and train_fit).
rs811 RecBole's random 80/10/10 ratio split per user: all rows permuted once with
      numpy.random.default_rng(seed), then grouped by user keeping that order; per user of n rows
      n_valid = int(0.1 n), n_test = int(0.1 n), n_train = the rest (RecBole's
      Dataset._calcu_split_ids: every part but the first rounds down; a part whose share of n is
      in (0, 1) gets one row while train keeps more than one - never fires on ML-100K, n >= 20).
Output rows keep file order within each part (rs811: the permuted order).
"""
import argparse
import os

import numpy as np
import pandas as pd

COLS = ["user", "item", "rating", "timestamp"]


def load(path):
    return pd.read_csv(path, sep="\t", names=COLS, dtype="int64")


def last_per_user(df):
    """Boolean mask: each user's row with the largest timestamp (ties: the later row), users with >= 2 rows."""
    pos = np.arange(len(df))
    order = np.lexsort((pos, df["timestamp"].to_numpy(), df["user"].to_numpy()))
    users = df["user"].to_numpy()[order]
    is_last = np.r_[users[1:] != users[:-1], True]
    counts = df["user"].map(df["user"].value_counts()).to_numpy()[order]
    mask = np.zeros(len(df), dtype=bool)
    mask[order[is_last & (counts >= 2)]] = True
    return mask


def loo(df):
    test = last_per_user(df)
    train = df[~test]
    valid = last_per_user(train)
    return {"train": train, "test": df[test], "valid": train[valid], "train_fit": train[~valid]}


def recbole_counts(n, ratios=(0.8, 0.1, 0.1)):
    cnt = [int(r * n) for r in ratios]
    cnt[0] = n - sum(cnt[1:])
    for i in range(1, len(ratios)):
        if cnt[0] <= 1:
            break
        if 0 < ratios[-i] * n < 1:
            cnt[-i] += 1
            cnt[0] -= 1
    return cnt


def rs811(df, seed):
    df = df.iloc[np.random.default_rng(seed).permutation(len(df))]
    part = np.empty(len(df), dtype=np.int8)
    users = df["user"].to_numpy()
    for idx in pd.Series(np.arange(len(df))).groupby(users, sort=False).indices.values():
        n_train, n_valid, n_test = recbole_counts(len(idx))
        part[idx] = np.repeat([0, 1, 2], [n_train, n_valid, n_test])
    return {name: df[part == k] for k, name in enumerate(["train", "valid", "test"])}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("split", choices=["loo", "rs811"])
    ap.add_argument("outdir")
    ap.add_argument("--data", default="/work/shared/data/movielens-100k/u.data")
    ap.add_argument("--seed", type=int, default=2026)
    a = ap.parse_args()
    df = load(a.data)
    parts = loo(df) if a.split == "loo" else rs811(df, a.seed)
    os.makedirs(a.outdir, exist_ok=True)
    for name, part in parts.items():
        part.to_csv(os.path.join(a.outdir, name + ".csv"), index=False)
        print(f"{a.split} {name}.csv rows={len(part)} users={part['user'].nunique()} items={part['item'].nunique()}")


if __name__ == "__main__":
    main()
