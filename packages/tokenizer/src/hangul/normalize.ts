import { ConfigError, describeValue } from '@kornlp/core';

/** Options of {@link normalize}. */
export interface NormalizeOptions {
  /** Unicode normalization form; `NFC` composes conjoining jamo into syllables. `false` skips it. @default 'NFC' */
  form?: 'NFC' | 'NFKC' | false;
  /**
   * Squeeze runs of one repeated character to at most this many (`ㅋㅋㅋㅋ` → `ㅋㅋ` with 2).
   * `false` keeps runs as they are.
   * @default false
   */
  squeeze?: number | false;
}

/**
 * Normalizes Korean text: Unicode NFC (so decomposed jamo sequences become syllables) and,
 * optionally, squeezing repeated characters as in chat text.
 *
 * @param text - any string
 * @param options - see {@link NormalizeOptions}
 * @returns the normalized text
 * @throws ConfigError when `squeeze` is not a positive integer or false
 * @example
 * ```ts
 * import { normalize } from '@kornlp/tokenizer';
 * console.log(normalize('\u1112\u1161\u11ab'), normalize('ㅋㅋㅋㅋ 좋아요!!!!', { squeeze: 2 }));
 * // 한 ㅋㅋ 좋아요!!
 * ```
 */
export function normalize(text: string, options: NormalizeOptions = {}): string {
  const { form = 'NFC', squeeze = false } = options;
  if (squeeze !== false && (!Number.isInteger(squeeze) || squeeze < 1)) {
    throw new ConfigError(
      'normalize',
      `squeeze must be a positive integer or false, got ${describeValue(squeeze)}`,
    );
  }
  let out = form ? text.normalize(form) : text;
  if (squeeze !== false) {
    // Per code point, so an emoji pair counts as one character.
    let s = '';
    let prev = '';
    let run = 0;
    for (const ch of out) {
      run = ch === prev ? run + 1 : 1;
      prev = ch;
      if (run <= squeeze) s += ch;
    }
    out = s;
  }
  return out;
}
