/**
 * Compares two strings by Unicode code point, which is what "code-point order" means for the
 * vocabulary. JavaScript's `<` and default `sort` compare UTF-16 code units, which puts astral
 * characters (surrogate pairs, U+D800–U+DFFF) before U+E000–U+FFFF; this fixes that up.
 *
 * @param a - a string
 * @param b - another string
 * @returns negative if `a` comes first, positive if `b` does, 0 if equal
 * @example
 * ```ts
 * import { compareCodePoints } from '@kornlp/embeddings';
 * console.log(['\uFF01', '😀', 'a'].sort(compareCodePoints)); // [ 'a', '！', '😀' ]
 * console.log(['\uFF01', '😀', 'a'].sort()); // [ 'a', '😀', '！' ]  (UTF-16 order)
 * ```
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates move above the rest of the BMP (ICU's code point order fix-up).
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}
