import { describe, expect, it } from 'vitest';
import { initBackend, tf } from '../src/index.js';

// kornlp's heap-copying Slice and zero-copy Identity on wasm against tfjs's cpu backend.

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
