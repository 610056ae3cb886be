import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../src/index.js';
import { maxAbsDiff, rand } from './support/custom_layer_suite.js';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

// Independent reference: out[i0, i1, ...] = x[i0 % s0, i1 % s1, ...].
function tileRef(values: number[], shape: number[], reps: number[]): number[] {
  const out = shape.map((s, i) => s * reps[i]!);
  const n = out.reduce((a, b) => a * b, 1);
  const res: number[] = [];
  for (let f = 0; f < n; f++) {
    let rest = f;
    let src = 0;
    let stride = 1;
    const idx: number[] = [];
    for (let d = out.length - 1; d >= 0; d--) {
      idx[d] = rest % out[d]!;
      rest = Math.floor(rest / out[d]!);
    }
    for (let d = shape.length - 1; d >= 0; d--) {
      src += (idx[d]! % shape[d]!) * stride;
      stride *= shape[d]!;
    }
    res.push(values[src]!);
  }
  return res;
}

describe('wasm Tile (row copies on the heap)', () => {
  it.each([
    [[5], [3], 'float32'],
    [[2, 3], [2, 1], 'int32'],
    [[2, 3, 1], [1, 2, 4], 'float32'],
    [[1, 1, 4], [3, 2, 1], 'float32'],
    [[2, 1, 3, 2], [1, 3, 2, 2], 'int32'],
    [[2, 2], [1, 1], 'float32'],
  ] as const)('shape %j reps %j (%s) equals the index-wrapping reference', (shape, reps, dtype) => {
    const n = shape.reduce((a: number, b: number) => a * b, 1);
    const values = Array.from({ length: n }, (_, i) => (i * 7) % 11);
    const x = tf.tensor(values, [...shape], dtype);
    const y = tf.tile(x, [...reps]);
    expect(y.shape).toEqual(shape.map((s, i) => s * reps[i]!));
    expect(Array.from(y.dataSync())).toEqual(tileRef(values, [...shape], [...reps]));
    tf.dispose([x, y]);
  });

  it('tiles bool tensors', () => {
    const x = tf.tensor2d([[true, false]], [1, 2], 'bool');
    const y = tf.tile(x, [2, 2]);
    expect(Array.from(y.dataSync())).toEqual([1, 0, 1, 0, 1, 0, 1, 0]);
    tf.dispose([x, y]);
  });
});

describe('Tile gradient (reshape + sum instead of one slice per repetition)', () => {
  it.each([[[1, 1, 5]], [[3, 1, 1]], [[2, 2, 2]], [[1, 1, 1]]])(
    'reps %j: equals the sum of the matching slices of dy',
    (reps) => {
      const x = rand([2, 3, 4], 1);
      const dy = rand([2 * reps[0]!, 3 * reps[1]!, 4 * reps[2]!], 2);
      const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.tile(v, reps), dy)))(x);
      const want = tf.tidy(() => {
        let acc = tf.zerosLike(x);
        for (let i = 0; i < reps[0]!; i++)
          for (let j = 0; j < reps[1]!; j++)
            for (let k = 0; k < reps[2]!; k++) acc = acc.add(dy.slice([i * 2, j * 3, k * 4], [2, 3, 4]));
        return acc;
      });
      expect(maxAbsDiff(g.dataSync(), want.dataSync())).toBeLessThan(1e-5);
      tf.dispose([x, dy, g, want]);
    },
  );

  it.each([
    [
      [2, 3, 1],
      [1, 2, 4],
    ],
    [
      [1, 1, 4],
      [3, 2, 1],
    ],
    [
      [1, 1, 1],
      [2, 1, 3],
    ],
  ])('shape %j reps %j (size-1 axes): equals the numeric gradient of tf.tile', (shape, reps) => {
    const x = rand(shape, 5);
    const out = shape.map((d, i) => d * reps[i]!);
    const dy = rand(out, 6);
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.tile(v, reps), dy)))(x);
    // d/dx_j of sum(tile(x) * dy) = the sum of dy over every output position that copies x_j.
    const dyv = dy.dataSync();
    const want = new Float32Array(x.size);
    const n = out.reduce((a, b) => a * b, 1);
    for (let f = 0; f < n; f++) {
      let rest = f;
      let src = 0;
      let stride = 1;
      for (let d = out.length - 1; d >= 0; d--) {
        src += ((rest % out[d]!) % shape[d]!) * stride;
        stride *= shape[d]!;
        rest = Math.floor(rest / out[d]!);
      }
      want[src] = want[src]! + dyv[f]!;
    }
    expect(maxAbsDiff(g.dataSync(), want)).toBeLessThan(1e-5);
    tf.dispose([x, dy, g]);
  });

  it('keeps a LayerNormalization backward pass to a handful of kernels', async () => {
    const ln = tf.layers.layerNormalization();
    const x = rand([8, 50, 16], 3);
    ln.apply(x);
    const vars = ln.trainableWeights.map((w) => w.read() as tf.Variable);
    const info = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(ln.apply(x) as tf.Tensor) as tf.Scalar, vars);
      tf.dispose([value, ...Object.values(grads)]);
    });
    // tfjs's own Tile gradient issued 8·50 slices for gamma and as many for beta.
    expect(info.kernels.filter((k) => k.name === 'Slice').length).toBeLessThan(10);
    x.dispose();
  });
});
