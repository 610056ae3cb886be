import { ConfigError, describeValue } from '@kornlp/core';
import { decompose } from './jamo.js';

/** The fastText-style subword option of {@link trainSkipGram}. */
export interface SubwordOptions {
  /** Split words into characters or into jamo (so `재밌` and `재미` share `ㅈㅐㅁ`). @default 'jamo' */
  unit?: 'char' | 'jamo';
  /** Shortest n-gram, counted in units, with `<`/`>` marking word edges. @default 3 */
  minN?: number;
  /** Longest n-gram. @default 6 */
  maxN?: number;
  /** Hash buckets the n-grams share (rows of the subword matrix). @default 200000 */
  buckets?: number;
}

/** @internal */
export function checkSubwordOptions(o: SubwordOptions): Required<SubwordOptions> {
  const { unit = 'jamo', minN = 3, maxN = 6, buckets = 200_000 } = o;
  if (unit !== 'char' && unit !== 'jamo') {
    throw new ConfigError('subwords', `unit must be "char" or "jamo", got ${describeValue(unit)}`);
  }
  if (!Number.isInteger(minN) || !Number.isInteger(maxN) || minN < 1 || maxN < minN) {
    throw new ConfigError('subwords', `need integers 1 <= minN <= maxN, got minN=${minN} maxN=${maxN}`);
  }
  if (!Number.isInteger(buckets) || buckets < 1) {
    throw new ConfigError('subwords', `buckets must be a positive integer, got ${describeValue(buckets)}`);
  }
  return { unit, minN, maxN, buckets };
}

/**
 * The character or jamo n-grams of a word, fastText style: the word is wrapped in `<` and `>`,
 * and every n-gram of `minN..maxN` units is listed except the whole wrapped word.
 *
 * @param word - a word
 * @param options - see {@link SubwordOptions}
 * @returns the n-grams, shortest first
 * @example
 * ```ts
 * import { subwordNgrams } from '@kornlp/embeddings';
 * console.log(subwordNgrams('재밌', { unit: 'char', minN: 2, maxN: 3 }));
 * // [ '<재', '재밌', '밌>', '<재밌', '재밌>' ]
 * console.log(subwordNgrams('재밌', { unit: 'jamo', minN: 5, maxN: 5 }));
 * // [ '<ㅈㅐㅁㅣ', 'ㅈㅐㅁㅣㅆ', 'ㅐㅁㅣㅆ>' ]
 * ```
 */
export function subwordNgrams(word: string, options: SubwordOptions = {}): string[] {
  const { unit, minN, maxN } = checkSubwordOptions(options);
  const units = ['<', ...(unit === 'jamo' ? decompose(word) : Array.from(word)), '>'];
  const out: string[] = [];
  for (let n = minN; n <= maxN; n++) {
    for (let i = 0; i + n <= units.length; i++) {
      if (n === units.length) continue;
      out.push(units.slice(i, i + n).join(''));
    }
  }
  return out;
}

/**
 * FNV-1a over UTF-16 code units, the hash that places an n-gram in a bucket.
 *
 * @param s - an n-gram
 * @returns an unsigned 32-bit hash
 * @internal
 */
export function hashNgram(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
