import { tf } from '../backend/tf.js';
import { FUSED_GRU_GRAD, type GruAttrs } from './gru_kernels.js';

/**
 * Gradient of the fused GRU recurrence with respect to (xProj, recurrentKernel, recurrentBias, h0,
 * mask): per-step work in one backward kernel; the recurrent kernel's gradient as one (reset_after)
 * or two (reset_before) matmuls over all steps.
 */
export function gruGradient(dy: tf.Tensor, saved: tf.Tensor[], attrs: GruAttrs): tf.Tensor[] {
  const [recurrentKernel, mask, gates, hPrev, aux] = saved as [
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
  ];
  const [B, T, G] = gates.shape as [number, number, number];
  const u = G / 3;
  const [dX, dM, dh0] = tf
    .engine()
    .runKernel(
      FUSED_GRU_GRAD,
      { dy, recurrentKernel, gates, hPrev, aux, mask },
      attrs as unknown as tf.NamedAttrMap,
    ) as [tf.Tensor, tf.Tensor, tf.Tensor];
  const dM2 = tf.reshape(dM, [B * T, G]);
  const hp2 = tf.reshape(hPrev, [B * T, u]);
  const dU = attrs.resetAfter
    ? tf.matMul(hp2, dM2, true, false)
    : tf.concat(
        [
          tf.matMul(hp2, tf.slice(dM2, [0, 0], [B * T, 2 * u]), true, false),
          tf.matMul(tf.reshape(aux, [B * T, u]), tf.slice(dM2, [0, 2 * u], [B * T, u]), true, false),
        ],
        1,
      );
  const dRecurrentBias = attrs.resetAfter ? tf.sum(dM2, 0) : tf.zeros([G]);
  return [dX, dU, dRecurrentBias, dh0, tf.zerosLike(mask)];
}
