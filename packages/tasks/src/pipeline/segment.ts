import { ConfigError } from '@kornlp/core';
import type { Tokenizer } from '@kornlp/tokenizer';

/** A piece of the input with its UTF-16 offsets: `text.slice(start, end) === segment.text`. */
export interface Segment {
  /** The piece as it appears in the input. */
  text: string;
  /** Offset of its first code unit. */
  start: number;
  /** Offset one past its last code unit. */
  end: number;
}

/**
 * Units text can be cut into: `morph` (morpheme surfaces), `morph_tag` (`surface/TAG`), `eojeol`
 * (whitespace-delimited words), `word` (eojeols with leading and trailing punctuation split off, as
 * UD Korean treebanks do), `syllable` (every non-space character) and `char` (every character,
 * spaces included, as KLUE-NER does).
 */
export const TEXT_UNITS = ['morph', 'morph_tag', 'eojeol', 'word', 'syllable', 'char'] as const;
/** A unit; see {@link TEXT_UNITS}. */
export type TextUnit = (typeof TEXT_UNITS)[number];

/** Whether a unit needs the morphological analyzer. */
export const needsTokenizer = (unit: TextUnit): boolean => unit === 'morph' || unit === 'morph_tag';

function whitespaceRuns(text: string): Segment[] {
  const out: Segment[] = [];
  for (const m of text.matchAll(/\S+/gu))
    out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

function splitPunctuation(seg: Segment): Segment[] {
  // A word made only of punctuation stays whole; otherwise leading/trailing runs become their own pieces.
  if (/^[\p{P}\p{S}]+$/u.test(seg.text)) return [seg];
  const cuts: Segment[] = [];
  let body = { ...seg };
  const lead = /^[\p{P}\p{S}]+/u.exec(body.text);
  if (lead) {
    cuts.push({ text: lead[0], start: body.start, end: body.start + lead[0].length });
    body = { text: body.text.slice(lead[0].length), start: body.start + lead[0].length, end: body.end };
  }
  const trail = /[\p{P}\p{S}]+$/u.exec(body.text);
  if (trail) {
    const at = body.end - trail[0].length;
    cuts.push({ text: body.text.slice(0, body.text.length - trail[0].length), start: body.start, end: at });
    cuts.push({ text: trail[0], start: at, end: body.end });
  } else cuts.push(body);
  return cuts;
}

/**
 * Cuts text into units with offsets.
 *
 * @param text - the input
 * @param unit - see {@link TEXT_UNITS}
 * @param tokenizer - the morphological analyzer, needed for `morph` and `morph_tag`
 * @returns the pieces in order
 * @example
 * ```ts
 * segment('좋아한다. 정말', 'word');
 * // [ { text: '좋아한다', start: 0, end: 4 }, { text: '.', start: 4, end: 5 }, { text: '정말', start: 6, end: 8 } ]
 * ```
 */
export function segment(text: string, unit: TextUnit, tokenizer?: Tokenizer): Segment[] {
  switch (unit) {
    case 'morph':
    case 'morph_tag': {
      if (!tokenizer) throw new ConfigError('segment', `unit ${JSON.stringify(unit)} needs a tokenizer`);
      return tokenizer.pos(text).map((t) => ({
        text: unit === 'morph' ? t.surface : `${t.surface}/${t.pos}`,
        start: t.start,
        end: t.end,
      }));
    }
    case 'eojeol':
      return whitespaceRuns(text);
    case 'word':
      return whitespaceRuns(text).flatMap(splitPunctuation);
    case 'syllable':
    case 'char': {
      const out: Segment[] = [];
      let i = 0;
      for (const ch of text) {
        if (unit === 'char' || !/\s/u.test(ch)) out.push({ text: ch, start: i, end: i + ch.length });
        i += ch.length;
      }
      return out;
    }
    default:
      throw new ConfigError(
        'segment',
        `unknown unit ${JSON.stringify(unit)}; expected one of ${TEXT_UNITS.join(', ')}`,
      );
  }
}
