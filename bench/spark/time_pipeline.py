"""Times one pipeline over one CSV file run by ShopLab locally and by a Spark Connect server
(docs/spark.md, "Timing"): whole `shoplab run` processes, alternating, wall time. Both print
the same rows; the script checks they do.

Usage: python time_pipeline.py --shoplab BIN --address sc://127.0.0.1:PORT --data FILE [--runs 3]
(BIN built with `--traits Spark`; scripts/spark-tests.sh shows how to start a local server.)
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time

PIPELINE = (
    "where Quantity > 0 | derive revenue = Quantity * UnitPrice | group by Country "
    "| agg revenue = sum(revenue), orders = nunique(InvoiceNo), customers = nunique(CustomerID) "
    "| sort revenue desc | head 3"
)

parser = argparse.ArgumentParser()
parser.add_argument("--shoplab", required=True)
parser.add_argument("--address", required=True)
parser.add_argument("--data", required=True)
parser.add_argument("--runs", type=int, default=3)
args = parser.parse_args()
data = os.path.abspath(args.data)

scripts = {
    "shoplab": f'load "{data}" | {PIPELINE}\n',
    "spark": f'connect spark "{args.address}"\nspark load "{data}" | {PIPELINE} | collect\n',
}
folder = tempfile.mkdtemp()
times = {name: [] for name in scripts}
outputs = {}
for run in range(args.runs):
    for name, text in scripts.items():
        path = os.path.join(folder, f"{name}.shop")
        with open(path, "w") as f:
            f.write(text)
        start = time.perf_counter()
        out = subprocess.run([args.shoplab, "--db", ":memory:", "run", path], capture_output=True, text=True, check=True)
        times[name].append(time.perf_counter() - start)
        # The table's lines (the Spark run also prints "connected to …").
        outputs[name] = [line for line in out.stdout.splitlines() if not line.startswith("connected")]
for name, t in times.items():
    print(f"{name}: " + ", ".join(f"{x:.2f}" for x in t) + f" s  (min {min(t):.2f}, median {statistics.median(t):.2f})")
print("\n".join(outputs["shoplab"]))
if outputs["shoplab"] != outputs["spark"]:
    print("DIFFERENT OUTPUT on Spark:\n" + "\n".join(outputs["spark"]))
