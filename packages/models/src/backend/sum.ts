import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { overrideKernel } from './override_kernel.js';
import { tf } from './tf.js';

type TensorInfo = tf.TensorInfo;

// tfjs-backend-wasm's Sum over leading axes transposes them to the end first: a bias gradient
// (sum of a [1920,512] gradient over its rows) cost ~5 ms, ~30x the work. A reduction over the
// leading axes is a product with a row of ones, which XNNPACK's GEMM does at full speed.
function sum(
  args: {
    inputs: { x: TensorInfo };
    backend: BackendWasm;
    attrs: { axis: number | number[]; keepDims: boolean };
  },
  original: tf.KernelFunc,
): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x } = inputs;
  const shape = x.shape;
  const axes = tf.util.parseAxisParam(attrs.axis, shape).sort((a, b) => a - b);
  const k = axes.length;
  const leading = k > 0 && k < shape.length && axes.every((a, i) => a === i);
  const outer = tf.util.sizeFromShape(shape.slice(0, k));
  const inner = tf.util.sizeFromShape(shape.slice(k));
  // Tiny sums gain nothing from a GEMM call.
  if (x.dtype !== 'float32' || !leading || outer < 2 || outer * inner < 4096)
    return original(args as never) as TensorInfo;
  const ones = backend.makeOutput([1, outer], 'float32');
  backend.typedArrayFromHeap(ones).fill(1);
  const matMul = tf.getKernel(tf.BatchMatMul, 'wasm')!.kernelFunc;
  try {
    const out = matMul({
      inputs: { a: ones, b: { ...x, shape: [outer, inner] } },
      backend,
      attrs: { transposeA: false, transposeB: false },
    } as never) as TensorInfo;
    out.shape = attrs.keepDims ? [...new Array<number>(k).fill(1), ...shape.slice(k)] : shape.slice(k);
    return out;
  } finally {
    backend.disposeData(ones.dataId);
  }
}

/** Sum for the wasm backend with a GEMM path for leading-axis reductions, registered by {@link registerWasmKernels}. */
export function makeLeadingAxisSum(original: tf.KernelConfig): tf.KernelConfig {
  return overrideKernel(original, sum);
}
