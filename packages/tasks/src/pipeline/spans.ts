/** A chunk of tokens `[start, end)` of one entity type. */
export interface TokenSpan {
  /** The entity type, e.g. `PS`. */
  type: string;
  /** Index of the first token. */
  start: number;
  /** Index one past the last token. */
  end: number;
}

function split(tag: string): [string, string] {
  if (tag === 'O' || tag === '' || tag === '<pad>') return ['O', ''];
  const dash = tag.indexOf('-');
  return dash < 0 ? [tag, ''] : [tag.slice(0, dash), tag.slice(dash + 1)];
}

// Chunk boundaries as seqeval's default (lenient) mode reads them, so ill-formed sequences such as
// `O I-PS` still yield the entity a user expects.
function endsBefore(prev: string, prevType: string, tag: string, type: string): boolean {
  if (prev === 'E' || prev === 'S') return true;
  if ((prev === 'B' || prev === 'I') && (tag === 'B' || tag === 'S' || tag === 'O')) return true;
  return prev !== 'O' && prevType !== type;
}
function startsAt(prev: string, prevType: string, tag: string, type: string): boolean {
  if (tag === 'B' || tag === 'S') return true;
  if ((prev === 'E' || prev === 'S' || prev === 'O') && (tag === 'I' || tag === 'E')) return true;
  return tag !== 'O' && prevType !== type;
}

/**
 * Reads entity chunks from BIO or BIOES tags (both schemes decode the same way).
 *
 * @param tags - one tag per token, e.g. `['B-PS', 'I-PS', 'O']`
 * @returns the chunks in order, token indices half-open
 * @example
 * ```ts
 * tagsToSpans(['B-PS', 'I-PS', 'O', 'I-LC']);
 * // [ { type: 'PS', start: 0, end: 2 }, { type: 'LC', start: 3, end: 4 } ]
 * ```
 */
export function tagsToSpans(tags: readonly string[]): TokenSpan[] {
  const spans: TokenSpan[] = [];
  let prev = 'O';
  let prevType = '';
  let open: TokenSpan | null = null;
  tags.forEach((raw, i) => {
    const [tag, type] = split(raw);
    if (open && endsBefore(prev, prevType, tag, type)) {
      open.end = i;
      spans.push(open);
      open = null;
    }
    if (startsAt(prev, prevType, tag, type)) open = { type, start: i, end: i + 1 };
    prev = tag;
    prevType = type;
  });
  if (open) {
    (open as TokenSpan).end = tags.length;
    spans.push(open);
  }
  return spans;
}
