import { ConfigError, describeValue } from '@kornlp/core';
import type { Token } from '@kornlp/tokenizer';
import { decompose } from './jamo.js';

/** The unit names {@link tokensToUnits} accepts, in a fixed order. */
export const TOKEN_UNITS = ['morpheme', 'form-tag', 'syllable', 'jamo'] as const;

/**
 * What a model sees as one token:
 * - `morpheme`: the morpheme surface (`재밌`),
 * - `form-tag`: surface and POS tag (`재밌/VA`), which separates homographs,
 * - `syllable`: one code point (`재`, `밌`),
 * - `jamo`: one Hangul letter (`ㅈ`, `ㅐ`), other characters kept whole.
 */
export type TokenUnit = (typeof TOKEN_UNITS)[number];

/**
 * Checks a unit name at the boundary.
 *
 * @param unit - a value from user input
 * @param component - the caller, for the error message
 * @returns the unit, typed
 * @throws ConfigError naming the allowed units
 * @internal
 */
export function checkUnit(unit: unknown, component: string): TokenUnit {
  if (!(TOKEN_UNITS as readonly unknown[]).includes(unit)) {
    throw new ConfigError(
      component,
      `unit must be one of ${TOKEN_UNITS.join(', ')}, got ${describeValue(unit)}`,
    );
  }
  return unit as TokenUnit;
}

/** Pushes the code points of `s` that are not whitespace. */
function pushCodePoints(s: string, out: string[]): void {
  for (const ch of s) if (!/\s/.test(ch)) out.push(ch);
}

/**
 * Turns analyzed tokens into the units a vocabulary counts.
 *
 * @param tokens - tokens from a tokenizer's `pos(text)`
 * @param unit - see {@link TokenUnit}
 * @returns one string per unit, in text order
 * @example
 * ```ts
 * import { createTokenizer } from '@kornlp/tokenizer';
 * import { tokensToUnits } from '@kornlp/embeddings';
 * const tokens = (await createTokenizer()).pos('재밌어요');
 * console.log(tokensToUnits(tokens, 'morpheme')); // [ '재밌', '어요' ]
 * console.log(tokensToUnits(tokens, 'form-tag')); // [ '재밌/VA', '어요/EF' ]
 * console.log(tokensToUnits(tokens, 'syllable')); // [ '재', '밌', '어', '요' ]
 * console.log(tokensToUnits(tokens, 'jamo').join('')); // ㅈㅐㅁㅣㅆㅇㅓㅇㅛ
 * ```
 */
export function tokensToUnits(tokens: readonly Token[], unit: TokenUnit): string[] {
  const out: string[] = [];
  switch (unit) {
    case 'morpheme':
      for (const t of tokens) out.push(t.surface);
      break;
    case 'form-tag':
      for (const t of tokens) out.push(`${t.surface}/${t.pos}`);
      break;
    case 'syllable':
      for (const t of tokens) pushCodePoints(t.surface, out);
      break;
    case 'jamo':
      for (const t of tokens) for (const j of decompose(t.surface)) if (!/\s/.test(j)) out.push(j);
      break;
    default:
      checkUnit(unit, 'tokensToUnits');
  }
  return out;
}

/** The part of a tokenizer that {@link createUnitizer} needs: `pos(text)` returning tokens. */
export interface PosTokenizer {
  /** Analyzes `text` into morpheme tokens with tags and offsets. */
  pos(text: string): Token[];
}

/** Options of {@link createUnitizer}. */
export interface UnitizerOptions {
  /** The unit. @default 'morpheme' */
  unit?: TokenUnit;
  /**
   * The morpheme analyzer (from `createTokenizer()`); required for `morpheme` and `form-tag`,
   * optional for `syllable` and `jamo` (without one, the text is split directly; whitespace dropped).
   * @default undefined
   */
  tokenizer?: PosTokenizer;
}

/**
 * Makes a function from raw text to units: the one switch between morphemes, `form/TAG`,
 * syllables and jamo, so the same choice can be recorded in a vocabulary and replayed later.
 *
 * @param options - see {@link UnitizerOptions}
 * @returns `(text) => units`
 * @throws ConfigError for an unknown unit, or a morpheme unit without a tokenizer
 * @example
 * ```ts
 * import { createUnitizer } from '@kornlp/embeddings';
 * const toUnits = createUnitizer({ unit: 'syllable' });
 * console.log(toUnits('최고 😀')); // [ '최', '고', '😀' ]
 * ```
 */
export function createUnitizer(options: UnitizerOptions = {}): (text: string) => string[] {
  const unit = checkUnit(options.unit ?? 'morpheme', 'createUnitizer');
  const { tokenizer } = options;
  if (tokenizer) return (text) => tokensToUnits(tokenizer.pos(text), unit);
  if (unit === 'syllable') {
    return (text) => {
      const out: string[] = [];
      pushCodePoints(text, out);
      return out;
    };
  }
  if (unit === 'jamo') return (text) => decompose(text).filter((j) => !/\s/.test(j));
  throw new ConfigError(
    'createUnitizer',
    `unit ${describeValue(unit)} needs a tokenizer (pass { tokenizer: await createTokenizer() }); ` +
      `only syllable and jamo work without one`,
  );
}
