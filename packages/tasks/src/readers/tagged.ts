import { ConfigError } from '@kornlp/core';
import type { TaggedTokens } from './conll_bio.js';
import type { ConlluSentence } from './conllu.js';
import type { KlueNerSentence } from './klue_ner.js';

/** Options of {@link conlluToTagged}. */
export interface ConlluToTaggedOptions {
  /**
   * `eojeol`: one token per word with its `tag` (UPOS or XPOS as read). `morpheme`: one token per
   * morpheme with its XPOS piece; a word whose LEMMA/XPOS counts differ stays one token tagged with
   * its whole XPOS.
   * @default 'eojeol'
   */
  level?: 'eojeol' | 'morpheme';
}

/**
 * Flattens a CoNLL-U sentence into tokens and tags for a tagger.
 *
 * @param sentence - from {@link readConllu}
 * @param options - see {@link ConlluToTaggedOptions}
 * @example
 * ```ts
 * const [s] = await readConllu('ko_gsd-ud-train.conllu');
 * conlluToTagged(s, { level: 'morpheme' }).tokens.slice(0, 4); // ['잡스', '는', '워즈니악', '에게']
 * ```
 */
export function conlluToTagged(sentence: ConlluSentence, options: ConlluToTaggedOptions = {}): TaggedTokens {
  const { level = 'eojeol' } = options;
  if (level !== 'eojeol' && level !== 'morpheme') {
    throw new ConfigError(
      'conlluToTagged',
      `level must be 'eojeol' or 'morpheme', got ${JSON.stringify(level)}`,
    );
  }
  const tokens: string[] = [];
  const tags: string[] = [];
  for (const t of sentence.tokens) {
    if (level === 'eojeol' || !t.morphemes) {
      tokens.push(t.form);
      tags.push(level === 'eojeol' ? t.tag : t.xpos);
    } else {
      for (const m of t.morphemes) {
        tokens.push(m.form);
        tags.push(m.tag);
      }
    }
  }
  return { tokens, tags, line: sentence.line };
}

/**
 * A KLUE-NER sentence as character tokens and tags.
 *
 * @param sentence - from {@link readKlueNer}
 * @example
 * ```ts
 * klueToTagged(s).tokens.slice(0, 3); // ['경', '찰', '은']
 * ```
 */
export function klueToTagged(sentence: KlueNerSentence): TaggedTokens {
  return { tokens: [...sentence.chars], tags: [...sentence.tags], line: sentence.line };
}
