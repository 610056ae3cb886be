import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { overrideKernel } from './override_kernel.js';
import { tf } from './tf.js';

type TensorInfo = tf.TensorInfo;

// tfjs-backend-wasm's Reverse computes each element's source index on its own: reversing a
// bidirectional layer's [64, 30, 128] backward sequence over time took ~7 ms. Every reversed axis
// before the last leaves whole blocks (the axes after it) contiguous, so copying those blocks
// from a heap view does the same in a small fraction of that.
function reverse(
  args: { inputs: { x: TensorInfo }; backend: BackendWasm; attrs: { dims: number | number[] } },
  original: tf.KernelFunc,
): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x } = inputs;
  const rank = x.shape.length;
  if (x.dtype === 'string' || x.dtype === 'complex64' || rank === 0)
    return original(args as never) as TensorInfo;
  const axes = tf.util.parseAxisParam(attrs.dims, x.shape);
  const last = Math.max(...axes);
  const block = tf.util.sizeFromShape(x.shape.slice(last + 1));
  // Reversing the last axis (or a short block) is element work: tfjs's kernel is as good.
  if (block < 8) return original(args as never) as TensorInfo;
  const out = backend.makeOutput([...x.shape], x.dtype);
  const outer = x.shape.slice(0, last + 1) as number[];
  const count = tf.util.sizeFromShape(outer);
  if (count === 0 || block === 0) return out;
  const flip = outer.map((_, i) => axes.includes(i));
  // Views only after makeOutput: an allocation may grow (and detach) the heap.
  const xv = backend.typedArrayFromHeap(x);
  const ov = backend.typedArrayFromHeap(out);
  const strides = tf.util.computeStrides(outer);
  const coord = new Array<number>(outer.length).fill(0);
  for (let o = 0; o < count; o++) {
    let src = 0;
    for (let i = 0; i < outer.length; i++) {
      const c = coord[i] as number;
      src += (flip[i] ? (outer[i] as number) - 1 - c : c) * ((strides[i] as number | undefined) ?? 1);
    }
    ov.set(xv.subarray(src * block, (src + 1) * block), o * block);
    // Odometer over the outer axes.
    for (let i = outer.length - 1; i >= 0; i--) {
      coord[i] = (coord[i] as number) + 1;
      if ((coord[i] as number) < (outer[i] as number)) break;
      coord[i] = 0;
    }
  }
  return out;
}

/** Reverse for the wasm backend by contiguous blocks, registered by {@link registerWasmKernels}. */
export function makeBlockReverse(original: tf.KernelConfig): tf.KernelConfig {
  return overrideKernel(original, reverse);
}
