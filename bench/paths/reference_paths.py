"""Independent pandas computation of transitions, top paths and the funnel order check,
for the numbers pinned in Tests/ShopFramesTests/PathRealDataTests.swift.

    /work/main/bench/.venv/bin/python bench/paths/reference_paths.py [SHARED_DATA_DIR]

Rules (docs/kpis.md, "Paths"): events of a unit sorted by (time, file row), stable;
each event's next is the unit's next event or (end); a path is the first anchor event
and the N events after (before) it, padded with one (end)/(start).
"""
import sys
from collections import Counter

import pandas as pd

SHARED = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"


def ordered(df, unit, time):
    return df.reset_index(drop=True).rename_axis("row").reset_index().sort_values([unit, time, "row"], kind="stable")


def transitions(df, unit, event, time, collapse=False, within=None):
    d = ordered(df, unit, time)
    if collapse:
        d = d[(d[event] != d.groupby(unit)[event].shift()) | d[event].isna()]
    nxt = d.groupby(unit)[event].shift(-1)
    if within is not None:
        gap = d.groupby(unit)[time].shift(-1) - d[time]
        nxt = nxt.where(gap <= within)
    d = d.assign(next=nxt.fillna("(end)"))
    g = d.groupby([event, "next"]).agg(transitions=(unit, "size"), units=(unit, "nunique")).reset_index()
    g["share"] = g["transitions"] / g.groupby(event)["transitions"].transform("sum")
    return g.sort_values(["transitions"], ascending=False)


def paths(df, unit, event, time, anchor, steps, conversion=None, before=False):
    d = ordered(df, unit, time)
    out = Counter()
    conv = Counter()
    for _, s in d.groupby(unit, sort=False):
        ev = list(s[event])
        if anchor not in ev:
            continue
        i0 = ev.index(anchor)
        if before:
            part = ev[max(0, i0 - steps):i0 + 1]
            if i0 - steps < 0:
                part = ["(start)"] + part
            key = tuple(part)
        else:
            part = ev[i0:i0 + steps + 1]
            if len(part) < steps + 1:
                part = part + ["(end)"]
            key = tuple(part)
        out[key] += 1
        if conversion is not None and conversion in ev[i0:]:
            conv[key] += 1
    return sorted(((n, conv[k], k) for k, n in out.items()), key=lambda x: (-x[0], x[2]))


def funnel_order(df, unit, event, time, steps):
    d = ordered(df, unit, time)
    in_order = any_order = 0
    stalls = Counter()
    for _, s in d.groupby(unit, sort=False):
        ev = list(s[event])
        if not all(x in ev for x in steps):
            continue
        any_order += 1
        # ordered: greedy from the first step-1 event reaches all steps iff any start does
        i = ev.index(steps[0])
        k = 1
        for e in ev[i + 1:]:
            if k < len(steps) and e == steps[k]:
                k += 1
        in_order += k == len(steps)
        if k < len(steps):
            stalls[f"before step {k + 1}"] += 1
    return in_order, any_order, dict(stalls)


def show(title, table, n=8):
    print("==", title)
    print(table.head(n).to_string(index=False) if hasattr(table, "head") else table)


ck = pd.read_csv("data/checkout-events/checkout_events.csv", parse_dates=["timestamp"])
ck["t"] = ck["timestamp"].astype("int64") // 10**9
show("checkout transitions per session", transitions(ck, "session_id", "event", "t"), 20)
show("checkout transitions per session, collapse", transitions(ck, "session_id", "event", "t", collapse=True), 4)
show("checkout transitions per user within 1h", transitions(ck, "user_id", "event", "t", within=3600), 6)
d = ordered(ck, "session_id", "t")
d = d.assign(next=d.groupby("session_id")["event"].shift(-1).fillna("(end)"))
show("checkout transitions out of payment by platform (of the source row)",
     d[d.event == "payment"].groupby(["platform", "next"]).size().reset_index(name="transitions"))
show("checkout paths after shipping_details 3 converts purchase",
     paths(ck, "session_id", "event", "t", "shipping_details", 3, "purchase"))
show("checkout paths before purchase 2", paths(ck, "session_id", "event", "t", "purchase", 2, before=True))
show("checkout funnel cart,payment,purchase in order / any", funnel_order(ck, "session_id", "event", "t", ["cart", "payment", "purchase"]))

otto = pd.read_csv("data/otto-recsys-sample/otto_sample_events.csv")
show("otto transitions per session", transitions(otto, "session", "type", "ts"), 10)
show("otto transitions collapse", transitions(otto, "session", "type", "ts", collapse=True), 10)
show("otto paths after carts 2 converts orders", paths(otto, "session", "type", "ts", "carts", 2, "orders"))

try:
    views = pd.read_csv(f"{SHARED}/diginetica-sample/sample_train-item-views.csv", sep=";")
    buys = pd.read_csv(f"{SHARED}/diginetica-purchases/train-purchases.csv", sep=";")
except FileNotFoundError:
    sys.exit(0)
v = views.assign(event="view")[["session_id", "timeframe", "event"]]
b = buys.rename(columns={"sessionId": "session_id"}).assign(event="purchase")[["session_id", "timeframe", "event"]]
dg = pd.concat([v, b], ignore_index=True)
show("diginetica transitions per session", transitions(dg, "session_id", "event", "timeframe"), 10)
show("diginetica paths before purchase 2", paths(dg, "session_id", "event", "timeframe", "purchase", 2, before=True), 6)
