import { describe, expect, it } from 'vitest';
import { initBackend, tf } from '../src/index.js';

// kornlp's heap-copying Slice, zero-copy Identity, leading-axis Sum and row GatherV2 on wasm against
// tfjs's cpu backend.

function values(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => ((i * 37) % 101) - 50.5);
}

const cases: [string, number[], number[], number[]][] = [
  ['contiguous rows', [6, 5], [2, 0], [3, 5]],
  ['columns of a matrix', [6, 5], [1, 2], [4, 2]],
  ['middle of a rank-3 tensor', [3, 4, 5], [1, 1, 2], [2, 2, 3]],
  ['rank 4 with -1 size', [2, 3, 4, 5], [0, 1, 1, 2], [-1, 2, 3, 2]],
  ['rank 1', [9], [3], [4]],
  ['empty', [4, 4], [1, 1], [0, 2]],
];

describe('wasm kernels: Slice and Identity', () => {
  it.each(cases)('Slice: %s equals the cpu backend, float32 and int32', async (_name, shape, begin, size) => {
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor(values(shape.reduce((a, b) => a * b, 1)), shape);
        return [tf.slice(x, begin, size).arraySync(), tf.slice(tf.cast(x, 'int32'), begin, size).arraySync()];
      });
    await initBackend({ prefer: 'wasm' });
    const onWasm = run();
    await tf.setBackend('cpu');
    const onCpu = run();
    await tf.setBackend('wasm');
    expect(onWasm).toEqual(onCpu);
  });

  it('Identity (clone) shares the buffer safely: disposing one keeps the other, no leaks', async () => {
    await initBackend({ prefer: 'wasm' });
    const before = tf.memory().numTensors;
    const a = tf.tensor([1, 2, 3]);
    const b = tf.clone(a);
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3]);
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

const sumCases: [string, number[], number | number[], boolean][] = [
  ['rows of a matrix (bias gradient)', [96, 64], 0, false],
  ['two leading axes, keepDims', [8, 12, 50], [0, 1], true],
  ['negative axes naming the leading ones', [8, 12, 50], [-3, -2], false],
  ['last axis (tfjs path)', [96, 64], 1, false],
  ['all axes (tfjs path)', [96, 64], [0, 1], false],
  ['small (tfjs path)', [4, 3], 0, true],
];

describe('wasm kernels: Sum over leading axes and GatherV2 by rows', () => {
  it.each(sumCases)(
    'Sum: %s equals the cpu backend within 1e-5 relative',
    async (_name, shape, axis, keepDims) => {
      const run = () =>
        tf.tidy(() => {
          const x = tf.tensor(values(shape.reduce((a, b) => a * b, 1)), shape);
          const s = tf.sum(x, axis, keepDims);
          return { shape: s.shape, data: Array.from(s.dataSync()) };
        });
      await initBackend({ prefer: 'wasm' });
      const onWasm = run();
      await tf.setBackend('cpu');
      const onCpu = run();
      await tf.setBackend('wasm');
      expect(onWasm.shape).toEqual(onCpu.shape);
      for (let i = 0; i < onCpu.data.length; i++) {
        const ref = onCpu.data[i] as number;
        expect(Math.abs((onWasm.data[i] as number) - ref)).toBeLessThanOrEqual(
          1e-5 * Math.max(1, Math.abs(ref)),
        );
      }
    },
  );

  it('Sum of int32 keeps its dtype and exact value', async () => {
    await initBackend({ prefer: 'wasm' });
    const s = tf.tidy(() =>
      tf.sum(
        tf.tensor2d(
          Int32Array.from({ length: 200 * 30 }, (_, i) => i % 7),
          [200, 30],
          'int32',
        ),
        0,
      ),
    );
    expect(s.dtype).toBe('int32');
    expect(Array.from(s.dataSync()).slice(0, 3)).toEqual([
      // column j holds (30·r + j) mod 7 for r < 200
      [...Array(200).keys()].reduce((a, r) => a + ((30 * r) % 7), 0),
      [...Array(200).keys()].reduce((a, r) => a + ((30 * r + 1) % 7), 0),
      [...Array(200).keys()].reduce((a, r) => a + ((30 * r + 2) % 7), 0),
    ]);
    s.dispose();
  });

  const gatherCases: [string, number[], number[], number[], number][] = [
    [
      'embedding rows by a [batch, time] id matrix',
      [50, 20],
      [3, 4],
      [0, 49, 7, 7, 1, 2, 3, 4, 5, 6, 48, 0],
      0,
    ],
    ['narrow rows (element loop)', [10, 3], [5], [9, 0, 4, 4, 1], 0],
    ['rank 1', [10], [4], [3, 1, 9, 0], 0],
    ['axis 1 (tfjs path)', [6, 5], [3], [4, 0, 2], 1],
    ['no indices', [6, 5], [0], [], 0],
  ];
  it.each(gatherCases)('GatherV2: %s equals the cpu backend', async (_name, shape, idShape, ids, axis) => {
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor(values(shape.reduce((a, b) => a * b, 1)), shape);
        const g = tf.gather(x, tf.tensor(ids, idShape, 'int32'), axis);
        return { shape: g.shape, data: Array.from(g.dataSync()) };
      });
    await initBackend({ prefer: 'wasm' });
    const onWasm = run();
    await tf.setBackend('cpu');
    const onCpu = run();
    await tf.setBackend('wasm');
    expect(onWasm).toEqual(onCpu);
  });

  it('GatherV2 rejects an out-of-range id, naming it and the valid range, without leaking', async () => {
    await initBackend({ prefer: 'wasm' });
    const x = tf.ones([5, 20]);
    const before = tf.memory().numTensors;
    const bad = tf.tensor1d([1, 5], 'int32');
    expect(() => tf.gather(x, bad)).toThrow(/index value 5 is not in \[0, 4\]/);
    bad.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
