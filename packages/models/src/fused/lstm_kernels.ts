import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { tf } from '../backend/tf.js';
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
}

// Forward: xProj [b,t,4u] (x @ kernel + bias, gate order i,f,c,o), recurrentKernel [u,4u],
// h0/c0 [b,u], optional mask [b,t] (1 keep, 0 carry the state). One wasm matmul (h @ U) and two
// vectorised sigmoids per step; tanh is computed as 2·σ(2x) − 1 so that XNNPACK's sigmoid does
// all the transcendental work. Outputs, in order: seq [b,t,u] (in processing order, as Keras),
// hT, cT, then what the backward pass needs, indexed by input time: activated gates [b,t,4u],
// tanh(c) [b,t,u], h before the step [b,t,u], c before the step [b,t,u].
function fusedLstm(args: {
  inputs: {
    xProj: TensorInfo;
    recurrentKernel: TensorInfo;
    h0: TensorInfo;
    c0: TensorInfo;
    mask?: TensorInfo;
  };
  backend: BackendWasm;
  attrs: RecurrenceAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const { xProj, recurrentKernel, h0, c0, mask } = inputs;
  const [B, T, G] = xProj.shape as [number, number, number];
  const u = G / 4;
  const bu = B * u;
  const seq = alloc(backend, [B, T, u]);
  const hT = alloc(backend, [B, u]);
  const cT = alloc(backend, [B, u]);
  const gates = alloc(backend, [B, T, G]);
  const tanhC = alloc(backend, [B, T, u]);
  const hPrev = alloc(backend, [B, T, u]);
  const cPrev = alloc(backend, [B, T, u]);
  const hBuf = alloc(backend, [B, u]);
  const c2 = alloc(backend, [B, u]);
  const c = Float32Array.from(heap(backend, c0));
  const cNew = new Float32Array(bu);
  heap(backend, hBuf).set(heap(backend, h0));
  const maskVals = mask ? Float32Array.from(heap(backend, mask)) : undefined;
  for (let s = 0; s < T; s++) {
    const tau = attrs.goBackwards ? T - 1 - s : s;
    const z = matMul(backend, hBuf, recurrentKernel);
    const zv = heap(backend, z);
    const xv = heap(backend, xProj);
    for (let r = 0; r < B; r++) {
      const zo = r * G;
      const xo = (r * T + tau) * G;
      for (let j = 0; j < 2 * u; j++) zv[zo + j] = (zv[zo + j] as number) + (xv[xo + j] as number);
      for (let j = 2 * u; j < 3 * u; j++) zv[zo + j] = 2 * ((zv[zo + j] as number) + (xv[xo + j] as number));
      for (let j = 3 * u; j < G; j++) zv[zo + j] = (zv[zo + j] as number) + (xv[xo + j] as number);
    }
    const sg = sigmoid(backend, z);
    free(backend, z);
    const sv = heap(backend, sg);
    let gv = heap(backend, gates);
    let hv = heap(backend, hBuf);
    const hpv = heap(backend, hPrev);
    const cpv = heap(backend, cPrev);
    const c2v = heap(backend, c2);
    for (let r = 0; r < B; r++) {
      const so = r * G;
      const go = (r * T + tau) * G;
      const po = (r * T + tau) * u;
      for (let k = 0; k < u; k++) {
        const i = sv[so + k] as number;
        const f = sv[so + u + k] as number;
        const g = 2 * (sv[so + 2 * u + k] as number) - 1;
        const o = sv[so + 3 * u + k] as number;
        gv[go + k] = i;
        gv[go + u + k] = f;
        gv[go + 2 * u + k] = g;
        gv[go + 3 * u + k] = o;
        const cp = c[r * u + k] as number;
        cpv[po + k] = cp;
        hpv[po + k] = hv[r * u + k] as number;
        const cn = f * cp + i * g;
        cNew[r * u + k] = cn;
        c2v[r * u + k] = 2 * cn;
      }
    }
    free(backend, sg);
    const tc = sigmoid(backend, c2);
    const tcv = heap(backend, tc);
    const thv = heap(backend, tanhC);
    const seqv = heap(backend, seq);
    gv = heap(backend, gates);
    hv = heap(backend, hBuf);
    for (let r = 0; r < B; r++) {
      const m = maskVals ? (maskVals[r * T + tau] as number) : 1;
      const go = (r * T + tau) * G + 3 * u;
      const po = (r * T + tau) * u;
      const oo = (r * T + s) * u;
      for (let k = 0; k < u; k++) {
        const th = 2 * (tcv[r * u + k] as number) - 1;
        thv[po + k] = th;
        if (m !== 0) {
          const h = (gv[go + k] as number) * th;
          hv[r * u + k] = h;
          c[r * u + k] = cNew[r * u + k] as number;
          seqv[oo + k] = h;
        } else {
          seqv[oo + k] = attrs.zeroOutputForMask ? 0 : (hv[r * u + k] as number);
        }
      }
    }
    free(backend, tc);
  }
  heap(backend, hT).set(heap(backend, hBuf));
  heap(backend, cT).set(c);
  free(backend, hBuf);
  free(backend, c2);
  return [seq, hT, cT, gates, tanhC, hPrev, cPrev];
}

// Backward through time. Inputs: dSeq [b,t,u] (processing order), dhT, dcT [b,u], the recurrent
// kernel and the saved forward values. Outputs: dGates [b,t,4u] (gradient of the gate
// pre-activations, input time order, = gradient of xProj), dh0, dc0. dU is one big matmul done
// by the caller: hPrevᵀ · dGates over all steps.
function fusedLstmGrad(args: {
  inputs: {
    dSeq?: TensorInfo;
    dhT: TensorInfo;
    dcT: TensorInfo;
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
  const { dSeq, dhT, dcT, recurrentKernel, mask } = inputs;
  const [B, T, G] = inputs.gates.shape as [number, number, number];
  const u = G / 4;
  const bu = B * u;
  const dGates = alloc(backend, [B, T, G]);
  const dh0 = alloc(backend, [B, u]);
  const dc0 = alloc(backend, [B, u]);
  const dG = alloc(backend, [B, G]);
  const ut = transpose2d(backend, recurrentKernel);
  const dh = Float32Array.from(heap(backend, dhT));
  const dc = Float32Array.from(heap(backend, dcT));
  const pass = new Float32Array(bu);
  const maskVals = mask ? Float32Array.from(heap(backend, mask)) : undefined;
  for (let s = T - 1; s >= 0; s--) {
    const tau = attrs.goBackwards ? T - 1 - s : s;
    const dsv = dSeq ? heap(backend, dSeq) : undefined;
    const gv = heap(backend, inputs.gates);
    const thv = heap(backend, inputs.tanhC);
    const cpv = heap(backend, inputs.cPrev);
    const dgv = heap(backend, dG);
    const dgall = heap(backend, dGates);
    for (let r = 0; r < B; r++) {
      const m = maskVals ? (maskVals[r * T + tau] as number) : 1;
      const go = (r * T + tau) * G;
      const po = (r * T + tau) * u;
      const oo = (r * T + s) * u;
      const dgo = r * G;
      if (m === 0) {
        for (let k = 0; k < u; k++) {
          pass[r * u + k] =
            (dh[r * u + k] as number) + (attrs.zeroOutputForMask ? 0 : dsv ? (dsv[oo + k] as number) : 0);
        }
        dgv.fill(0, dgo, dgo + G);
        dgall.fill(0, go, go + G);
        continue;
      }
      for (let k = 0; k < u; k++) {
        const dht = (dh[r * u + k] as number) + (dsv ? (dsv[oo + k] as number) : 0);
        const i = gv[go + k] as number;
        const f = gv[go + u + k] as number;
        const g = gv[go + 2 * u + k] as number;
        const o = gv[go + 3 * u + k] as number;
        const th = thv[po + k] as number;
        const dct = (dc[r * u + k] as number) + dht * o * (1 - th * th);
        dc[r * u + k] = dct * f;
        pass[r * u + k] = 0;
        const di = dct * g * i * (1 - i);
        const df = dct * (cpv[po + k] as number) * f * (1 - f);
        const dgg = dct * i * (1 - g * g);
        const dO = dht * th * o * (1 - o);
        dgv[dgo + k] = di;
        dgv[dgo + u + k] = df;
        dgv[dgo + 2 * u + k] = dgg;
        dgv[dgo + 3 * u + k] = dO;
        dgall[go + k] = di;
        dgall[go + u + k] = df;
        dgall[go + 2 * u + k] = dgg;
        dgall[go + 3 * u + k] = dO;
      }
    }
    const mm = matMul(backend, dG, ut);
    const mv = heap(backend, mm);
    for (let j = 0; j < bu; j++) dh[j] = (mv[j] as number) + (pass[j] as number);
    free(backend, mm);
  }
  heap(backend, dh0).set(dh);
  heap(backend, dc0).set(dc);
  free(backend, dG);
  free(backend, ut);
  return [dGates, dh0, dc0];
}

/** Kernel configs for the wasm backend. */
export const fusedLstmKernels: tf.KernelConfig[] = [
  { kernelName: FUSED_LSTM, backendName: 'wasm', kernelFunc: fusedLstm as unknown as tf.KernelFunc },
  { kernelName: FUSED_LSTM_GRAD, backendName: 'wasm', kernelFunc: fusedLstmGrad as unknown as tf.KernelFunc },
];
