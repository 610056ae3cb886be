#!/usr/bin/env python3
"""Writes the small gensim-made fixtures of packages/embeddings/test/fixtures/.

Run: /usr/bin/python3 bench/reference/make_embedding_fixtures.py
- gensim-tiny.bin / gensim-tiny.txt: 6 vectors (Korean, emoji, ASCII words) saved by gensim's
  KeyedVectors.save_word2vec_format in binary and text form.
- gensim-tiny.json: the words, their float32 vectors, and gensim's most_similar / similarity
  answers, which the tests compare against.
"""
import json
import os

import numpy as np
from gensim.models import KeyedVectors

out = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "embeddings", "test", "fixtures")
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(7)
words = ["영화", "재밌", "최고", "지루", "😀", "movie"]
vectors = rng.normal(size=(len(words), 5)).astype(np.float32)
vectors[2] = vectors[1] * 0.9 + 0.1  # 최고 close to 재밌
kv = KeyedVectors(vector_size=5)
kv.add_vectors(words, vectors)
kv.save_word2vec_format(os.path.join(out, "gensim-tiny.bin"), binary=True)
kv.save_word2vec_format(os.path.join(out, "gensim-tiny.txt"), binary=False)
with open(os.path.join(out, "gensim-tiny.json"), "w", encoding="utf-8") as f:
    json.dump({
        "words": words,
        "vectors": [[float(x) for x in v] for v in vectors],
        "mostSimilar": {w: [[n, float(s)] for n, s in kv.most_similar(w, topn=3)] for w in ["재밌", "😀"]},
        "similarity": float(kv.similarity("재밌", "지루")),
    }, f, ensure_ascii=False, indent=1)
