import { tf } from '../backend/tf.js';
import type { RecurrenceAttrs } from './lstm_kernels.js';
import { FUSED_SIMPLE_RNN_GRAD } from './simple_rnn_kernels.js';

/**
 * Gradient of the fused SimpleRNN recurrence with respect to (xProj, recurrentKernel, bias, h0, mask):
 * per-step work in one backward kernel, dU = hPrevᵀ · dX over all steps.
 */
export function simpleRnnGradient(dy: tf.Tensor, saved: tf.Tensor[], attrs: RecurrenceAttrs): tf.Tensor[] {
  const [recurrentKernel, mask, hNew, hPrev] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const [B, T, u] = hNew.shape as [number, number, number];
  const [dX, dh0, dBias] = tf
    .engine()
    .runKernel(
      FUSED_SIMPLE_RNN_GRAD,
      { dy, recurrentKernel, hNew, mask },
      attrs as unknown as tf.NamedAttrMap,
    ) as [tf.Tensor, tf.Tensor, tf.Tensor];
  const dU = tf.matMul(tf.reshape(hPrev, [B * T, u]), tf.reshape(dX, [B * T, u]), true, false);
  return [dX, dU, dBias, dh0, tf.zerosLike(mask)];
}
