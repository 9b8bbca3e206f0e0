#!/usr/bin/env python3
"""Independent reference for `kpi` (plain Python, csv + gzip; no ShopLab code).

Definitions (docs/kpis.md): a sale line has Quantity > 0, a return line Quantity < 0;
a sale order has >= 1 sale line, a cancellation order has return lines only.
orders = sale orders; gmv = sum(Quantity*UnitPrice) over sale lines; revenue = gmv (gross)
or sum over sale and return lines (net); aov = revenue / orders; customers = distinct
non-null CustomerID with a sale order; repeat_rate = customers with >= 2 sale orders /
customers; frequency = sale orders with a customer / customers; items_per_order = sum
Quantity over sale lines (gross) or all lines (net) / orders; cancel_rate = cancellation
orders / (sale orders + cancellation orders). With `by month`, an order belongs to the month
of its earliest line.

usage: reference_kpis.py FILE_OR_GLOB [month|Country]
"""
import csv, glob, gzip, sys
from collections import defaultdict

def rows(pattern):
    for path in sorted(glob.glob(pattern)):
        op = gzip.open if path.endswith(".gz") else open
        with op(path, "rt", encoding="utf-8", newline="") as f:
            yield from csv.DictReader(f)

def kpis(pattern, by=None):
    orders = {}  # (group, invoice) -> [has_sale, has_return, customer, min_time]
    gross = defaultdict(float); net = defaultdict(float)
    qty_gross = defaultdict(float); qty_net = defaultdict(float)
    lines = []
    for r in rows(pattern):
        lines.append(r)
    # order time = min line time (for by month)
    first_time = {}
    for r in lines:
        t = r["InvoiceDate"]
        if r["InvoiceNo"] not in first_time or t < first_time[r["InvoiceNo"]]:
            first_time[r["InvoiceNo"]] = t
    for r in lines:
        q = int(r["Quantity"]); amt = q * float(r["UnitPrice"])
        if by == "month": g = first_time[r["InvoiceNo"]][:7]
        elif by: g = r[by]
        else: g = "all"
        key = (g, r["InvoiceNo"])
        o = orders.setdefault(key, [False, False, None])
        if q > 0:
            o[0] = True; gross[g] += amt; qty_gross[g] += q
        if q < 0:
            o[1] = True
        if q != 0:
            net[g] += amt; qty_net[g] += q
        if o[2] is None and r["CustomerID"]:
            o[2] = r["CustomerID"]
    out = {}
    groups = sorted({g for g, _ in orders})
    for g in groups:
        sale = [o for (gg, _), o in orders.items() if gg == g and o[0]]
        canc = [o for (gg, _), o in orders.items() if gg == g and o[1] and not o[0]]
        per_cust = defaultdict(int)
        for o in sale:
            if o[2] is not None: per_cust[o[2]] += 1
        n = len(sale); c = len(per_cust)
        out[g] = dict(orders=n, gmv=gross[g], revenue_net=net[g], aov=gross[g] / n if n else None,
                      aov_net=net[g] / n if n else None, customers=c,
                      repeat_rate=sum(1 for v in per_cust.values() if v >= 2) / c if c else None,
                      frequency=sum(per_cust.values()) / c if c else None,
                      items_per_order=qty_gross[g] / n if n else None,
                      items_per_order_net=qty_net[g] / n if n else None,
                      cancel_rate=len(canc) / (n + len(canc)) if n + len(canc) else None,
                      cancellations=len(canc))
    return out

if __name__ == "__main__":
    by = sys.argv[2] if len(sys.argv) > 2 else None
    for g, v in kpis(sys.argv[1], by).items():
        print(g, " ".join(f"{k}={v[k]!r}" for k in v))
