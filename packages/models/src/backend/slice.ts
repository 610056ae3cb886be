import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { overrideKernel } from './override_kernel.js';
import { tf } from './tf.js';

type TensorInfo = tf.TensorInfo;

// tfjs-backend-wasm's Slice reads its whole input out of the wasm heap into a fresh JS buffer
// (readSync) before copying the slice: a 64×4096 input cost 0.4–2.6 ms of CPU per slice here,
// ~49 ms of a fused-LSTM train step. Copying straight from a heap view needs no such buffer.
function slice(
  args: {
    inputs: { x: TensorInfo };
    backend: BackendWasm;
    attrs: { begin: number | number[]; size: number | number[] };
  },
  original: tf.KernelFunc,
): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x } = inputs;
  if (x.dtype === 'string') return original(args as never) as TensorInfo;
  const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, attrs.begin, attrs.size) as [
    number[],
    number[],
  ];
  const out = backend.makeOutput(size, x.dtype);
  const n = tf.util.sizeFromShape(size);
  if (n === 0) return out;
  // Views only after makeOutput: an allocation may grow (and detach) the heap.
  const xv = backend.typedArrayFromHeap(x);
  const ov = backend.typedArrayFromHeap(out);
  const strides = tf.util.computeStrides(x.shape);
  if (tf.slice_util.isSliceContinous(x.shape, begin, size)) {
    const offset = tf.slice_util.computeFlatOffset(begin, strides);
    ov.set(xv.subarray(offset, offset + n));
    return out;
  }
  // Copy runs along the last axis, walking the outer indices like an odometer.
  const rank = x.shape.length;
  const run = size[rank - 1] as number;
  const outer = n / run;
  const idx = new Array<number>(rank - 1).fill(0);
  for (let o = 0; o < outer; o++) {
    let src = begin[rank - 1] as number;
    for (let d = 0; d < rank - 1; d++)
      src += ((begin[d] as number) + (idx[d] as number)) * (strides[d] as number);
    ov.set(xv.subarray(src, src + run), o * run);
    for (let d = rank - 2; d >= 0; d--) {
      idx[d] = (idx[d] as number) + 1;
      if ((idx[d] as number) < (size[d] as number)) break;
      idx[d] = 0;
    }
  }
  return out;
}

/** Slice for the wasm backend that copies from the heap directly, registered by {@link registerWasmKernels}. */
export function makeHeapSlice(original: tf.KernelConfig): tf.KernelConfig {
  return overrideKernel(original, slice);
}
