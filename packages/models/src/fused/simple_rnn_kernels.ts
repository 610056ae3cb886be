import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { nativeModule } from '../backend/native.js';
import type { tf } from '../backend/tf.js';
import { type RecurrenceAttrs, sumRows } from './lstm_kernels.js';
import { alloc, free, heap, matMul, sigmoid, transpose2d } from './wasm_heap.js';

type TensorInfo = tf.TensorInfo;

/** Kernel name of the whole-sequence SimpleRNN recurrence (forward, tanh activation). */
export const FUSED_SIMPLE_RNN = 'KornlpFusedSimpleRnn';
/** Kernel name of its backward pass through time. */
export const FUSED_SIMPLE_RNN_GRAD = 'KornlpFusedSimpleRnnGrad';

/** native/simple_rnn.cc: the same computations on views of the wasm heap (see the comments there). */
interface SimpleRnnNative {
  simpleRnnForward(
    xProj: Float32Array,
    recurrentKernel: Float32Array,
    bias: Float32Array,
    h0: Float32Array,
    mask: Float32Array,
    out: Float32Array,
    hNew: Float32Array,
    hPrev: Float32Array,
    batch: number,
    time: number,
    units: number,
    goBackwards: boolean,
    zeroOutputForMask: boolean,
    save: boolean,
  ): void;
  simpleRnnBackward(
    dy: Float32Array,
    recurrentKernel: Float32Array,
    hNew: Float32Array,
    mask: Float32Array,
    dX: Float32Array,
    dh0: Float32Array,
    dBias: Float32Array,
    batch: number,
    time: number,
    units: number,
    goBackwards: boolean,
    zeroOutputForMask: boolean,
  ): void;
}

/** The native SimpleRNN functions, when the accelerator is on and has them (an older build may not). */
function simpleRnnNative(): SimpleRnnNative | undefined {
  const native = nativeModule() as Partial<SimpleRnnNative> | undefined;
  return native?.simpleRnnForward && native.simpleRnnBackward ? (native as SimpleRnnNative) : undefined;
}

const EMPTY = new Float32Array(0);

// Forward: h' = tanh(xProj_t + bias + h · U) (the bias added here: one pass over xProj less). Outputs: out [b,(t+1)·u] (per row the
// step outputs in processing order, then hT), then saved by
// input time: hNew [b,t,u] (the step's tanh output) and hPrev [b,t,u]. With the native
// accelerator the whole loop runs in C++ (native/simple_rnn.cc) on the same buffers and layouts.
function fusedSimpleRnn(args: {
  inputs: {
    xProj: TensorInfo;
    recurrentKernel: TensorInfo;
    bias: TensorInfo;
    h0: TensorInfo;
    mask?: TensorInfo;
  };
  backend: BackendWasm;
  attrs: RecurrenceAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const { xProj, recurrentKernel, bias, h0, mask } = inputs;
  const [B, T, u] = xProj.shape as [number, number, number];
  const W = (T + 1) * u;
  const out = alloc(backend, [B, W]);
  const save = attrs.save !== false;
  const hNew = alloc(backend, save ? [B, T, u] : [0]);
  const hPrev = alloc(backend, save ? [B, T, u] : [0]);
  const native = simpleRnnNative();
  if (native) {
    // Views only after the last allocation (growing the heap detaches older views).
    const v = (t: TensorInfo) => heap(backend, t);
    native.simpleRnnForward(
      v(xProj),
      v(recurrentKernel),
      v(bias),
      v(h0),
      mask ? v(mask) : EMPTY,
      v(out),
      save ? v(hNew) : EMPTY,
      save ? v(hPrev) : EMPTY,
      B,
      T,
      u,
      attrs.goBackwards,
      attrs.zeroOutputForMask,
      save,
    );
    return [out, hNew, hPrev];
  }
  const hBuf = alloc(backend, [B, u]);
  heap(backend, hBuf).set(heap(backend, h0));
  const maskVals = mask ? Float32Array.from(heap(backend, mask)) : undefined;
  const bv = Float32Array.from(heap(backend, bias));
  for (let s = 0; s < T; s++) {
    const tau = attrs.goBackwards ? T - 1 - s : s;
    const z = matMul(backend, hBuf, recurrentKernel);
    const zv = heap(backend, z);
    const xv = heap(backend, xProj);
    for (let r = 0; r < B; r++) {
      const xo = (r * T + tau) * u;
      for (let k = 0; k < u; k++)
        zv[r * u + k] = 2 * ((zv[r * u + k] as number) + (xv[xo + k] as number) + (bv[k] as number));
    }
    const sg = sigmoid(backend, z);
    free(backend, z);
    const sv = heap(backend, sg);
    const hv = heap(backend, hBuf);
    const hnv = heap(backend, hNew);
    const hpv = heap(backend, hPrev);
    const seqv = heap(backend, out);
    for (let r = 0; r < B; r++) {
      const m = maskVals ? (maskVals[r * T + tau] as number) : 1;
      const po = (r * T + tau) * u;
      const oo = r * W + s * u;
      for (let k = 0; k < u; k++) {
        const h = 2 * (sv[r * u + k] as number) - 1;
        const hp = hv[r * u + k] as number;
        if (save) {
          hnv[po + k] = h;
          hpv[po + k] = hp;
        }
        if (m !== 0) {
          hv[r * u + k] = h;
          seqv[oo + k] = h;
        } else seqv[oo + k] = attrs.zeroOutputForMask ? 0 : hp;
      }
    }
    free(backend, sg);
  }
  const ov = heap(backend, out);
  const hv = heap(backend, hBuf);
  for (let r = 0; r < B; r++) ov.set(hv.subarray(r * u, r * u + u), r * W + T * u);
  free(backend, hBuf);
  return [out, hNew, hPrev];
}

// Backward. Outputs: dXProj [b,t,u] (gradient of the pre-activation, input time order), dh0 and
// dBias [u] (dXProj summed over batch and time).
function fusedSimpleRnnGrad(args: {
  inputs: {
    dy: TensorInfo;
    recurrentKernel: TensorInfo;
    hNew: TensorInfo;
    mask?: TensorInfo;
  };
  backend: BackendWasm;
  attrs: RecurrenceAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const { dy, recurrentKernel, mask } = inputs;
  const [B, T, u] = inputs.hNew.shape as [number, number, number];
  const bu = B * u;
  const dX = alloc(backend, [B, T, u]);
  const dh0 = alloc(backend, [B, u]);
  const native = simpleRnnNative();
  if (native) {
    const dBias = alloc(backend, [u]);
    const v = (t: TensorInfo) => heap(backend, t);
    native.simpleRnnBackward(
      v(dy),
      v(recurrentKernel),
      v(inputs.hNew),
      mask ? v(mask) : EMPTY,
      v(dX),
      v(dh0),
      v(dBias),
      B,
      T,
      u,
      attrs.goBackwards,
      attrs.zeroOutputForMask,
    );
    return [dX, dh0, dBias];
  }
  const dStep = alloc(backend, [B, u]);
  const ut = transpose2d(backend, recurrentKernel);
  const W = (T + 1) * u;
  const dh = new Float32Array(B * u);
  const dyv0 = heap(backend, dy);
  for (let r = 0; r < B; r++) dh.set(dyv0.subarray(r * W + T * u, r * W + W), r * u);
  const pass = new Float32Array(bu);
  const maskVals = mask ? Float32Array.from(heap(backend, mask)) : undefined;
  for (let s = T - 1; s >= 0; s--) {
    const tau = attrs.goBackwards ? T - 1 - s : s;
    const dsv = heap(backend, dy);
    const hnv = heap(backend, inputs.hNew);
    const dxv = heap(backend, dX);
    const dsteps = heap(backend, dStep);
    for (let r = 0; r < B; r++) {
      const m = maskVals ? (maskVals[r * T + tau] as number) : 1;
      const po = (r * T + tau) * u;
      const oo = r * W + s * u;
      for (let k = 0; k < u; k++) {
        const dht =
          (dh[r * u + k] as number) + (m === 0 && attrs.zeroOutputForMask ? 0 : (dsv[oo + k] as number));
        if (m === 0) {
          pass[r * u + k] = dht;
          dxv[po + k] = 0;
          dsteps[r * u + k] = 0;
        } else {
          const h = hnv[po + k] as number;
          const d = dht * (1 - h * h);
          pass[r * u + k] = 0;
          dxv[po + k] = d;
          dsteps[r * u + k] = d;
        }
      }
    }
    const mm = matMul(backend, dStep, ut);
    const mv = heap(backend, mm);
    for (let j = 0; j < bu; j++) dh[j] = (mv[j] as number) + (pass[j] as number);
    free(backend, mm);
  }
  heap(backend, dh0).set(dh);
  free(backend, dStep);
  free(backend, ut);
  return [dX, dh0, sumRows(backend, dX)];
}

/** Kernel configs for the wasm backend. */
export const fusedSimpleRnnKernels: tf.KernelConfig[] = [
  {
    kernelName: FUSED_SIMPLE_RNN,
    backendName: 'wasm',
    kernelFunc: fusedSimpleRnn as unknown as tf.KernelFunc,
  },
  {
    kernelName: FUSED_SIMPLE_RNN_GRAD,
    backendName: 'wasm',
    kernelFunc: fusedSimpleRnnGrad as unknown as tf.KernelFunc,
  },
];
