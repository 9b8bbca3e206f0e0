#!/usr/bin/env bash
# The forecasting benchmark as a table for bench/run-all.sh, on its own protocol (rolling
# origin 4 x 28 days on M5 and Online Retail; the last 24 months of the Australian panel):
# runs run.sh (ShopLab, in process; its output goes to stderr) and peers.py (statsforecast,
# LightGBM, PyTorch), then prints one markdown table of RMSSE per dataset and model, ShopLab
# beside the peer library, the LSTM as the mean over seeds, with the fit + forecast seconds,
# and the LSTM epoch speed line. Accuracy does not depend on the load; the seconds do.
# Shorter: SEEDS=0 (one LSTM seed on both sides; default 0,1,2, what docs publish) and
# EPOCHS for the PyTorch LSTM (default 20, as peers.py).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../venv.sh"
# Its own venv: statsforecast pins pandas below 3, and the other benchmarks' pandas is 3.x.
bench_venv="$here/../.venv-forecast"
bench_python="$bench_venv/bin/python"
if ! "$bench_python" -c "import torch" 2>/dev/null; then
  wheel=$( (ls /opt/wheels/torch-*cpu*.whl 2>/dev/null) | head -n 1 || true)
fi
ensure_python numpy=numpy pandas=pandas statsforecast=statsforecast lightgbm=lightgbm torch="${wheel:-torch}" >&2
out="$here/../out/forecast"
mkdir -p "$out"
SEEDS=${SEEDS:-0,1,2}
LSTM_SEEDS=$SEEDS PYTHON="$bench_python" bash "$here/run.sh" | tee "$out/swift.txt" >&2
(cd "$here" && "$bench_python" peers.py --seeds "$SEEDS" --epochs "${EPOCHS:-20}") | tee "$out/peers.txt" >&2
"$bench_python" - "$out/swift.txt" "$out/peers.txt" "$SEEDS" <<'PY'
import statistics, sys
swift_path, peers_path, seeds = sys.argv[1:]
names = {"snaive": "SeasonalNaive", "ets": "AutoETS", "etsdamped": "ETS damped", "lstm": "LSTM"}
results = {}  # (dataset, model) -> side -> [(rmsse, seconds)]
speed = {}
# The peers' RESULT lines carry RMSSE scaled over the whole training part; ShopLab's run.sh
# scales from each series' first sale (the M5 rule the published numbers use). peers.py's
# summary table gives that variant too (its last column): take it, so both sides match.
first_sale = {}
for line in open(peers_path):
    t = line.split("#")[0].split()
    if len(t) >= 8 and t[0] in ("m5", "retail", "aus") and t[3] != "mean":
        first_sale[(t[0], t[1], t[2], t[3])] = t[7]
for path in (swift_path, peers_path):
    for line in open(path):
        if not line.startswith("RESULT "):
            continue
        _, side, dataset, model, *kv = line.split()
        r = dict(x.split("=", 1) for x in kv if "=" in x)
        if dataset.startswith("speed"):  # run.sh renames its AVX-512 run "speed-skylakex"
            speed[side + dataset[len("speed"):]] = r["epoch_seconds"]
            continue
        if r.get("seed") == "mean":
            continue
        if side != "swift":
            r["rmsse"] = first_sale[(dataset, model, side, r.get("seed", "-"))]
        model = names.get(model, model)
        results.setdefault((dataset, model), {}).setdefault(side, []).append((float(r["rmsse"]), float(r.get("seconds", "nan"))))
order = {"m5": 0, "retail": 1, "aus": 2}
label = {"m5": "M5 sample (8 series)", "retail": "Online Retail, top 10", "aus": "Australian retail, 42 monthly"}
print(f"RMSSE (lower is better; scaled from each series' first sale, both sides), mean over the LSTM seeds {seeds}; seconds = fits + forecasts of the whole protocol"
      " (the LSTM: per seed, mean over seeds); one thread each.\n")
print("| dataset | model | ShopLab RMSSE | ShopLab s | peer | peer RMSSE | peer s |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for (dataset, model), sides in sorted(results.items(), key=lambda kv: (order.get(kv[0][0], 9), kv[0][1])):
    shop = sides.get("swift")
    seconds = lambda v: "-" if any(s != s for _, s in v) else f"{statistics.mean(s for _, s in v):.2f}"
    cell = lambda v: (f"{statistics.mean(x for x, _ in v):.3f}", seconds(v)) if v else ("-", "-")
    peers = [p for p in sides if p != "swift"] or ["-"]
    for peer in peers:
        a, b = cell(shop)
        c, d = cell(sides.get(peer))
        print(f"| {label.get(dataset, dataset)} | {model} | {a} | {b} | {peer} | {c} | {d} |")
if any(m.startswith("Oracle") for _, m in results):
    print("\nThe Oracle rows are bounds, not forecasters: they see the held-out days (each window forecast at its own mean:"
          " flat, times the series' weekday profile before the window, or per weekday of the window itself).")
if speed:
    parts = [f"{k} {v} s" for k, v in speed.items()]
    print("\nOne LSTM epoch of the same shape (best epoch): " + ", ".join(parts) + ".")
PY
