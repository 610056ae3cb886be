#!/usr/bin/env python3
"""Reference run for `pnpm bench:embeddings`: gensim Word2Vec skip-gram on a pre-tokenized corpus.

Usage: /usr/bin/python3 gensim_word2vec.py CORPUS --workers N [--dim 100 --window 5 --negative 5
       --epochs 1 --min-count 5 --sample 1e-3 --seed 1]
CORPUS has one sentence per line, tokens separated by single spaces. Prints one JSON line with
the training time (vocabulary building excluded), its CPU time (all threads of the process), the
effective words (after subsampling, as gensim logs them) and in-vocabulary words per second, the
same definitions the kornlp side uses.
"""
import argparse
import json
import time

from gensim.models import Word2Vec

p = argparse.ArgumentParser()
p.add_argument("corpus")
p.add_argument("--workers", type=int, default=1)
p.add_argument("--dim", type=int, default=100)
p.add_argument("--window", type=int, default=5)
p.add_argument("--negative", type=int, default=5)
p.add_argument("--epochs", type=int, default=1)
p.add_argument("--min-count", type=int, default=5)
p.add_argument("--sample", type=float, default=1e-3)
p.add_argument("--seed", type=int, default=1)
a = p.parse_args()

with open(a.corpus, encoding="utf-8") as f:
    sentences = [line.split() for line in f]
sentences = [s for s in sentences if s]

model = Word2Vec(
    vector_size=a.dim, window=a.window, negative=a.negative, hs=0, sg=1, min_count=a.min_count,
    sample=a.sample, workers=a.workers, seed=a.seed, epochs=a.epochs,
)
model.build_vocab(sentences)
in_vocab = int(sum(model.wv.get_vecattr(w, "count") for w in model.wv.index_to_key))
t0 = time.perf_counter()
c0 = time.process_time()
effective, _raw = model.train(sentences, total_examples=len(sentences), epochs=a.epochs)
seconds = time.perf_counter() - t0
cpu = time.process_time() - c0
print(json.dumps({
    "seconds": seconds,
    "cpuSeconds": cpu,
    "effectiveWords": effective,
    "corpusWords": in_vocab,
    "vocabSize": len(model.wv),
    "wordsPerSecond": in_vocab * a.epochs / seconds,
}))
