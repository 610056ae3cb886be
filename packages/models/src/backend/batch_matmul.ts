import { nativeModule } from './native.js';
import { tf } from './tf.js';

interface WasmHeap {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  disposeData(id: tf.DataId): void;
}

/** Float32 operands with the same batch (no broadcasting), more than one item, each item big enough. */
function worthSplitting(a: tf.TensorInfo, b: tf.TensorInfo): boolean {
  const ra = a.shape.length;
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || ra < 3 || b.shape.length !== ra) return false;
  const batch = a.shape.slice(0, -2);
  if (batch.some((d, i) => d !== b.shape[i])) return false;
  const items = batch.reduce((x, y) => x * y, 1);
  const [m, k] = a.shape.slice(-2) as [number, number];
  const n = b.shape[ra - 1] as number;
  return items > 1 && m * k * n >= 65_536;
}

/**
 * The product on the native accelerator (OpenBLAS on views of the wasm heap), or undefined when it
 * is not available or the operands need broadcasting it does not do (batch dims must be equal, or
 * one side has a single item).
 */
function nativeMatMul(
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transA: boolean,
  transB: boolean,
  backend: WasmHeap,
): tf.TensorInfo | undefined {
  const native = nativeModule();
  if (!native || a.dtype !== 'float32' || b.dtype !== 'float32') return undefined;
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra < 2 || rb < 2) return undefined;
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const itemsA = batchA.reduce((x, y) => x * y, 1);
  const itemsB = batchB.reduce((x, y) => x * y, 1);
  let batch: number[];
  if (ra === rb && batchA.every((d, i) => d === batchB[i])) batch = batchA;
  else if (itemsB === 1 && rb <= ra) batch = batchA;
  else if (itemsA === 1 && ra <= rb) batch = batchB;
  else return undefined;
  const [a0, a1] = a.shape.slice(-2) as [number, number];
  const [b0, b1] = b.shape.slice(-2) as [number, number];
  const m = transA ? a1 : a0;
  const k = transA ? a0 : a1;
  const n = transB ? b0 : b1;
  if ((transB ? b1 : b0) !== k || m * k * n === 0) return undefined;
  const out = backend.makeOutput([...batch, m, n], 'float32');
  // Views only after the allocation: growing the heap detaches older views.
  native.gemm(
    backend.typedArrayFromHeap(a),
    backend.typedArrayFromHeap(b),
    backend.typedArrayFromHeap(out),
    itemsA,
    itemsB,
    m,
    k,
    n,
    transA,
    transB,
    0,
  );
  return out;
}

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
  // One product per batch item: [1, m, k] × [1, k, n] takes wasm's XNNPACK path, which is ~6–9x
  // faster than its loop over a batch (multi-head attention's [b, heads, t, t] × [b, heads, t, d]).
  const perItem = (
    a: tf.TensorInfo,
    b: tf.TensorInfo,
    backend: WasmHeap,
    attrs: Record<string, unknown>,
  ): tf.TensorInfo => {
    const [m, k] = a.shape.slice(-2) as [number, number];
    const n = b.shape[b.shape.length - 1] as number;
    const batch = a.shape.slice(0, -2);
    const items = batch.reduce((x, y) => x * y, 1);
    const out = backend.makeOutput([...batch, m, n], 'float32');
    for (let i = 0; i < items; i++) {
      const ai = backend.makeOutput([1, m, k], 'float32');
      const bi = backend.makeOutput([1, k, n], 'float32');
      // Heap views only after the allocations: growing the heap detaches older views.
      backend.typedArrayFromHeap(ai).set(backend.typedArrayFromHeap(a).subarray(i * m * k, (i + 1) * m * k));
      backend.typedArrayFromHeap(bi).set(backend.typedArrayFromHeap(b).subarray(i * k * n, (i + 1) * k * n));
      const yi = original.kernelFunc({ inputs: { a: ai, b: bi }, backend, attrs } as never) as tf.TensorInfo;
      backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(yi), i * m * n);
      for (const t of [ai, bi, yi]) backend.disposeData(t.dataId);
    }
    return out;
  };
  const kernelFunc = (args: {
    inputs: { a: tf.TensorInfo; b: tf.TensorInfo };
    backend: { disposeData(id: tf.DataId): void };
    attrs: { transposeA: boolean; transposeB: boolean };
  }): tf.TensorInfo => {
    const { inputs, backend, attrs } = args;
    const { transposeA, transposeB } = attrs;
    const fast = nativeMatMul(inputs.a, inputs.b, transposeA, transposeB, backend as unknown as WasmHeap);
    if (fast) return fast;
    if (!transposeA && !transposeB && !worthSplitting(inputs.a, inputs.b))
      return original.kernelFunc(args as never) as tf.TensorInfo;
    const a = transposeA ? transposeLast2(inputs.a, backend) : inputs.a;
    const b = transposeB ? transposeLast2(inputs.b, backend) : inputs.b;
    const plain = { ...attrs, transposeA: false, transposeB: false };
    try {
      if (worthSplitting(a, b)) return perItem(a, b, backend as never, plain);
      return original.kernelFunc({ ...args, inputs: { a, b }, attrs: plain } as never) as tf.TensorInfo;
    } finally {
      if (a !== inputs.a) backend.disposeData(a.dataId);
      if (b !== inputs.b) backend.disposeData(b.dataId);
    }
  };
  return { ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

const ACTIVATIONS: Record<string, number> = {
  linear: 0,
  relu: 1,
  relu6: 2,
  sigmoid: 3,
  leakyrelu: 4,
  elu: 5,
};

interface BiasActivationNative {
  /** `y` is `[rows, n]`: adds `bias` (empty: none) to every row, then the activation, in place. */
  biasActivation(y: Float32Array, bias: Float32Array, n: number, act: number, alpha: number): void;
}

/** The same epilogue as native/bias_act.cc, in JS (the wasm path's fallback). */
function biasActivationJs(
  y: Float32Array,
  bias: Float32Array | undefined,
  n: number,
  act: number,
  alpha: number,
) {
  for (let i = 0; i < y.length; i++) {
    let v = (y[i] as number) + (bias ? (bias[i % n] as number) : 0);
    if (act === 1) v = Math.max(v, 0);
    else if (act === 2) v = Math.min(Math.max(v, 0), 6);
    else if (act === 3) v = 1 / (1 + Math.exp(-v));
    else if (act === 4) v = v < 0 ? alpha * v : v;
    else if (act === 5) v = v > 0 ? v : Math.exp(v) - 1;
    y[i] = v;
  }
}

// A Dense layer's product is `_FusedMatMul` (matmul, bias, activation), which on wasm runs
// XNNPACK single-threaded. With the native accelerator it is one OpenBLAS gemm and one pass for
// bias and activation (native/bias_act.cc). Without it, tfjs-backend-wasm 4.22's own kernel is
// used only where it is right: it returns wrong values for batched operands and for transposed
// ones, which take BatchMatMul plus the epilogue in JS instead. PReLU, other bias shapes and
// other dtypes stay on tfjs's kernel.
export function makeFastFusedMatMul(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: {
    inputs: {
      a: tf.TensorInfo;
      b: tf.TensorInfo;
      bias?: tf.TensorInfo;
      preluActivationWeights?: tf.TensorInfo;
    };
    backend: WasmHeap;
    attrs: { transposeA: boolean; transposeB: boolean; activation?: string; leakyreluAlpha?: number };
  }): tf.TensorInfo => {
    const { inputs, backend, attrs } = args;
    const { a, b, bias, preluActivationWeights } = inputs;
    const act = ACTIVATIONS[attrs.activation ?? 'linear'];
    const n = (attrs.transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1]) as number;
    if (
      act === undefined ||
      preluActivationWeights ||
      a.dtype !== 'float32' ||
      b.dtype !== 'float32' ||
      (bias && (bias.dtype !== 'float32' || bias.shape.reduce((x, y) => x * y, 1) !== n))
    )
      return original.kernelFunc(args as never) as tf.TensorInfo;
    const native = nativeModule() as
      | (Partial<BiasActivationNative> & ReturnType<typeof nativeModule>)
      | undefined;
    const alpha = attrs.leakyreluAlpha ?? 0.2;
    const fast = native?.biasActivation
      ? nativeMatMul(a, b, attrs.transposeA, attrs.transposeB, backend)
      : undefined;
    if (fast) {
      if (bias || act !== 0) {
        native!.biasActivation!(
          backend.typedArrayFromHeap(fast),
          bias ? backend.typedArrayFromHeap(bias) : new Float32Array(0),
          n,
          act,
          alpha,
        );
      }
      return fast;
    }
    const batched =
      a.shape.slice(0, -2).reduce((x, y) => x * y, 1) > 1 ||
      b.shape.slice(0, -2).reduce((x, y) => x * y, 1) > 1;
    if (!batched && !attrs.transposeA && !attrs.transposeB)
      return original.kernelFunc(args as never) as tf.TensorInfo;
    const product = tf.getKernel(tf.BatchMatMul, 'wasm')!.kernelFunc({
      inputs: { a, b },
      backend,
      attrs: { transposeA: attrs.transposeA, transposeB: attrs.transposeB },
    } as never) as tf.TensorInfo;
    if (bias || act !== 0) {
      biasActivationJs(
        backend.typedArrayFromHeap(product),
        bias ? backend.typedArrayFromHeap(bias) : undefined,
        n,
        act,
        alpha,
      );
    }
    return product;
  };
  return { ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
