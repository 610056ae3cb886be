import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { batches, compareCodePoints, lengthStats, padSequences, toTensor } from '../src/index.js';

const rows = (m: { data: Int32Array; shape: [number, number] }) =>
  Array.from({ length: m.shape[0] }, (_, r) =>
    Array.from(m.data.subarray(r * m.shape[1], (r + 1) * m.shape[1])),
  );

describe('padSequences (Keras pad_sequences semantics)', () => {
  const seqs = [[1, 2, 3, 4], [5, 6], []];

  it('defaults: pad and truncate at the front, maxLen = longest', () => {
    const m = padSequences(seqs);
    expect(m.shape).toEqual([3, 4]);
    expect(rows(m)).toEqual([
      [1, 2, 3, 4],
      [0, 0, 5, 6],
      [0, 0, 0, 0],
    ]);
  });

  it.each([
    [
      'pre',
      'pre',
      [
        [2, 3, 4],
        [0, 5, 6],
        [0, 0, 0],
      ],
    ],
    [
      'pre',
      'post',
      [
        [1, 2, 3],
        [0, 5, 6],
        [0, 0, 0],
      ],
    ],
    [
      'post',
      'pre',
      [
        [2, 3, 4],
        [5, 6, 0],
        [0, 0, 0],
      ],
    ],
    [
      'post',
      'post',
      [
        [1, 2, 3],
        [5, 6, 0],
        [0, 0, 0],
      ],
    ],
  ] as const)('padding=%s truncating=%s with maxLen 3', (padding, truncating, expected) => {
    expect(rows(padSequences(seqs, { maxLen: 3, padding, truncating }))).toEqual(expected);
  });

  it('pads with value, accepts typed arrays, maxLen 0 gives empty rows', () => {
    expect(rows(padSequences([Int32Array.of(7)], { maxLen: 3, value: -1 }))).toEqual([[-1, -1, 7]]);
    expect(padSequences([[1, 2]], { maxLen: 0 }).shape).toEqual([1, 0]);
    expect(padSequences([]).shape).toEqual([0, 0]);
  });

  it('rejects bad options with ConfigError naming the value', () => {
    expect(() => padSequences(seqs, { padding: 'middle' as 'pre' })).toThrow(
      /padding must be "pre" or "post", got "middle"/,
    );
    expect(() => padSequences(seqs, { maxLen: -1 })).toThrow(/maxLen must be a non-negative integer, got -1/);
    expect(() => padSequences(seqs, { value: 0.5 })).toThrow(/value must be an int32/);
  });
});

describe('lengthStats', () => {
  it('nearest-rank percentiles, min, max, mean', () => {
    const s = lengthStats([[1], [1, 2], [1, 2, 3], [1, 2, 3, 4]], [25, 50, 75, 100]);
    expect(s).toEqual({ count: 4, min: 1, max: 4, mean: 2.5, percentiles: { 25: 1, 50: 2, 75: 3, 100: 4 } });
    // 10 lengths 1..10: the 95th percentile must cover 9.5 of 10 sequences, so 10.
    const t = lengthStats(
      Array.from({ length: 10 }, (_, i) => ({ length: 10 - i })),
      [90, 95],
    );
    expect(t.percentiles).toEqual({ 90: 9, 95: 10 });
  });
  it('empty input and bad percentiles', () => {
    expect(lengthStats([]).max).toBe(0);
    expect(() => lengthStats([[1]], [0])).toThrow(/percentiles must be numbers in \(0, 100\]/);
  });
});

describe('batches and toTensor', () => {
  it('yields int32 batches with labels and leaks nothing once disposed', () => {
    const before = tf.memory().numTensors;
    const out: { x: number[][]; y: number[]; i: number[] }[] = [];
    for (const b of batches([[1, 2, 3], [4], [5, 6]], [1, 0, 1], { batchSize: 2, maxLen: 2 })) {
      expect(b.x.dtype).toBe('int32');
      expect(b.y?.dtype).toBe('float32');
      out.push({ x: b.x.arraySync(), y: b.y!.arraySync() as number[], i: b.indices });
      b.x.dispose();
      b.y?.dispose();
    }
    expect(out).toEqual([
      {
        x: [
          [2, 3],
          [0, 4],
        ],
        y: [1, 0],
        i: [0, 1],
      },
      { x: [[5, 6]], y: [1], i: [2] },
    ]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('sequence labels are padded like the inputs; shuffle is seeded; dropRemainder', () => {
    const seqs = [[1, 2, 3], [4], [5, 6], [7]];
    const tags = [[1, 1, 2], [3], [2, 2], [1]];
    const [b] = [...batches(seqs, tags, { batchSize: 4, padding: 'post' })];
    expect(b!.y!.dtype).toBe('int32');
    expect(b!.y!.arraySync()).toEqual([
      [1, 1, 2],
      [3, 0, 0],
      [2, 2, 0],
      [1, 0, 0],
    ]);
    const order = (seed: number) =>
      [...batches(seqs, undefined, { batchSize: 3, shuffle: true, seed, dropRemainder: true })].map((x) => {
        x.x.dispose();
        return x.indices;
      });
    expect(order(3)).toEqual(order(3));
    expect(order(3)).toHaveLength(1);
    const full = (seed: number) =>
      [...batches(seqs, undefined, { batchSize: 4, shuffle: true, seed })].map((x) => {
        x.x.dispose();
        return x.indices;
      })[0]!;
    expect([...full(1)].sort()).toEqual([0, 1, 2, 3]);
    expect([1, 2, 3].some((seed) => full(seed).join() !== '0,1,2,3')).toBe(true);
    expect(() => [...batches(seqs, [1], {})]).toThrow(/4 sequences but 1 labels/);
  });

  it('toTensor keeps the shape', () => {
    const t = toTensor(padSequences([[1, 2], [3]]));
    expect(t.shape).toEqual([2, 2]);
    expect(t.arraySync()).toEqual([
      [1, 2],
      [0, 3],
    ]);
    t.dispose();
  });
});

describe('compareCodePoints', () => {
  it('orders astral characters after the rest of the BMP (unlike UTF-16 order)', () => {
    const words = ['\uFF01', '😀', 'a', '가', 'ab', ''];
    expect([...words].sort(compareCodePoints)).toEqual(['', 'a', 'ab', '가', '\uFF01', '😀']);
    expect([...words].sort()).toEqual(['', 'a', 'ab', '가', '😀', '\uFF01']);
    // Agrees with comparing code point arrays.
    const cp = (s: string) => Array.from(s, (c) => c.codePointAt(0)!);
    const pairs = ['😀', '\uFFFF', '\uE000', '\uD7FF', 'z', '😀a', '\u{10000}'];
    for (const a of pairs)
      for (const b of pairs) {
        const x = cp(a);
        const y = cp(b);
        let ref = 0;
        for (let i = 0; i < Math.min(x.length, y.length) && ref === 0; i++) ref = x[i]! - y[i]!;
        if (ref === 0) ref = x.length - y.length;
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(ref));
      }
  });
});
