import { tf } from '@kornlp/models';

/**
 * Scales gradients so their global L2 norm is at most `maxNorm` (as `torch.nn.utils.clip_grad_norm_`
 * and Keras `global_clipnorm` do). Returns new tensors; the inputs are not disposed.
 *
 * @param grads - gradients by variable name
 * @param maxNorm - the largest allowed global norm
 * @returns the clipped gradients and the norm before clipping
 * @example
 * ```ts
 * const { grads, norm } = clipByGlobalNorm({ a: tf.tensor([3, 4]) }, 1);
 * console.log(norm, grads.a!.arraySync()); // 5 [0.6, 0.8]
 * ```
 */
export function clipByGlobalNorm(
  grads: Record<string, tf.Tensor>,
  maxNorm: number,
): { grads: Record<string, tf.Tensor>; norm: number } {
  const names = Object.keys(grads);
  const norm = tf.tidy(() => {
    const squares = names.map((n) => tf.sum(tf.square(grads[n]!)));
    return squares.length ? tf.sqrt(tf.addN(squares)) : tf.scalar(0);
  });
  const value = norm.dataSync()[0]!;
  norm.dispose();
  const scale = value > maxNorm ? maxNorm / (value + 1e-6) : 1;
  const out: Record<string, tf.Tensor> = {};
  for (const n of names) out[n] = scale === 1 ? grads[n]!.clone() : tf.tidy(() => tf.mul(grads[n]!, scale));
  return { grads: out, norm: value };
}
