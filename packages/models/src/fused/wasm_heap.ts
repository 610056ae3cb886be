import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../backend/tf.js';

type TensorInfo = tf.TensorInfo;

// Small helpers for kernels that run in JS on the wasm heap and call the wasm backend's own
// kernels (matmul, sigmoid, transpose) directly, without the engine's per-op bookkeeping.
//
// A view from `typedArrayFromHeap` is detached when the wasm memory grows, and any allocation
// (makeOutput, a kernel call) may grow it: fetch views again after every allocation.

/** A float32 view of `info` on the wasm heap (valid until the next allocation). */
export function heap(backend: BackendWasm, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** A new float32 buffer on the wasm heap, not tracked by the engine until a kernel returns it. */
export function alloc(backend: BackendWasm, shape: number[]): TensorInfo {
  return backend.makeOutput(shape, 'float32');
}

/** Frees a buffer made by {@link alloc} or a direct kernel call. */
export function free(backend: BackendWasm, info: TensorInfo): void {
  backend.disposeData(info.dataId);
}

function kernel(name: string): tf.KernelFunc {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`wasm kernel ${name} is not registered`);
  return k.kernelFunc;
}

/** a[m,k] @ b[k,n] → new [m,n] buffer (plain, untransposed product: the fast path). */
export function matMul(backend: BackendWasm, a: TensorInfo, b: TensorInfo): TensorInfo {
  const out = kernel(tf.BatchMatMul)({
    inputs: { a, b },
    backend,
    attrs: { transposeA: false, transposeB: false },
  } as never) as TensorInfo;
  out.shape = [a.shape[0] as number, b.shape[1] as number];
  return out;
}

/** Element-wise logistic sigmoid (XNNPACK, vectorised) → new buffer of the same shape. */
export function sigmoid(backend: BackendWasm, x: TensorInfo): TensorInfo {
  return kernel(tf.Sigmoid)({ inputs: { x }, backend, attrs: {} } as never) as TensorInfo;
}

/** Transpose of a 2-D buffer → new buffer. */
export function transpose2d(backend: BackendWasm, x: TensorInfo): TensorInfo {
  return kernel(tf.Transpose)({ inputs: { x }, backend, attrs: { perm: [1, 0] } } as never) as TensorInfo;
}
