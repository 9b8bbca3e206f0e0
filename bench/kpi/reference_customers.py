#!/usr/bin/env python3
"""Independent reference for `rfm` and `cohort` on Online Retail (plain Python).

rfm: customers with a sale line (Quantity > 0); recency_days = days from the date of the
last sale line to the analysis date; frequency = distinct invoices with a sale line;
monetary = sum Quantity*UnitPrice over all the customer's lines; score = 1 +
floor(bins * (#customers strictly worse) / n); segment from (R, F) on the RF grid.
cohort: month of first sale line per customer; nday: share active in exactly month c+k;
unbounded: share whose last active month >= c+k; recurring: one cohort per active month.

usage: reference_customers.py CSV_OR_GLOB [YYYY-MM-DD]
"""
import csv, glob, gzip, sys, datetime, collections

def rows(pattern):
    for path in sorted(glob.glob(pattern)):
        op = gzip.open if path.endswith(".gz") else open
        with op(path, "rt", encoding="utf-8", newline="") as f:
            yield from csv.DictReader(f)

def segment(r, f):
    if r == 5 and f >= 4: return "Champions"
    if r in (3, 4) and f >= 4: return "Loyal Customers"
    if r <= 2 and f == 5: return "Can't Lose Them"
    if r <= 2 and f in (3, 4): return "At Risk"
    if r == 1 and f == 1: return "Lost"
    if r <= 2 and f <= 2: return "Hibernating"
    if r == 3 and f == 3: return "Need Attention"
    if r == 3: return "About To Sleep"
    if r >= 4 and f in (2, 3): return "Potential Loyalists"
    if r == 4: return "Promising"
    return "New Customers"

def scores(values, bins=5):
    n = len(values); s = sorted(values)
    import bisect
    return [min(bins, 1 + bins * bisect.bisect_left(s, v) // n) for v in values]

def main():
    data = list(rows(sys.argv[1]))
    at = datetime.date.fromisoformat(sys.argv[2]) if len(sys.argv) > 2 else None
    last = {}; invoices = collections.defaultdict(set); money = collections.defaultdict(float)
    maxday = max(r["InvoiceDate"][:10] for r in data)
    active = collections.defaultdict(set)
    for r in data:
        c = r["CustomerID"]
        if not c: continue
        money[c] += int(r["Quantity"]) * float(r["UnitPrice"])
        if int(r["Quantity"]) > 0:
            d = r["InvoiceDate"][:10]
            last[c] = max(last.get(c, d), d)
            invoices[c].add(r["InvoiceNo"])
            active[c].add(d[:7])
    at = at or datetime.date.fromisoformat(maxday) + datetime.timedelta(days=1)
    cust = list(last)
    rec = [(at - datetime.date.fromisoformat(last[c])).days for c in cust]
    fr = [len(invoices[c]) for c in cust]
    mo = [money[c] for c in cust]
    R = scores([-x for x in rec]); F = scores(fr); M = scores(mo)
    segs = collections.Counter(segment(r, f) for r, f in zip(R, F))
    print("customers", len(cust), "at", at)
    print("segments", dict(sorted(segs.items())))
    for c in ["12347", "12583", "14646", "12415"]:
        if c in last:
            i = cust.index(c)
            print("customer", c, rec[i], fr[i], round(mo[i], 2), f"{R[i]}{F[i]}{M[i]}", segment(R[i], F[i]))
    months = sorted({m for s in active.values() for m in s})
    allm = []
    y, m = map(int, months[0].split("-"))
    while f"{y:04d}-{m:02d}" <= months[-1]:
        allm.append(f"{y:04d}-{m:02d}"); m += 1
        if m == 13: y, m = y + 1, 1
    idx = {mm: i for i, mm in enumerate(allm)}
    P = len(allm)
    for kind in ["first", "recurring"]:
        for mode in ["nday", "unbounded"]:
            size = [0] * P; ret = [[0] * P for _ in range(P)]
            for c, s in active.items():
                act = sorted(idx[x] for x in s)
                starts = [act[0]] if kind == "first" else act
                for st in starts:
                    size[st] += 1
                    for k in range(P - st):
                        hit = (st + k) in act if mode == "nday" else act[-1] >= st + k
                        ret[st][k] += hit
            print(kind, mode, "sizes", size)
            print(kind, mode, "cohort0", [round(ret[0][k] / size[0], 6) for k in range(P)])
            print(kind, mode, "cohort1", [round(ret[1][k] / size[1], 6) if size[1] else None for k in range(P - 1)])

main()
