import { ConfigError, DataFormatError, ShapeError } from '@kornlp/core';
import { type ChunkOptions, chunkTags, type TagSpan } from './chunks.js';

/** A tagging scheme. BIOES is also known as IOBES. */
export type TagScheme = 'BIO' | 'BIOES';

/** The schemes {@link spansToTags} can write. */
export const TAG_SCHEMES: readonly TagScheme[] = ['BIO', 'BIOES'];

/** A tag split into its prefix and entity type. */
export interface ParsedTag {
  /** `B`, `I`, `E`, `S` or `O`. */
  prefix: 'B' | 'I' | 'E' | 'S' | 'O';
  /** The entity type (`''` for `O`). */
  type: string;
}

/**
 * Splits a `B-PS`-style tag into prefix and type.
 *
 * @param tag - `O` or `<B|I|E|S>-<TYPE>`
 * @throws DataFormatError naming the tag when it is neither
 * @example
 * ```ts
 * parseTag('B-PS'); // { prefix: 'B', type: 'PS' }
 * parseTag('O');    // { prefix: 'O', type: '' }
 * ```
 */
export function parseTag(tag: string): ParsedTag {
  if (tag === 'O') return { prefix: 'O', type: '' };
  const m = /^([BIES])-(.+)$/.exec(tag);
  if (!m) {
    throw new DataFormatError('parseTag', `bad tag ${JSON.stringify(tag)}; expected O or B-/I-/E-/S-<TYPE>`);
  }
  return { prefix: m[1] as ParsedTag['prefix'], type: m[2] as string };
}

/**
 * Extracts entity spans from BIO or BIOES tags, reading ill-formed sequences the way seqeval's
 * default mode does (so spans and {@link entityScores} always agree): `O I-PS` starts a `PS`
 * entity at the `I`; `B-PS I-LC` is a `PS` and an `LC` entity; a stray `E-`/`S-` closes its chunk.
 *
 * @param tags - one tag per token, each `O` or `<B|I|E|S>-<TYPE>`
 * @param options - see {@link ChunkOptions}
 * @throws DataFormatError naming the first tag that is not `O` or prefixed with B/I/E/S
 * @example
 * ```ts
 * bioToSpans(['B-PS', 'I-PS', 'O', 'I-LC']);
 * // [ { type: 'PS', start: 0, end: 2 }, { type: 'LC', start: 3, end: 4 } ]
 * ```
 */
export function bioToSpans(tags: readonly string[], options: ChunkOptions = {}): TagSpan[] {
  const re = options.suffix ? /^.+-[BIES]$/ : /^[BIES]-.+$/;
  tags.forEach((t, i) => {
    if (t !== 'O' && !re.test(t)) {
      throw new DataFormatError(
        'bioToSpans',
        `bad tag ${JSON.stringify(t)} at position ${i}; expected O or ${options.suffix ? '<TYPE>-<B|I|E|S>' : '<B|I|E|S>-<TYPE>'}`,
      );
    }
  });
  return chunkTags(tags, options);
}

/**
 * Writes spans as tags in the given scheme. Spans must lie inside `[0, length)` and not overlap.
 *
 * @param spans - entity spans, `end` exclusive
 * @param length - number of tokens
 * @param scheme - `BIO` (default) or `BIOES`
 * @throws ShapeError for a span outside the sequence, empty, or overlapping another
 * @example
 * ```ts
 * spansToTags([{ type: 'PS', start: 0, end: 2 }, { type: 'LC', start: 3, end: 4 }], 5, 'BIOES');
 * // ['B-PS', 'E-PS', 'O', 'S-LC', 'O']
 * ```
 */
export function spansToTags(spans: readonly TagSpan[], length: number, scheme: TagScheme = 'BIO'): string[] {
  if (!TAG_SCHEMES.includes(scheme)) {
    throw new ConfigError('spansToTags', `unknown scheme ${JSON.stringify(scheme)}; expected BIO or BIOES`);
  }
  const tags = new Array<string>(length).fill('O');
  const used = new Uint8Array(length);
  for (const { type, start, end } of spans) {
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= length && start < end)) {
      throw new ShapeError(
        'spansToTags',
        `span ${type} [${start}, ${end}) is not a non-empty range inside [0, ${length})`,
      );
    }
    for (let i = start; i < end; i++) {
      if (used[i])
        throw new ShapeError('spansToTags', `span ${type} [${start}, ${end}) overlaps another span at ${i}`);
      used[i] = 1;
      tags[i] = `I-${type}`;
    }
    tags[start] = `B-${type}`;
    if (scheme === 'BIOES') {
      if (end - start === 1) tags[start] = `S-${type}`;
      else tags[end - 1] = `E-${type}`;
    }
  }
  return tags;
}

/**
 * Converts BIO tags to BIOES (IOBES). Ill-formed input is first read by {@link bioToSpans}'s
 * lenient rules, so the output is always well formed.
 *
 * @param tags - BIO tags
 * @example
 * ```ts
 * bioToBioes(['B-PS', 'I-PS', 'O', 'B-LC']); // ['B-PS', 'E-PS', 'O', 'S-LC']
 * ```
 */
export function bioToBioes(tags: readonly string[]): string[] {
  return spansToTags(bioToSpans(tags), tags.length, 'BIOES');
}

/**
 * Converts BIOES (IOBES) tags to BIO. Ill-formed input is read by {@link bioToSpans}'s rules.
 *
 * @param tags - BIOES tags
 * @example
 * ```ts
 * bioesToBio(['B-PS', 'E-PS', 'O', 'S-LC']); // ['B-PS', 'I-PS', 'O', 'B-LC']
 * ```
 */
export function bioesToBio(tags: readonly string[]): string[] {
  return spansToTags(bioToSpans(tags), tags.length, 'BIO');
}

/**
 * Rewrites an ill-formed sequence as the well-formed one that means the same entities under
 * seqeval's lenient reading: `O I-PS` → `O B-PS`; `B-PS I-LC` → `B-PS B-LC`; in BIOES also a
 * missing `E-`/`S-` is added. Well-formed input comes back unchanged.
 *
 * @param tags - BIO or BIOES tags
 * @param scheme - the scheme to write
 * @default scheme 'BIO'
 * @example
 * ```ts
 * repairTags(['O', 'I-PS', 'I-PS', 'I-LC']); // ['O', 'B-PS', 'I-PS', 'B-LC']
 * ```
 */
export function repairTags(tags: readonly string[], scheme: TagScheme = 'BIO'): string[] {
  return spansToTags(bioToSpans(tags), tags.length, scheme);
}

/**
 * Tells whether a sequence is well formed in a scheme (every entity opened by `B-`/`S-`, continued
 * by `I-`/`E-` of the same type, and in BIOES closed by `E-`/`S-`).
 *
 * @param tags - the tags
 * @param scheme - `BIO` or `BIOES`
 * @default scheme 'BIO'
 * @example
 * ```ts
 * isWellFormed(['O', 'I-PS']);          // false
 * isWellFormed(['B-PS', 'E-PS'], 'BIOES'); // true
 * ```
 */
export function isWellFormed(tags: readonly string[], scheme: TagScheme = 'BIO'): boolean {
  const allowed = scheme === 'BIO' ? /^(O|[BI]-.+)$/ : /^(O|[BIES]-.+)$/;
  if (!tags.every((t) => allowed.test(t))) return false;
  try {
    return repairTags(tags, scheme).every((t, i) => t === tags[i]);
  } catch {
    return false;
  }
}
