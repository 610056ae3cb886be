import { ShapeError } from '@kornlp/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fusedGru } from '../src/fused/gru.js';
import { fusedLstm } from '../src/fused/lstm.js';
import { gruStep, lstmStep, runRecurrence } from '../src/fused/reference.js';
import { fusedSimpleRnn } from '../src/fused/simple_rnn.js';
import { initBackend, tf } from '../src/index.js';

// Parity of the fused recurrences (wasm kernels + hand-written backward through time) with
// unfused references: tfjs-layers' own LSTM / SimpleRNN / GRU (reset_before) layers, and an
// op-by-op GRU reset_after (tfjs-layers has none), on random inputs, with and without masks,
// forwards and backwards.

const B = 3;
const T = 5;
const I = 4;
const U = 6;
const TOL = 1e-5;

function rand(shape: number[], seed: number, scale = 1): tf.Tensor {
  let s = seed >>> 0;
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 2 * scale;
  }
  return tf.tensor(out, shape);
}

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);
}

// Rows with ragged real lengths, one left-padded row, so masked steps sit at both ends.
const MASK = [
  [1, 1, 1, 0, 0],
  [1, 1, 1, 1, 1],
  [0, 1, 1, 0, 1],
];

type Fn = (x: tf.Tensor, w: tf.Tensor[]) => tf.Tensor;

/** Compares outputs and gradients (wrt x and every weight) of `fused` and `ref` under a random projection. */
function expectParity(fused: Fn, ref: Fn, x: tf.Tensor, weights: tf.Tensor[]): void {
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const yf = fused(x, weights);
    const yr = ref(x, weights);
    expect(maxDiff(yf, yr)).toBeLessThan(TOL);
    const proj = rand(yf.shape, 99);
    const loss =
      (f: Fn) =>
      (...a: tf.Tensor[]) =>
        tf.sum(tf.mul(f(a[0] as tf.Tensor, a.slice(1)), proj));
    const gf = tf.grads(loss(fused))([x, ...weights]);
    const gr = tf.grads(loss(ref))([x, ...weights]);
    for (const [i, g] of gf.entries()) expect(maxDiff(g, gr[i] as tf.Tensor)).toBeLessThan(TOL);
  });
  expect(tf.memory().numTensors).toBe(before);
}

/** tfjs-layers layer applied with the given weights (the unfused reference). */
function layerRef(make: () => tf.layers.Layer, mask: tf.Tensor | undefined): Fn {
  return (x, w) => {
    const layer = make();
    // Build the layer, then let its cell read the given tensors instead of its own variables, so
    // gradients flow to them.
    tf.tidy(() => {
      layer.apply(x);
    });
    const cell = (layer as unknown as { cell: Record<string, { read(): tf.Tensor }> }).cell;
    const names = ['kernel', 'recurrentKernel', 'bias'];
    const saved = names.map((n) => cell[n]);
    names.forEach((n, i) => {
      if (w[i]) cell[n] = { read: () => w[i] as tf.Tensor } as never;
    });
    try {
      return layer.apply(x, mask ? { mask: tf.cast(mask, 'bool') } : {}) as tf.Tensor;
    } finally {
      names.forEach((n, i) => {
        cell[n] = saved[i] as never;
      });
      layer.dispose();
    }
  };
}

const cases = [
  { goBackwards: false, returnSequences: false, masked: false },
  { goBackwards: false, returnSequences: true, masked: true },
  { goBackwards: true, returnSequences: false, masked: true },
  { goBackwards: true, returnSequences: true, masked: false },
  { goBackwards: true, returnSequences: true, masked: true },
];

describe('fused recurrences on wasm', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  describe.each(cases)('goBackwards=$goBackwards returnSequences=$returnSequences masked=$masked', (c) => {
    const opts = () => ({
      goBackwards: c.goBackwards,
      returnSequences: c.returnSequences,
      mask: c.masked ? tf.tensor2d(MASK) : undefined,
    });

    it('LSTM matches tf.layers.lstm (sigmoid gates), forward and gradients', () => {
      const x = rand([B, T, I], 1);
      const w = [rand([I, 4 * U], 2, 0.5), rand([U, 4 * U], 3, 0.5), rand([4 * U], 4, 0.5)];
      const o = opts();
      expectParity(
        (xx, [k, r, b]) => fusedLstm(xx, k as tf.Tensor, r as tf.Tensor, b as tf.Tensor, o) as tf.Tensor,
        layerRef(
          () =>
            tf.layers.lstm({
              units: U,
              recurrentActivation: 'sigmoid',
              goBackwards: c.goBackwards,
              returnSequences: c.returnSequences,
            }),
          o.mask,
        ),
        x,
        w,
      );
      tf.dispose([x, ...w, ...(o.mask ? [o.mask] : [])]);
    });

    it('SimpleRNN matches tf.layers.simpleRNN, forward and gradients', () => {
      const x = rand([B, T, I], 5);
      const w = [rand([I, U], 6, 0.5), rand([U, U], 7, 0.5), rand([U], 8, 0.5)];
      const o = opts();
      expectParity(
        (xx, [k, r, b]) => fusedSimpleRnn(xx, k as tf.Tensor, r as tf.Tensor, b as tf.Tensor, o) as tf.Tensor,
        layerRef(
          () =>
            tf.layers.simpleRNN({ units: U, goBackwards: c.goBackwards, returnSequences: c.returnSequences }),
          o.mask,
        ),
        x,
        w,
      );
      tf.dispose([x, ...w, ...(o.mask ? [o.mask] : [])]);
    });

    it('GRU reset_before matches tf.layers.gru (sigmoid gates), forward and gradients', () => {
      const x = rand([B, T, I], 9);
      const w = [rand([I, 3 * U], 10, 0.5), rand([U, 3 * U], 11, 0.5), rand([3 * U], 12, 0.5)];
      const o = { ...opts(), resetAfter: false };
      expectParity(
        (xx, [k, r, b]) => fusedGru(xx, k as tf.Tensor, r as tf.Tensor, b as tf.Tensor, o) as tf.Tensor,
        layerRef(
          () =>
            tf.layers.gru({
              units: U,
              recurrentActivation: 'sigmoid',
              goBackwards: c.goBackwards,
              returnSequences: c.returnSequences,
            }),
          o.mask,
        ),
        x,
        w,
      );
      tf.dispose([x, ...w, ...(o.mask ? [o.mask] : [])]);
    });

    it('GRU reset_after matches an op-by-op implementation, forward and gradients', () => {
      const x = rand([B, T, I], 13);
      const w = [rand([I, 3 * U], 14, 0.5), rand([U, 3 * U], 15, 0.5), rand([2, 3 * U], 16, 0.5)];
      const o = opts();
      const mask = o.mask;
      expectParity(
        (xx, [k, r, b]) => fusedGru(xx, k as tf.Tensor, r as tf.Tensor, b as tf.Tensor, o) as tf.Tensor,
        (xx, [k, r, b]) => {
          const bb = b as tf.Tensor2D;
          const xProj = tf.reshape(
            tf.add(
              tf.matMul(tf.reshape(xx, [B * T, I]), k as tf.Tensor),
              tf.reshape(tf.slice(bb, [0, 0], [1, 3 * U]), [3 * U]),
            ),
            [B, T, 3 * U],
          ) as tf.Tensor3D;
          const [seq, h] = runRecurrence(
            xProj,
            [tf.zeros([B, U])],
            mask as tf.Tensor2D | undefined,
            { goBackwards: c.goBackwards, zeroOutputForMask: false },
            gruStep(
              r as tf.Tensor2D,
              tf.reshape(tf.slice(bb, [1, 0], [1, 3 * U]), [3 * U]) as tf.Tensor1D,
              true,
            ),
          );
          return (c.returnSequences ? seq : h) as tf.Tensor;
        },
        x,
        w,
      );
      tf.dispose([x, ...w, ...(mask ? [mask] : [])]);
    });
  });
});

describe('fused recurrences off wasm', () => {
  it('run op by op on the cpu backend with the same numbers as the wasm kernels', async () => {
    await initBackend({ prefer: 'wasm' });
    const run = () =>
      tf.tidy(() => {
        const x = rand([B, T, I], 21);
        const mask = tf.tensor2d(MASK);
        const lstm = fusedLstm(
          x,
          rand([I, 4 * U], 22, 0.5),
          rand([U, 4 * U], 23, 0.5),
          rand([4 * U], 24, 0.5),
          {
            mask,
            returnSequences: true,
          },
        ) as tf.Tensor;
        const gru = fusedGru(
          x,
          rand([I, 3 * U], 25, 0.5),
          rand([U, 3 * U], 26, 0.5),
          rand([2, 3 * U], 27, 0.5),
          {
            mask,
            goBackwards: true,
          },
        ) as tf.Tensor;
        return [lstm.arraySync(), gru.arraySync()] as [number[][][], number[][]];
      });
    const onWasm = run();
    await tf.setBackend('cpu');
    try {
      const onCpu = run();
      expect(maxDiff(tf.tensor(onCpu[0]), tf.tensor(onWasm[0]))).toBeLessThan(TOL);
      expect(maxDiff(tf.tensor(onCpu[1]), tf.tensor(onWasm[1]))).toBeLessThan(TOL);
    } finally {
      await tf.setBackend('wasm');
    }
  });

  it('rejects mismatched shapes with a ShapeError naming them', () => {
    const x = tf.zeros([2, 3, 4]);
    expect(() => fusedLstm(x, tf.zeros([5, 8]), tf.zeros([2, 8]), null)).toThrow(ShapeError);
    expect(() => fusedGru(x, tf.zeros([4, 6]), tf.zeros([2, 6]), tf.zeros([6]))).toThrow(
      /bias must be \[2,6\]/,
    );
    expect(() =>
      fusedSimpleRnn(x, tf.zeros([4, 2]), tf.zeros([2, 2]), null, { mask: tf.ones([2, 4]) }),
    ).toThrow(/mask must be \[2, 3\]/);
  });
});

describe('fused recurrences: initial state and returned state', () => {
  it('LSTM and GRU take [h, c] / [h] and return them like the op-by-op recurrence, with gradients', async () => {
    await initBackend({ prefer: 'wasm' });
    const x = rand([B, T, I], 31);
    const h0 = rand([B, U], 32);
    const c0 = rand([B, U], 33);
    const k = rand([I, 4 * U], 34, 0.5);
    const r = rand([U, 4 * U], 35, 0.5);
    const mask = tf.tensor2d(MASK);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const fused = (hh: tf.Tensor, cc: tf.Tensor) =>
        fusedLstm(x, k, r, null, {
          mask,
          initialState: [hh, cc],
          returnState: true,
          goBackwards: true,
        }) as tf.Tensor[];
      const ref = (hh: tf.Tensor, cc: tf.Tensor) =>
        runRecurrence(
          tf.reshape(tf.matMul(tf.reshape(x, [B * T, I]), k), [B, T, 4 * U]) as tf.Tensor3D,
          [hh as tf.Tensor2D, cc as tf.Tensor2D],
          mask as tf.Tensor2D,
          { goBackwards: true, zeroOutputForMask: false },
          lstmStep(r as tf.Tensor2D),
        ).slice(1);
      const [out, h, c] = fused(h0, c0);
      const [hr, cr] = ref(h0, c0);
      expect(maxDiff(out as tf.Tensor, hr as tf.Tensor)).toBeLessThan(TOL);
      expect(maxDiff(h as tf.Tensor, hr as tf.Tensor)).toBeLessThan(TOL);
      expect(maxDiff(c as tf.Tensor, cr as tf.Tensor)).toBeLessThan(TOL);
      const loss = (f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor[]) => (a: tf.Tensor, b: tf.Tensor) => {
        const [hh, cc] = f(a, b).slice(-2) as [tf.Tensor, tf.Tensor];
        return tf.add(tf.sum(tf.mul(hh, 2)), tf.sum(tf.mul(cc, 3)));
      };
      const gf = tf.grads(loss((a, b) => fused(a, b).slice(1)))([h0, c0]);
      const gr = tf.grads(loss(ref))([h0, c0]);
      for (const [i, g] of gf.entries()) expect(maxDiff(g, gr[i] as tf.Tensor)).toBeLessThan(TOL);
    });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, h0, c0, k, r, mask]);
  });
});
