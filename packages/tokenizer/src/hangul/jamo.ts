import Hangul from 'hangul-js';

/**
 * Splits text into jamo: each complete syllable becomes its initial, medial and final letters
 * (compound letters such as `ㄺ` and `ㅘ` are split too); other characters are kept.
 *
 * @param text - any string
 * @returns the jamo, one string per letter
 * @example
 * ```ts
 * import { decompose } from '@kornlp/tokenizer';
 * console.log(decompose('닭이'));
 * // [ 'ㄷ', 'ㅏ', 'ㄹ', 'ㄱ', 'ㅇ', 'ㅣ' ]
 * ```
 */
export function decompose(text: string): string[] {
  return Hangul.disassemble(text);
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
