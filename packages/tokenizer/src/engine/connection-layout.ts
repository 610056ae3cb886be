import type { ConnectionMatrix } from '../dictionary/matrix.js';

/**
 * Connection costs laid out for the analyzer: cost(L, R) = `costs[colOff[L.rightId] + rowOff[R.leftId]]`.
 *
 * The lattice search reads the 20 MB matrix.bin at scattered places, and those reads, not the
 * arithmetic, dominate its time. Real text uses a small set of context ids most of the time, so
 * renumbering rows and columns by use puts the costs it needs together in a corner that stays in
 * the CPU caches. The values are the same; only their places change.
 */
export interface ConnectionLayout {
  readonly costs: Int16Array;
  /** Offset of each left context id's row (the right node's left id). */
  readonly rowOff: Int32Array;
  /** Offset of each right context id in a row (the left node's right id). */
  readonly colOff: Int32Array;
}

/** matrix.bin as it is: row `leftId`, column `rightId`. */
export function fileLayout(matrix: ConnectionMatrix): ConnectionLayout {
  const { lsize, rsize } = matrix;
  const rowOff = new Int32Array(rsize);
  for (let i = 0; i < rsize; i++) rowOff[i] = i * lsize;
  const colOff = new Int32Array(lsize);
  for (let i = 0; i < lsize; i++) colOff[i] = i;
  return { costs: matrix.costs, rowOff, colOff };
}

/** Rank of each id when sorted by use, most used first (ties by id, so the result is deterministic). */
function ranks(use: Uint32Array): Int32Array {
  const order = Array.from(use.keys()).sort((a, b) => use[b]! - use[a]! || a - b);
  const rank = new Int32Array(use.length);
  for (let r = 0; r < order.length; r++) rank[order[r]!] = r;
  return rank;
}

/**
 * Copies the matrix with rows and columns ordered by how often each context id was used.
 *
 * @param matrix - the dictionary's matrix
 * @param leftUse - uses per left context id (length `rsize`)
 * @param rightUse - uses per right context id (length `lsize`)
 * @returns a layout holding the same costs
 */
export function usageLayout(
  matrix: ConnectionMatrix,
  leftUse: Uint32Array,
  rightUse: Uint32Array,
): ConnectionLayout {
  const { lsize, rsize, costs } = matrix;
  const rowRank = ranks(leftUse);
  const colOff = ranks(rightUse);
  const out = new Int16Array(lsize * rsize);
  const rowOff = new Int32Array(rsize);
  for (let lid = 0; lid < rsize; lid++) {
    const to = rowRank[lid]! * lsize;
    rowOff[lid] = to;
    const from = lid * lsize;
    for (let rid = 0; rid < lsize; rid++) out[to + colOff[rid]!] = costs[from + rid]!;
  }
  return { costs: out, rowOff, colOff };
}
