import { beforeAll, describe, expect, it } from 'vitest';
import { nativeModule, setNativeEnabled } from '../src/backend/native.js';
import { type FusedGruOptions, fusedGru } from '../src/fused/gru.js';
import { FUSED_GRU, FUSED_GRU_GRAD } from '../src/fused/gru_kernels.js';
import { fusedKernelsAvailable } from '../src/fused/register.js';
import { initBackend, tf } from '../src/index.js';

// The native (C++/OpenBLAS) GRU recurrence, both Keras forms, against the wasm kernels it replaces:
// outputs, final state and every gradient (x, kernel, recurrent kernel, bias, initial state) on
// random inputs, with masks (an all-masked row, a row starting masked, ragged rows), goBackwards,
// zeroOutputForMask, returnSequences, an initial state, batch 1 and length 1; inference (nothing
// saved) and training; and one path's forward kernel followed by the other path's backward kernel.

const TOL = 1e-5;
const native = nativeModule();
const available = typeof native?.gruForward === 'function' && typeof native?.gruBackward === 'function';
const skipNote = available
  ? ''
  : ` — skipped: ${native ? 'the native module was built before gru.cc: rebuild it' : 'native accelerator not built, or KORNLP_NATIVE=0'}`;

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
  options?: Omit<FusedGruOptions, 'mask' | 'initialState' | 'resetAfter'>;
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
    name: 'initial state, mask, returnState',
    b: 5,
    t: 6,
    units: 9,
    masked: true,
    initial: true,
    options: { returnState: true },
  },
  {
    name: 'initial state, goBackwards, returnSequences',
    b: 3,
    t: 5,
    units: 9,
    initial: true,
    options: { goBackwards: true, returnSequences: true },
  },
  {
    name: 'no bias, mask, initial state, returnSequences',
    b: 4,
    t: 5,
    units: 9,
    masked: true,
    initial: true,
    noBias: true,
    options: { returnSequences: true },
  },
  { name: 'batch 1', b: 1, t: 5, units: 9, options: { returnSequences: true, returnState: true } },
  {
    name: 'length 1, mask',
    b: 4,
    t: 1,
    units: 9,
    masked: true,
    options: { returnSequences: true, returnState: true },
  },
  // Units a multiple of 16 take native/step_gemm.h's kernel (batch 13: 8-, 4- and 1-row tiles).
  {
    name: 'units 32, batch 13, mask, initial state',
    b: 13,
    t: 6,
    units: 32,
    masked: true,
    initial: true,
    options: { returnState: true },
  },
  // More than 256 (batch × time) rows: the recurrent kernel's gradient is summed in blocks.
  {
    name: 'units 16, batch 20, length 15, mask',
    b: 20,
    t: 15,
    units: 16,
    masked: true,
    options: { returnSequences: true },
  },
  {
    name: 'units 16, batch 11, goBackwards, returnSequences',
    b: 11,
    t: 4,
    units: 16,
    options: { goBackwards: true, returnSequences: true },
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

/** Runs fusedGru on the given tensors; returns every output as one list. */
function run(resetAfter: boolean, c: Case, w: tf.Tensor[], m: tf.Tensor | undefined): tf.Tensor[] {
  const [x, kernel, rk, ...rest] = w as [tf.Tensor, tf.Tensor, tf.Tensor, ...tf.Tensor[]];
  const bias = c.noBias ? null : (rest.shift() as tf.Tensor);
  const h0 = rest[0];
  const y = fusedGru(x, kernel, rk, bias, {
    ...c.options,
    resetAfter,
    mask: m,
    initialState: h0 ? [h0] : undefined,
  });
  return Array.isArray(y) ? y : [y];
}

/** x, kernel, recurrent kernel, then the bias (unless noBias) and h0 (with initial). */
function inputs(resetAfter: boolean, c: Case): tf.Tensor[] {
  const features = 5;
  const g = 3 * c.units;
  const w = [
    rand([c.b, c.t, features], 1),
    rand([features, g], 2, 0.6),
    // Spectral radius near 1 (as orthogonal initialisation gives): gradients neither vanish nor explode.
    rand([c.units, g], 3, 1.8 / Math.sqrt(c.units)),
  ];
  if (!c.noBias) w.push(rand(resetAfter ? [2, g] : [g], 4, 0.3));
  if (c.initial) w.push(rand([c.b, c.units], 5));
  return w;
}

/** Outputs without a tape (inference: nothing saved), outputs with one, and every gradient. */
function evaluate(
  resetAfter: boolean,
  c: Case,
  useNative: boolean,
): { infer: number[][]; train: number[][]; grads: number[][] } {
  const was = setNativeEnabled(useNative);
  try {
    return tf.tidy(() => {
      const w = inputs(resetAfter, c);
      const m = c.masked ? mask(c.b, c.t) : undefined;
      const infer = run(resetAfter, c, w, m).map((y) => Array.from(y.dataSync()));
      const projections = run(resetAfter, c, w, m).map((y, i) => rand(y.shape, 50 + i));
      let train: number[][] = [];
      const loss = (...a: tf.Tensor[]) => {
        const ys = run(resetAfter, c, a, m);
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

for (const resetAfter of [true, false]) {
  describe(`native GRU (resetAfter=${resetAfter}) vs the wasm kernels`, () => {
    it.skipIf(!available).each(CASES)(
      `$name: outputs and gradients within ${TOL} of wasm, no leaks${skipNote}`,
      (c) => {
        const before = tf.memory().numTensors;
        const onNative = evaluate(resetAfter, c, true);
        const onWasm = evaluate(resetAfter, c, false);
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
function mixedPaths(resetAfter: boolean, nativeForward: boolean, nativeBackward: boolean): number[][] {
  const [b, t, u] = [5, 6, 16];
  const attrs = {
    resetAfter,
    goBackwards: true,
    zeroOutputForMask: false,
    save: true,
  } as unknown as tf.NamedAttrMap;
  const was = setNativeEnabled(nativeForward);
  try {
    return tf.tidy(() => {
      const recurrentKernel = rand([u, 3 * u], 12, 0.4);
      const bias = rand(resetAfter ? [2, 3 * u] : [3 * u], 13, 0.3);
      const m = mask(b, t);
      const run = (name: string, inputs: tf.NamedTensorMap) =>
        tf.engine().runKernel(name, inputs, attrs) as tf.Tensor[];
      fusedKernelsAvailable();
      const [out, gates, hPrev, aux] = run(FUSED_GRU, {
        xProj: rand([b, t, 3 * u], 11),
        recurrentKernel,
        bias,
        h0: rand([b, u], 14),
        mask: m,
      }) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      setNativeEnabled(nativeBackward);
      const grads = run(FUSED_GRU_GRAD, {
        dy: rand(out.shape, 16),
        recurrentKernel,
        gates,
        hPrev,
        aux,
        bias,
        mask: m,
      });
      return [out, ...grads].map((y) => Array.from(y.dataSync()));
    });
  } finally {
    setNativeEnabled(was);
  }
}

describe('native and wasm GRU kernels share the saved layout', () => {
  for (const resetAfter of [true, false])
    it.skipIf(!available)(
      `resetAfter=${resetAfter}: a native forward with a wasm backward (and the reverse) equals either path alone${skipNote}`,
      () => {
        const wasm = mixedPaths(resetAfter, false, false);
        expect(maxDiff(mixedPaths(resetAfter, true, true), wasm)).toBeLessThan(TOL);
        expect(maxDiff(mixedPaths(resetAfter, true, false), wasm)).toBeLessThan(TOL);
        expect(maxDiff(mixedPaths(resetAfter, false, true), wasm)).toBeLessThan(TOL);
      },
    );
});

describe('native GRU: bad buffers', () => {
  it.skipIf(!available)(
    `gruForward throws a RangeError on a buffer too small for the shapes${skipNote}`,
    () => {
      const f = native?.gruForward as (...a: unknown[]) => void;
      const small = new Float32Array(3);
      const ok = new Float32Array(100);
      expect(() =>
        f(small, ok, ok, ok, new Float32Array(0), ok, ok, ok, ok, 2, 3, 2, true, false, false, true),
      ).toThrow(/gruForward: xProj has 3 elements, the shapes need 36/);
    },
  );
  it.skipIf(!available)(
    `gruBackward throws a RangeError on a buffer too small for the shapes${skipNote}`,
    () => {
      const f = native?.gruBackward as (...a: unknown[]) => void;
      const ok = new Float32Array(100);
      expect(() =>
        f(
          ok,
          ok,
          ok,
          ok,
          ok,
          new Float32Array(0),
          ok,
          ok,
          ok,
          new Float32Array(2),
          2,
          3,
          2,
          false,
          false,
          false,
        ),
      ).toThrow(/gruBackward: dh0 has 2 elements, the shapes need 4/);
    },
  );
});
