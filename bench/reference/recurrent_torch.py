"""PyTorch reference for `pnpm bench:recurrent`: train and inference samples/s of the preset-shaped
recurrent classifiers (Embedding 5000x100 -> RNN 128 -> Dense 1 sigmoid, batch 64, length 30,
Adam, binary cross-entropy). Prints one JSON line per (model, threads).

usage: /usr/bin/python3 recurrent_torch.py --threads 1 --steps 20 [--models lstm,gru,bigru]
"""
import argparse
import json
import time

import torch
from torch import nn

B, T, V, E, U = 64, 30, 5000, 100, 128


class Model(nn.Module):
    def __init__(self, kind):
        super().__init__()
        self.emb = nn.Embedding(V, E)
        bidirectional = kind == "bigru"
        rnn = nn.LSTM if kind == "lstm" else nn.GRU
        self.rnn = rnn(E, U, batch_first=True, bidirectional=bidirectional)
        self.out = nn.Linear(U * (2 if bidirectional else 1), 1)

    def forward(self, ids):
        _, h = self.rnn(self.emb(ids))
        if isinstance(h, tuple):
            h = h[0]
        h = torch.cat(list(h), dim=-1)  # last state of each direction
        return self.out(h).squeeze(-1)


def measure(kind, steps):
    torch.manual_seed(0)
    model = Model(kind)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.BCEWithLogitsLoss()
    ids = (torch.arange(B * T) * 7919 % V).reshape(B, T)
    y = (torch.arange(B) % 2).float()

    def train_step():
        opt.zero_grad()
        loss = loss_fn(model(ids), y)
        loss.backward()
        opt.step()
        return loss.item()

    def infer_step():
        with torch.no_grad():
            return torch.sigmoid(model(ids)).sum().item()

    return best_of_blocks(train_step, steps), best_of_blocks(infer_step, steps)


def best_of_blocks(fn, steps, blocks=3):
    """(wall ms, process CPU ms) per call: the fastest of `blocks` timed blocks of `steps` calls,
    after a warm-up (the machine is shared; the best block is the least disturbed one, as in
    bench/recurrent.ts)."""
    for _ in range(2):
        fn()
    best = (float("inf"), float("inf"))
    for _ in range(blocks):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(steps):
            fn()
        wall = (time.perf_counter() - t0) * 1000 / steps
        if wall < best[0]:
            best = (wall, (time.process_time() - c0) * 1000 / steps)
    return best


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--models", default="lstm,gru,bigru")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    for kind in a.models.split(","):
        (train_ms, train_cpu_ms), (infer_ms, infer_cpu_ms) = measure(kind, a.steps)
        print(json.dumps({"model": kind, "threads": a.threads, "train_ms": train_ms, "infer_ms": infer_ms,
                          "train_cpu_ms": train_cpu_ms, "infer_cpu_ms": infer_cpu_ms}), flush=True)


if __name__ == "__main__":
    main()
