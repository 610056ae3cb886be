// The CRF log-likelihood written as plain per-time-step tfjs ops, so tfjs autodiff differentiates
// it. This was CRF's own implementation before its hand-written forward-backward gradient; it is
// kept as the independent reference the fast path is checked against (test/crf.test.ts) and timed
// against (bench/crf.ts). No vitest import, so the bench can load it.
import { tf } from '../../src/index.js';

/**
 * log p(gold) per row, by the forward algorithm in log space, one tfjs op chain per time step.
 *
 * @param emissions - `[b, t, n]` float tag scores
 * @param gold - `[b, t, n]` float (one-hot) gold tags
 * @param mask - `[b, t]` float, 1 where a token is
 * @param transitions - `[n, n]`
 * @param start - `[n]` (zeros without boundary transitions)
 * @param end - `[n]`
 */
export function crfLogLikelihoodAutodiff(
  emissions: tf.Tensor,
  gold: tf.Tensor,
  mask: tf.Tensor,
  transitions: tf.Tensor,
  start: tf.Tensor,
  end: tf.Tensor,
): tf.Tensor1D {
  return tf.tidy(() => {
    const [b, t, n] = emissions.shape as [number, number, number];
    const transRow = transitions.reshape([1, n, n]);
    const steps = tf.unstack(emissions, 1);
    const golds = tf.unstack(gold, 1);
    const masks = tf.unstack(mask.reshape([b, t, 1]), 1);
    let alpha: tf.Tensor = tf.zeros([b, n]);
    let started: tf.Tensor = tf.zeros([b, 1]);
    let prev: tf.Tensor = tf.zeros([b, n]);
    let score: tf.Tensor = tf.zeros([b, 1]);
    for (let i = 0; i < t; i++) {
      const e = steps[i]!;
      const y = golds[i]!;
      const on = masks[i]!;
      const fromPrev = tf.add(tf.logSumExp(tf.add(alpha.reshape([b, n, 1]), transRow), 1), e);
      const fromStart = tf.add(start, e);
      const next = tf.add(tf.mul(started, fromPrev), tf.mul(tf.sub(1, started), fromStart));
      alpha = tf.add(tf.mul(on, next), tf.mul(tf.sub(1, on), alpha));
      const viaTrans = tf.sum(tf.mul(tf.matMul(prev, transitions), y), 1, true);
      const viaStart = tf.sum(tf.mul(start, y), 1, true);
      const step = tf.add(
        tf.sum(tf.mul(e, y), 1, true),
        tf.add(tf.mul(started, viaTrans), tf.mul(tf.sub(1, started), viaStart)),
      );
      score = tf.add(score, tf.mul(on, step));
      prev = tf.add(tf.mul(on, y), tf.mul(tf.sub(1, on), prev));
      started = tf.maximum(started, on);
    }
    const logZ = tf.logSumExp(tf.add(alpha, end), 1, true);
    const total = tf.add(score, tf.sum(tf.mul(prev, end), 1, true));
    return tf.mul(started, tf.sub(total, logZ)).reshape([b]) as tf.Tensor1D;
  });
}
