"""Writes OUT: the 13 Online Retail files as one plain CSV, ten times over (5,419,090 rows).
Copy k's invoice numbers get the suffix "-k" (a cancellation keeps its leading "C"), so each
copy is its own orders and dedupe removes ten times what it removes from one copy.

Usage: python make_10x.py GLOB OUT
"""
import csv
import glob
import gzip
import sys

pattern, out = sys.argv[1], sys.argv[2]
files = sorted(glob.glob(pattern))
with open(out, "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    header = None
    for k in range(10):
        for path in files:
            with gzip.open(path, "rt", newline="") as g:
                r = csv.reader(g)
                h = next(r)
                if header is None:
                    header = h
                    w.writerow(h)
                for row in r:
                    row[0] = f"{row[0]}-{k}"
                    w.writerow(row)
