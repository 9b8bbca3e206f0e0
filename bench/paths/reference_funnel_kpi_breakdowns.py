"""Independent pandas computation of the funnel and kpi breakdowns by several terms pinned in
Tests/ShopRuntimeTests/BreakdownCommandTests.swift (testFunnelBy…, testKpiBy…).

    /work/main/bench/.venv/bin/python bench/paths/reference_funnel_kpi_breakdowns.py

Rules (docs/kpis.md): an ordered funnel with no window walks each session in time order
(ties by file row) from its first step-1 event, taking each next step at its first
occurrence after the previous one; the session counts in the platform and week (Monday
start) of that step-1 row. kpi: a sale line has Quantity > 0; orders = distinct InvoiceNo
with a sale line, gmv = sum of Quantity * UnitPrice over sale lines, per line's Country and
calendar month. Periods run from the first to the last, empty ones present.
"""
import pandas as pd


def week_start(t):
    return (t - pd.to_timedelta(t.dt.weekday, unit="D")).dt.normalize()


ck = pd.read_csv("data/checkout-events/checkout_events.csv", parse_dates=["timestamp"])
ck = ck[~((ck.platform == "mobile") & (week_start(ck.timestamp) == pd.Timestamp("2026-01-19")))]
ck = ck.reset_index(drop=True).rename_axis("row").reset_index().sort_values(["session_id", "timestamp", "row"], kind="stable")
steps = ["cart", "shipping_details", "purchase"]
rows = []
for sid, g in ck.groupby("session_id", sort=False):
    ev = list(g.event)
    if steps[0] not in ev:
        continue
    i = ev.index(steps[0])
    first = g.iloc[i]
    depth = 1
    for s in steps[1:]:
        try:
            i = ev.index(s, i + 1)
        except ValueError:
            break
        depth += 1
    rows.append((first.platform, week_start(pd.Series([first.timestamp]))[0], depth))
f = pd.DataFrame(rows, columns=["platform", "week", "depth"])
weeks = pd.date_range(f.week.min(), f.week.max(), freq="7D")
print("== funnel cart > shipping_details > purchase by platform, week (units at steps 1, 2, 3)")
for plat in ["desktop", "mobile"]:
    for w in weeks:
        d = f[(f.platform == plat) & (f.week == w)].depth
        print(plat, w.date(), [int((d >= k).sum()) for k in (1, 2, 3)])

o = pd.read_csv("data/online-retail/online_retail_non_uk.csv", parse_dates=["InvoiceDate"])
o = o[(o.Country == "Germany") & (o.InvoiceDate.dt.month != 3)]
s = o[o.Quantity > 0].assign(month=lambda d: d.InvoiceDate.dt.to_period("M").dt.to_timestamp(), amount=lambda d: d.Quantity * d.UnitPrice)
k = s.groupby("month").agg(orders=("InvoiceNo", "nunique"), gmv=("amount", "sum"))
k = k.reindex(pd.date_range(k.index.min(), k.index.max(), freq="MS"), fill_value=0)
print("== Germany without March: kpi orders, gmv by Country, trunc(InvoiceDate, month)")
print(k.to_string())
