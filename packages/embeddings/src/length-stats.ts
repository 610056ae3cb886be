import { ConfigError, describeValue } from '@kornlp/core';

/** Summary of sequence lengths; see {@link lengthStats}. */
export interface LengthStats {
  /** Number of sequences. */
  count: number;
  /** Shortest length. */
  min: number;
  /** Longest length. */
  max: number;
  /** Average length. */
  mean: number;
  /** Percentile → length: the smallest length that at least that share of sequences fits in. */
  percentiles: Record<number, number>;
}

/**
 * Summarizes sequence lengths to pick a `maxLen` for {@link padSequences}. Percentiles use the
 * nearest-rank rule (the smallest length `L` such that at least `p`% of the sequences have
 * length ≤ `L`), so every value is a length that actually occurs and can be used as `maxLen`.
 *
 * @param sequences - sequences (anything with a `length`)
 * @param percentiles - which percentiles, each in (0, 100] @default [50, 90, 95, 99, 100]
 * @returns see {@link LengthStats}
 * @throws ConfigError for a percentile outside (0, 100]
 * @example
 * ```ts
 * import { lengthStats } from '@kornlp/embeddings';
 * const s = lengthStats([[1], [1, 2], [1, 2, 3], [1, 2, 3, 4]], [50, 75, 100]);
 * console.log(s.percentiles, s.mean); // { '50': 2, '75': 3, '100': 4 } 2.5
 * ```
 */
export function lengthStats(
  sequences: readonly { length: number }[],
  percentiles: readonly number[] = [50, 90, 95, 99, 100],
): LengthStats {
  for (const p of percentiles) {
    if (!(typeof p === 'number' && p > 0 && p <= 100)) {
      throw new ConfigError(
        'lengthStats',
        `percentiles must be numbers in (0, 100], got ${describeValue(p)}`,
      );
    }
  }
  const lengths = Int32Array.from(sequences, (s) => s.length).sort();
  const count = lengths.length;
  let sum = 0;
  for (const l of lengths) sum += l;
  const out: Record<number, number> = {};
  for (const p of percentiles) {
    out[p] = count === 0 ? 0 : lengths[Math.max(0, Math.ceil((p / 100) * count) - 1)]!;
  }
  return {
    count,
    min: count === 0 ? 0 : lengths[0]!,
    max: count === 0 ? 0 : lengths[count - 1]!,
    mean: count === 0 ? 0 : sum / count,
    percentiles: out,
  };
}
