"""Independent pandas/statsmodels computation of the breakdown and comparison figures
pinned in Tests/ShopFramesTests/BreakdownTests.swift and examples/06-checkout-paths.shop.

    /work/main/bench/.venv/bin/python bench/paths/reference_breakdowns.py [SHARED_DATA_DIR]

Rules (docs/kpis.md): a unit (session) counts in the breakdown of its first row (time
order, ties by file row); weeks start on Monday; the comparison is statsmodels'
proportions_ztest (pooled two-proportion z-test, two-sided).
"""
import sys

import pandas as pd
from statsmodels.stats.proportion import proportions_ztest

SHARED = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"


def first_touch(df, unit, time, converted):
    d = df.reset_index(drop=True).rename_axis("row").reset_index().sort_values([unit, time, "row"], kind="stable")
    firsts = d.groupby(unit, sort=False).head(1).set_index(unit)
    conv = d.assign(c=converted(d)).groupby(unit)["c"].any()
    return firsts.assign(converted=conv)


def week_start(t):
    return (t - pd.to_timedelta(t.dt.weekday, unit="D")).dt.normalize()


def ztest(xa, na, xb, nb):
    z, p = proportions_ztest([xa, xb], [na, nb])
    return f"a {xa}/{na}={xa/na:.6f} b {xb}/{nb}={xb/nb:.6f} change {xa/na - xb/nb:.6f} z {z:.6f} p {p:.6g}"


ck = pd.read_csv("data/checkout-events/checkout_events.csv", parse_dates=["timestamp"])
u = first_touch(ck, "session_id", "timestamp", lambda d: d.event == "purchase")
u["week"] = week_start(u["timestamp"])
u["isoweek"] = u["timestamp"].dt.isocalendar().week
print("== checkout conversion by platform, ISO week (units, converted)")
print(u.groupby(["platform", "isoweek"])["converted"].agg(["size", "sum"]).to_string())
print("== checkout conversion by week start")
w = u.groupby("week")["converted"].agg(["size", "sum"])
print(w.to_string())
inc = pd.Timestamp("2026-02-02")
prev = w.loc[(w.index < inc)].tail(4)
print("== week 2026-02-02 vs the 4 before:", ztest(w.loc[inc, "sum"], w.loc[inc, "size"], prev["sum"].sum(), prev["size"].sum()))
for plat, g in u.groupby("platform"):
    wp = g.groupby("week")["converted"].agg(["size", "sum"])
    pp = wp.loc[wp.index < inc].tail(4)
    print(f"== {plat}: week 2026-02-02 vs the 4 before:", ztest(wp.loc[inc, "sum"], wp.loc[inc, "size"], pp["sum"].sum(), pp["size"].sum()))
inc_units = u[u.week == inc].groupby("platform")["converted"].agg(["size", "sum"])
print("== week 2026-02-02 mobile vs desktop:", ztest(inc_units.loc["mobile", "sum"], inc_units.loc["mobile", "size"],
                                                    inc_units.loc["desktop", "sum"], inc_units.loc["desktop", "size"]))
print("== checkout sessions per user by platform (nunique / nunique)")
g = ck.groupby("platform").agg(s=("session_id", "nunique"), u=("user_id", "nunique"), n=("event", "size"))
print((g.s / g.u).to_string(), g.n.to_string(), sep="\n")
print("== checkout events per session by week (resample)")
r = ck.assign(week=week_start(ck.timestamp)).groupby("week").agg(n=("event", "size"), s=("session_id", "nunique"))
print((r.n / r.s).to_string())

print("== mobile: payment -> payment_error per week of the payment row (count, share of transitions out of payment)")
m = ck[ck.platform == "mobile"].reset_index(drop=True).rename_axis("row").reset_index()
m = m.sort_values(["session_id", "timestamp", "row"], kind="stable")
m = m.assign(next=m.groupby("session_id")["event"].shift(-1).fillna("(end)"), week=week_start(m.timestamp))
pay = m[m.event == "payment"].groupby("week")["next"].agg(n="size", err=lambda x: (x == "payment_error").sum())
print(pay.assign(share=pay.err / pay.n).to_string())

try:
    views = pd.read_csv(f"{SHARED}/diginetica-sample/sample_train-item-views.csv", sep=";", parse_dates=["eventdate"])
    buys = pd.read_csv(f"{SHARED}/diginetica-purchases/train-purchases.csv", sep=";", parse_dates=["eventdate"])
except FileNotFoundError:
    sys.exit(0)
v = views.assign(event="view")[["session_id", "timeframe", "eventdate", "event"]]
b = buys.rename(columns={"sessionId": "session_id"}).assign(event="purchase")[["session_id", "timeframe", "eventdate", "event"]]
dg = pd.concat([v, b], ignore_index=True)
viewed = set(v.session_id)
du = first_touch(dg[dg.session_id.isin(viewed)], "session_id", "timeframe", lambda d: d.event == "purchase")
du["week"] = week_start(du["eventdate"])
dw = du.groupby("week")["converted"].agg(["size", "sum"])
print("== diginetica view sessions: conversion by week of the first row's eventdate")
print(dw.to_string())
last = dw.index.max()
pv = dw.loc[dw.index < last].tail(4)
print("== diginetica last week vs the 4 before:", last.date(), ztest(dw.loc[last, "sum"], dw.loc[last, "size"], pv["sum"].sum(), pv["size"].sum()))
print("== diginetica weeks with no view session between first and last:",
      len(pd.date_range(dw.index.min(), dw.index.max(), freq="7D").difference(dw.index)))
