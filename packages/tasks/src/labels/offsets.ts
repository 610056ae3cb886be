import { DataFormatError, ShapeError } from '@kornlp/core';
import type { TagSpan } from './chunks.js';

/** A character range `[start, end)` in a text. */
export interface CharRange {
  /** First character (UTF-16 index). */
  start: number;
  /** One past the last character. */
  end: number;
}

/** An entity located in the original text. */
export interface CharSpan extends CharRange {
  /** The entity type. */
  type: string;
  /** `text.slice(start, end)`. */
  text: string;
}

/**
 * Finds each token in the text, in order, skipping whatever lies between (spaces, dropped
 * characters). Works for eojeols, morphemes whose surface forms occur verbatim, and characters.
 *
 * @param text - the original sentence
 * @param tokens - its tokens in order
 * @throws DataFormatError naming the first token that cannot be found after the previous one
 * @example
 * ```ts
 * tokenOffsets('서울에 간다', ['서울', '에', '간다']);
 * // [ { start: 0, end: 2 }, { start: 2, end: 3 }, { start: 4, end: 6 } ]
 * ```
 */
export function tokenOffsets(text: string, tokens: readonly string[]): CharRange[] {
  let at = 0;
  return tokens.map((tok, i) => {
    const k = text.indexOf(tok, at);
    if (tok === '' || k < 0) {
      throw new DataFormatError(
        'tokenOffsets',
        `token ${i} ${JSON.stringify(tok)} not found in the text after offset ${at}: ${JSON.stringify(text.slice(at, at + 40))}`,
      );
    }
    at = k + tok.length;
    return { start: k, end: at };
  });
}

/**
 * Maps token-index spans to character spans of the original text: an entity runs from its first
 * token's start to its last token's end (inner spaces included).
 *
 * @param text - the original text
 * @param spans - token spans, `end` exclusive (from {@link bioToSpans})
 * @param offsets - one character range per token (from {@link tokenOffsets} or a tokenizer)
 * @throws ShapeError for a span outside the tokens
 * @example
 * ```ts
 * const text = '김철수 씨는 서울에 산다';
 * const offsets = tokenOffsets(text, ['김철수', '씨는', '서울에', '산다']);
 * alignSpans(text, [{ type: 'PS', start: 0, end: 1 }, { type: 'LC', start: 2, end: 3 }], offsets);
 * // [ { type: 'PS', start: 0, end: 3, text: '김철수' }, { type: 'LC', start: 7, end: 10, text: '서울에' } ]
 * ```
 */
export function alignSpans(
  text: string,
  spans: readonly TagSpan[],
  offsets: readonly CharRange[],
): CharSpan[] {
  return spans.map(({ type, start, end }) => {
    const first = offsets[start];
    const last = offsets[end - 1];
    if (!first || !last || end <= start) {
      throw new ShapeError(
        'alignSpans',
        `span ${type} [${start}, ${end}) is outside the ${offsets.length} tokens`,
      );
    }
    return { type, start: first.start, end: last.end, text: text.slice(first.start, last.end) };
  });
}
