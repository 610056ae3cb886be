import { ConfigError } from '@kornlp/core';

/**
 * A small seeded random number generator (mulberry32) whose whole state is one 32-bit integer,
 * so a training run can save it in a checkpoint and resume with the same shuffles.
 *
 * @example
 * ```ts
 * const rng = new SeededRandom(42);
 * const order = rng.permutation(5);
 * console.log(order.length, new SeededRandom(42).permutation(5).join() === order.join()); // 5 true
 * ```
 */
export class SeededRandom {
  /** The current state; pass it to the constructor to continue the same sequence. */
  state: number;

  /**
   * @param seed - any integer; the same seed gives the same sequence
   */
  constructor(seed: number) {
    if (!Number.isInteger(seed)) {
      throw new ConfigError('SeededRandom', `seed must be an integer, got ${seed}`);
    }
    this.state = seed >>> 0;
  }

  /** Returns a float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /**
   * Returns the integers 0..n-1 in a random order (Fisher–Yates).
   *
   * @param n - how many indices
   */
  permutation(n: number): number[] {
    const out = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = out[i]!;
      out[i] = out[j]!;
      out[j] = tmp;
    }
    return out;
  }
}
