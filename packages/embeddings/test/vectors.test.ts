import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataFormatError, ShapeError } from '@kornlp/core';
import { describe, expect, it } from 'vitest';
import {
  cosineSimilarity,
  embeddingMatrix,
  readWordVectors,
  saveWordVectors,
  Vocabulary,
  WordVectors,
} from '../src/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
// Written by bench/reference/make_embedding_fixtures.py (gensim).
const ref = JSON.parse(readFileSync(fixture('gensim-tiny.json'), 'utf8')) as {
  words: string[];
  vectors: number[][];
  mostSimilar: Record<string, [string, number][]>;
  similarity: number;
};

function expectMatchesReference(wv: WordVectors) {
  expect(wv.words).toEqual(ref.words);
  expect(wv.dim).toBe(5);
  ref.vectors.forEach((v, i) => {
    expect(Array.from(wv.vector(ref.words[i]!)!)).toEqual(Array.from(Float32Array.from(v)));
  });
}

describe('readWordVectors', () => {
  it('reads gensim binary word2vec (auto-detected and explicit)', async () => {
    expectMatchesReference(await readWordVectors(fixture('gensim-tiny.bin')));
    expectMatchesReference(await readWordVectors(fixture('gensim-tiny.bin'), { format: 'binary' }));
  });

  it('reads gensim text word2vec; keep and limit', async () => {
    const wv = await readWordVectors(fixture('gensim-tiny.txt'));
    // Text holds the decimal form gensim printed; float32 parsing gives the same floats here.
    expectMatchesReference(wv);
    const some = await readWordVectors(fixture('gensim-tiny.txt'), { keep: (w) => w !== '영화', limit: 3 });
    expect(some.words).toEqual(['재밌', '최고']);
    const bin = await readWordVectors(fixture('gensim-tiny.bin'), { keep: (w) => w === '😀' });
    expect(bin.words).toEqual(['😀']);
  });

  it('nearest and similarity agree with gensim most_similar', async () => {
    const wv = await readWordVectors(fixture('gensim-tiny.bin'));
    for (const [w, expected] of Object.entries(ref.mostSimilar)) {
      const got = wv.nearest(w, 3);
      expect(got.map((n) => n.word)).toEqual(expected.map((e) => e[0]));
      got.forEach((n, i) => {
        expect(n.similarity).toBeCloseTo(expected[i]![1], 5);
      });
    }
    expect(wv.similarity('재밌', '지루')).toBeCloseTo(ref.similarity, 5);
    expect(wv.similarity('재밌', 'nope')).toBeNaN();
    expect(wv.nearest('nope')).toEqual([]);
  });

  it('fastText .vec / headerless text files, trailing spaces, CRLF', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kornlp-vec-'));
    const vec = join(dir, 'a.vec');
    writeFileSync(vec, '2 3\r\n가 1 2 3 \r\nb -1 0.5 1e-1\r\n');
    const wv = await readWordVectors(vec);
    expect(wv.words).toEqual(['가', 'b']);
    expect(Array.from(wv.vectors)).toEqual(Array.from(Float32Array.of(1, 2, 3, -1, 0.5, 0.1)));
    const glove = join(dir, 'glove.txt');
    writeFileSync(glove, 'x 1 0\ny 0 1\n');
    expect((await readWordVectors(glove)).dim).toBe(2);
  });

  it('bad files give DataFormatError with file and line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kornlp-vec-'));
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, '2 3\na 1 2 3\nb 1 2\n');
    await expect(readWordVectors(bad)).rejects.toThrow(
      /expected a word and 3 numbers, got 2 numbers \(.*bad.txt:3\)/,
    );
    const nan = join(dir, 'nan.txt');
    writeFileSync(nan, '1 2\na 1 x\n');
    await expect(readWordVectors(nan)).rejects.toThrow(/"x" is not a number/);
    const short = join(dir, 'short.bin');
    writeFileSync(short, readFileSync(fixture('gensim-tiny.bin')).subarray(0, 100));
    await expect(readWordVectors(short, { format: 'binary' })).rejects.toThrow(
      /header promises 6 vectors, file ends after/,
    );
    await expect(readWordVectors(join(dir, 'missing.bin'))).rejects.toThrow(DataFormatError);
  });

  it('saveWordVectors round-trips text and binary, and gensim-compatible binary bytes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kornlp-vec-'));
    const wv = await readWordVectors(fixture('gensim-tiny.bin'));
    for (const format of ['text', 'binary'] as const) {
      const path = join(dir, `out.${format}`);
      await saveWordVectors(path, wv, { format });
      expectMatchesReference(await readWordVectors(path, { format }));
    }
    // Our binary writer produces exactly what gensim wrote.
    expect(readFileSync(join(dir, 'out.binary'))).toEqual(readFileSync(fixture('gensim-tiny.bin')));
    await expect(
      saveWordVectors(join(dir, 'x'), new WordVectors(['a b'], new Float32Array(1), 1)),
    ).rejects.toThrow(/contains whitespace/);
  });
});

describe('WordVectors, cosineSimilarity', () => {
  it('cosine by hand', () => {
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
    expect(cosineSimilarity([3, 4], [6, 8])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, 1], [1, 0])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(cosineSimilarity([0, 0], [1, 0])).toBe(0);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(ShapeError);
  });
  it('nearest by vector, shape checks', () => {
    const wv = new WordVectors(['a', 'b', 'c'], Float32Array.of(1, 0, 1, 1, 0, 1), 2);
    expect(wv.nearest([1, 0.1], 2).map((n) => n.word)).toEqual(['a', 'b']);
    expect(wv.nearest('a', 5).map((n) => n.word)).toEqual(['b', 'c']);
    expect(() => new WordVectors(['a'], new Float32Array(3), 2)).toThrow(/needs 2 values, got 3/);
    expect(() => new WordVectors(['a', 'a'], new Float32Array(2), 1)).toThrow(/appears twice/);
  });
});

describe('embeddingMatrix', () => {
  it('aligns rows to vocabulary ids; padding row is zero; OOV rows zero or seeded random', async () => {
    const vocab = await Vocabulary.build([['재밌', '재밌', '최고', '새말']]);
    // ids: 0 pad, 1 unk, 2 재밌, 3 새말, 4 최고
    const zero = await embeddingMatrix(vocab, fixture('gensim-tiny.txt'), { oov: 'zero' });
    expect(zero.shape).toEqual([5, 5]);
    const row = (m: Float32Array, i: number) => Array.from(m.subarray(i * 5, i * 5 + 5));
    expect(row(zero.matrix, 0)).toEqual([0, 0, 0, 0, 0]);
    expect(row(zero.matrix, 2)).toEqual(Array.from(Float32Array.from(ref.vectors[1]!)));
    expect(row(zero.matrix, 3)).toEqual([0, 0, 0, 0, 0]);
    expect(row(zero.matrix, 4)).toEqual(Array.from(Float32Array.from(ref.vectors[2]!)));
    expect([zero.found, zero.total, zero.coverage, zero.missing]).toEqual([2, 3, 2 / 3, ['새말']]);
    const r1 = await embeddingMatrix(vocab, fixture('gensim-tiny.bin'), { seed: 3 });
    const r2 = await embeddingMatrix(vocab, await readWordVectors(fixture('gensim-tiny.bin')), { seed: 3 });
    expect(r1.matrix).toEqual(r2.matrix);
    expect(row(r1.matrix, 0)).toEqual([0, 0, 0, 0, 0]);
    for (const i of [1, 3]) {
      const r = row(r1.matrix, i);
      expect(r.every((x) => Math.abs(x) <= 0.05 && x !== 0)).toBe(true);
    }
    await expect(
      embeddingMatrix(vocab, fixture('gensim-tiny.bin'), { oov: 'mean' as 'zero' }),
    ).rejects.toThrow(/oov must be "random" or "zero", got "mean"/);
  });
});
