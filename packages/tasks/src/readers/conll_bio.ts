import { DataFormatError } from '@kornlp/core';
import { collect, numberedLines, preview } from './lines.js';

/** One sentence of tokens with one tag each. */
export interface TaggedTokens {
  /** The tokens. */
  tokens: string[];
  /** One tag per token. */
  tags: string[];
  /** 1-based line of the sentence's first token (JSONL: its line). */
  line: number;
}

const COMPONENT = 'readConllBio';

/**
 * Streams sentences from CoNLL-style BIO columns: `token<space or TAB>...<tag>` per line (the tag
 * is the last column, the token the first), a blank line between sentences, `-DOCSTART-` lines
 * skipped.
 *
 * @param file - e.g. `train.bio`
 * @throws DataFormatError with file and line for a line with fewer than two columns
 * @example
 * ```ts
 * for await (const s of streamConllBio('train.bio')) console.log(s.tokens, s.tags);
 * // [ '김철수', '씨' ] [ 'B-PS', 'O' ]
 * ```
 */
export async function* streamConllBio(file: string): AsyncGenerator<TaggedTokens> {
  let tokens: string[] = [];
  let tags: string[] = [];
  let start = 0;
  for await (const { text: l, line } of numberedLines(file, COMPONENT)) {
    const trimmed = l.trim();
    if (trimmed === '' || trimmed.startsWith('-DOCSTART-')) {
      if (tokens.length > 0) yield { tokens, tags, line: start };
      tokens = [];
      tags = [];
      continue;
    }
    const cols = trimmed.split(/[ \t]+/);
    if (cols.length < 2) {
      throw new DataFormatError(COMPONENT, `expected <token> <tag>, got ${preview(l)}`, { file, line });
    }
    if (tokens.length === 0) start = line;
    tokens.push(cols[0] as string);
    tags.push(cols[cols.length - 1] as string);
  }
  if (tokens.length > 0) yield { tokens, tags, line: start };
}

/**
 * Reads a whole CoNLL BIO file; see {@link streamConllBio}.
 *
 * @param file - a CoNLL BIO file
 * @example
 * ```ts
 * (await readConllBio('train.bio'))[0]; // { tokens: ['김철수', '씨'], tags: ['B-PS', 'O'], line: 1 }
 * ```
 */
export function readConllBio(file: string): Promise<TaggedTokens[]> {
  return collect(streamConllBio(file));
}
