import { ConfigError } from '@kornlp/core';
import { SeededRandom } from '../training/random.js';

/**
 * Carves a dev set out of training examples with a seeded shuffle: the first `round(n·fraction)`
 * of a seeded permutation become dev, the rest train (both keep the shuffled order).
 *
 * @param examples - all examples
 * @param fraction - the dev share, in (0, 1)
 * @param seed - the shuffle seed
 * @example
 * ```ts
 * const { train, dev } = devSplit([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.2, 42);
 * console.log(train.length, dev.length); // 8 2
 * ```
 */
export function devSplit<T>(
  examples: readonly T[],
  fraction: number,
  seed: number,
): { train: T[]; dev: T[] } {
  if (!(fraction > 0 && fraction < 1))
    throw new ConfigError('devSplit', `dev fraction must be in (0, 1), got ${fraction}`);
  const order = new SeededRandom(seed).permutation(examples.length);
  const n = Math.round(examples.length * fraction);
  if (examples.length < 2 || n === 0 || n === examples.length) {
    throw new ConfigError(
      'devSplit',
      `cannot hold out a dev fraction of ${fraction} from ${examples.length} example(s): it leaves ${n} for dev and ${examples.length - n} for training (each needs at least one); pass a dev file (--dev) or another fraction`,
    );
  }
  const shuffled = order.map((i) => examples[i]!);
  return { dev: shuffled.slice(0, n), train: shuffled.slice(n) };
}
