import { ConfigError } from '@kornlp/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fusedGru } from '../src/fused/gru.js';
import { predictBucketed } from '../src/fused/predict_bucketed.js';
import { initBackend, tf } from '../src/index.js';

// A masked model gives the same numbers for a sequence whether it is padded or not, so bucketed
// prediction must equal one-sequence-at-a-time prediction without any padding.

const V = 20;
const E = 5;
const U = 4;

function rand(shape: number[], seed: number): tf.Tensor {
  let s = seed >>> 0;
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return tf.tensor(out, shape);
}

describe('predictBucketed', () => {
  let emb: tf.Tensor;
  let weights: tf.Tensor[];
  const model =
    (returnSequences: boolean, goBackwards = false) =>
    (ids: tf.Tensor2D) =>
      tf.tidy(
        () =>
          fusedGru(
            tf.gather(emb, ids),
            weights[0] as tf.Tensor,
            weights[1] as tf.Tensor,
            weights[2] as tf.Tensor,
            {
              mask: tf.notEqual(ids, 0),
              returnSequences,
              goBackwards,
            },
          ) as tf.Tensor,
      );
  // lengths 1..9 in scrambled order, ids in 1..V-1 (0 is padding)
  const seqs = [5, 1, 9, 3, 7, 2, 8, 4, 6, 3, 1].map((len, i) =>
    Array.from({ length: len }, (_, j) => 1 + ((i * 7 + j * 3) % (V - 1))),
  );

  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
    emb = rand([V, E], 1);
    weights = [rand([E, 3 * U], 2), rand([U, 3 * U], 3), rand([2, 3 * U], 4)];
  });

  it('counts lengths as in the documented example, results in input order', async () => {
    const lengths = (ids: tf.Tensor2D) => tf.cast(tf.sum(tf.notEqual(ids, 0), 1, true), 'float32');
    const out = await predictBucketed(lengths, [[5, 6, 7], [8], [9, 9]], { batchSize: 2 });
    expect(out.map((o) => Array.from(o))).toEqual([[3], [1], [2]]);
  });

  it.each([
    ['post', false],
    ['pre', false],
    ['post', true],
  ] as const)(
    'equals unpadded one-by-one prediction (padding %s, goBackwards %s), last output and per step',
    async (padding, goBackwards) => {
      // Per-step outputs must be in input time order; a bare goBackwards layer's are reversed.
      for (const returnSequences of goBackwards ? [false] : [false, true]) {
        const before = tf.memory().numTensors;
        const out = await predictBucketed(model(returnSequences, goBackwards), seqs, {
          batchSize: 3,
          padding,
        });
        expect(tf.memory().numTensors).toBe(before);
        for (const [i, seq] of seqs.entries()) {
          const y = model(returnSequences, goBackwards)(tf.tensor2d([seq], [1, seq.length], 'int32'));
          const expected = y.dataSync();
          y.dispose();
          const got = out[i] as Float32Array;
          expect(got.length).toBe(expected.length);
          for (let j = 0; j < got.length; j++)
            expect(Math.abs((got[j] as number) - (expected[j] as number))).toBeLessThan(1e-5);
        }
      }
    },
  );

  it('cuts sequences longer than maxLength on the padding side', async () => {
    const first = (ids: tf.Tensor2D) => tf.cast(tf.slice(ids, [0, 0], [ids.shape[0], 1]), 'float32');
    expect((await predictBucketed(first, [[4, 5, 6]], { maxLength: 2 })).map((o) => o[0])).toEqual([4]);
    expect(
      (await predictBucketed(first, [[4, 5, 6]], { maxLength: 2, padding: 'pre' })).map((o) => o[0]),
    ).toEqual([5]);
  });

  it('rejects bad options with ConfigError', async () => {
    const m = model(false);
    await expect(predictBucketed(m, seqs, { batchSize: 0 })).rejects.toThrow(ConfigError);
    await expect(predictBucketed(m, seqs, { maxLength: -1 })).rejects.toThrow(/maxLength/);
  });
});
