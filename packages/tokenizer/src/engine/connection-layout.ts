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

/** log2 of the tile side: a tile row of 32 costs is one 64-byte cache line. */
const TILE_SHIFT = 5;
const TILE = 1 << TILE_SHIFT;

/**
 * Copies the matrix with rows and columns ordered by how often each context id was used, in
 * 32×32 tiles (tile by tile, each tile row by row). The costs real text needs then sit in a few
 * contiguous runs of memory instead of a slice of every one of the hot rows, each on its own
 * page: fewer TLB misses. Tiling changes only the offsets, which still add up.
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
  const colRank = ranks(rightUse);
  const colTiles = Math.ceil(lsize / TILE);
  const rowTiles = Math.ceil(rsize / TILE);
  const tileRow = colTiles * TILE * TILE;
  const rowOff = new Int32Array(rsize);
  for (let lid = 0; lid < rsize; lid++) {
    const r = rowRank[lid]!;
    rowOff[lid] = (r >> TILE_SHIFT) * tileRow + (r & (TILE - 1)) * TILE;
  }
  const colOff = new Int32Array(lsize);
  for (let rid = 0; rid < lsize; rid++) {
    const c = colRank[rid]!;
    colOff[rid] = (c >> TILE_SHIFT) * TILE * TILE + (c & (TILE - 1));
  }
  const out = new Int16Array(rowTiles * tileRow);
  for (let lid = 0; lid < rsize; lid++) {
    const to = rowOff[lid]!;
    const from = lid * lsize;
    for (let rid = 0; rid < lsize; rid++) out[to + colOff[rid]!] = costs[from + rid]!;
  }
  return { costs: out, rowOff, colOff };
}
