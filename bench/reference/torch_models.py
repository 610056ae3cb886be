"""PyTorch reference for `pnpm bench:models`: the seed presets (Embedding 5000x100 -> RNN 128 ->
Dense 1 sigmoid) trained with Adam + binary cross-entropy and run for inference, batch 64,
length 30 (seed-transformer: length 100). Prints one JSON line per model: {"model", "threads",
"trainMs", "inferMs"} (the fastest of 3 timed blocks, after warm-up).

usage: /usr/bin/python3 torch_models.py --threads 1 --steps 10 --models seed-lstm,seed-gru
       /usr/bin/python3 torch_models.py --serve
  --serve first prints {"torch": version}, then answers one JSON line per request line
  {"model", "threads", "what": "train"|"infer", "steps"} with {"ms": mean ms per step over that
  block}, so a caller can interleave its own blocks with PyTorch's on a shared machine.
"""
import argparse
import ctypes
import json
import time

import torch
from torch import nn

B, T, V, E, U = 64, 30, 5000, 100, 128


class Seed(nn.Module):
    def __init__(self, preset):
        super().__init__()
        self.emb = nn.Embedding(V, E)
        kind = preset.replace("seed-", "")
        bi = kind == "bi-gru"
        cls = {"simple-rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU, "bi-gru": nn.GRU}[kind]
        self.rnn = cls(E, U, batch_first=True, bidirectional=bi)
        self.out = nn.Linear(U * (2 if bi else 1), 1)

    def forward(self, ids):
        _, h = self.rnn(self.emb(ids))
        if isinstance(h, tuple):
            h = h[0]
        return self.out(torch.cat(list(h), dim=-1)).squeeze(-1)


class SeedAttention(nn.Module):
    """seed-attention as the reference: bi-GRU sequence -> Dense(1, tanh) per step -> softmax over
    the size-1 last axis (so every weight is 1) -> weighted sum over time -> Dense(1)."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(V, E)
        self.rnn = nn.GRU(E, U, batch_first=True, bidirectional=True)
        self.score = nn.Linear(2 * U, 1)
        self.out = nn.Linear(2 * U, 1)

    def forward(self, ids):
        h, _ = self.rnn(self.emb(ids))
        a = torch.softmax(torch.tanh(self.score(h)), dim=-1)
        return self.out((a * h).sum(dim=1)).squeeze(-1)


class SeedTransformer(nn.Module):
    """seed-transformer as the reference Keras model, length 100: Embedding -> MultiHeadAttention
    (8 heads, key_dim 128: q/k/v 100 -> 1024, output 1024 -> 100) -> LayerNorm -> concat with the
    embedding (200) -> Dense 512 relu -> Dense 128 relu -> LayerNorm -> Dense 1 sigmoid per step ->
    mean over time. LayerNorm epsilon 1e-3 as Keras. Returns probabilities, not logits."""

    returns_probability = True

    def __init__(self, heads=8, key_dim=128):
        super().__init__()
        self.heads, self.key_dim = heads, key_dim
        self.emb = nn.Embedding(V, E)
        self.q, self.k, self.v = (nn.Linear(E, heads * key_dim) for _ in range(3))
        self.o = nn.Linear(heads * key_dim, E)
        self.norm1 = nn.LayerNorm(E, eps=1e-3)
        self.ff1 = nn.Linear(2 * E, 512)
        self.ff2 = nn.Linear(512, 128)
        self.norm2 = nn.LayerNorm(128, eps=1e-3)
        self.out = nn.Linear(128, 1)

    def forward(self, ids):
        x = self.emb(ids)
        b, t, _ = x.shape
        split = lambda z: z.view(b, t, self.heads, self.key_dim).transpose(1, 2)  # noqa: E731
        q, k, v = split(self.q(x)) / self.key_dim ** 0.5, split(self.k(x)), split(self.v(x))
        ctx = torch.softmax(q @ k.transpose(-1, -2), dim=-1) @ v
        a = self.o(ctx.transpose(1, 2).reshape(b, t, -1))
        h = torch.cat([x, self.norm1(a)], dim=-1)
        h = self.norm2(torch.relu(self.ff2(torch.relu(self.ff1(h)))))
        return torch.sigmoid(self.out(h)).mean(dim=1).squeeze(-1)


def best_ms(fn, steps, blocks=3):
    for _ in range(2):
        fn()
    best = float("inf")
    for _ in range(blocks):
        t0 = time.perf_counter()
        for _ in range(steps):
            fn()
        best = min(best, (time.perf_counter() - t0) * 1000 / steps)
    return best


def build(preset):
    """The model with its train and infer closures (ids and labels as the kornlp bench builds them)."""
    torch.manual_seed(0)
    model = SeedTransformer() if preset == "seed-transformer" else SeedAttention() if preset == "seed-attention" else Seed(preset)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    probs = getattr(model, "returns_probability", False)
    loss_fn = nn.BCELoss() if probs else nn.BCEWithLogitsLoss()
    t = 100 if preset == "seed-transformer" else T
    ids = (torch.arange(B * t) * 7919 % V).reshape(B, t)
    y = (torch.arange(B) % 2).float()

    def train():
        opt.zero_grad()
        loss_fn(model(ids), y).backward()
        opt.step()

    def infer():
        with torch.no_grad():
            out = model(ids)
            (out if probs else torch.sigmoid(out)).sum().item()

    return {"train": train, "infer": infer}


def set_threads(n):
    """torch.set_num_threads does not reach Debian torch's BLAS (OpenBLAS, which it does not know it
    uses), so its own thread count is set too: "1 thread" is then really one."""
    torch.set_num_threads(n)
    try:
        ctypes.CDLL("libopenblas.so.0").openblas_set_num_threads(n)
    except (OSError, AttributeError):
        pass


def serve():
    import sys

    print(json.dumps({"torch": torch.__version__}), flush=True)
    models = {}
    for line in sys.stdin:
        req = json.loads(line)
        set_threads(req["threads"])
        fns = models.setdefault(req["model"], None) or build(req["model"])
        models[req["model"]] = fns
        fn = fns[req["what"]]
        t0 = time.perf_counter()
        for _ in range(req["steps"]):
            fn()
        print(json.dumps({"ms": (time.perf_counter() - t0) * 1000 / req["steps"]}), flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--serve", action="store_true")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--models", default="seed-simple-rnn,seed-lstm,seed-gru,seed-bi-gru")
    a = p.parse_args()
    if a.serve:
        return serve()
    set_threads(a.threads)
    for preset in a.models.split(","):
        fns = build(preset)
        print(json.dumps({"model": preset, "threads": a.threads, "trainMs": best_ms(fns["train"], a.steps),
                          "inferMs": best_ms(fns["infer"], a.steps)}), flush=True)


if __name__ == "__main__":
    main()
