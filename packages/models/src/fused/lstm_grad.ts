import { tf } from '../backend/tf.js';
import { FUSED_LSTM_GRAD, type RecurrenceAttrs } from './lstm_kernels.js';

/**
 * Gradient of the fused LSTM recurrence with respect to (xProj, recurrentKernel, bias, h0, c0, mask):
 * the per-step work runs in one backward kernel, and the recurrent kernel's gradient is a single
 * matmul over all steps, hPrevᵀ · dGates.
 */
export function lstmGradient(dy: tf.Tensor, saved: tf.Tensor[], attrs: RecurrenceAttrs): tf.Tensor[] {
  const [recurrentKernel, mask, gates, tanhC, hPrev, cPrev] = saved as [
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
  ];
  const [B, T, G] = gates.shape as [number, number, number];
  const u = G / 4;
  const [dGates, dh0, dc0, dBias] = tf
    .engine()
    .runKernel(
      FUSED_LSTM_GRAD,
      { dy, recurrentKernel, gates, tanhC, cPrev, mask },
      attrs as unknown as tf.NamedAttrMap,
    ) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const dU = tf.matMul(tf.reshape(hPrev, [B * T, u]), tf.reshape(dGates, [B * T, G]), true, false);
  return [dGates, dU, dBias, dh0, dc0, tf.zerosLike(mask)];
}
