import { describe, expect, it } from 'vitest';
import { ConfigError, FusedLSTM, initBackend, tf } from '../src/index.js';

// The threaded wasm build (initBackend({ threads }) without the native accelerator) must compute
// what the single-threaded build computes: a dense product and a fused-LSTM training step, compared
// within float rounding. Its own file: switching builds replaces the process's wasm backend.

function rand(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

/** A matmul and one SGD step of a small LSTM classifier; returns the numbers to compare. */
function compute(): { product: Float32Array; loss: number; kernel: Float32Array } {
  return tf.tidy(() => {
    const product = tf.matMul(
      tf.tensor2d(rand(300 * 200, 1), [300, 200]),
      tf.tensor2d(rand(200 * 150, 2), [200, 150]),
    );
    const layer = new FusedLSTM({ units: 16, returnSequences: false });
    const x = tf.tensor3d(rand(8 * 12 * 10, 3), [8, 12, 10]);
    layer.build([8, 12, 10]);
    layer.setWeights([
      tf.tensor2d(rand(10 * 64, 4), [10, 64]),
      tf.tensor2d(rand(16 * 64, 5), [16, 64]),
      tf.tensor1d(rand(64, 6)),
    ]);
    const opt = tf.train.sgd(0.5);
    const loss = opt.minimize(() => tf.mean(tf.square(layer.apply(x) as tf.Tensor)), true) as tf.Scalar;
    const out = {
      product: product.dataSync() as Float32Array,
      loss: loss.dataSync()[0] as number,
      kernel: layer.getWeights()[0]?.dataSync() as Float32Array,
    };
    opt.dispose();
    for (const w of layer.weights) w.dispose();
    return out;
  });
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

describe('initBackend({ threads })', () => {
  it('rejects a thread count that is not an integer from 1 to 8, naming it', async () => {
    for (const threads of [0, 9, 1.5]) {
      await expect(initBackend({ prefer: 'wasm', threads })).rejects.toThrow(ConfigError);
    }
    await expect(initBackend({ prefer: 'wasm', threads: 0 })).rejects.toThrow(/from 1 to 8.*got 0/);
  });

  it('loads the threaded SIMD build with 2 XNNPACK threads and matches the single-threaded build', async () => {
    const single = await initBackend({ prefer: 'wasm', threads: 1, native: false });
    expect(single.threads).toBe(1);
    const reference = compute();
    const threaded = await initBackend({ prefer: 'wasm', threads: 2 });
    expect(threaded).toMatchObject({ name: 'wasm', threads: 2, kernels: true, native: false });
    const before = tf.memory().numTensors;
    const got = compute();
    expect(tf.memory().numTensors).toBe(before);
    expect(maxAbsDiff(got.product, reference.product)).toBeLessThan(1e-4);
    expect(Math.abs(got.loss - reference.loss)).toBeLessThan(1e-6);
    expect(maxAbsDiff(got.kernel, reference.kernel)).toBeLessThan(1e-6);
    // A later initBackend() that does not ask for threads (a library's own call) keeps the build,
    // and with it every wasm tensor.
    const kept = tf.tensor1d([1, 2, 3]);
    expect((await initBackend({ prefer: 'wasm' })).threads).toBe(2);
    expect(Array.from(kept.dataSync())).toEqual([1, 2, 3]);
    kept.dispose();
    // And back: tfjs's own single-threaded loader again.
    expect((await initBackend({ prefer: 'wasm', threads: 1 })).threads).toBe(1);
    expect(maxAbsDiff(compute().kernel, reference.kernel)).toBe(0);
  });
});
