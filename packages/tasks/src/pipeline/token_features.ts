import { ConfigError } from '@kornlp/core';
import type { Tokenizer } from '@kornlp/tokenizer';

/**
 * Per-token features a tagger can embed. `form` is the token itself; the morpheme features come
 * from analyzing the token (an eojeol or word) with the tokenizer, so a word never seen in
 * training is still described by its last morpheme and tags (what decides its UPOS); the
 * character features help with names and numbers.
 */
export const TOKEN_FEATURES = [
  'form',
  'first_morph',
  'last_morph',
  'first_tag',
  'last_tag',
  'tags',
  'first_char',
  'last_char',
  'shape',
] as const;
/** A token feature; see {@link TOKEN_FEATURES}. */
export type TokenFeature = (typeof TOKEN_FEATURES)[number];

const MORPH_FEATURES = new Set<TokenFeature>(['first_morph', 'last_morph', 'first_tag', 'last_tag', 'tags']);

/** One morpheme of a token: its form and tag (e.g. from a treebank's LEMMA/XPOS columns). */
export interface Morph {
  /** The morpheme. */
  form: string;
  /** Its tag, e.g. `NNG`. */
  tag: string;
}

/** Whether the features need the morphological analyzer. */
export const featuresNeedTokenizer = (features: readonly TokenFeature[]): boolean =>
  features.some((f) => MORPH_FEATURES.has(f));

function shape(token: string): string {
  if (/^\s+$/u.test(token)) return 'space';
  if (/^\p{Script=Hangul}+$/u.test(token)) return 'hangul';
  if (/^\p{N}+$/u.test(token)) return 'digit';
  if (/^[A-Za-z]+$/u.test(token)) return 'latin';
  if (/^[\p{P}\p{S}]+$/u.test(token)) return 'punct';
  if (/^\p{Script=Han}+$/u.test(token)) return 'hanja';
  return 'mixed';
}

/**
 * Computes feature strings for each token: `result[f][i]` is feature `features[f]` of token `i`.
 *
 * @param tokens - the tokens (eojeols, words, morphemes or characters)
 * @param features - which features; see {@link TOKEN_FEATURES}
 * @param tokenizer - analyzes tokens for the morpheme features when `morphs` are not given
 * @param morphs - each token's morphemes, when the data has them (treebank LEMMA/XPOS)
 * @example
 * ```ts
 * tokenFeatures(['학생이'], ['form', 'last_tag'], tok); // [ [ '학생이' ], [ 'JKS' ] ]
 * ```
 */
export function tokenFeatures(
  tokens: readonly string[],
  features: readonly TokenFeature[],
  tokenizer?: Tokenizer,
  morphs?: readonly (readonly Morph[])[],
): string[][] {
  for (const f of features) {
    if (!(TOKEN_FEATURES as readonly string[]).includes(f)) {
      throw new ConfigError(
        'tokenFeatures',
        `unknown feature ${JSON.stringify(f)}; expected one of ${TOKEN_FEATURES.join(', ')}`,
      );
    }
  }
  if (featuresNeedTokenizer(features) && !tokenizer && !morphs) {
    throw new ConfigError('tokenFeatures', `features ${features.join(', ')} need a tokenizer`);
  }
  const analyses: readonly (readonly Morph[])[] = !featuresNeedTokenizer(features)
    ? []
    : (morphs ?? tokens.map((t) => tokenizer!.pos(t).map((m) => ({ form: m.surface, tag: m.pos }))));
  return features.map((f) =>
    tokens.map((tok, i) => {
      const chars = [...tok];
      const ms = analyses[i] ?? [];
      const first = ms[0];
      const last = ms[ms.length - 1];
      switch (f) {
        case 'form':
          return tok;
        case 'first_morph':
          return first ? `${first.form}/${first.tag}` : tok;
        case 'last_morph':
          return last ? `${last.form}/${last.tag}` : tok;
        case 'first_tag':
          return first?.tag ?? 'NONE';
        case 'last_tag':
          return last?.tag ?? 'NONE';
        case 'tags':
          return ms.map((m) => m.tag).join('+') || 'NONE';
        case 'first_char':
          return chars[0] ?? '';
        case 'last_char':
          return chars[chars.length - 1] ?? '';
        default:
          return shape(tok);
      }
    }),
  );
}
