"""Writes data/checkout-events/checkout_events.csv: a generated clickstream with a
planted checkout loop, a planted payment incident and a planted out-of-order event.

Deterministic (random.Random(17)); run from the repository root:
    python3 bench/paths/make_checkout_log.py

What is planted (docs/kpis.md, "Walkthrough", finds each of them):
- Loop: after shipping_details a session may go back to add_to_cart -> cart ->
  shipping_details (45% of mobile passes, 10% of desktop ones, at most twice).
- Drop: in the fifth week (2026-02-02 .. 02-08) payment succeeds for 35% of mobile
  payments instead of 92%; the others log payment_error and end.
- Interleaving: on desktop the purchase is logged by the server 2 s *before* the
  browser's payment event, so an ordered funnel cart -> payment -> purchase loses them.
"""
import csv
import datetime as dt
import random

WEEKS = 6
SESSIONS_PER_WEEK = 200
START = dt.datetime(2026, 1, 5)  # a Monday
INCIDENT_WEEK = 4  # zero-based: the fifth week


def session_events(rng, platform, week):
    """The events of one session, as (seconds from its start, event)."""
    t = 0.0
    out = []

    def emit(event, gap=None):
        nonlocal t
        t += gap if gap is not None else rng.uniform(5, 120)
        out.append((t, event))

    out.append((0.0, "home"))
    for _ in range(rng.randint(1, 4)):
        emit("product")
    if rng.random() >= 0.5:
        return out
    emit("add_to_cart")
    emit("cart")
    if rng.random() >= 0.8:
        return out
    emit("shipping_details")
    loop_p = 0.45 if platform == "mobile" else 0.10
    for _ in range(2):
        if rng.random() >= loop_p:
            break
        emit("add_to_cart")
        emit("cart")
        emit("shipping_details")
    if rng.random() >= 0.85:
        return out
    emit("payment")
    success = 0.35 if (platform == "mobile" and week == INCIDENT_WEEK) else 0.92
    if rng.random() >= success:
        emit("payment_error", rng.uniform(2, 10))
        return out
    if platform == "desktop":
        out.insert(len(out) - 1, (t - 2.0, "purchase"))  # server clock: before the payment event
    else:
        emit("purchase", rng.uniform(5, 30))
    return out


def main():
    rng = random.Random(17)
    rows = []
    session = 0
    users = list(range(1, 801))
    for week in range(WEEKS):
        for _ in range(SESSIONS_PER_WEEK):
            session += 1
            platform = "mobile" if rng.random() < 0.5 else "desktop"
            user = rng.choice(users)
            start = START + dt.timedelta(days=7 * week, seconds=rng.randrange(7 * 86400 - 3600))
            for offset, event in session_events(rng, platform, week):
                ts = start + dt.timedelta(seconds=round(offset))
                rows.append((session, user, platform, ts.strftime("%Y-%m-%d %H:%M:%S"), event))
    rows.sort(key=lambda r: (r[3], r[0]))
    with open("data/checkout-events/checkout_events.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["session_id", "user_id", "platform", "timestamp", "event"])
        w.writerows(rows)
    print(len(rows), "rows,", session, "sessions")


if __name__ == "__main__":
    main()
