import Hangul from 'hangul-js';

/**
 * Splits text into jamo: each complete syllable becomes its initial, medial and final letters
 * (compound letters such as `ㄺ` and `ㅘ` are split too); other characters are kept whole, one
 * string per code point (an emoji stays one string; a lone surrogate stays as it is).
 *
 * @param text - any string
 * @returns the jamo, one string per letter
 * @example
 * ```ts
 * import { decompose } from '@kornlp/tokenizer';
 * console.log(decompose('닭이'));
 * // [ 'ㄷ', 'ㅏ', 'ㄹ', 'ㄱ', 'ㅇ', 'ㅣ' ]
 * console.log(decompose('값😀'));
 * // [ 'ㄱ', 'ㅏ', 'ㅂ', 'ㅅ', '😀' ]
 * ```
 */
export function decompose(text: string): string[] {
  // hangul-js works on UTF-16 units and would split a surrogate pair into two lone halves, and it
  // turns NUL into 'ㄱ'; so it only sees the runs between those, which pass through unchanged.
  const out: string[] = [];
  let from = 0;
  const flush = (to: number) => {
    if (to > from) for (const j of Hangul.disassemble(text.slice(from, to))) out.push(j);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c & 0xf800) !== 0xd800 && c !== 0) continue;
    flush(i);
    const pair = c < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    out.push(text.slice(i, pair ? i + 2 : i + 1));
    if (pair) i++;
    from = i + 1;
  }
  flush(text.length);
  return out;
}

/**
 * Composes jamo back into syllables (the inverse of {@link decompose}).
 *
 * @param jamo - letters, as an array or one string
 * @returns the composed text
 * @example
 * ```ts
 * import { compose } from '@kornlp/tokenizer';
 * console.log(compose(['ㄷ', 'ㅏ', 'ㄹ', 'ㄱ', 'ㅇ', 'ㅣ'])); // 닭이
 * console.log(compose('ㅎㅏㄴㄱㅡㄹ')); // 한글
 * ```
 */
export function compose(jamo: readonly string[] | string): string {
  return Hangul.assemble(typeof jamo === 'string' ? Array.from(jamo) : [...jamo]);
}

/**
 * Whether the last character of the text is a Hangul syllable with a final consonant (batchim),
 * the test that picks particles such as 이/가 and 을/를.
 *
 * @param text - a word
 * @returns true or false for a final Hangul syllable, null when the last character is not one
 * @example
 * ```ts
 * import { hasFinalConsonant } from '@kornlp/tokenizer';
 * console.log(hasFinalConsonant('책'), hasFinalConsonant('사과'), hasFinalConsonant('abc'));
 * // true false null
 * ```
 */
export function hasFinalConsonant(text: string): boolean | null {
  if (text.length === 0) return null;
  const c = text.charCodeAt(text.length - 1);
  if (c < 0xac00 || c > 0xd7a3) return null;
  return (c - 0xac00) % 28 !== 0;
}

/** Whether a UTF-16 unit is a complete Hangul syllable (U+AC00..U+D7A3). */
export const isHangulSyllable = (c: number): boolean => c >= 0xac00 && c <= 0xd7a3;
