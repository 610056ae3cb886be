import { beforeAll, describe, expect, it } from 'vitest';
import { nativeModule, setNativeEnabled } from '../src/backend/native.js';
import { fusedLstm } from '../src/fused/lstm.js';
import { FUSED_LSTM, FUSED_LSTM_GRAD } from '../src/fused/lstm_kernels.js';
import type { FusedRecurrentOptions } from '../src/fused/options.js';
import { fusedKernelsAvailable } from '../src/fused/register.js';
import { fusedSimpleRnn } from '../src/fused/simple_rnn.js';
import { FUSED_SIMPLE_RNN, FUSED_SIMPLE_RNN_GRAD } from '../src/fused/simple_rnn_kernels.js';
import { initBackend, tf } from '../src/index.js';

// The native (C++/OpenBLAS) LSTM and SimpleRNN recurrences against the wasm kernels they replace:
// outputs, final states and every gradient (x, kernel, recurrent kernel, bias, initial states) on
// random inputs, with masks (an all-masked row, rows starting and ending masked), goBackwards,
// zeroOutputForMask, initial states, batch 1 and length 1; inference (nothing saved) and training;
// and one path's forward kernel followed by the other path's backward kernel.

const TOL = 1e-5;
const native = nativeModule();
const NO_NATIVE = native
  ? 'the native module was built before lstm.cc/simple_rnn.cc: rebuild it'
  : 'native accelerator not built, or KORNLP_NATIVE=0';
const hasLstm = typeof native?.lstmForward === 'function';
const hasSimpleRnn = typeof native?.simpleRnnForward === 'function';
const skipNote = (available: boolean) => (available ? '' : ` — skipped: ${NO_NATIVE}`);

function rand(shape: number[], seed: number, scale = 1): tf.Tensor {
  let s = seed >>> 0;
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 2 * scale;
  }
  return tf.tensor(out, shape);
}

/** A [b, t] mask: row 0 all real, row 1 all masked, row 2 starting with masked steps, the rest ragged. */
function mask(b: number, t: number): tf.Tensor {
  const rows = Array.from({ length: b }, (_, r) =>
    Array.from({ length: t }, (_, s) => {
      if (r === 0) return 1;
      if (r === 1) return 0;
      if (r === 2) return s < Math.ceil(t / 2) ? 0 : 1;
      return (s * 3 + r) % 4 === 0 ? 0 : 1;
    }),
  );
  return tf.tensor2d(rows, [b, t]);
}

interface Case {
  name: string;
  b: number;
  t: number;
  units: number;
  masked?: boolean;
  initial?: boolean;
  noBias?: boolean;
  options?: Omit<FusedRecurrentOptions, 'mask' | 'initialState'>;
}

const CASES: Case[] = [
  { name: 'last output', b: 4, t: 7, units: 9 },
  { name: 'returnSequences', b: 4, t: 7, units: 9, options: { returnSequences: true } },
  { name: 'mask, returnSequences', b: 5, t: 6, units: 9, masked: true, options: { returnSequences: true } },
  {
    name: 'mask, goBackwards, returnState',
    b: 5,
    t: 6,
    units: 9,
    masked: true,
    options: { goBackwards: true, returnState: true },
  },
  {
    name: 'mask, zeroOutputForMask, returnSequences, goBackwards',
    b: 5,
    t: 6,
    units: 9,
    masked: true,
    options: { zeroOutputForMask: true, returnSequences: true, goBackwards: true },
  },
  {
    name: 'mask, zeroOutputForMask, last output',
    b: 5,
    t: 6,
    units: 9,
    masked: true,
    options: { zeroOutputForMask: true },
  },
  {
    name: 'initial states, mask, returnState',
    b: 5,
    t: 6,
    units: 9,
    masked: true,
    initial: true,
    options: { returnState: true },
  },
  {
    name: 'initial states, goBackwards, returnSequences',
    b: 3,
    t: 5,
    units: 9,
    initial: true,
    options: { goBackwards: true, returnSequences: true },
  },
  { name: 'batch 1', b: 1, t: 5, units: 9, options: { returnSequences: true, returnState: true } },
  { name: 'no bias, mask', b: 4, t: 6, units: 9, masked: true, noBias: true, options: { returnState: true } },
  {
    name: 'length 1, mask',
    b: 4,
    t: 1,
    units: 9,
    masked: true,
    options: { returnSequences: true, returnState: true },
  },
  {
    // 13 rows: the AVX-512 step kernel's 8-, 4- and 1-row tiles.
    name: '32 units (AVX-512 step kernel), 13 rows, mask, goBackwards',
    b: 13,
    t: 5,
    units: 32,
    masked: true,
    options: { goBackwards: true, returnSequences: true },
  },
  {
    // The LSTM backward's product runs over 4·80 = 320 gate columns: two blocks of the step kernel.
    name: '80 units (step kernel in blocks), mask, initial states',
    b: 3,
    t: 4,
    units: 80,
    masked: true,
    initial: true,
    options: { returnState: true },
  },
  {
    name: 'units not a multiple of 8, mask',
    b: 6,
    t: 8,
    units: 37,
    masked: true,
    initial: true,
    options: { returnState: true },
  },
];

type Cell = 'lstm' | 'simpleRnn';

/** Runs the layer function on the given tensors; returns every output as one list. */
function run(cell: Cell, c: Case, w: tf.Tensor[], m: tf.Tensor | undefined): tf.Tensor[] {
  const [x, kernel, rk, ...rest] = w as [tf.Tensor, tf.Tensor, tf.Tensor, ...tf.Tensor[]];
  const bias = c.noBias ? null : (rest.shift() as tf.Tensor);
  const states = rest;
  const options: FusedRecurrentOptions = {
    ...c.options,
    mask: m,
    initialState: c.initial ? states : undefined,
  };
  const y = (cell === 'lstm' ? fusedLstm : fusedSimpleRnn)(x, kernel, rk, bias, options);
  return Array.isArray(y) ? y : [y];
}

function inputs(cell: Cell, c: Case): tf.Tensor[] {
  const g = cell === 'lstm' ? 4 : 1;
  const features = 5;
  const w = [
    rand([c.b, c.t, features], 1),
    rand([features, g * c.units], 2, 0.6),
    // Spectral radius near 1 (as orthogonal initialisation gives): gradients neither vanish nor explode.
    rand([c.units, g * c.units], 3, 1.8 / Math.sqrt(c.units)),
  ];
  if (!c.noBias) w.push(rand([g * c.units], 4, 0.3));
  if (c.initial) w.push(...(cell === 'lstm' ? [5, 6] : [5]).map((seed) => rand([c.b, c.units], seed)));
  return w;
}

/** Outputs without a tape (inference: nothing saved), outputs with one, and every gradient. */
function evaluate(
  cell: Cell,
  c: Case,
  useNative: boolean,
): { infer: number[][]; train: number[][]; grads: number[][] } {
  const was = setNativeEnabled(useNative);
  try {
    return tf.tidy(() => {
      const w = inputs(cell, c);
      const m = c.masked ? mask(c.b, c.t) : undefined;
      const infer = run(cell, c, w, m).map((y) => Array.from(y.dataSync()));
      const projections = run(cell, c, w, m).map((y, i) => rand(y.shape, 50 + i));
      let train: number[][] = [];
      const loss = (...a: tf.Tensor[]) => {
        const ys = run(cell, c, a, m);
        train = ys.map((y) => Array.from(y.dataSync()));
        return tf.addN(ys.map((y, i) => tf.sum(tf.mul(y, projections[i] as tf.Tensor))));
      };
      const grads = tf.grads(loss)(w);
      return { infer, train, grads: grads.map((g) => Array.from(g.dataSync())) };
    });
  } finally {
    setNativeEnabled(was);
  }
}

/** The largest difference, relative to the reference value where it is above 1. */
function maxDiff(a: number[][], ref: number[][]): number {
  expect(a.map((x) => x.length)).toEqual(ref.map((x) => x.length));
  let d = 0;
  for (const [i, x] of a.entries())
    for (const [j, v] of x.entries()) {
      const r = (ref[i] as number[])[j] as number;
      d = Math.max(d, Math.abs(v - r) / Math.max(1, Math.abs(r)));
    }
  return d;
}

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

for (const [cell, available] of [
  ['lstm', hasLstm],
  ['simpleRnn', hasSimpleRnn],
] as const) {
  describe(`native ${cell} recurrence vs the wasm kernels`, () => {
    it.skipIf(!available).each(CASES)(
      `$name: outputs and gradients within ${TOL} of wasm, no leaks${skipNote(available)}`,
      (c) => {
        const before = tf.memory().numTensors;
        const onNative = evaluate(cell, c, true);
        const onWasm = evaluate(cell, c, false);
        expect(tf.memory().numTensors).toBe(before);
        expect(maxDiff(onNative.infer, onWasm.infer)).toBeLessThan(TOL);
        expect(maxDiff(onNative.grads, onWasm.grads)).toBeLessThan(TOL);
        // The training forward (which saves activations) computes the same outputs as inference.
        expect(maxDiff(onNative.train, onNative.infer)).toBe(0);
      },
    );
  });
}

/**
 * The forward kernel on one path and the backward kernel on the other (the saved activations have
 * one layout on both): the packed output and every backward output.
 */
function mixedPaths(cell: Cell, nativeForward: boolean, nativeBackward: boolean): number[][] {
  const [b, t, u] = [5, 6, 9];
  const g = cell === 'lstm' ? 4 : 1;
  const attrs = { goBackwards: true, zeroOutputForMask: false, save: true } as unknown as tf.NamedAttrMap;
  const was = setNativeEnabled(nativeForward);
  try {
    return tf.tidy(() => {
      const xProj = rand([b, t, g * u], 11);
      const recurrentKernel = rand([u, g * u], 12, 0.6);
      const bias = rand([g * u], 13, 0.3);
      const h0 = rand([b, u], 14);
      const m = mask(b, t);
      const run = (name: string, inputs: tf.NamedTensorMap) =>
        tf.engine().runKernel(name, inputs, attrs) as tf.Tensor[];
      fusedKernelsAvailable();
      if (cell === 'lstm') {
        const c0 = rand([b, u], 15);
        const [out, gates, tanhC, , cPrev] = run(FUSED_LSTM, {
          xProj,
          recurrentKernel,
          bias,
          h0,
          c0,
          mask: m,
        });
        const dy = rand((out as tf.Tensor).shape, 16);
        setNativeEnabled(nativeBackward);
        const grads = run(FUSED_LSTM_GRAD, {
          dy,
          recurrentKernel,
          gates,
          tanhC,
          cPrev,
          mask: m,
        } as tf.NamedTensorMap);
        return [out as tf.Tensor, ...grads].map((y) => Array.from(y.dataSync()));
      }
      const [out, hNew] = run(FUSED_SIMPLE_RNN, { xProj, recurrentKernel, bias, h0, mask: m });
      const dy = rand((out as tf.Tensor).shape, 16);
      setNativeEnabled(nativeBackward);
      const grads = run(FUSED_SIMPLE_RNN_GRAD, { dy, recurrentKernel, hNew, mask: m } as tf.NamedTensorMap);
      return [out as tf.Tensor, ...grads].map((y) => Array.from(y.dataSync()));
    });
  } finally {
    setNativeEnabled(was);
  }
}

describe('native and wasm recurrence kernels share the saved layout', () => {
  for (const [cell, available] of [
    ['lstm', hasLstm],
    ['simpleRnn', hasSimpleRnn],
  ] as const)
    it.skipIf(!available)(
      `${cell}: a native forward with a wasm backward (and the reverse) equals either path alone${skipNote(available)}`,
      () => {
        const wasm = mixedPaths(cell, false, false);
        expect(maxDiff(mixedPaths(cell, true, true), wasm)).toBeLessThan(TOL);
        expect(maxDiff(mixedPaths(cell, true, false), wasm)).toBeLessThan(TOL);
        expect(maxDiff(mixedPaths(cell, false, true), wasm)).toBeLessThan(TOL);
      },
    );
});

describe('native recurrence: bad buffers', () => {
  it.skipIf(!hasLstm)(
    `lstmForward throws a RangeError on a buffer too small for the shapes${skipNote(hasLstm)}`,
    () => {
      const f = native?.lstmForward as (...a: unknown[]) => void;
      const small = new Float32Array(3);
      const ok = new Float32Array(100);
      expect(() =>
        f(small, ok, ok, ok, ok, new Float32Array(0), ok, ok, ok, ok, ok, 2, 3, 2, false, false, true),
      ).toThrow(/lstmForward: xProj has 3 elements, the shapes need 48/);
    },
  );
});
