import type { Dictionary } from '../dictionary/dictionary.js';
import type { UserDictionary } from '../user-dictionary.js';
import { type ConnectionLayout, fileLayout, usageLayout } from './connection-layout.js';

/** Which table a lattice node's entry comes from. */
export const SOURCE_SYSTEM = 0;
export const SOURCE_UNKNOWN = 1;
export const SOURCE_USER = 2;

// Constants of the search are enum members so they compile to literals (esbuild, tsc): V8 reads a
// module-level `const` from its context (and checks its type) at every use in a hot loop.

/**
 * A lattice node is 8 ints of one `Int32Array` (one array, so one bounds-checked object where the
 * search touches several fields of a node): its context ids as in `packTokens`, word cost plus
 * mecab-ko's left-space penalty, surface begin and end (byte offsets), the start before any
 * whitespace, `ref << 2 | source`, best predecessor, and the next node ending where it ends.
 */
enum N {
  Ids = 0,
  Wcost = 1,
  Begin = 2,
  End = 3,
  Start = 4,
  Ref = 5,
  Prev = 6,
  Enext = 7,
}

enum K {
  InitialNodes = 1024,
  /** log2 of the ints per lattice node. */
  NodeShift = 3,
  /** The step cache has 2^(32 - StepShift) slots of 16 bytes (4 MB). */
  StepShift = 14,
  RowMinUnset = 0x7fffffff,
  /** Lattice nodes to count context-id use over before laying out the matrix by it (~300 sentences). */
  LayoutSample = 1 << 17,
  /** `CATEGORY_MASK` of char-property.ts (an imported binding is not inlined either). */
  CategoryMask = 0x3ffff,
}

/** Packed token tables, shared by the analyzers of one dictionary. */
const packedTokens = new WeakMap<object, Int32Array>();

/**
 * The fields of sys.dic's 16-byte token records that the search reads, in 8 bytes per token:
 * `[2t]` left id | right id << 16, `[2t+1]` posid | word cost << 16. Half the bytes to pull
 * through the caches for every dictionary match.
 */
function packTokens(sys: Dictionary['sys']): Int32Array {
  let packed = packedTokens.get(sys);
  if (packed === undefined) {
    const u16 = sys.tokU16;
    packed = new Int32Array(2 * sys.lexsize);
    for (let t = 0; t < sys.lexsize; t++) {
      packed[2 * t] = u16[8 * t]! | (u16[8 * t + 1]! << 16);
      packed[2 * t + 1] = u16[8 * t + 2]! | (sys.tokI16[8 * t + 3]! << 16);
    }
    packedTokens.set(sys, packed);
  }
  return packed;
}

/** Usage-ordered layouts, shared by the analyzers of one dictionary. */
const usageLayouts = new WeakMap<object, ConnectionLayout>();

/**
 * The minimum-cost lattice search of mecab-ko over one line, on reusable typed arrays.
 *
 * The text is encoded to UTF-8 (as MeCab sees it); positions inside the search are byte offsets,
 * and `u16At` maps each character-start byte back to a UTF-16 offset of the original string.
 * Nodes live in parallel typed arrays indexed by node number; node 0 is BOS.
 */
export class Analyzer {
  readonly dict: Dictionary;
  user: UserDictionary | undefined;

  /** UTF-8 bytes of the current line. */
  bytes = new Uint8Array(256);
  /** char.bin info word of the character starting at each byte. */
  info = new Uint32Array(256);
  /** Byte length of the character starting at each byte. */
  mblen = new Uint8Array(256);
  /** The UTF-16 code unit of the character starting at each byte; -1 for a surrogate pair. */
  unit = new Int32Array(256);
  /** UTF-16 offset of the character starting at each byte (and at `byteLength`). */
  u16At = new Int32Array(257);
  byteLength = 0;
  /**
   * Whether the line had a lone surrogate (searched as U+FFFD): then a dictionary word's surface
   * in the text may differ from its key.
   */
  lossy = false;

  nodeCap = K.InitialNodes;
  nodeCount = 0;
  /** The nodes, `1 << K.NodeShift` ints each (see `N.Ids`...). Node 0 is BOS. */
  node = new Int32Array(K.InitialNodes << K.NodeShift);
  /** Least cost of a path from BOS to each node, including it. */
  nCost = new Float64Array(K.InitialNodes);

  /** Head of the list of nodes ending at each byte position (-1: none). */
  endHead = new Int32Array(257);

  /** The best path, BOS and EOS excluded, in order. */
  path = new Int32Array(64);
  pathLength = 0;

  /**
   * Per left context id, 2 ints: the position stamp it was last resolved at and the best
   * predecessor found for it then; its cost is in `leftBest`.
   */
  private stamp = 0;
  private readonly leftSeen: Int32Array;
  private readonly leftBest: Float64Array;

  /**
   * The left nodes of the current position, one slot per right context id, 4 ints each: the
   * id's column offset in the matrix, the node, its place in MeCab's list order, unused.
   */
  private slot = new Int32Array(K.InitialNodes << 2);
  private slotCost = new Float64Array(K.InitialNodes);
  /** The slots in order of cost. */
  private slotOrder = new Int32Array(K.InitialNodes);
  /** Per right context id, 2 ints: the position stamp and its slot then. */
  private readonly rightSeen: Int32Array;
  /** See `packTokens`. */
  private readonly packed: Int32Array;
  /** Cheapest connection cost of each left context id's row, filled on first use. */
  private readonly rowMin: Int32Array;

  /**
   * Connection costs: matrix.bin as is until `K.LayoutSample` nodes have been seen, then reordered
   * by the context ids this text used (see `usageLayout`).
   */
  private layout: ConnectionLayout;
  private leftUse: Uint32Array | null;
  private rightUse: Uint32Array | null;
  private sampled = 0;

  /**
   * A direct-mapped cache of trie steps, 4 ints per slot: state, code unit, the state after that
   * character (-1: no key continues so) and the value stored there (-1: none).
   */
  private readonly steps = new Int32Array(4 << (32 - K.StepShift)).fill(-1);

  private readonly spaceInfo: number;
  private readonly nulInfo: number;

  /**
   * @param dict - a loaded dictionary
   * @param user - user entries that join the lattice after the system dictionary's
   */
  constructor(dict: Dictionary, user?: UserDictionary) {
    this.dict = dict;
    this.user = user;
    this.spaceInfo = dict.chars.map[0x20]!;
    this.nulInfo = dict.chars.map[0]!;
    const lsize = dict.matrix.lsize;
    const rsize = dict.matrix.rsize;
    // Left context ids (a right node's) index rows, right ids (a left node's) columns.
    this.leftSeen = new Int32Array(2 * rsize);
    this.leftBest = new Float64Array(rsize);
    this.rightSeen = new Int32Array(2 * lsize);
    this.rowMin = new Int32Array(rsize).fill(K.RowMinUnset);
    this.packed = packTokens(dict.sys);
    const shared = usageLayouts.get(dict.matrix);
    this.layout = shared ?? fileLayout(dict.matrix);
    this.leftUse = shared ? null : new Uint32Array(rsize);
    this.rightUse = shared ? null : new Uint32Array(lsize);
  }

  /** Encodes `text` into the byte buffers. */
  private encode(text: string): void {
    this.lossy = false;
    const n = text.length;
    const need = n * 3 + 4;
    if (this.bytes.length < need) {
      const cap = Math.max(need, this.bytes.length * 2);
      this.bytes = new Uint8Array(cap);
      this.info = new Uint32Array(cap);
      this.mblen = new Uint8Array(cap);
      this.unit = new Int32Array(cap);
      this.u16At = new Int32Array(cap + 1);
      this.endHead = new Int32Array(cap + 1);
    }
    const bytes = this.bytes;
    const info = this.info;
    const mblen = this.mblen;
    const u16At = this.u16At;
    const unit = this.unit;
    const map = this.dict.chars.map;
    let p = 0;
    for (let i = 0; i < n; i++) {
      let c = text.charCodeAt(i);
      u16At[p] = i;
      if (c < 0x80) {
        bytes[p] = c;
        unit[p] = c;
        info[p] = map[c]!;
        mblen[p] = 1;
        p += 1;
      } else if (c < 0x800) {
        bytes[p] = 0xc0 | (c >> 6);
        bytes[p + 1] = 0x80 | (c & 0x3f);
        unit[p] = c;
        info[p] = map[c]!;
        mblen[p] = 2;
        p += 2;
      } else if (c >= 0xd800 && c < 0xdc00 && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00);
        bytes[p] = 0xf0 | (cp >> 18);
        bytes[p + 1] = 0x80 | ((cp >> 12) & 0x3f);
        bytes[p + 2] = 0x80 | ((cp >> 6) & 0x3f);
        bytes[p + 3] = 0x80 | (cp & 0x3f);
        // MeCab maps every character outside the BMP to code 0.
        unit[p] = -1;
        info[p] = this.nulInfo;
        mblen[p] = 4;
        p += 4;
        i++;
      } else {
        // A lone surrogate is what TextEncoder would make of it: U+FFFD.
        if ((c & 0xf800) === 0xd800) {
          c = 0xfffd;
          this.lossy = true;
        }
        bytes[p] = 0xe0 | (c >> 12);
        bytes[p + 1] = 0x80 | ((c >> 6) & 0x3f);
        bytes[p + 2] = 0x80 | (c & 0x3f);
        unit[p] = c;
        info[p] = c === 0xffff ? this.nulInfo : map[c]!;
        mblen[p] = 3;
        p += 3;
      }
    }
    u16At[p] = n;
    this.byteLength = p;
  }

  /** Makes room for at least `need` nodes. */
  private grow(need: number): void {
    let cap = this.nodeCap * 2;
    while (cap < need) cap *= 2;
    const node = new Int32Array(cap << K.NodeShift);
    node.set(this.node);
    this.node = node;
    const cost = new Float64Array(cap);
    cost.set(this.nCost);
    this.nCost = cost;
    // At most every node ends at one position: the slots grow with the nodes.
    this.slot = new Int32Array(cap << 2);
    this.slotCost = new Float64Array(cap);
    this.slotOrder = new Int32Array(cap);
    this.nodeCap = cap;
  }

  /** @internal Appends a candidate node (the user dictionary calls this too). */
  push(
    source: number,
    ref: number,
    left: number,
    right: number,
    posid: number,
    wcost: number,
    pos: number,
    begin: number,
    length: number,
  ): void {
    if (this.nodeCount === this.nodeCap) this.grow(this.nodeCount + 1);
    const o = this.nodeCount++ << K.NodeShift;
    const node = this.node;
    node[o + N.Ids] = left | (right << 16);
    node[o + N.Wcost] = begin !== pos ? wcost + this.dict.spacePenalty[posid]! : wcost;
    node[o + N.Begin] = begin;
    node[o + N.End] = begin + length;
    node[o + N.Start] = pos;
    node[o + N.Ref] = (ref << 2) | source;
  }

  /** Which table node `k`'s entry is from (`SOURCE_SYSTEM`, `SOURCE_UNKNOWN` or `SOURCE_USER`). */
  source(k: number): number {
    return this.node[(k << K.NodeShift) + N.Ref]! & 3;
  }

  /** Node `k`'s token index (system/unknown) or entry index (user). */
  ref(k: number): number {
    return this.node[(k << K.NodeShift) + N.Ref]! >>> 2;
  }

  /** Byte offset of node `k`'s surface. */
  begin(k: number): number {
    return this.node[(k << K.NodeShift) + N.Begin]!;
  }

  /** Byte offset just past node `k`'s surface. */
  end(k: number): number {
    return this.node[(k << K.NodeShift) + N.End]!;
  }

  /** Whether whitespace precedes node `k`'s surface. */
  spaced(k: number): boolean {
    const o = k << K.NodeShift;
    return this.node[o + N.Start] !== this.node[o + N.Begin];
  }

  pushUnknown(category: number, pos: number, begin: number, end: number): void {
    const unk = this.dict.unk;
    const first = this.dict.unkTokens[2 * category]!;
    const count = this.dict.unkTokens[2 * category + 1]!;
    const u16 = unk.tokU16;
    for (let t = first; t < first + count; t++) {
      this.push(
        SOURCE_UNKNOWN,
        t,
        u16[8 * t]!,
        u16[8 * t + 1]!,
        u16[8 * t + 2]!,
        unk.tokI16[8 * t + 3]!,
        pos,
        begin,
        end - begin,
      );
    }
  }

  /** Follows the bytes `from..to` in the double-array from state `b`; -1 when there is no path. */
  private walk(b: number, from: number, to: number): number {
    const da = this.dict.sys.da;
    const bytes = this.bytes;
    for (let i = from; i < to; i++) {
      const q = (b + bytes[i]! + 1) << 1;
      if (da[q + 1] !== b) return -1;
      b = da[q]!;
    }
    return b;
  }

  /** The value stored at state `b` (token index << 8 | count), or -1. */
  private valueAt(b: number): number {
    const da = this.dict.sys.da;
    const n = da[b << 1]!;
    return da[(b << 1) + 1] === b && n < 0 ? -n - 1 : -1;
  }

  /** Adds every candidate starting at byte `pos` (after whitespace), in MeCab's order. */
  private lookup(pos: number): void {
    const end = this.byteLength;
    const info = this.info;
    const mblen = this.mblen;
    let c = this.spaceInfo;
    let p = pos;
    while (p < end && (c & info[p]! & K.CategoryMask) !== 0) {
      c = info[p]!;
      p += mblen[p]!;
    }
    if (p >= end) return; // only whitespace left: MeCab's candidates here can never reach EOS
    const begin = p;
    const cinfo = info[begin]!;
    const before = this.nodeCount;

    // Dictionary words: common-prefix search of the double-array from `begin`. Keys are UTF-8
    // strings, so a step is one character (its 1 to 4 bytes) and values sit only between steps.
    // Steps go through a small cache: the trie is 30 MB and each byte is a dependent read.
    const sys = this.dict.sys;
    const da = sys.da;
    const packed = this.packed;
    const unit = this.unit;
    const steps = this.steps;
    const spacePenalty = this.dict.spacePenalty;
    let b = da[0]!;
    let i = begin;
    for (;;) {
      const next = i + mblen[i]!;
      const u = unit[i]!;
      let v: number;
      if (u >= 0) {
        const e = ((Math.imul(b, 0x9e3779b1) ^ Math.imul(u, 0x85ebca6b)) >>> K.StepShift) << 2;
        if (steps[e] === b && steps[e + 1] === u) {
          b = steps[e + 2]!;
          v = steps[e + 3]!;
        } else {
          steps[e] = b;
          steps[e + 1] = u;
          b = this.walk(b, i, next);
          v = b >= 0 ? this.valueAt(b) : -1;
          steps[e + 2] = b;
          steps[e + 3] = v;
        }
      } else {
        b = this.walk(b, i, next);
        v = b >= 0 ? this.valueAt(b) : -1;
      }
      if (b < 0) break;
      i = next;
      if (v >= 0) {
        const first = v >>> 8;
        const last = first + (v & 0xff);
        const k = this.nodeCount;
        if (k + last - first > this.nodeCap) this.grow(k + last - first);
        this.nodeCount = k + last - first;
        const node = this.node;
        const spaced = begin !== pos;
        for (let t = first, o = k << K.NodeShift; t < last; t++, o += 1 << K.NodeShift) {
          const pc = packed[(t << 1) + 1]!;
          node[o + N.Ids] = packed[t << 1]!;
          node[o + N.Wcost] = spaced ? (pc >> 16) + spacePenalty[pc & 0xffff]! : pc >> 16;
          node[o + N.Begin] = begin;
          node[o + N.End] = i;
          node[o + N.Start] = pos;
          node[o + N.Ref] = t << 2; // | SOURCE_SYSTEM (0)
        }
      }
      if (i >= end) break;
    }
    if (this.user && this.user.size > 0) this.user.lookup(this, pos, begin);

    if (this.nodeCount > before && cinfo >>> 31 === 0) return;

    const category = (cinfo >>> 18) & 0xff;
    let begin3 = begin + mblen[begin]!;
    let groupEnd = -1;
    if (((cinfo >>> 30) & 1) === 1) {
      let q = begin3;
      let cc = cinfo;
      let clen = 0;
      while (q < end && (cc & info[q]! & K.CategoryMask) !== 0) {
        cc = info[q]!;
        q += mblen[q]!;
        clen++;
      }
      if (clen <= this.dict.maxGroupingSize) this.pushUnknown(category, pos, begin, q);
      groupEnd = q;
    }
    const maxLength = (cinfo >>> 26) & 0xf;
    for (let i = 1; i <= maxLength; i++) {
      if (begin3 > end || begin3 === groupEnd) break;
      this.pushUnknown(category, pos, begin, begin3);
      // Past the end MeCab reads the terminating NUL; either way the next round stops.
      if (begin3 >= end || (cinfo & info[begin3]! & K.CategoryMask) === 0) break;
      begin3 += mblen[begin3]!;
    }
    if (this.nodeCount === before) this.pushUnknown(category, pos, begin, begin3);
  }

  private computeRowMin(left: number): number {
    const { costs, lsize } = this.dict.matrix;
    let min = K.RowMinUnset;
    for (let i = left * lsize, end = i + lsize; i < end; i++) if (costs[i]! < min) min = costs[i]!;
    this.rowMin[left] = min;
    return min;
  }

  /** Whether the matrix has been reordered by sampled use yet. */
  get usesUsageLayout(): boolean {
    return this.leftUse === null;
  }

  /** Counts context-id use in this lattice; once there is enough, switches to a usage layout. */
  private sample(): void {
    const leftUse = this.leftUse!;
    const rightUse = this.rightUse!;
    const node = this.node;
    for (let k = 1; k < this.nodeCount; k++) {
      const ids = node[k << K.NodeShift]!;
      leftUse[ids & 0xffff]!++;
      rightUse[ids >>> 16]!++;
    }
    this.sampled += this.nodeCount;
    if (this.sampled < K.LayoutSample) return;
    const matrix = this.dict.matrix;
    let layout = usageLayouts.get(matrix);
    if (layout === undefined) {
      layout = usageLayout(matrix, leftUse, rightUse);
      usageLayouts.set(matrix, layout);
    }
    this.layout = layout;
    this.leftUse = null;
    this.rightUse = null;
  }

  /**
   * Finds the best path for one line.
   *
   * @param text - one line (newlines are treated like any other character)
   * @returns the number of nodes on the path (see `path`)
   */
  analyze(text: string): number {
    this.encode(text);
    const len = this.byteLength;
    const endHead = this.endHead;
    endHead.fill(-1, 0, len + 1);
    this.nodeCount = 1;
    // BOS: context ids 0, cost 0, no predecessor.
    this.node.fill(0, 0, 1 << K.NodeShift);
    this.node[N.Prev] = -1;
    this.node[N.Enext] = -1;
    this.nCost[0] = 0;
    endHead[0] = 0;
    // Position stamps are stored as int32: start over long before they would wrap.
    if (this.stamp > 0x3fffffff) {
      this.stamp = 0;
      this.leftSeen.fill(0);
      this.rightSeen.fill(0);
    }

    const { costs, rowOff, colOff } = this.layout;
    const rowMin = this.rowMin;
    const leftSeen = this.leftSeen;
    const leftBest = this.leftBest;
    const rightSeen = this.rightSeen;
    for (let pos = 0; pos < len; pos++) {
      if (endHead[pos] === -1) continue;
      const first = this.nodeCount;
      this.lookup(pos);
      const node = this.node;
      const nCost = this.nCost;
      // Gather the left nodes once into contiguous slots. Left nodes with the same right context
      // id have the same connection cost to any right node, so only the cheapest of them (the
      // first in MeCab's list order on a tie) can ever be chosen: one slot per right id.
      const stamp = ++this.stamp;
      const slot = this.slot;
      const slotCost = this.slotCost;
      let nl = 0;
      let place = 0;
      for (let l = endHead[pos]!; l !== -1; place++) {
        const o = l << K.NodeShift;
        const rid = node[o + N.Ids]! >>> 16;
        const c = nCost[l]!;
        if (rightSeen[rid << 1] === stamp) {
          const s = rightSeen[(rid << 1) + 1]!;
          if (c < slotCost[s]!) {
            slotCost[s] = c;
            slot[(s << 2) + 1] = l;
            slot[(s << 2) + 2] = place;
          }
        } else {
          rightSeen[rid << 1] = stamp;
          rightSeen[(rid << 1) + 1] = nl;
          slotCost[nl] = c;
          slot[nl << 2] = colOff[rid]!;
          slot[(nl << 2) + 1] = l;
          slot[(nl << 2) + 2] = place;
          nl++;
        }
        l = node[o + N.Enext]!;
      }
      // The slots' order by cost (an insertion sort: there are a handful).
      const order = this.slotOrder;
      for (let x = 0; x < nl; x++) {
        const c = slotCost[x]!;
        let j = x;
        for (; j > 0 && slotCost[order[j - 1]!]! > c; j--) order[j] = order[j - 1]!;
        order[j] = x;
      }
      // Every candidate here sees the same left nodes, so the best predecessor depends only on
      // its left context id: compute it once per id and position. MeCab links new nodes at the
      // front of a list, so it visits them newest first.
      for (let r = this.nodeCount - 1; r >= first; r--) {
        const o = r << K.NodeShift;
        const left = node[o + N.Ids]! & 0xffff;
        let best: number;
        let bestNode: number;
        if (leftSeen[left << 1] === stamp) {
          best = leftBest[left]!;
          bestNode = leftSeen[(left << 1) + 1]!;
        } else {
          // MeCab takes the first left node (in list order) of least total cost. Scanning by
          // cost instead, no node can beat `best` once its cost plus the cheapest connection
          // of this row exceeds it, so the scan stops there; ties go to the earlier list place.
          const row = rowOff[left]!;
          let floor = rowMin[left]!;
          if (floor === K.RowMinUnset) floor = this.computeRowMin(left);
          best = Number.POSITIVE_INFINITY;
          let bx = 0;
          let bp = 0;
          for (let i = 0; i < nl; i++) {
            const x = order[i]!;
            const lc = slotCost[x]!;
            if (lc + floor > best) break;
            const cost = lc + costs[slot[x << 2]! + row]!;
            if (cost < best || (cost === best && slot[(x << 2) + 2]! < bp)) {
              best = cost;
              bx = x;
              bp = slot[(x << 2) + 2]!;
            }
          }
          bestNode = slot[(bx << 2) + 1]!;
          leftSeen[left << 1] = stamp;
          leftSeen[(left << 1) + 1] = bestNode;
          leftBest[left] = best;
        }
        node[o + N.Prev] = bestNode;
        nCost[r] = best + node[o + N.Wcost]!;
        const x = node[o + N.End]!;
        node[o + N.Enext] = endHead[x]!;
        endHead[x] = r;
      }
    }

    // EOS joins the nodes ending furthest right.
    const node = this.node;
    let last = len;
    while (last > 0 && endHead[last] === -1) last--;
    let best = Number.POSITIVE_INFINITY;
    let bestNode = 0;
    for (let l = endHead[last]!; l !== -1; l = node[(l << K.NodeShift) + N.Enext]!) {
      const cost = this.nCost[l]! + costs[colOff[node[l << K.NodeShift]! >>> 16]! + rowOff[0]!]!;
      if (cost < best) {
        best = cost;
        bestNode = l;
      }
    }
    if (this.leftUse !== null) this.sample();
    let count = 0;
    for (let k = bestNode; k > 0; k = node[(k << K.NodeShift) + N.Prev]!) count++;
    if (this.path.length < count) this.path = new Int32Array(Math.max(count, this.path.length * 2));
    let i = count;
    for (let k = bestNode; k > 0; k = node[(k << K.NodeShift) + N.Prev]!) this.path[--i] = k;
    this.pathLength = count;
    return count;
  }
}
