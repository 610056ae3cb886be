import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { overrideKernel } from './override_kernel.js';
import { tf } from './tf.js';

type TensorInfo = tf.TensorInfo;

// tfjs-backend-wasm's Tile computes every output element's source index one by one: tiling a
// LayerNormalization's [1, 1, 128] gamma to [64, 100, 128] took ~50–190 ms per call here, four calls
// per LayerNormalization. Copying whole last-axis rows from a heap view takes well under 1 ms.
function tile(
  args: { inputs: { x: TensorInfo }; backend: BackendWasm; attrs: { reps: number[] } },
  original: tf.KernelFunc,
): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x } = inputs;
  const rank = x.shape.length;
  if (x.dtype === 'string' || rank === 0) return original(args as never) as TensorInfo;
  const reps = attrs.reps;
  const outShape = x.shape.map((s, i) => s * (reps[i] ?? 1));
  const out = backend.makeOutput(outShape, x.dtype);
  if (tf.util.sizeFromShape(outShape) === 0) return out;
  // Views only after makeOutput: an allocation may grow (and detach) the heap.
  const xv = backend.typedArrayFromHeap(x);
  const ov = backend.typedArrayFromHeap(out);
  const run = x.shape[rank - 1] as number;
  const times = reps[rank - 1] ?? 1;
  const rowLen = run * times;
  const rows = ov.length / rowLen;
  const xStrides = tf.util.computeStrides(x.shape);
  // Odometer over the output's leading axes; each output row copies the source row it wraps to.
  const idx = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  for (let r = 0; r < rows; r++) {
    let src = 0;
    for (let d = 0; d < rank - 1; d++)
      src += ((idx[d] as number) % (x.shape[d] as number)) * (xStrides[d] as number);
    const dst = r * rowLen;
    if (run === 1) ov.fill(xv[src] as number, dst, dst + rowLen);
    else {
      const row = xv.subarray(src, src + run);
      for (let t = 0; t < times; t++) ov.set(row, dst + t * run);
    }
    for (let d = rank - 2; d >= 0; d--) {
      idx[d] = (idx[d] as number) + 1;
      if ((idx[d] as number) < (outShape[d] as number)) break;
      idx[d] = 0;
    }
  }
  return out;
}

/** Tile for the wasm backend that copies whole rows on the heap, registered by {@link registerWasmKernels}. */
export function makeHeapTile(original: tf.KernelConfig): tf.KernelConfig {
  return overrideKernel(original, tile);
}
