import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { EmbeddingNative } from './gather.js';
import { nativeModule } from './native.js';
import { tf } from './tf.js';

type TensorInfo = tf.TensorInfo;

// Stock tfjs-backend-wasm 4.22 has no UnsortedSegmentSum, yet the gradient of `gather` (and so of
// every Embedding layer) is built on it. The work is a scatter-add over rows of the input: done
// here in JS directly on the wasm heap, without copies.
function unsortedSegmentSum(args: {
  inputs: { x: TensorInfo; segmentIds: TensorInfo };
  backend: BackendWasm;
  attrs: { numSegments: number };
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, segmentIds } = inputs;
  const numSegments = attrs.numSegments;
  const idsSize = tf.util.sizeFromShape(segmentIds.shape);
  const rowSize = idsSize === 0 ? 0 : tf.util.sizeFromShape(x.shape) / idsSize;
  const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  const out = backend.makeOutput(outShape, x.dtype);
  const outVals = backend.typedArrayFromHeap(out);
  const xVals = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds);
  const native =
    x.dtype === 'float32' && segmentIds.dtype === 'int32' && rowSize > 0
      ? (nativeModule() as Partial<EmbeddingNative> | undefined)
      : undefined;
  if (native?.segmentSumRows) {
    native.segmentSumRows(xVals as Float32Array, ids as Int32Array, outVals as Float32Array, rowSize);
    return out;
  }
  outVals.fill(0);
  if (idsSize === 0 || rowSize === 0) return out;
  for (let i = 0; i < idsSize; i++) {
    const seg = ids[i] as number;
    if (seg < 0 || seg >= numSegments) continue; // TF drops out-of-range ids
    const src = i * rowSize;
    const dst = seg * rowSize;
    for (let j = 0; j < rowSize; j++)
      outVals[dst + j] = (outVals[dst + j] as number) + (xVals[src + j] as number);
  }
  return out;
}

/** Kernel config registered on the wasm backend by {@link initBackend}. */
export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum as unknown as tf.KernelFunc,
};
