import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../src/index.js';

// Each case runs the same computation on the cpu backend (tfjs's own kernels, the reference) and
// on wasm (with kornlp's kernels), and compares.
async function onBackend<T>(name: 'cpu' | 'wasm', fn: () => T): Promise<T> {
  await tf.setBackend(name);
  return fn();
}

function rand(shape: number[], seed: number): Float32Array {
  // Small LCG so both backends get identical inputs.
  let s = seed >>> 0;
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

describe('initBackend', () => {
  it('chooses wasm with SIMD and kornlp kernels on a machine without tfjs-node', async () => {
    const info = await initBackend();
    expect(['tensorflow', 'wasm']).toContain(info.name);
    if (info.name === 'wasm') {
      expect(info.kernels).toBe(true);
      expect(info.simd).toBe(true);
      expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
    }
  });

  it('rejects an unknown backend name with the valid ones listed', async () => {
    await expect(initBackend({ prefer: 'gpu' as never })).rejects.toThrow(/unknown backend "gpu".*wasm/);
  });

  it('trains a tiny Embedding→LSTM→Dense model for one batch on wasm', async () => {
    await initBackend({ prefer: 'wasm' });
    const model = tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: 50, outputDim: 8, inputLength: 6 }),
        tf.layers.lstm({ units: 4 }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
    const x = tf.tensor2d(
      [...Array(8 * 6).keys()].map((i) => (i * 7) % 50),
      [8, 6],
      'int32',
    );
    const y = tf.tensor2d([0, 1, 0, 1, 1, 0, 1, 0], [8, 1]);
    const embBefore = model.layers[0]!.getWeights()[0]!.dataSync().slice();
    const loss = (await model.trainOnBatch(x, y)) as number;
    expect(Number.isFinite(loss)).toBe(true);
    const embAfter = model.layers[0]!.getWeights()[0]!.dataSync();
    expect(maxAbsDiff(embBefore, embAfter)).toBeGreaterThan(0);
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('wasm kernels against the cpu backend', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  const segCases: Array<{ x: number[]; n: number; segs: number }> = [
    { x: [7], n: 7, segs: 3 },
    { x: [12, 5], n: 12, segs: 4 },
    { x: [9, 3, 4], n: 9, segs: 9 },
    { x: [64, 100], n: 64, segs: 50 },
  ];
  for (const [k, c] of segCases.entries()) {
    it(`UnsortedSegmentSum ${JSON.stringify(c.x)} into ${c.segs} segments`, async () => {
      const xs = rand(c.x, 11 + k);
      const ids = Array.from({ length: c.n }, (_, i) => (i * 5 + k) % c.segs);
      ids[0] = ids[1] ?? 0; // force a repeated id
      const run = () =>
        tf.tidy(() =>
          tf.unsortedSegmentSum(tf.tensor(xs, c.x), tf.tensor1d(ids, 'int32'), c.segs).dataSync().slice(),
        );
      const cpu = await onBackend('cpu', run);
      const before = (await onBackend('wasm', () => tf.memory().numTensors)) as number;
      const wasm = await onBackend('wasm', run);
      expect(tf.memory().numTensors).toBe(before);
      expect(maxAbsDiff(cpu, wasm)).toBeLessThan(1e-5);
    });
  }

  it('UnsortedSegmentSum drops out-of-range ids like TensorFlow', async () => {
    await tf.setBackend('wasm');
    const out = tf.tidy(() =>
      tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3, 4]), tf.tensor1d([0, -1, 5, 1], 'int32'), 2).arraySync(),
    );
    expect(out).toEqual([1, 4]);
  });

  const mmCases: Array<{ a: number[]; b: number[]; ta: boolean; tb: boolean }> = [
    { a: [5, 3], b: [3, 4], ta: false, tb: false },
    { a: [3, 5], b: [3, 4], ta: true, tb: false },
    { a: [5, 3], b: [4, 3], ta: false, tb: true },
    { a: [3, 5], b: [4, 3], ta: true, tb: true },
    { a: [2, 7, 6], b: [2, 7, 5], ta: true, tb: false },
    { a: [2, 6, 7], b: [2, 5, 7], ta: false, tb: true },
    { a: [64, 128], b: [64, 512], ta: true, tb: false },
    // Batches of big-enough items run one XNNPACK product per item (attention's per-head products).
    { a: [3, 2, 40, 48], b: [3, 2, 48, 40], ta: false, tb: false },
    { a: [3, 2, 40, 48], b: [3, 2, 40, 48], ta: false, tb: true },
    { a: [2, 48, 40], b: [2, 48, 40], ta: true, tb: false },
  ];
  for (const [k, c] of mmCases.entries()) {
    it(`BatchMatMul ${JSON.stringify(c.a)}${c.ta ? 'ᵀ' : ''} × ${JSON.stringify(c.b)}${c.tb ? 'ᵀ' : ''}: values and gradients`, async () => {
      const av = rand(c.a, 100 + k);
      const bv = rand(c.b, 200 + k);
      const run = () =>
        tf.tidy(() => {
          const a = tf.tensor(av, c.a);
          const b = tf.tensor(bv, c.b);
          const f = (x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, c.ta, c.tb).square().sum();
          const out = tf.matMul(a, b, c.ta, c.tb).dataSync().slice();
          const [ga, gb] = tf.grads(f)([a, b]);
          return [out, ga!.dataSync().slice(), gb!.dataSync().slice()];
        });
      const cpu = await onBackend('cpu', run);
      const before = (await onBackend('wasm', () => tf.memory().numTensors)) as number;
      const wasm = await onBackend('wasm', run);
      expect(tf.memory().numTensors).toBe(before);
      for (let i = 0; i < 3; i++) {
        const scale = Math.max(1, ...Array.from(cpu[i]!, Math.abs));
        expect(maxAbsDiff(cpu[i]!, wasm[i]!) / scale).toBeLessThan(1e-5);
      }
    });
  }

  it('Embedding gradient of a tiny model matches the cpu backend', async () => {
    const vocab = 20;
    const dim = 6;
    const table = rand([vocab, dim], 7);
    const denseW = rand([dim, 1], 8);
    const ids = [3, 3, 0, 19, 5, 3, 7, 0, 11, 19, 2, 3];
    const run = () =>
      tf.tidy(() => {
        const emb = tf.variable(tf.tensor2d(table, [vocab, dim]));
        const w = tf.tensor2d(denseW, [dim, 1]);
        const x = tf.tensor2d(ids, [3, 4], 'int32');
        const { grads } = tf.variableGrads(
          () => tf.gather(emb, x).mean(1).matMul(w).sigmoid().sum() as tf.Scalar,
          [emb],
        );
        const g = Object.values(grads)[0]!.dataSync().slice();
        emb.dispose();
        return g;
      });
    const cpu = await onBackend('cpu', run);
    const wasm = await onBackend('wasm', run);
    expect(maxAbsDiff(cpu, wasm)).toBeLessThan(1e-5);
    // Rows never looked up get no gradient; a row looked up four times gets some.
    expect(wasm[1 * dim]).toBe(0);
    expect(Math.abs(wasm[3 * dim]!)).toBeGreaterThan(0);
  });
});
