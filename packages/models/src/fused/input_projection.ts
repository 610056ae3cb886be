import { nativeModule } from '../backend/native.js';
import { tf } from '../backend/tf.js';

/**
 * The input projection of a fused recurrent layer for every step at once: `x · kernel + bias`.
 * With the native accelerator on wasm it is a plain matMul (BatchMatMul runs on OpenBLAS, ~3x faster
 * than wasm's _FusedMatMul, which the accelerator does not replace) and a broadcast add.
 */
export function inputProjection(x: tf.Tensor2D, kernel: tf.Tensor, bias: tf.Tensor | null): tf.Tensor2D {
  if (!bias) return tf.matMul(x, kernel as tf.Tensor2D);
  if (tf.getBackend() === 'wasm' && nativeModule())
    return tf.add(tf.matMul(x, kernel as tf.Tensor2D), bias) as tf.Tensor2D;
  return tf.fused.matMul({ a: x, b: kernel as tf.Tensor2D, bias }) as tf.Tensor2D;
}
