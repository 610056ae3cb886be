/** A chunk of tokens `[start, end)` carrying one entity type. */
export interface TagSpan {
  /** The entity type, e.g. `PS` (`_` for a bare `B`/`I` tag without a type). */
  type: string;
  /** Index of the first token. */
  start: number;
  /** Index one past the last token (exclusive). */
  end: number;
}

/** Options shared by the chunkers. */
export interface ChunkOptions {
  /**
   * Tags carry the prefix at the end (`PS-B`) instead of the start (`B-PS`).
   * @default false
   */
  suffix?: boolean;
}

function split(chunk: string, suffix: boolean): [string, string] {
  // Same reading as seqeval: the prefix is one character, the type whatever follows the first dash.
  if (suffix) {
    const rest = chunk.slice(0, -1);
    const dash = rest.lastIndexOf('-');
    return [chunk.slice(-1), (dash < 0 ? rest : rest.slice(0, dash)) || '_'];
  }
  const rest = chunk.slice(1);
  const dash = rest.indexOf('-');
  return [chunk.slice(0, 1), (dash < 0 ? rest : rest.slice(dash + 1)) || '_'];
}

function endsHere(prev: string, tag: string, prevType: string, type: string): boolean {
  if (prev === 'E' || prev === 'S') return true;
  if ((prev === 'B' || prev === 'I') && (tag === 'B' || tag === 'S' || tag === 'O')) return true;
  return prev !== 'O' && prev !== '.' && prevType !== type;
}

function startsHere(prev: string, tag: string, prevType: string, type: string): boolean {
  if (tag === 'B' || tag === 'S') return true;
  if ((prev === 'E' || prev === 'S' || prev === 'O') && (tag === 'E' || tag === 'I')) return true;
  return tag !== 'O' && tag !== '.' && prevType !== type;
}

/**
 * Reads entity chunks exactly as seqeval's default (conlleval-style, non-strict) mode does, for BIO,
 * IOB1 and BIOES/IOBES tags alike. Ill-formed sequences are read leniently: `I-X` after `O` or after
 * another type starts an entity; `B-X I-Y` is two entities; `E-X`/`S-X` close the entity they end.
 * Unknown prefixes are read by the same rules as seqeval (it only warns about them).
 *
 * @param tags - one tag per token
 * @param options - see {@link ChunkOptions}
 * @returns the chunks in order; `end` is exclusive (seqeval's own tuples are inclusive)
 * @example
 * ```ts
 * chunkTags(['O', 'I-PS', 'B-PS', 'I-LC', 'S-DT']);
 * // [ { type: 'PS', start: 1, end: 2 }, { type: 'PS', start: 2, end: 3 },
 * //   { type: 'LC', start: 3, end: 4 }, { type: 'DT', start: 4, end: 5 } ]
 * ```
 */
export function chunkTags(tags: readonly string[], options: ChunkOptions = {}): TagSpan[] {
  const suffix = options.suffix ?? false;
  const out: TagSpan[] = [];
  let prev = 'O';
  let prevType = '';
  let begin = 0;
  for (let i = 0; i <= tags.length; i++) {
    const chunk = i < tags.length ? (tags[i] as string) : 'O';
    const [tag, type] = split(chunk, suffix);
    if (endsHere(prev, tag, prevType, type)) out.push({ type: prevType, start: begin, end: i });
    if (startsHere(prev, tag, prevType, type)) begin = i;
    prev = tag;
    prevType = type;
  }
  return out;
}
