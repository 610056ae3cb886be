import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../src/index.js';

// kornlp's block-copying Reverse on wasm against tfjs's cpu backend (the reference), exactly.
function values(shape: number[], dtype: 'float32' | 'int32'): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Array.from({ length: n }, (_, i) => (dtype === 'int32' ? i : i * 0.5 - 3)),
    shape,
    dtype,
  );
}

const cases: Array<{ shape: number[]; dims: number | number[]; dtype?: 'int32' }> = [
  { shape: [64, 30, 128], dims: 1 },
  { shape: [4, 6, 16], dims: -2 },
  { shape: [2, 3, 4, 16], dims: [1, 2] },
  { shape: [2, 3, 4, 16], dims: [0, 2], dtype: 'int32' },
  { shape: [5, 16], dims: 0 },
  { shape: [3, 5], dims: 1 }, // the last axis: tfjs's own kernel
  { shape: [3, 5, 2], dims: [0, 2] },
  { shape: [0, 4, 8], dims: 1 },
];

describe('wasm Reverse', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  for (const c of cases) {
    it(`reverses ${JSON.stringify(c.shape)} ${c.dtype ?? 'float32'} along ${JSON.stringify(c.dims)} like the cpu backend`, async () => {
      const run = () =>
        tf.tidy(() =>
          tf
            .reverse(values(c.shape, c.dtype ?? 'float32'), c.dims)
            .dataSync()
            .slice(),
        );
      await tf.setBackend('cpu');
      const expected = run();
      await tf.setBackend('wasm');
      const before = tf.memory().numTensors;
      const got = run();
      expect(tf.memory().numTensors).toBe(before);
      expect(Array.from(got)).toEqual(Array.from(expected));
    });
  }

  it('reverses a hand-checked [2, 2, 8] along axis 1, and its gradient is the reversed upstream gradient', async () => {
    await tf.setBackend('wasm');
    const x = values([2, 2, 8], 'float32');
    const y = tf.reverse(x, 1).arraySync() as number[][][];
    // Row (0, 0) of the result is row (0, 1) of the input: values 8*0.5-3 = 1 onwards.
    expect(y[0]![0]![0]).toBe(1);
    expect(y[1]![1]![7]).toBe(7 * 0.5 - 3 + 16 * 0.5);
    const w = values([2, 2, 8], 'float32');
    const g = tf.grad((t: tf.Tensor) => tf.reverse(t, 1).mul(w).sum())(x);
    expect(Array.from(g.dataSync())).toEqual(Array.from(tf.reverse(w, 1).dataSync()));
    tf.dispose([x, w, g]);
  });
});
