"""Whole-process timings of the issue-13 pipeline: ShopLab against pandas, polars and DuckDB
(polars and DuckDB at 1 and 2 threads), in alternating runs so that a busy machine slows
every side alike. Prints min and median wall seconds, peak RSS, and each side's checks.

Usage: python run.py [--runs N] [--data GLOB] [--shoplab BIN]... [--only NAMES] [--script FILE]
                     [--shoplab-threads 1,2] [--load]
  --shoplab can be given more than once (e.g. a build from before a change and one after):
  each binary is one more side, named by its path, and the ratios between them are printed.
  --script FILE (keep.shop, dedupe.shop, steps.shop) times each command of a ShopLab script instead,
  from the store's own command durations (ShopLab sides only, no peers).
  --shoplab-threads 1,2 runs each ShopLab binary once per thread count (SHOPLAB_THREADS), as
  the sides "NAME 1t", "NAME 2t"; without it ShopLab takes the machine's cores.
  --load times the load alone (load.shop; the peers' same load, same types).
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
ap.add_argument("--script")
ap.add_argument("--shoplab-threads", default="")
ap.add_argument("--load", action="store_true")
args = ap.parse_args()
# A script resolves paths from its own folder (a temporary one): make the glob absolute.
args.data = os.path.abspath(args.data)
binaries = args.shoplab or [os.path.join(root, ".build/release/shoplab")]


def script(name):
    text = open(os.path.join(here, name)).read().replace("DATA", args.data)
    f = tempfile.NamedTemporaryFile("w", suffix=".shop", delete=False)
    f.write(text)
    f.close()
    return f.name


def timed(cmd):
    """Runs cmd; returns (wall seconds, stdout)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = p.communicate()
    wall = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{out}\n{err}")
    return wall, out


def peak_rss(cmd):
    """Peak RSS in MB of one more run, through GNU time."""
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True)
    return int(r.stderr.strip().splitlines()[-1]) / 1024


sides = []
if args.script:
    commands = script(args.script)
    for b in binaries:
        sides.append((b, "script", b, commands))
else:
    pipe = script("load.shop" if args.load else "pipeline.shop")
    task = ["load"] if args.load else []
    for b in binaries:
        if not args.shoplab_threads:
            sides.append((b, "shoplab", [b, "--db", ":memory:", "run", pipe], None))
        for t in filter(None, args.shoplab_threads.split(",")):
            cmd = ["env", f"SHOPLAB_THREADS={t}", b, "--db", ":memory:", "run", pipe]
            sides.append((f"{b} {t}t", "shoplab", cmd, None))
    py = sys.executable
    peers = os.path.join(here, "peers.py")
    sides.append(("pandas", "peer", [py, peers, "pandas", "1", args.data] + task, None))
    for tool in ("polars", "duckdb"):
        for t in (1, 2):
            sides.append((f"{tool}-{t}t", "peer", [py, peers, tool, str(t), args.data] + task, None))
if args.only:
    wanted = args.only.split(",")
    # ShopLab sides stay unless --only names some of them (e.g. "OLD 1t,NEW 1t,NEW 2t").
    named = any(s[0] in wanted for s in sides if s[1] in ("shoplab", "script"))
    sides = [s for s in sides if s[0] in wanted or (not named and s[1] in ("shoplab", "script"))]

def shoplab_checks(out):
    """pipeline.shop's printed tables as the peers' key=value checks (its last lines otherwise)."""
    lines = [line.strip() for line in out.splitlines() if line.strip()]
    rows = re.search(r"orders: ([\d,]+) rows", out)
    parts = [f"rows={rows.group(1).replace(',', '')}"] if rows else []
    for i, line in enumerate(lines):
        if line.split()[:1] == ["countries"] and i + 2 < len(lines):
            parts += [f"{k}={v}" for k, v in zip(line.split(), lines[i + 2].split())]
    if parts and lines[-1].isdigit():
        parts.append(f"months={lines[-1]}")
    return " ".join(parts) if parts else " ".join(out.split())[-200:]


results = {s[0]: [] for s in sides}
checks = {}
for run in range(args.runs):
    for name, kind, cmd, commands in sides:
        if kind == "script":
            with tempfile.TemporaryDirectory() as d:
                db = os.path.join(d, "bench.db")
                _, out = timed([cmd, "--db", db, "run", commands])
                con = sqlite3.connect(db)
                ms = con.execute("SELECT text, duration_ms FROM commands ORDER BY id").fetchall()
                con.close()
            results[name].append([(text.split("\n")[0][:60], t / 1000) for text, t in ms])
        else:
            wall, out = timed(cmd)
            results[name].append(wall)
            checks[name] = shoplab_checks(out) if kind == "shoplab" else " ".join(out.split())[-200:]
        print(f"run {run + 1} {name}: {results[name][-1]}", file=sys.stderr, flush=True)

load = os.getloadavg()
print(f"# {args.runs} alternating runs, data {args.data}, load average at the end {load[0]:.1f} {load[1]:.1f} "
      f"on {os.cpu_count()} cores")
if args.script:
    names = list(results)
    print("| command | " + " | ".join(f"{n} min / median s" for n in names) + " |")
    print("|---|" + "---|" * len(names))
    for k, (text, _) in enumerate(results[names[0]][0]):
        cells = []
        for n in names:
            t = [r[k][1] for r in results[n]]
            cells.append(f"{min(t):.3f} / {statistics.median(t):.3f}")
        ratio = ""
        if len(names) > 1:
            a = statistics.median(r[k][1] for r in results[names[0]])
            b = statistics.median(r[k][1] for r in results[names[-1]])
            ratio = f" ({names[0]} / {names[-1]} = {a / b:.2f})" if b > 0 else ""
        print(f"| `{text}` | " + " | ".join(cells) + f" |{ratio}")
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
