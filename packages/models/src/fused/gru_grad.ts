import { tf } from '../backend/tf.js';
import { FUSED_GRU_GRAD, type GruAttrs } from './gru_kernels.js';

/**
 * Gradient of the fused GRU recurrence with respect to (xProj, recurrentKernel, bias, h0, mask):
 * one backward kernel does the steps, the bias sums and the recurrent kernel's gradient (one
 * product over all steps).
 */
export function gruGradient(dy: tf.Tensor, saved: tf.Tensor[], attrs: GruAttrs): tf.Tensor[] {
  const [recurrentKernel, bias, mask, gates, hPrev, aux] = saved as [
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
  ];
  const [dX, dU, dBias, dh0] = tf
    .engine()
    .runKernel(
      FUSED_GRU_GRAD,
      { dy, recurrentKernel, gates, hPrev, aux, bias, mask },
      attrs as unknown as tf.NamedAttrMap,
    ) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  return [dX, dU, dBias, dh0, tf.zerosLike(mask)];
}
