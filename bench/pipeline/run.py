"""Whole-process timings of the issue-13 pipeline: ShopLab against pandas, polars and DuckDB
(polars and DuckDB at 1 and 2 threads), in alternating runs so that a busy machine slows
every side alike. Prints min and median wall seconds, peak RSS, and each side's checks.

Usage: python run.py [--runs N] [--data GLOB] [--shoplab BIN]... [--only NAMES] [--store]
  --shoplab can be given more than once (e.g. a build from before a change and one after):
  each binary is one more side, named by its path, and the ratios between them are printed.
  --store times `keep` and `load table` of the cleaned table instead (ShopLab sides only,
  from the store's own command durations; the pipeline before them is not counted).
Run with bench/run.sh, which builds ShopLab and installs the Python peers.
"""
import argparse
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", ".."))
ap = argparse.ArgumentParser()
ap.add_argument("--runs", type=int, default=5)
ap.add_argument("--data", default=os.path.join(root, "data/online-retail/monthly/*.csv.gz"))
ap.add_argument("--shoplab", action="append")
ap.add_argument("--only", default="")
ap.add_argument("--store", action="store_true")
args = ap.parse_args()
binaries = args.shoplab or [os.path.join(root, ".build/release/shoplab")]


def script(name):
    text = open(os.path.join(here, name)).read().replace("DATA", args.data)
    f = tempfile.NamedTemporaryFile("w", suffix=".shop", delete=False)
    f.write(text)
    f.close()
    return f.name


def timed(cmd):
    """Runs cmd; returns (wall seconds, peak RSS MB, stdout)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = p.communicate()
    wall = time.perf_counter() - start
    # wait4 already reaped it: the children's rusage holds the max over finished children,
    # so take RSS from a /proc-free source: resource of the last child via os.wait4 is gone;
    # use the ru_maxrss reported by `communicate` through resource.getrusage deltas instead.
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{out}\n{err}")
    return wall, out


def peak_rss(cmd):
    """Peak RSS in MB of one more run, through GNU time."""
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True)
    return int(r.stderr.strip().splitlines()[-1]) / 1024


sides = []
if args.store:
    keep = script("keep.shop")
    for b in binaries:
        sides.append((b, "store", b, keep))
else:
    pipe = script("pipeline.shop")
    for b in binaries:
        sides.append((b, "shoplab", [b, "--db", ":memory:", "run", pipe], None))
    py = sys.executable
    peers = os.path.join(here, "peers.py")
    sides.append(("pandas", "peer", [py, peers, "pandas", "1", args.data], None))
    for tool in ("polars", "duckdb"):
        for t in (1, 2):
            sides.append((f"{tool}-{t}t", "peer", [py, peers, tool, str(t), args.data], None))
if args.only:
    wanted = args.only.split(",")
    sides = [s for s in sides if s[0] in wanted or s[1] in ("shoplab", "store")]

results = {s[0]: [] for s in sides}
checks = {}
for run in range(args.runs):
    for name, kind, cmd, keep in sides:
        if kind == "store":
            with tempfile.TemporaryDirectory() as d:
                db = os.path.join(d, "bench.db")
                _, out = timed([cmd, "--db", db, "run", keep])
                con = sqlite3.connect(db)
                ms = dict(con.execute(
                    "SELECT CASE WHEN text LIKE 'orders | keep%' THEN 'keep' ELSE 'load table' END, duration_ms "
                    "FROM commands WHERE text LIKE 'orders | keep%' OR text LIKE 'let back = load table%'"))
                con.close()
            results[name].append((ms["keep"] / 1000, ms["load table"] / 1000))
            checks[name] = out.strip().splitlines()[-1] if out.strip() else ""
        else:
            wall, out = timed(cmd)
            results[name].append(wall)
            checks[name] = " ".join(out.split())[-200:]
        print(f"run {run + 1} {name}: {results[name][-1]}", file=sys.stderr, flush=True)

load = os.getloadavg()
print(f"# {args.runs} alternating runs, data {args.data}, load average at the end {load[0]:.1f} {load[1]:.1f} "
      f"on {os.cpu_count()} cores")
if args.store:
    print("| ShopLab | keep min / median s | load table min / median s |")
    print("|---|---|---|")
    for name, r in results.items():
        k = [x[0] for x in r]
        l = [x[1] for x in r]
        print(f"| {name} | {min(k):.3f} / {statistics.median(k):.3f} | {min(l):.3f} / {statistics.median(l):.3f} |")
    first = list(results)[0]
    for name in list(results)[1:]:
        for i, what in enumerate(("keep", "load table")):
            a = statistics.median(x[i] for x in results[first])
            b = statistics.median(x[i] for x in results[name])
            print(f"{what}: median {first} / {name} = {a / b:.2f}")
    sys.exit(0)
print("| side | min s | median s | peak RSS MB | checks |")
print("|---|---|---|---|---|")
for name, kind, cmd, _ in sides:
    r = results[name]
    print(f"| {name} | {min(r):.3f} | {statistics.median(r):.3f} | {peak_rss(cmd):.0f} | {checks[name][-110:]} |")
shop = [s[0] for s in sides if s[1] == "shoplab"]
for a in shop:
    for b in results:
        if a != b:
            print(f"median {b} / {a} = {statistics.median(results[b]) / statistics.median(results[a]):.2f}")
