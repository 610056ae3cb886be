import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { nativeModule } from '../backend/native.js';
import type { tf } from '../backend/tf.js';
import type { RecurrenceAttrs } from './lstm_kernels.js';
import { alloc, free, heap, matMul, sigmoid, transpose2d } from './wasm_heap.js';

type TensorInfo = tf.TensorInfo;

/** Kernel name of the whole-sequence GRU recurrence (forward), both Keras forms. */
export const FUSED_GRU = 'KornlpFusedGru';
/** Kernel name of its backward pass through time. */
export const FUSED_GRU_GRAD = 'KornlpFusedGruGrad';

/** GRU kernel attributes: the recurrence attributes plus the Keras form. */
export interface GruAttrs extends RecurrenceAttrs {
  /** Keras `reset_after`: reset gate applied after the recurrent matmul (the TF2/cuDNN form). */
  resetAfter: boolean;
}

/** native/gru.cc: the same computations on views of the wasm heap (see the comments there). */
interface GruNative {
  gruForward(
    xProj: Float32Array,
    recurrentKernel: Float32Array,
    bias: Float32Array,
    h0: Float32Array,
    mask: Float32Array,
    out: Float32Array,
    gates: Float32Array,
    hPrev: Float32Array,
    aux: Float32Array,
    batch: number,
    time: number,
    units: number,
    resetAfter: boolean,
    goBackwards: boolean,
    zeroOutputForMask: boolean,
    save: boolean,
  ): void;
  gruBackward(
    dy: Float32Array,
    recurrentKernel: Float32Array,
    gates: Float32Array,
    hPrev: Float32Array,
    aux: Float32Array,
    mask: Float32Array,
    dX: Float32Array,
    dU: Float32Array,
    dBias: Float32Array,
    dh0: Float32Array,
    batch: number,
    time: number,
    units: number,
    resetAfter: boolean,
    goBackwards: boolean,
    zeroOutputForMask: boolean,
  ): void;
}

/** The native GRU functions, when the accelerator is on and has them (an older build may not). */
function gruNative(): GruNative | undefined {
  const native = nativeModule() as Partial<GruNative> | undefined;
  return native?.gruForward && native.gruBackward ? (native as GruNative) : undefined;
}

const EMPTY = new Float32Array(0);

/** Copies columns [from, to) of a [rows, cols] heap buffer into a new [rows, to - from] buffer. */
function columns(backend: BackendWasm, x: TensorInfo, from: number, to: number): TensorInfo {
  const [rows, cols] = x.shape as [number, number];
  const out = alloc(backend, [rows, to - from]);
  const xv = heap(backend, x);
  const ov = heap(backend, out);
  for (let r = 0; r < rows; r++) ov.set(xv.subarray(r * cols + from, r * cols + to), r * (to - from));
  return out;
}

// Forward. Inputs: xProj [b,t,3u] = x · kernel, without bias (gate order z, r, h),
// recurrentKernel [u,3u], bias [3u] (input bias) or, with reset_after, [2,3u] (input bias, then
// recurrent bias), h0 [b,u], mask [b,t].
// reset_after: m = h·U + b_r; z = σ(x_z + b_z + m_z), r likewise, ĥ = tanh(x_h + b_h + r ⊙ m_h).
// reset_before: z, r from h·U_zr; ĥ = tanh(x_h + b_h + (r ⊙ h)·U_h). Both: h' = z ⊙ h + (1 − z) ⊙ ĥ.
// Outputs: out [b,(t+1)·u] (per row the step outputs in processing order, then hT), then saved by
// input time: gates [b,t,3u] (z, r, ĥ), hPrev [b,t,u], and aux [b,t,u]: m_h + b_rh (reset_after) or
// r ⊙ h (reset_before). The bias is added here rather than in the input projection: its gradient
// is then summed in the backward kernel's loops instead of by extra ops.
function fusedGru(args: {
  inputs: {
    xProj: TensorInfo;
    recurrentKernel: TensorInfo;
    bias: TensorInfo;
    h0: TensorInfo;
    mask?: TensorInfo;
  };
  backend: BackendWasm;
  attrs: GruAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const { xProj, recurrentKernel, bias, h0, mask } = inputs;
  const [B, T, G] = xProj.shape as [number, number, number];
  const u = G / 3;
  const after = attrs.resetAfter;
  const W = (T + 1) * u;
  const out = alloc(backend, [B, W]);
  const save = attrs.save !== false;
  const gates = alloc(backend, save ? [B, T, G] : [0]);
  const hPrev = alloc(backend, save ? [B, T, u] : [0]);
  const aux = alloc(backend, save ? [B, T, u] : [0]);
  const native = gruNative();
  if (native) {
    // Views only after the last allocation (growing the heap detaches older views).
    const v = (t: TensorInfo) => heap(backend, t);
    native.gruForward(
      v(xProj),
      v(recurrentKernel),
      v(bias),
      v(h0),
      mask ? v(mask) : EMPTY,
      v(out),
      save ? v(gates) : EMPTY,
      save ? v(hPrev) : EMPTY,
      save ? v(aux) : EMPTY,
      B,
      T,
      u,
      after,
      attrs.goBackwards,
      attrs.zeroOutputForMask,
      save,
    );
    return [out, gates, hPrev, aux];
  }
  const hBuf = alloc(backend, [B, u]);
  const pre = alloc(backend, [B, u]);
  heap(backend, hBuf).set(heap(backend, h0));
  // z, r: input + recurrent bias; ĥ: input bias (bh) and recurrent bias (rb's h block) apart.
  const bv = heap(backend, bias);
  const hasRec = bv.length === 2 * G;
  const rb = new Float32Array(G);
  for (let j = 0; j < G; j++)
    rb[j] = (j < 2 * u ? (bv[j] as number) : 0) + (hasRec ? (bv[G + j] as number) : 0);
  const bh = bv.slice(2 * u, G);
  const uzr = after ? recurrentKernel : columns(backend, recurrentKernel, 0, 2 * u);
  const uh = after ? undefined : columns(backend, recurrentKernel, 2 * u, G);
  const maskVals = mask ? Float32Array.from(heap(backend, mask)) : undefined;
  const hNew = new Float32Array(B * u);
  for (let s = 0; s < T; s++) {
    const tau = attrs.goBackwards ? T - 1 - s : s;
    const mm = matMul(backend, hBuf, uzr); // [B,3u] (after) or [B,2u]
    const mw = after ? G : 2 * u;
    const mv = heap(backend, mm);
    let xv = heap(backend, xProj);
    for (let r = 0; r < B; r++) {
      const xo = (r * T + tau) * G;
      for (let j = 0; j < 2 * u; j++)
        mv[r * mw + j] = (mv[r * mw + j] as number) + (xv[xo + j] as number) + (rb[j] as number);
    }
    // σ over the whole matmul output (z, r read from it in place, row stride mw); for
    // reset_after its h part is unused.
    const sg = sigmoid(backend, mm);
    let zrv = heap(backend, sg);
    const mvv = heap(backend, mm);
    if (after) {
      const pv = heap(backend, pre);
      const axv = heap(backend, aux);
      xv = heap(backend, xProj);
      for (let r = 0; r < B; r++) {
        const xo = (r * T + tau) * G + 2 * u;
        const ao = (r * T + tau) * u;
        const ro = r * mw + u;
        for (let k = 0; k < u; k++) {
          const mh = (mvv[r * G + 2 * u + k] as number) + (rb[2 * u + k] as number);
          if (save) axv[ao + k] = mh;
          pv[r * u + k] = 2 * ((xv[xo + k] as number) + (bh[k] as number) + (zrv[ro + k] as number) * mh);
        }
      }
    } else {
      const rh = alloc(backend, [B, u]);
      const rhv = heap(backend, rh);
      const hv = heap(backend, hBuf);
      const axv = heap(backend, aux);
      zrv = heap(backend, sg);
      for (let r = 0; r < B; r++) {
        const ao = (r * T + tau) * u;
        for (let k = 0; k < u; k++) {
          const v = (zrv[r * mw + u + k] as number) * (hv[r * u + k] as number);
          rhv[r * u + k] = v;
          if (save) axv[ao + k] = v;
        }
      }
      const m2 = matMul(backend, rh, uh as TensorInfo);
      free(backend, rh);
      const m2v = heap(backend, m2);
      const pv = heap(backend, pre);
      xv = heap(backend, xProj);
      for (let r = 0; r < B; r++) {
        const xo = (r * T + tau) * G + 2 * u;
        for (let k = 0; k < u; k++)
          pv[r * u + k] = 2 * ((xv[xo + k] as number) + (bh[k] as number) + (m2v[r * u + k] as number));
      }
      free(backend, m2);
    }
    free(backend, mm);
    const th = sigmoid(backend, pre);
    const sv = heap(backend, th);
    zrv = heap(backend, sg);
    const gv = heap(backend, gates);
    const hv = heap(backend, hBuf);
    const hpv = heap(backend, hPrev);
    const seqv = heap(backend, out);
    for (let r = 0; r < B; r++) {
      const m = maskVals ? (maskVals[r * T + tau] as number) : 1;
      const go = (r * T + tau) * G;
      const po = (r * T + tau) * u;
      const oo = r * W + s * u;
      for (let k = 0; k < u; k++) {
        const z = zrv[r * mw + k] as number;
        const hh = 2 * (sv[r * u + k] as number) - 1;
        const hp = hv[r * u + k] as number;
        if (save) {
          gv[go + k] = z;
          gv[go + u + k] = zrv[r * mw + u + k] as number;
          gv[go + 2 * u + k] = hh;
          hpv[po + k] = hp;
        }
        hNew[r * u + k] = m !== 0 ? z * hp + (1 - z) * hh : hp;
        seqv[oo + k] = m !== 0 ? (hNew[r * u + k] as number) : attrs.zeroOutputForMask ? 0 : hp;
      }
    }
    hv.set(hNew);
    free(backend, th);
    free(backend, sg);
  }
  const ov = heap(backend, out);
  const hv = heap(backend, hBuf);
  for (let r = 0; r < B; r++) ov.set(hv.subarray(r * u, r * u + u), r * W + T * u);
  free(backend, hBuf);
  free(backend, pre);
  if (!after) {
    free(backend, uzr);
    free(backend, uh as TensorInfo);
  }
  return [out, gates, hPrev, aux];
}

// Backward. Outputs: dXProj [b,t,3u] (gradient of the gate pre-activations on the input side), dU
// [u,3u], dBias (the forward's bias shape) and dh0. Internally dM [b,t,3u], the gradient of
// h·U + b_r (reset_after; for reset_before the z, r columns equal dXProj's and the h columns hold
// the gradient of (r ⊙ h)·U_h), gives dU as one product over all steps.
function fusedGruGrad(args: {
  inputs: {
    dy: TensorInfo;
    recurrentKernel: TensorInfo;
    gates: TensorInfo;
    hPrev: TensorInfo;
    aux: TensorInfo;
    bias: TensorInfo;
    mask?: TensorInfo;
  };
  backend: BackendWasm;
  attrs: GruAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const { dy, recurrentKernel, bias, mask } = inputs;
  const [B, T, G] = inputs.gates.shape as [number, number, number];
  const u = G / 3;
  const bu = B * u;
  const after = attrs.resetAfter;
  const dX = alloc(backend, [B, T, G]);
  const dU = alloc(backend, [u, G]);
  const dBias = alloc(backend, bias.shape);
  const dh0 = alloc(backend, [B, u]);
  const native = gruNative();
  if (native) {
    const v = (t: TensorInfo) => heap(backend, t);
    native.gruBackward(
      v(dy),
      v(recurrentKernel),
      v(inputs.gates),
      v(inputs.hPrev),
      v(inputs.aux),
      mask ? v(mask) : EMPTY,
      v(dX),
      v(dU),
      v(dBias),
      v(dh0),
      B,
      T,
      u,
      after,
      attrs.goBackwards,
      attrs.zeroOutputForMask,
    );
    return [dX, dU, dBias, dh0];
  }
  const dM = alloc(backend, [B, T, G]);
  const ut = transpose2d(backend, recurrentKernel); // [3u, u]
  const uh = after ? undefined : columns(backend, recurrentKernel, 2 * u, G);
  const uhT = uh ? transpose2d(backend, uh) : undefined;
  if (uh) free(backend, uh);
  const dmStep = alloc(backend, [B, G]);
  const W = (T + 1) * u;
  const dh = new Float32Array(B * u);
  const dyv0 = heap(backend, dy);
  for (let r = 0; r < B; r++) dh.set(dyv0.subarray(r * W + T * u, r * W + W), r * u);
  const direct = new Float32Array(bu);
  const maskVals = mask ? Float32Array.from(heap(backend, mask)) : undefined;
  for (let s = T - 1; s >= 0; s--) {
    const tau = attrs.goBackwards ? T - 1 - s : s;
    const dsv = heap(backend, dy);
    const gv = heap(backend, inputs.gates);
    const hpv = heap(backend, inputs.hPrev);
    const axv = heap(backend, inputs.aux);
    const dxv = heap(backend, dX);
    const dmv = heap(backend, dM);
    const dms = heap(backend, dmStep);
    for (let r = 0; r < B; r++) {
      const m = maskVals ? (maskVals[r * T + tau] as number) : 1;
      const go = (r * T + tau) * G;
      const po = (r * T + tau) * u;
      const oo = r * W + s * u;
      if (m === 0) {
        for (let k = 0; k < u; k++)
          direct[r * u + k] =
            (dh[r * u + k] as number) + (attrs.zeroOutputForMask ? 0 : (dsv[oo + k] as number));
        dxv.fill(0, go, go + G);
        dmv.fill(0, go, go + G);
        dms.fill(0, r * G, r * G + G);
        continue;
      }
      for (let k = 0; k < u; k++) {
        const dht = (dh[r * u + k] as number) + (dsv[oo + k] as number);
        const z = gv[go + k] as number;
        const rr = gv[go + u + k] as number;
        const hh = gv[go + 2 * u + k] as number;
        const hp = hpv[po + k] as number;
        direct[r * u + k] = dht * z;
        const dpz = dht * (hp - hh) * z * (1 - z);
        const dph = dht * (1 - z) * (1 - hh * hh);
        dxv[go + k] = dpz;
        dxv[go + 2 * u + k] = dph;
        dmv[go + k] = dpz;
        dms[r * G + k] = dpz;
        if (after) {
          const dpr = dph * (axv[po + k] as number) * rr * (1 - rr);
          const dmh = dph * rr;
          dxv[go + u + k] = dpr;
          dmv[go + u + k] = dpr;
          dmv[go + 2 * u + k] = dmh;
          dms[r * G + u + k] = dpr;
          dms[r * G + 2 * u + k] = dmh;
        } else {
          dmv[go + 2 * u + k] = dph;
          dms[r * G + 2 * u + k] = dph;
        }
      }
    }
    if (after) {
      const mm = matMul(backend, dmStep, ut);
      const mv = heap(backend, mm);
      for (let j = 0; j < bu; j++) dh[j] = (mv[j] as number) + (direct[j] as number);
      free(backend, mm);
    } else {
      // d(r ⊙ h) = dĥpre · U_hᵀ, then dr and the h part; then z, r pre-activations through U_zrᵀ.
      const dph = alloc(backend, [B, u]);
      const dphv = heap(backend, dph);
      let dmsv = heap(backend, dmStep);
      for (let r = 0; r < B; r++) dphv.set(dmsv.subarray(r * G + 2 * u, r * G + G), r * u);
      const drh = matMul(backend, dph, uhT as TensorInfo);
      free(backend, dph);
      const drhv = heap(backend, drh);
      const gv2 = heap(backend, inputs.gates);
      const hpv2 = heap(backend, inputs.hPrev);
      const dxv2 = heap(backend, dX);
      const dmv2 = heap(backend, dM);
      dmsv = heap(backend, dmStep);
      for (let r = 0; r < B; r++) {
        const m = maskVals ? (maskVals[r * T + tau] as number) : 1;
        if (m === 0) continue;
        const go = (r * T + tau) * G;
        const po = (r * T + tau) * u;
        for (let k = 0; k < u; k++) {
          const rr = gv2[go + u + k] as number;
          const d = drhv[r * u + k] as number;
          direct[r * u + k] = (direct[r * u + k] as number) + d * rr;
          const dpr = d * (hpv2[po + k] as number) * rr * (1 - rr);
          dxv2[go + u + k] = dpr;
          dmv2[go + u + k] = dpr;
          dmsv[r * G + u + k] = dpr;
          dmsv[r * G + 2 * u + k] = 0;
        }
      }
      free(backend, drh);
      const mm = matMul(backend, dmStep, ut); // h columns zeroed: only U_zrᵀ contributes
      const mv = heap(backend, mm);
      for (let j = 0; j < bu; j++) dh[j] = (mv[j] as number) + (direct[j] as number);
      free(backend, mm);
    }
  }
  heap(backend, dh0).set(dh);
  free(backend, dmStep);
  free(backend, ut);
  if (uhT) free(backend, uhT);
  recurrentKernelGrad(backend, inputs.hPrev, inputs.aux, dM, dU, after);
  biasGrad(backend, dX, dM, dBias);
  free(backend, dM);
  return [dX, dU, dBias, dh0];
}

/** [rows, cols] view of a buffer's data (no copy). */
function as2d(x: TensorInfo, rows: number, cols: number): TensorInfo {
  return { dataId: x.dataId, shape: [rows, cols], dtype: x.dtype };
}

/** dU = hPrevᵀ · dM (reset_after), or [hPrevᵀ · dM_zr | (r ⊙ h)ᵀ · dM_h]: one product over all steps. */
function recurrentKernelGrad(
  backend: BackendWasm,
  hPrev: TensorInfo,
  aux: TensorInfo,
  dM: TensorInfo,
  dU: TensorInfo,
  after: boolean,
): void {
  const [B, T, G] = dM.shape as [number, number, number];
  const u = G / 3;
  const hpT = transpose2d(backend, as2d(hPrev, B * T, u));
  const full = matMul(backend, hpT, as2d(dM, B * T, G)); // [u, 3u]
  free(backend, hpT);
  if (after) {
    heap(backend, dU).set(heap(backend, full));
    free(backend, full);
    return;
  }
  const axT = transpose2d(backend, as2d(aux, B * T, u));
  const dMh = columns(backend, as2d(dM, B * T, G), 2 * u, G);
  const hPart = matMul(backend, axT, dMh); // [u, u]
  free(backend, axT);
  free(backend, dMh);
  const fv = heap(backend, full);
  const hv = heap(backend, hPart);
  for (let i = 0; i < u; i++) fv.set(hv.subarray(i * u, i * u + u), i * G + 2 * u);
  heap(backend, dU).set(fv);
  free(backend, full);
  free(backend, hPart);
}

/** Bias gradients: the input bias's is dX summed over rows, the recurrent bias's (when present) dM's. */
function biasGrad(backend: BackendWasm, dX: TensorInfo, dM: TensorInfo, dBias: TensorInfo): void {
  const G = dX.shape[2] as number;
  const db = heap(backend, dBias);
  db.fill(0);
  const sum = (src: Float32Array, at: number) => {
    for (let i = 0; i < src.length; i += G)
      for (let j = 0; j < G; j++) db[at + j] = (db[at + j] as number) + (src[i + j] as number);
  };
  sum(heap(backend, dX), 0);
  if (db.length === 2 * G) sum(heap(backend, dM), G);
}

/** Kernel configs for the wasm backend. */
export const fusedGruKernels: tf.KernelConfig[] = [
  { kernelName: FUSED_GRU, backendName: 'wasm', kernelFunc: fusedGru as unknown as tf.KernelFunc },
  { kernelName: FUSED_GRU_GRAD, backendName: 'wasm', kernelFunc: fusedGruGrad as unknown as tf.KernelFunc },
];
