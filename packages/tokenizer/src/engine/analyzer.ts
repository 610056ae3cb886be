import { CATEGORY_MASK } from '../dictionary/char-property.js';
import type { Dictionary } from '../dictionary/dictionary.js';
import type { UserDictionary } from '../user-dictionary.js';
import { type ConnectionLayout, fileLayout, usageLayout } from './connection-layout.js';

/** Which table a lattice node's entry comes from. */
export const SOURCE_SYSTEM = 0;
export const SOURCE_UNKNOWN = 1;
export const SOURCE_USER = 2;

const INITIAL_NODES = 1024;
/** The step cache has 2^(32 - STEP_SHIFT) slots (1 MB). */
const STEP_SHIFT = 16;
const ROW_MIN_UNSET = 0x7fffffff;
/** Lattice nodes to count context-id use over before laying out the matrix by it (~300 sentences). */
const LAYOUT_SAMPLE = 1 << 17;

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

  // Nodes (struct of arrays).
  nodeCap = INITIAL_NODES;
  nodeCount = 0;
  nLeft = new Uint16Array(INITIAL_NODES);
  nRight = new Uint16Array(INITIAL_NODES);
  nPosid = new Uint16Array(INITIAL_NODES);
  nSource = new Uint8Array(INITIAL_NODES);
  /** Token index (system/unknown) or entry index (user). */
  nRef = new Int32Array(INITIAL_NODES);
  /** Word cost plus mecab-ko's left-space penalty. */
  nWcost = new Int32Array(INITIAL_NODES);
  /** Byte offset of the surface (after any whitespace). */
  nBegin = new Int32Array(INITIAL_NODES);
  /** Surface length in bytes. */
  nLength = new Int32Array(INITIAL_NODES);
  /** Length including the whitespace before the surface. */
  nRlength = new Int32Array(INITIAL_NODES);
  nCost = new Float64Array(INITIAL_NODES);
  nPrev = new Int32Array(INITIAL_NODES);
  nEnext = new Int32Array(INITIAL_NODES);

  /** Head of the list of nodes ending at each byte position (-1: none). */
  endHead = new Int32Array(257);

  /** The best path, BOS and EOS excluded, in order. */
  path = new Int32Array(64);
  pathLength = 0;

  /** Per left context id: the position stamp, best cost and best predecessor seen there. */
  private stamp = 0;
  private readonly leftSeen: Int32Array;
  private readonly leftBest: Float64Array;
  private readonly leftBestNode: Int32Array;

  /** The left nodes of the current position, gathered. */
  private lCost = new Float64Array(INITIAL_NODES);
  private lRight = new Int32Array(INITIAL_NODES);
  private lNode = new Int32Array(INITIAL_NODES);
  /** Each slot's node's place in MeCab's list order. */
  private lPlace = new Int32Array(INITIAL_NODES);
  /** The slots in order of cost. */
  private lIdx = new Int32Array(INITIAL_NODES);
  /** Per right context id: the position stamp and the slot of the left node kept for it. */
  private readonly rightSeen: Int32Array;
  private readonly rightSlot: Int32Array;
  /** See `packTokens`. */
  private readonly packed: Int32Array;
  /** Cheapest connection cost of each left context id's row, filled on first use. */
  private readonly rowMin: Int32Array;

  /**
   * Connection costs: matrix.bin as is until `LAYOUT_SAMPLE` nodes have been seen, then reordered
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
  private readonly steps = new Int32Array(4 << (32 - STEP_SHIFT)).fill(-1);

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
    this.leftSeen = new Int32Array(lsize);
    this.leftBest = new Float64Array(lsize);
    this.leftBestNode = new Int32Array(lsize);
    this.rightSeen = new Int32Array(dict.matrix.lsize);
    this.rightSlot = new Int32Array(dict.matrix.lsize);
    const rsize = dict.matrix.rsize;
    this.rowMin = new Int32Array(rsize).fill(ROW_MIN_UNSET);
    this.packed = packTokens(dict.sys);
    const shared = usageLayouts.get(dict.matrix);
    this.layout = shared ?? fileLayout(dict.matrix);
    this.leftUse = shared ? null : new Uint32Array(rsize);
    this.rightUse = shared ? null : new Uint32Array(lsize);
  }

  /** Encodes `text` into the byte buffers. */
  private encode(text: string): void {
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
        if ((c & 0xf800) === 0xd800) c = 0xfffd;
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

  private grow(): void {
    const cap = this.nodeCap * 2;
    const g = <T extends Uint16Array | Uint8Array | Int32Array | Float64Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.nLeft = g(this.nLeft, (n) => new Uint16Array(n));
    this.nRight = g(this.nRight, (n) => new Uint16Array(n));
    this.nPosid = g(this.nPosid, (n) => new Uint16Array(n));
    this.nSource = g(this.nSource, (n) => new Uint8Array(n));
    this.nRef = g(this.nRef, (n) => new Int32Array(n));
    this.nWcost = g(this.nWcost, (n) => new Int32Array(n));
    this.nBegin = g(this.nBegin, (n) => new Int32Array(n));
    this.nLength = g(this.nLength, (n) => new Int32Array(n));
    this.nRlength = g(this.nRlength, (n) => new Int32Array(n));
    this.nCost = g(this.nCost, (n) => new Float64Array(n));
    this.nPrev = g(this.nPrev, (n) => new Int32Array(n));
    this.nEnext = g(this.nEnext, (n) => new Int32Array(n));
    // At most every node ends at one position: the slots grow with the nodes.
    this.lCost = new Float64Array(cap);
    this.lRight = new Int32Array(cap);
    this.lNode = new Int32Array(cap);
    this.lPlace = new Int32Array(cap);
    this.lIdx = new Int32Array(cap);
    this.nodeCap = cap;
  }

  /** Appends a candidate node; returns nothing, the caller tracks the count. */
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
    if (this.nodeCount === this.nodeCap) this.grow();
    const k = this.nodeCount++;
    const rlength = begin - pos + length;
    this.nSource[k] = source;
    this.nRef[k] = ref;
    this.nLeft[k] = left;
    this.nRight[k] = right;
    this.nPosid[k] = posid;
    this.nWcost[k] = rlength !== length ? wcost + this.dict.spacePenalty[posid]! : wcost;
    this.nBegin[k] = begin;
    this.nLength[k] = length;
    this.nRlength[k] = rlength;
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
      const q = b + bytes[i]! + 1;
      if (da[2 * q + 1] !== b) return -1;
      b = da[2 * q]!;
    }
    return b;
  }

  /** The value stored at state `b` (token index << 8 | count), or -1. */
  private valueAt(b: number): number {
    const da = this.dict.sys.da;
    const n = da[2 * b]!;
    return da[2 * b + 1] === b && n < 0 ? -n - 1 : -1;
  }

  /** Adds every candidate starting at byte `pos` (after whitespace), in MeCab's order. */
  private lookup(pos: number): void {
    const end = this.byteLength;
    const info = this.info;
    const mblen = this.mblen;
    let c = this.spaceInfo;
    let p = pos;
    while (p < end && (c & info[p]! & CATEGORY_MASK) !== 0) {
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
    let b = da[0]!;
    let i = begin;
    for (;;) {
      const next = i + mblen[i]!;
      const u = unit[i]!;
      let v: number;
      if (u >= 0) {
        const e = ((Math.imul(b, 0x9e3779b1) ^ Math.imul(u, 0x85ebca6b)) >>> STEP_SHIFT) << 2;
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
        for (let t = first; t < last; t++) {
          const ids = packed[2 * t]!;
          const pc = packed[2 * t + 1]!;
          this.push(SOURCE_SYSTEM, t, ids & 0xffff, ids >>> 16, pc & 0xffff, pc >> 16, pos, begin, i - begin);
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
      while (q < end && (cc & info[q]! & CATEGORY_MASK) !== 0) {
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
      if (begin3 >= end || (cinfo & info[begin3]! & CATEGORY_MASK) === 0) break;
      begin3 += mblen[begin3]!;
    }
    if (this.nodeCount === before) this.pushUnknown(category, pos, begin, begin3);
  }

  private computeRowMin(left: number): number {
    const { costs, lsize } = this.dict.matrix;
    let min = ROW_MIN_UNSET;
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
    for (let k = 1; k < this.nodeCount; k++) {
      leftUse[this.nLeft[k]!]!++;
      rightUse[this.nRight[k]!]!++;
    }
    this.sampled += this.nodeCount;
    if (this.sampled < LAYOUT_SAMPLE) return;
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
    // BOS: context ids 0, cost 0.
    this.nLeft[0] = 0;
    this.nRight[0] = 0;
    this.nCost[0] = 0;
    this.nPrev[0] = -1;
    this.nEnext[0] = -1;
    this.nLength[0] = 0;
    this.nRlength[0] = 0;
    this.nBegin[0] = 0;
    endHead[0] = 0;

    const { costs, rowOff, colOff } = this.layout;
    for (let pos = 0; pos < len; pos++) {
      if (endHead[pos] === -1) continue;
      const first = this.nodeCount;
      this.lookup(pos);
      const nLeft = this.nLeft;
      const nRight = this.nRight;
      const nWcost = this.nWcost;
      const nCost = this.nCost;
      const nPrev = this.nPrev;
      const nEnext = this.nEnext;
      const nRlength = this.nRlength;
      // Gather the left nodes once into contiguous slots. Left nodes with the same right context
      // id have the same connection cost to any right node, so only the cheapest of them (the
      // first in MeCab's list order on a tie) can ever be chosen: one slot per right id.
      const stamp = ++this.stamp;
      const rightSeen = this.rightSeen;
      const rightSlot = this.rightSlot;
      const lCost = this.lCost;
      const lRight = this.lRight;
      const lNode = this.lNode;
      const lPlace = this.lPlace;
      let nl = 0;
      let place = 0;
      for (let l = endHead[pos]!; l !== -1; l = nEnext[l]!, place++) {
        const rid = nRight[l]!;
        const c = nCost[l]!;
        if (rightSeen[rid] === stamp) {
          const s = rightSlot[rid]!;
          if (c < lCost[s]!) {
            lCost[s] = c;
            lNode[s] = l;
            lPlace[s] = place;
          }
          continue;
        }
        rightSeen[rid] = stamp;
        rightSlot[rid] = nl;
        lCost[nl] = c;
        lRight[nl] = colOff[rid]!;
        lNode[nl] = l;
        lPlace[nl] = place;
        nl++;
      }
      // The slots' order by cost, in `lIdx` (an insertion sort: there are a handful).
      const lIdx = this.lIdx;
      for (let x = 0; x < nl; x++) {
        const c = lCost[x]!;
        let j = x;
        for (; j > 0 && lCost[lIdx[j - 1]!]! > c; j--) lIdx[j] = lIdx[j - 1]!;
        lIdx[j] = x;
      }
      // Every candidate here sees the same left nodes, so the best predecessor depends only on
      // its left context id: compute it once per id and position.
      const seen = this.leftSeen;
      const seenCost = this.leftBest;
      const seenNode = this.leftBestNode;
      const rowMin = this.rowMin;
      // MeCab links new nodes at the front of a list, so it visits them newest first.
      for (let r = this.nodeCount - 1; r >= first; r--) {
        const left = nLeft[r]!;
        let best: number;
        let bestNode: number;
        if (seen[left] === stamp) {
          best = seenCost[left]!;
          bestNode = seenNode[left]!;
        } else {
          // MeCab takes the first left node (in list order) of least total cost. Scanning by
          // cost instead, no node can beat `best` once its cost plus the cheapest connection
          // of this row exceeds it, so the scan stops there; ties go to the earlier list place.
          const row = rowOff[left]!;
          let floor = rowMin[left]!;
          if (floor === ROW_MIN_UNSET) floor = this.computeRowMin(left);
          best = Number.POSITIVE_INFINITY;
          let bx = 0;
          let bp = 0;
          for (let i = 0; i < nl; i++) {
            const x = lIdx[i]!;
            const lc = lCost[x]!;
            if (lc + floor > best) break;
            const cost = lc + costs[lRight[x]! + row]!;
            if (cost < best || (cost === best && lPlace[x]! < bp)) {
              best = cost;
              bx = x;
              bp = lPlace[x]!;
            }
          }
          bestNode = lNode[bx]!;
          seen[left] = stamp;
          seenCost[left] = best;
          seenNode[left] = bestNode;
        }
        nPrev[r] = bestNode;
        nCost[r] = best + nWcost[r]!;
        const x = pos + nRlength[r]!;
        nEnext[r] = endHead[x]!;
        endHead[x] = r;
      }
    }

    // EOS joins the nodes ending furthest right.
    let last = len;
    while (last > 0 && endHead[last] === -1) last--;
    let best = Number.POSITIVE_INFINITY;
    let bestNode = 0;
    for (let l = endHead[last]!; l !== -1; l = this.nEnext[l]!) {
      const cost = this.nCost[l]! + costs[colOff[this.nRight[l]!]! + rowOff[0]!]!;
      if (cost < best) {
        best = cost;
        bestNode = l;
      }
    }
    if (this.leftUse !== null) this.sample();
    let count = 0;
    for (let k = bestNode; k > 0; k = this.nPrev[k]!) count++;
    if (this.path.length < count) this.path = new Int32Array(Math.max(count, this.path.length * 2));
    let i = count;
    for (let k = bestNode; k > 0; k = this.nPrev[k]!) this.path[--i] = k;
    this.pathLength = count;
    return count;
  }
}
