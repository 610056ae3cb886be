import { SeededRandom } from './random.js';

/**
 * Runs synchronous tensor work with `Math.random` replaced by a generator seeded with `seed`.
 * tfjs seeds every random op it is not given a seed for (weight initializers, dropout masks) from
 * `Math.random`, so this makes a model build, or one training step with dropout, repeat exactly
 * for the same seed, whatever layers an encoder kind brings and without fixing one dropout mask
 * for the whole run (which a seeded tfjs Dropout layer does: it draws the same mask every call).
 *
 * @param seed - any integer
 * @param work - synchronous work; it must not await (the original `Math.random` returns when it ends)
 * @returns what `work` returns
 * @example
 * ```ts
 * const a = withSeededRandom(7, () => Math.random());
 * console.log(a === withSeededRandom(7, () => Math.random())); // true
 * ```
 */
export function withSeededRandom<T>(seed: number, work: () => T): T {
  const rng = new SeededRandom(seed | 0);
  const original = Math.random;
  Math.random = () => rng.next();
  try {
    return work();
  } finally {
    Math.random = original;
  }
}
