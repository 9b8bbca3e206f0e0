"""Times one pipeline over one CSV file run by ShopLab locally and by a Spark Connect server
(docs/spark.md, "Timing"): whole `shoplab run` processes, alternating, wall time. Both print
the same rows; the script checks they do.

Usage: python time_pipeline.py --shoplab BIN --address sc://127.0.0.1:PORT --data FILE [--runs 3] [--server-pid PID]
(BIN built with `--traits Spark`; scripts/spark-tests.sh shows how to start a local server.)

Besides wall time, CPU seconds (user + system): of the shoplab process, and with
--server-pid, of the Spark server's JVM during the run, which on a busy machine say more
than wall time does.
"""
import argparse
import os
import resource
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
parser.add_argument("--server-pid", type=int)
args = parser.parse_args()
data = os.path.abspath(args.data)

scripts = {
    "shoplab": f'load "{data}" | {PIPELINE}\n',
    "spark": f'connect spark "{args.address}"\nspark load "{data}" | {PIPELINE} | collect\n',
}
folder = tempfile.mkdtemp()
times = {name: [] for name in scripts}
cpu = {name: [] for name in scripts}


def server_cpu():
    """The server's user + system CPU seconds so far (fields 14 and 15 of /proc/PID/stat)."""
    if not args.server_pid:
        return 0.0
    with open(f"/proc/{args.server_pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

outputs = {}
for run in range(args.runs):
    for name, text in scripts.items():
        path = os.path.join(folder, f"{name}.shop")
        with open(path, "w") as f:
            f.write(text)
        start, cpu_start, server_start = time.perf_counter(), children_cpu(), server_cpu()
        out = subprocess.run([args.shoplab, "--db", ":memory:", "run", path], capture_output=True, text=True, check=True)
        times[name].append(time.perf_counter() - start)
        cpu[name].append(children_cpu() - cpu_start + server_cpu() - server_start)
        # The table's lines (the Spark run also prints "connected to …", the local one "load: …").
        outputs[name] = [line for line in out.stdout.splitlines() if not line.startswith(("connected", "load:"))]
for name, t in times.items():
    print(f"{name}: wall " + ", ".join(f"{x:.2f}" for x in t) + f" s  (min {min(t):.2f}, median {statistics.median(t):.2f});"
          + " CPU (shoplab + server) " + ", ".join(f"{x:.2f}" for x in cpu[name]) + " s")
print("\n".join(outputs["shoplab"]))
if outputs["shoplab"] != outputs["spark"]:
    # Sums of floating-point revenue may differ in the last digits (summation order).
    print("Spark printed:\n" + "\n".join(outputs["spark"]))
