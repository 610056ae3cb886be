import type { tf } from './tf.js';

// wasm's BatchMatMul walks a transposed operand with a large stride, which is 5–10x slower than
// materialising the transpose and running the plain product. Gradients of every Dense and
// recurrent kernel are transposed matmuls, so this matters for training.
export function makeFastBatchMatMul(original: tf.KernelConfig, transpose: tf.KernelConfig): tf.KernelConfig {
  const transposeLast2 = (x: tf.TensorInfo, backend: unknown): tf.TensorInfo => {
    const rank = x.shape.length;
    const perm = [...Array(rank).keys()];
    perm[rank - 1] = rank - 2;
    perm[rank - 2] = rank - 1;
    return transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } } as never) as tf.TensorInfo;
  };
  const kernelFunc = (args: {
    inputs: { a: tf.TensorInfo; b: tf.TensorInfo };
    backend: { disposeData(id: tf.DataId): void };
    attrs: { transposeA: boolean; transposeB: boolean };
  }): tf.TensorInfo => {
    const { inputs, backend, attrs } = args;
    const { transposeA, transposeB } = attrs;
    if (!transposeA && !transposeB) return original.kernelFunc(args as never) as tf.TensorInfo;
    const a = transposeA ? transposeLast2(inputs.a, backend) : inputs.a;
    const b = transposeB ? transposeLast2(inputs.b, backend) : inputs.b;
    try {
      return original.kernelFunc({
        ...args,
        inputs: { a, b },
        attrs: { ...attrs, transposeA: false, transposeB: false },
      } as never) as tf.TensorInfo;
    } finally {
      if (a !== inputs.a) backend.disposeData(a.dataId);
      if (b !== inputs.b) backend.disposeData(b.dataId);
    }
  };
  return { ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
