import { tf } from '@kornlp/models';

/**
 * Mean softmax cross-entropy from logits and integer targets, with optional per-class weights and
 * a per-position mask (padding contributes nothing). Weighted like Keras `class_weight`: each
 * example's loss is scaled by its class's weight, then averaged over the (unmasked) examples.
 *
 * @param logits - shape [..., classes]
 * @param targets - integer class ids, the shape of `logits` without the last axis
 * @param options - `classWeights` (one per class) and `mask` (1 = counts, 0 = padding)
 * @returns a scalar
 * @example
 * ```ts
 * const loss = softmaxCrossEntropy(tf.tensor2d([[0, 0]]), tf.tensor1d([1], 'int32'));
 * console.log(loss.dataSync()[0].toFixed(4)); // 0.6931 (= ln 2)
 * ```
 */
export function softmaxCrossEntropy(
  logits: tf.Tensor,
  targets: tf.Tensor,
  options: { classWeights?: tf.Tensor1D | null; mask?: tf.Tensor | null } = {},
): tf.Scalar {
  return tf.tidy(() => {
    const classes = logits.shape[logits.shape.length - 1]!;
    const flatLogits = tf.reshape(logits, [-1, classes]);
    const flatTargets = tf.reshape(tf.cast(targets, 'int32'), [-1]);
    const logp = tf.logSoftmax(flatLogits);
    const onehot = tf.oneHot(flatTargets, classes);
    let nll = tf.neg(tf.sum(tf.mul(logp, onehot), -1));
    let weight: tf.Tensor = tf.onesLike(nll);
    if (options.classWeights) weight = tf.gather(options.classWeights, flatTargets);
    if (options.mask) weight = tf.mul(weight, tf.reshape(tf.cast(options.mask, 'float32'), [-1]));
    nll = tf.mul(nll, weight);
    const denom = options.mask
      ? tf.maximum(tf.sum(tf.reshape(tf.cast(options.mask, 'float32'), [-1])), 1)
      : nll.shape[0]!;
    return tf.div(tf.sum(nll), denom) as tf.Scalar;
  });
}
