import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { nativeModule } from '../backend/native.js';
import { tf } from '../backend/tf.js';
import { alloc, free, heap, matMul, sigmoid, transpose2d } from './wasm_heap.js';

type TensorInfo = tf.TensorInfo;

/** Kernel name of the whole-sequence LSTM recurrence (forward). */
export const FUSED_LSTM = 'KornlpFusedLstm';
/** Kernel name of its backward pass through time. */
export const FUSED_LSTM_GRAD = 'KornlpFusedLstmGrad';

/** Attributes shared by the forward and backward kernels. */
export interface RecurrenceAttrs {
  goBackwards: boolean;
  zeroOutputForMask: boolean;
  /** Keep what the backward pass needs (false when no gradient is being recorded: inference). */
  save?: boolean;
}

/** native/lstm.cc: the same computations on views of the wasm heap (see the comments there). */
interface LstmNative {
  lstmForward(
    xProj: Float32Array,
    recurrentKernel: Float32Array,
    bias: Float32Array,
    h0: Float32Array,
    c0: Float32Array,
    mask: Float32Array,
    out: Float32Array,
    gates: Float32Array,
    tanhC: Float32Array,
    hPrev: Float32Array,
    cPrev: Float32Array,
    batch: number,
    time: number,
    units: number,
    goBackwards: boolean,
    zeroOutputForMask: boolean,
    save: boolean,
  ): void;
  lstmBackward(
    dy: Float32Array,
    recurrentKernel: Float32Array,
    gates: Float32Array,
    tanhC: Float32Array,
    cPrev: Float32Array,
    mask: Float32Array,
    dGates: Float32Array,
    dh0: Float32Array,
    dc0: Float32Array,
    dBias: Float32Array,
    batch: number,
    time: number,
    units: number,
    goBackwards: boolean,
    zeroOutputForMask: boolean,
  ): void;
}

/** The native LSTM functions, when the accelerator is on and has them (an older build may not). */
function lstmNative(): LstmNative | undefined {
  const native = nativeModule() as Partial<LstmNative> | undefined;
  return native?.lstmForward && native.lstmBackward ? (native as LstmNative) : undefined;
}

const EMPTY = new Float32Array(0);

// Forward: xProj [b,t,4u] (x @ kernel, gate order i,f,c,o), recurrentKernel [u,4u], bias [4u]
// (added here: one pass over xProj less), h0/c0 [b,u], optional mask [b,t] (1 keep, 0 carry the state). One wasm matmul (h @ U) and two
// vectorised sigmoids per step; tanh is computed as 2·σ(2x) − 1 so that XNNPACK's sigmoid does
// all the transcendental work. Outputs, in order: out [b,(t+2)·u] = per row the step outputs in
// processing order (as Keras), then hT, then cT — one tensor, so the engine's gradient has one
// output to fill —, then what the backward pass needs, indexed by input time (empty unless attrs.save):
// the gate sigmoids [b,t,4u] (for g: σ(2·pre), g = 2σ − 1), σ(2c) [b,t,u] (tanh c = 2σ − 1),
// h before the step [b,t,u], c before the step [b,t,u]. With the native accelerator the whole
// loop runs in C++ (native/lstm.cc) on the same buffers and layouts.
function fusedLstm(args: {
  inputs: {
    xProj: TensorInfo;
    recurrentKernel: TensorInfo;
    bias: TensorInfo;
    h0: TensorInfo;
    c0: TensorInfo;
    mask?: TensorInfo;
  };
  backend: BackendWasm;
  attrs: RecurrenceAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const { xProj, recurrentKernel, bias, h0, c0, mask } = inputs;
  const [B, T, G] = xProj.shape as [number, number, number];
  const u = G / 4;
  const bu = B * u;
  const save = attrs.save !== false;
  const none = [0];
  const W = (T + 2) * u;
  const out = alloc(backend, [B, W]);
  const gates = alloc(backend, save ? [B, T, G] : none);
  const tanhC = alloc(backend, save ? [B, T, u] : none);
  const hPrev = alloc(backend, save ? [B, T, u] : none);
  const cPrev = alloc(backend, save ? [B, T, u] : none);
  const native = lstmNative();
  if (native) {
    // Views only after the last allocation (growing the heap detaches older views).
    const v = (t: TensorInfo) => heap(backend, t);
    native.lstmForward(
      v(xProj),
      v(recurrentKernel),
      v(bias),
      v(h0),
      v(c0),
      mask ? v(mask) : EMPTY,
      v(out),
      save ? v(gates) : EMPTY,
      save ? v(tanhC) : EMPTY,
      save ? v(hPrev) : EMPTY,
      save ? v(cPrev) : EMPTY,
      B,
      T,
      u,
      attrs.goBackwards,
      attrs.zeroOutputForMask,
      save,
    );
    return [out, gates, tanhC, hPrev, cPrev];
  }
  const hBuf = alloc(backend, [B, u]);
  const c2 = alloc(backend, [B, u]);
  const c = Float32Array.from(heap(backend, c0));
  const cNew = new Float32Array(bu);
  const oGate = new Float32Array(bu);
  heap(backend, hBuf).set(heap(backend, h0));
  const maskVals = mask ? Float32Array.from(heap(backend, mask)) : undefined;
  const bv = Float32Array.from(heap(backend, bias));
  const u2 = 2 * u;
  const u3 = 3 * u;
  for (let s = 0; s < T; s++) {
    const tau = attrs.goBackwards ? T - 1 - s : s;
    const z = matMul(backend, hBuf, recurrentKernel);
    const zv = heap(backend, z);
    const xv = heap(backend, xProj);
    for (let r = 0; r < B; r++) {
      const zo = r * G;
      const xo = (r * T + tau) * G;
      for (let j = 0; j < u2; j++)
        zv[zo + j] = (zv[zo + j] as number) + (xv[xo + j] as number) + (bv[j] as number);
      for (let j = u2; j < u3; j++)
        zv[zo + j] = 2 * ((zv[zo + j] as number) + (xv[xo + j] as number) + (bv[j] as number));
      for (let j = u3; j < G; j++)
        zv[zo + j] = (zv[zo + j] as number) + (xv[xo + j] as number) + (bv[j] as number);
    }
    const sg = sigmoid(backend, z);
    free(backend, z);
    const sv = heap(backend, sg);
    let hv = heap(backend, hBuf);
    const c2v = heap(backend, c2);
    if (save) {
      // Saved raw (σ of the doubled c pre-activation for the g gate), copied row by row.
      const gv = heap(backend, gates);
      const hpv = heap(backend, hPrev);
      const cpv = heap(backend, cPrev);
      for (let r = 0; r < B; r++) {
        const at = r * T + tau;
        gv.set(sv.subarray(r * G, r * G + G), at * G);
        hpv.set(hv.subarray(r * u, r * u + u), at * u);
        cpv.set(c.subarray(r * u, r * u + u), at * u);
      }
    }
    for (let r = 0; r < B; r++) {
      const so = r * G;
      const ro = r * u;
      for (let k = 0; k < u; k++) {
        const i = sv[so + k] as number;
        const f = sv[so + u + k] as number;
        const g = 2 * (sv[so + u2 + k] as number) - 1;
        oGate[ro + k] = sv[so + u3 + k] as number;
        const cn = f * (c[ro + k] as number) + i * g;
        cNew[ro + k] = cn;
        c2v[ro + k] = 2 * cn;
      }
    }
    free(backend, sg);
    const tc = sigmoid(backend, c2);
    const tcv = heap(backend, tc);
    const seqv = heap(backend, out);
    hv = heap(backend, hBuf);
    if (save) {
      const thv = heap(backend, tanhC);
      for (let r = 0; r < B; r++) thv.set(tcv.subarray(r * u, r * u + u), (r * T + tau) * u);
    }
    for (let r = 0; r < B; r++) {
      const m = maskVals ? (maskVals[r * T + tau] as number) : 1;
      const ro = r * u;
      const oo = r * W + s * u;
      if (m !== 0) {
        for (let k = 0; k < u; k++) {
          const h = (oGate[ro + k] as number) * (2 * (tcv[ro + k] as number) - 1);
          hv[ro + k] = h;
          c[ro + k] = cNew[ro + k] as number;
          seqv[oo + k] = h;
        }
      } else if (attrs.zeroOutputForMask) {
        seqv.fill(0, oo, oo + u);
      } else {
        seqv.set(hv.subarray(ro, ro + u), oo);
      }
    }
    free(backend, tc);
  }
  const ov = heap(backend, out);
  const hv = heap(backend, hBuf);
  for (let r = 0; r < B; r++) {
    ov.set(hv.subarray(r * u, r * u + u), r * W + T * u);
    ov.set(c.subarray(r * u, r * u + u), r * W + (T + 1) * u);
  }
  free(backend, hBuf);
  free(backend, c2);
  return [out, gates, tanhC, hPrev, cPrev];
}

// Backward through time. Inputs: dy [b,(t+2)·u] (the gradient of `out`), the recurrent kernel and the saved forward values. Outputs: dGates [b,t,4u] (gradient of the gate
// pre-activations, input time order, = gradient of xProj), dh0, dc0, dBias [4u] (dGates summed
// over batch and time). dU is one big matmul done by the caller: hPrevᵀ · dGates over all steps.
function fusedLstmGrad(args: {
  inputs: {
    dy: TensorInfo;
    recurrentKernel: TensorInfo;
    gates: TensorInfo;
    tanhC: TensorInfo;
    cPrev: TensorInfo;
    mask?: TensorInfo;
  };
  backend: BackendWasm;
  attrs: RecurrenceAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const { dy, recurrentKernel, mask } = inputs;
  const [B, T, G] = inputs.gates.shape as [number, number, number];
  const u = G / 4;
  const bu = B * u;
  const dGates = alloc(backend, [B, T, G]);
  const dh0 = alloc(backend, [B, u]);
  const dc0 = alloc(backend, [B, u]);
  const native = lstmNative();
  if (native) {
    const dBias = alloc(backend, [G]);
    const v = (t: TensorInfo) => heap(backend, t);
    native.lstmBackward(
      v(dy),
      v(recurrentKernel),
      v(inputs.gates),
      v(inputs.tanhC),
      v(inputs.cPrev),
      mask ? v(mask) : EMPTY,
      v(dGates),
      v(dh0),
      v(dc0),
      v(dBias),
      B,
      T,
      u,
      attrs.goBackwards,
      attrs.zeroOutputForMask,
    );
    return [dGates, dh0, dc0, dBias];
  }
  const dG = alloc(backend, [B, G]);
  const ut = transpose2d(backend, recurrentKernel);
  const W = (T + 2) * u;
  const dh = new Float32Array(bu);
  const dc = new Float32Array(bu);
  const dyv0 = heap(backend, dy);
  for (let r = 0; r < B; r++) {
    dh.set(dyv0.subarray(r * W + T * u, r * W + (T + 1) * u), r * u);
    dc.set(dyv0.subarray(r * W + (T + 1) * u, r * W + W), r * u);
  }
  const pass = new Float32Array(bu);
  const maskedRows = new Int32Array(B);
  const u2 = 2 * u;
  const u3 = 3 * u;
  const maskVals = mask ? Float32Array.from(heap(backend, mask)) : undefined;
  for (let s = T - 1; s >= 0; s--) {
    const tau = attrs.goBackwards ? T - 1 - s : s;
    const dsv = heap(backend, dy);
    const gv = heap(backend, inputs.gates);
    const thv = heap(backend, inputs.tanhC);
    const cpv = heap(backend, inputs.cPrev);
    const dgv = heap(backend, dG);
    let masked = 0;
    for (let r = 0; r < B; r++) {
      const m = maskVals ? (maskVals[r * T + tau] as number) : 1;
      const go = (r * T + tau) * G;
      const po = (r * T + tau) * u;
      const oo = r * W + s * u;
      const dgo = r * G;
      const ro = r * u;
      if (m === 0) {
        // The state passes through unchanged: its gradient goes straight to the previous step.
        for (let k = 0; k < u; k++)
          pass[ro + k] = (dh[ro + k] as number) + (attrs.zeroOutputForMask ? 0 : (dsv[oo + k] as number));
        maskedRows[masked++] = r;
        dgv.fill(0, dgo, dgo + G);
        continue;
      }
      for (let k = 0; k < u; k++) {
        const dht = (dh[ro + k] as number) + (dsv[oo + k] as number);
        const i = gv[go + k] as number;
        const f = gv[go + u + k] as number;
        const g = 2 * (gv[go + u2 + k] as number) - 1;
        const o = gv[go + u3 + k] as number;
        const th = 2 * (thv[po + k] as number) - 1;
        const dct = (dc[ro + k] as number) + dht * o * (1 - th * th);
        dc[ro + k] = dct * f;
        dgv[dgo + k] = dct * g * i * (1 - i);
        dgv[dgo + u + k] = dct * (cpv[po + k] as number) * f * (1 - f);
        dgv[dgo + u2 + k] = dct * i * (1 - g * g);
        dgv[dgo + u3 + k] = dht * th * o * (1 - o);
      }
    }
    const dgall = heap(backend, dGates);
    for (let r = 0; r < B; r++) dgall.set(dgv.subarray(r * G, r * G + G), (r * T + tau) * G);
    const mm = matMul(backend, dG, ut);
    dh.set(heap(backend, mm));
    for (let q = 0; q < masked; q++) {
      const ro = (maskedRows[q] as number) * u;
      for (let k = 0; k < u; k++) dh[ro + k] = (dh[ro + k] as number) + (pass[ro + k] as number);
    }
    free(backend, mm);
  }
  heap(backend, dh0).set(dh);
  heap(backend, dc0).set(dc);
  free(backend, dG);
  free(backend, ut);
  return [dGates, dh0, dc0, sumRows(backend, dGates)];
}

/** Column sums of a [b,t,g] buffer → new [g] buffer (the wasm Sum kernel kornlp registers: one GEMM). */
export function sumRows(backend: BackendWasm, x: TensorInfo): TensorInfo {
  const sum = tf.getKernel(tf.Sum, 'wasm');
  if (!sum) throw new Error('wasm kernel Sum is not registered');
  return sum.kernelFunc({
    inputs: { x },
    backend,
    attrs: { axis: [0, 1], keepDims: false },
  } as never) as TensorInfo;
}

/** Kernel configs for the wasm backend. */
export const fusedLstmKernels: tf.KernelConfig[] = [
  { kernelName: FUSED_LSTM, backendName: 'wasm', kernelFunc: fusedLstm as unknown as tf.KernelFunc },
  { kernelName: FUSED_LSTM_GRAD, backendName: 'wasm', kernelFunc: fusedLstmGrad as unknown as tf.KernelFunc },
];
