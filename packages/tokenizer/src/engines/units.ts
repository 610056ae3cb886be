import Hangul from 'hangul-js';
import { isHangulSyllable } from '../hangul/jamo.js';
import type { Token, TokenFeatures } from '../token.js';
import { type Tokenizer, tokenizerMethods } from '../tokenizer.js';

/** Character-class tags the syllable and jamo tokenizers put in `pos`. */
export type UnitTag = 'HANGUL' | 'JAMO' | 'ALPHA' | 'NUMERIC' | 'HANJA' | 'SYMBOL' | 'OTHER';

const WS = /\s/;

function tagOf(ch: string): UnitTag {
  const c = ch.codePointAt(0)!;
  if (isHangulSyllable(c)) return 'HANGUL';
  if ((c >= 0x1100 && c <= 0x11ff) || (c >= 0x3131 && c <= 0x318e) || (c >= 0xa960 && c <= 0xa97f))
    return 'JAMO';
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f)) return 'ALPHA';
  if (c >= 0x30 && c <= 0x39) return 'NUMERIC';
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff))
    return 'HANJA';
  if (
    (c >= 0x21 && c <= 0x2f) ||
    (c >= 0x3a && c <= 0x40) ||
    (c >= 0x5b && c <= 0x60) ||
    (c >= 0x7b && c <= 0x7e)
  )
    return 'SYMBOL';
  return 'OTHER';
}

const featureCache = new Map<string, TokenFeatures>();
function featuresOf(ch: string): TokenFeatures {
  let f = featureCache.get(ch);
  if (!f) {
    const c = ch.charCodeAt(0);
    f = Object.freeze({
      semanticClass: null,
      hasFinalConsonant: ch.length === 1 && isHangulSyllable(c) ? (c - 0xac00) % 28 !== 0 : null,
      reading: ch,
      type: null,
      firstPos: null,
      lastPos: null,
      expression: null,
    });
    if (featureCache.size < 20000) featureCache.set(ch, f);
  }
  return f;
}

/** Walks the code points of `text` that are not whitespace, with offsets and eojeol indexes. */
function eachChar(text: string, each: (ch: string, start: number, eojeol: number) => void): void {
  let eojeol = -1;
  let gap = true;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    const n = c >= 0xd800 && c < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    const ch = n === 1 ? text[i]! : text.slice(i, i + 2);
    if (WS.test(ch)) gap = true;
    else {
      if (gap) eojeol++;
      gap = false;
      each(ch, i, eojeol);
    }
    i += n;
  }
}

/**
 * A tokenizer whose units are characters (code points): Hangul syllables, letters, digits,
 * symbols, emoji. Whitespace separates eojeols and is not a token.
 *
 * @returns a {@link Tokenizer} with `engine: 'syllable'`
 * @example
 * ```ts
 * import { createTokenizer } from '@kornlp/tokenizer';
 * const tok = await createTokenizer({ engine: 'syllable' });
 * console.log(tok.pos('한글 ok', { join: true }));
 * // [ '한/HANGUL', '글/HANGUL', 'o/ALPHA', 'k/ALPHA' ]
 * ```
 */
export function createSyllableTokenizer(): Tokenizer {
  const tokens = (text: string): Token[] => {
    const out: Token[] = [];
    eachChar(text, (ch, start, eojeol) => {
      out.push({
        surface: ch,
        pos: tagOf(ch),
        features: featuresOf(ch),
        start,
        end: start + ch.length,
        eojeol,
      });
    });
    return out;
  };
  return tokenizerMethods('syllable', tokens, false);
}

/**
 * A tokenizer whose units are jamo: each Hangul syllable yields its letters (compound letters
 * split, as hangul-js does), all carrying the syllable's offsets; other characters are one token.
 *
 * @returns a {@link Tokenizer} with `engine: 'jamo'`
 * @example
 * ```ts
 * import { createTokenizer } from '@kornlp/tokenizer';
 * const tok = await createTokenizer({ engine: 'jamo' });
 * console.log(tok.morphs('닭'));
 * // [ 'ㄷ', 'ㅏ', 'ㄹ', 'ㄱ' ]
 * ```
 */
export function createJamoTokenizer(): Tokenizer {
  const tokens = (text: string): Token[] => {
    const out: Token[] = [];
    eachChar(text, (ch, start, eojeol) => {
      const end = start + ch.length;
      if (ch.length === 1 && isHangulSyllable(ch.charCodeAt(0))) {
        for (const j of Hangul.disassemble(ch)) {
          out.push({ surface: j, pos: 'JAMO', features: featuresOf(j), start, end, eojeol });
        }
      } else out.push({ surface: ch, pos: tagOf(ch), features: featuresOf(ch), start, end, eojeol });
    });
    return out;
  };
  return tokenizerMethods('jamo', tokens, false);
}
