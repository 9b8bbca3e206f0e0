"""One table from the RESULT lines of RecommendersBench and peers.py: per split and model,
NDCG@10 and HR@10 as the mean over seeds, fit time min / median, and ShopLab's best against
each peer. `summary.py --markdown RESULTS` prints one markdown table instead (run-all)."""
import collections
import statistics
import sys


def parse(path):
    rows = []
    for line in open(path):
        if line.startswith("RESULT"):
            rows.append(dict(kv.split("=", 1) for kv in line.split()[1:]))
    return rows


def markdown(rows):
    """One markdown table for bench/run-all.sh: a row per split and model, ShopLab and peers
    side by side as they come, quality as the mean over seeds, fit time min / median."""
    by = collections.defaultdict(list)
    for r in rows:
        by[(r["split"], r["peer"])].append(r)
    order = {"loo": 0, "rs811": 1, "retail": 2}
    print("| split | model | NDCG@10 | HR@10 | seeds | fit s, min / median |")
    print("| --- | --- | --- | --- | --- | --- |")
    for (split, peer), rs in sorted(by.items(), key=lambda kv: (order.get(kv[0][0], 9), kv[0][0], kv[0][1])):
        ndcg = statistics.mean(float(r["ndcg10"]) for r in rs)
        hr = statistics.mean(float(r["hr10"]) for r in rs)
        tmin = min(float(r.get("fit_seconds", "nan")) for r in rs)
        tmed = statistics.median(float(r.get("fit_median", r.get("fit_seconds", "nan"))) for r in rs)
        name = f"**{peer}**" if peer.startswith("shoplab-") else peer
        print(f"| {split} | {name} | {ndcg:.4f} | {hr:.4f} | {len(rs)} | {tmin:.3f} / {tmed:.3f} |")


def main():
    if sys.argv[1] == "--markdown":
        markdown(parse(sys.argv[2]))
        return
    rows = parse(sys.argv[1])
    by = collections.defaultdict(list)
    for r in rows:
        by[(r["split"], r["peer"])].append(r)
    splits = sorted({s for s, _ in by}, key=["loo", "rs811", "retail"].index if all(
        s in ["loo", "rs811", "retail"] for s, _ in by) else str)
    for split in splits:
        print(f"\n{split}: full ranking, K = 10 (quality: mean over seeds; time: min / median fit seconds)")
        print(f"{'model':28} {'NDCG@10':>8} {'HR@10':>7} {'seeds':>5} {'fit min':>8} {'fit med':>8}")
        table = {}
        for (s, peer), rs in sorted(by.items()):
            if s != split:
                continue
            ndcg = statistics.mean(float(r["ndcg10"]) for r in rs)
            hr = statistics.mean(float(r["hr10"]) for r in rs)
            tmin = min(float(r.get("fit_seconds", "nan")) for r in rs)
            tmed = statistics.median(float(r.get("fit_median", r.get("fit_seconds", "nan"))) for r in rs)
            table[peer] = (ndcg, tmin)
            print(f"{peer:28} {ndcg:8.4f} {hr:7.4f} {len(rs):5d} {tmin:8.3f} {tmed:8.3f}")
        ours = {p: v for p, v in table.items() if p.startswith("shoplab-")}
        if ours:
            best = max(ours, key=lambda p: ours[p][0])
            print(f"ShopLab's best: {best} NDCG@10 {ours[best][0]:.4f}")
            for p, (ndcg, t) in table.items():
                if not p.startswith("shoplab-"):
                    print(f"  vs {p}: {ours[best][0] / ndcg:.2f}x its NDCG@10" if ndcg > 0 else f"  vs {p}: -")
            for a, b in [("shoplab-bpr", "bpr"), ("shoplab-als", "als"), ("shoplab-ease", "ease"), ("shoplab-itemknn", "itemknn"), ("shoplab-mf", "mf_adam")]:
                if a in table and b in table and table[a][1] > 0:
                    print(f"  fit time {a} vs {b}: {table[b][1] / table[a][1]:.2f}x ({table[a][1]:.3f} s vs {table[b][1]:.3f} s)")


if __name__ == "__main__":
    main()
