"""Training speed of a PyTorch LSTM with the same shape as ShopLab's LSTM forecaster.

Not the accuracy peer (bench/forecast/peers.py does that): this times the same work per epoch
(N samples of W steps × I features, one LSTM layer of H units, last state → linear → O
outputs, batch B, Adam, MSE, gradient clipping, head dropout), single-threaded, so the ratio
against `ForecastBench speed` is like for like.

    python lstm_speed_torch.py N I W H O B EPOCHS
Prints `RESULT torch speed lstm epoch_seconds=<s>`.
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
times = []
for epoch in range(E):
    start = time.perf_counter()
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
best = min(times)
print(f"RESULT torch speed lstm epoch_seconds={best:.3f} samples={N} mean={sum(times)/len(times):.3f}")
