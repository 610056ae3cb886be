import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { nativeModule } from './native.js';
import { overrideKernel } from './override_kernel.js';
import { tf } from './tf.js';

type TensorInfo = tf.TensorInfo;

/** native/embedding.cc (ids already checked here). */
export interface EmbeddingNative {
  /** `out[i] = x[ids[i]]`, rows of `row` floats. */
  gatherRows(x: Float32Array, ids: Int32Array, out: Float32Array, row: number): void;
  /** `out = 0; out[ids[i]] += x[i]`, rows of `row` floats; out-of-range ids dropped. */
  segmentSumRows(x: Float32Array, ids: Int32Array, out: Float32Array, row: number): void;
}

// tfjs-backend-wasm's GatherV2 copies element by element with index arithmetic per element: an
// Embedding lookup of 64×30 ids into a 5000×100 table cost ~6 ms. Along axis 0 every index picks
// a contiguous row, so a row-by-row copy on the heap does the same in a fraction of that.
function gather(
  args: {
    inputs: { x: TensorInfo; indices: TensorInfo };
    backend: BackendWasm;
    attrs: { axis: number; batchDims: number };
  },
  original: tf.KernelFunc,
): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, indices } = inputs;
  const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0];
  if (x.dtype === 'string' || axis !== 0 || (attrs.batchDims ?? 0) !== 0 || indices.dtype !== 'int32') {
    return original(args as never) as TensorInfo;
  }
  const rows = x.shape[0] as number;
  const row = tf.util.sizeFromShape(x.shape.slice(1));
  const n = tf.util.sizeFromShape(indices.shape);
  const ids = backend.typedArrayFromHeap(indices);
  for (let i = 0; i < n; i++) {
    const r = ids[i] as number;
    if (r < 0 || r >= rows) throw new Error(`GatherV2: the index value ${r} is not in [0, ${rows - 1}]`);
  }
  const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
  if (n === 0 || row === 0) return out;
  // Views only after makeOutput: an allocation may grow (and detach) the heap.
  const xv = backend.typedArrayFromHeap(x);
  const ov = backend.typedArrayFromHeap(out);
  const iv = backend.typedArrayFromHeap(indices);
  const native = x.dtype === 'float32' ? (nativeModule() as Partial<EmbeddingNative> | undefined) : undefined;
  if (native?.gatherRows) {
    native.gatherRows(xv as Float32Array, iv as Int32Array, ov as Float32Array, row);
  } else if (row >= 16) {
    for (let i = 0; i < n; i++) {
      const src = (iv[i] as number) * row;
      ov.set(xv.subarray(src, src + row), i * row);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const src = (iv[i] as number) * row;
      for (let j = 0; j < row; j++) ov[i * row + j] = xv[src + j] as number;
    }
  }
  return out;
}

/** GatherV2 for the wasm backend that copies whole rows for axis-0 lookups, registered by {@link registerWasmKernels}. */
export function makeRowGather(original: tf.KernelConfig): tf.KernelConfig {
  return overrideKernel(original, gather);
}
