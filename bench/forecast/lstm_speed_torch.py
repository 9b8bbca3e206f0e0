"""Training speed of a PyTorch LSTM with the same shape as ShopLab's LSTM forecaster.

Not the accuracy peer (bench/forecast/peers.py does that): this times the same work per epoch
(N samples of W steps × I features, one LSTM layer of H units, last state → linear → O
outputs, batch B, Adam, MSE, gradient clipping, head dropout), single-threaded, so the ratio
against `ForecastBench speed` is like for like.

    python lstm_speed_torch.py N I W H O B EPOCHS
Prints `RESULT torch speed lstm epoch_seconds=<best> median=… cpu_min=… cpu_median=…` and every epoch.
"""
import sys, time
import torch

torch.set_num_threads(1)
N, I, W, H, O, B, E = map(int, sys.argv[1:8])
torch.manual_seed(0)
x = torch.randn(N, W, I)
y = torch.rand(N, O)

class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(I, H, batch_first=True)
        self.drop = torch.nn.Dropout(0.1)
        self.head = torch.nn.Linear(H, O)
    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.head(self.drop(h[-1]))

net = Net()
opt = torch.optim.Adam(net.parameters(), lr=3e-3)
times, cpu = [], []
for epoch in range(E):
    start, start_cpu = time.perf_counter(), time.process_time()
    perm = torch.randperm(N)
    net.train()
    for i in range(0, N, B):
        idx = perm[i:i + B]
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(x[idx]), y[idx])
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        opt.step()
    times.append(time.perf_counter() - start)
    cpu.append(time.process_time() - start_cpu)
def median(v):
    v = sorted(v)
    return (v[(len(v) - 1) // 2] + v[len(v) // 2]) / 2
# CPU seconds (process_time, all threads) from the second epoch on, as the Swift side reports.
print(f"RESULT torch speed lstm epoch_seconds={min(times):.3f} median={median(times):.3f} "
      f"cpu_min={min(cpu[1:] or cpu):.3f} cpu_median={median(cpu[1:] or cpu):.3f} samples={N} "
      f"epochs: {' '.join(f'{t:.3f}' for t in times)} cpu: {' '.join(f'{t:.3f}' for t in cpu[1:] or cpu)}")
