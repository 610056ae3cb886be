import { tf } from '../backend/tf.js';

/**
 * The additive penalty for masked scores. Keras uses -1e9 for float32 (not -Infinity), so a row
 * with every position masked becomes a uniform distribution instead of NaN; kornlp does the same.
 */
export const MASKED_SCORE = -1e9;

/**
 * Softmax over the last axis of `scores`, with `mask` (1/true = keep, broadcastable to `scores`)
 * applied Keras-style. Keras adds -1e9 to masked scores; in float32 that sum IS -1e9 (the score is
 * below the rounding step of 1e9), so kornlp sets masked scores to -1e9 outright: the same values,
 * and gradients that do not leak into masked positions. A fully masked row becomes uniform.
 * @internal
 */
export function maskedSoftmax(scores: tf.Tensor, mask: tf.Tensor | null | undefined): tf.Tensor {
  return tf.tidy(() => {
    if (mask == null) return tf.softmax(scores);
    const keep = mask.dtype === 'float32' ? mask : mask.toFloat();
    return tf.softmax(tf.add(tf.mul(scores, keep), tf.mul(tf.sub(1, keep), MASKED_SCORE)));
  });
}

/** Reads a mask argument that may be a tensor, a list (one per input) or absent. @internal */
export function maskAt(mask: tf.Tensor | tf.Tensor[] | null | undefined, i: number): tf.Tensor | null {
  if (mask == null) return null;
  if (Array.isArray(mask)) return mask[i] ?? null;
  return i === 0 ? mask : null;
}

/**
 * The output mask of an attention layer: its query's mask, plus none for the attention scores when
 * the layer returns them as a second output. @internal
 */
export function queryOutputMask(
  mask: tf.Tensor | tf.Tensor[] | null | undefined,
  returnAttentionScores: boolean,
): tf.Tensor | tf.Tensor[] {
  const qm = maskAt(mask, 0);
  if (returnAttentionScores) return [qm, null] as unknown as tf.Tensor[];
  return qm as tf.Tensor;
}
