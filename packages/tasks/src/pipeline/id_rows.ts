import { padSequences, type Vocabulary } from '@kornlp/embeddings';

/**
 * Token sequences → padded id rows of one length (Keras `pad_sequences` semantics via
 * `padSequences`): `pre` pads and cuts at the front, which suits recurrent classifiers; taggers
 * use `post` so row positions line up with tokens.
 *
 * @param vocab - the vocabulary (id 0 = padding, 1 = unknown)
 * @param sequences - token sequences
 * @param maxLen - the row length
 * @param side - where to pad and cut @default 'pre'
 * @returns one row of `maxLen` ids per sequence
 * @example
 * ```ts
 * const v = Vocabulary.fromCounts(new Map([['a', 2], ['b', 1]]));
 * idRows(v, [['a', 'z']], 4); // [ [ 0, 0, 2, 1 ] ]
 * ```
 */
export function idRows(
  vocab: Vocabulary,
  sequences: readonly (readonly string[])[],
  maxLen: number,
  side: 'pre' | 'post' = 'pre',
): number[][] {
  // A literal padding string in the text must not read as padding: it becomes unknown.
  const ids = sequences.map((s) => vocab.encode(s, { bos: false, eos: false }).map((i) => i || 1));
  const m = padSequences(ids, { maxLen, padding: side, truncating: side });
  const rows: number[][] = [];
  for (let r = 0; r < m.shape[0]; r++) rows.push(Array.from(m.data.subarray(r * maxLen, (r + 1) * maxLen)));
  return rows;
}
