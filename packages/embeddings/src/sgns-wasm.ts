/**
 * The skip-gram hot loop as a WebAssembly SIMD module, assembled here byte by byte (no toolchain)
 * for one training run: the row length, the number of negatives, the window and the memory layout
 * are baked in as constants. The memory is imported and shared, so worker threads run the same
 * module over the same weights.
 *
 * One (context, centre) pair does what word2vec.c and gensim do (the context word's input row
 * `l1` against the centre's output row and `negative` drawn output rows), but in two passes over
 * the rows instead of `2 × (1 + negative)`: first all dot products at once (l1 does not change
 * until the end, and the target rows only change in their own update), then one pass that updates
 * every target row and `l1`. Word2vec's separate `neu1e` buffer disappears: `l1 += Σ g·row` is
 * written in the same pass. (The only difference: a negative drawn twice for one pair has its
 * second dot product taken before the first update; word2vec takes it after.)
 *
 * Exports (all addresses are byte offsets into the memory):
 * - `sentence(sen, len, alpha, rnd) -> rnd`: the skip-gram pass over one (subsampled) sentence of
 *   word ids at `sen`: reduced windows (`b = rnd % window`), every pair in the window, negatives
 *   from the unigram table with a xorshift32 stream; returns the new stream state.
 * - `hiddenPair(hidden, work, target, alpha, rnd) -> rnd`: one pair with the input row at
 *   `hidden` (fastText subwords: the mean of a word's rows), writing `work = Σ g·row` instead of
 *   updating `hidden`.
 * - `add(dst, src)`: row at dst += row at src.
 *
 * @internal
 */

/** Floats per row for a vector length: `dim` rounded up to whole f32x4 lanes. @internal */
export function strideFor(dim: number): number {
  return Math.ceil(dim / 4) * 4;
}

/** What the module is assembled for. Offsets are in bytes. @internal */
export interface SgnsLayout {
  /** Floats per row, from {@link strideFor}. */
  stride: number;
  negative: number;
  window: number;
  /** Input rows (words, then subword buckets). */
  syn0: number;
  /** Output rows. */
  syn1: number;
  /** Sigmoid table: 1001 floats over [-6, 6]. */
  exp: number;
  /** Negative-sampling table of int32 word ids. */
  table: number;
  tableSize: number;
}

/** Sigmoid table entries over [-MAX_EXP, MAX_EXP] (plus one so |f| = 6 stays inside). */
export const EXP_TABLE_SIZE = 1000;
export const MAX_EXP = 6;

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n = Math.floor(n / 128);
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const str = (s: string): number[] => vec([...Buffer.from(s)].map((b) => [b]));

// Instructions.
type Code = number[];
const get = (i: number): Code => [0x20, ...uleb(i)];
const set = (i: number): Code => [0x21, ...uleb(i)];
const tee = (i: number): Code => [0x22, ...uleb(i)];
const i32c = (n: number): Code => [0x41, ...sleb(n)];
const i64c = (n: number): Code => [0x42, ...sleb(n)];
const f32c = (x: number): Code => [0x43, ...new Uint8Array(Float32Array.of(x).buffer)];
const i32add = [0x6a];
const i32sub = [0x6b];
const i32mul = [0x6c];
const i32remu = [0x70];
const i32and = [0x71];
const i32xor = [0x73];
const i32shl = [0x74];
const i32shru = [0x76];
const i32ne = [0x47];
const i32ltu = [0x49];
const i32lts = [0x48];
const i32gts = [0x4a];
const i32ges = [0x4e];
const i64mul = [0x7e];
const i64shru = [0x88];
const i32wrap = [0xa7];
const i64extendU = [0xad];
const f32abs = [0x8b];
const f32add = [0x92];
const f32sub = [0x93];
const f32mul = [0x94];
const f32lt = [0x5d];
const truncS = [0xa8];
const select = [0x1b];
const i32load = (offset: number): Code => [0x28, 2, ...uleb(offset)];
const f32load = (offset: number): Code => [0x2a, 2, ...uleb(offset)];
const simd = (op: number, ...imm: number[]): Code => [0xfd, ...uleb(op), ...imm];
const vload = (offset: number): Code => simd(0, 4, ...uleb(offset));
const vstore = (offset: number): Code => simd(11, 4, ...uleb(offset));
const splat = simd(19);
const lane = (l: number): Code => simd(31, l);
const vadd = simd(228);
const vmul = simd(230);
const vzero = simd(12, ...new Array(16).fill(0));
const block = (...b: Code[]): Code => [0x02, 0x40, ...b.flat(), 0x0b];
const loop = (...b: Code[]): Code => [0x03, 0x40, ...b.flat(), 0x0b];
const ifThen = (...b: Code[]): Code => [0x04, 0x40, ...b.flat(), 0x0b];
const ifElseF32 = (then: Code, otherwise: Code): Code => [0x04, F32, ...then, 0x05, ...otherwise, 0x0b];
const br = (d: number): Code => [0x0c, ...uleb(d)];
const brIf = (d: number): Code => [0x0d, ...uleb(d)];

/** Locals of one function: params first, then declared ones, grouped by type in the body header. */
class Locals {
  private readonly declared: number[] = [];
  constructor(private readonly params: number) {}
  add(type: number): number {
    this.declared.push(type);
    return this.params + this.declared.length - 1;
  }
  header(): Code {
    const runs: [number, number][] = [];
    for (const t of this.declared) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    return vec(runs.map(([n, t]) => [...uleb(n), t]));
  }
}

function funcBody(locals: Locals, code: Code): Code {
  const b = [...locals.header(), ...code, 0x0b];
  return [...uleb(b.length), ...b];
}

/** rnd ^= rnd << 13; rnd ^= rnd >>> 17; rnd ^= rnd << 5 (the same stream as the JS side). */
const xorshift = (rnd: number): Code => [
  ...get(rnd),
  ...get(rnd),
  ...i32c(13),
  ...i32shl,
  ...i32xor,
  ...tee(rnd),
  ...get(rnd),
  ...i32c(17),
  ...i32shru,
  ...i32xor,
  ...tee(rnd),
  ...get(rnd),
  ...i32c(5),
  ...i32shl,
  ...i32xor,
  ...set(rnd),
];

interface PairLocals {
  /** i32: address of the input row, relative to `l1Base`. */
  l1: number;
  l1Base: number;
  /** i32: the positive target's word id. */
  target: number;
  /** f32 */
  alpha: number;
  /** i32 xorshift state */
  rnd: number;
  /** i32 address where `Σ g·row` goes, or null to add it to the input row. */
  work: number | null;
}

/**
 * One pair: targets (the positive, then `negative` draws; a draw equal to the positive is
 * skipped, as in word2vec), all dot products in one pass, the gradients from the sigmoid table
 * (no update when |f| >= 6, as in word2vec), then one update pass.
 */
function pairCode(L: Locals, layout: SgnsLayout, p: PairLocals): Code {
  const K = layout.negative + 1;
  const rowB = layout.stride * 4;
  const rows = Array.from({ length: K }, () => L.add(I32));
  const keep = Array.from({ length: K }, () => L.add(I32));
  const acc = Array.from({ length: K }, () => L.add(V128));
  const g = Array.from({ length: K }, () => L.add(V128));
  const x = L.add(V128);
  const w = L.add(V128);
  const r = L.add(V128);
  const f = L.add(F32);
  const t = L.add(I32);
  const out: Code = [];
  // Target rows (relative to syn1).
  out.push(...get(p.target), ...i32c(rowB), ...i32mul, ...set(rows[0]!));
  for (let k = 1; k < K; k++) {
    out.push(
      ...xorshift(p.rnd),
      // table[(rnd * tableSize) >>> 32]
      ...get(p.rnd),
      ...i64extendU,
      ...i64c(layout.tableSize),
      ...i64mul,
      ...i64c(32),
      ...i64shru,
      ...i32wrap,
      ...i32c(2),
      ...i32shl,
      ...i32load(layout.table),
      ...tee(t),
      ...get(p.target),
      ...i32ne,
      ...set(keep[k]!),
      ...get(t),
      ...i32c(rowB),
      ...i32mul,
      ...set(rows[k]!),
    );
  }
  // The lane loops step one f32x4 lane at a time with a byte counter `i` (TurboFan unrolls them
  // by two). Unrolling whole rows measured ~30% slower: TurboFan schedules the pure
  // multiply-adds late, next to their use after the loop, so loaded lanes stay live and spill.
  const i = L.add(I32);
  const addr = (base: number): Code => [...get(base), ...get(i), ...i32add];
  const overLanes = (body: Code): Code => [
    ...i32c(0),
    ...set(i),
    ...loop(body, get(i), i32c(16), i32add, tee(i), i32c(rowB), i32ltu, brIf(0)),
  ];
  // Pass 1: acc_k += l1 * row_k.
  for (let k = 0; k < K; k++) out.push(...vzero, ...set(acc[k]!));
  {
    const c: Code = [...addr(p.l1), ...vload(p.l1Base), ...set(x)];
    for (let k = 0; k < K; k++) {
      c.push(...get(acc[k]!), ...get(x), ...addr(rows[k]!), ...vload(layout.syn1), ...vmul, ...vadd);
      c.push(...set(acc[k]!));
    }
    out.push(...overLanes(c));
  }
  // g_k = (label - sigmoid(f)) * alpha, or 0 when |f| >= MAX_EXP (also NaN) or the draw was
  // skipped. A branch, not select: inside it f is in range, so a plain truncation is safe.
  for (let k = 0; k < K; k++) {
    const a = acc[k]!;
    // biome-ignore format: one instruction group per line reads better than one byte per line
    out.push(
      ...get(a), ...lane(0), ...get(a), ...lane(1), ...f32add,
      ...get(a), ...lane(2), ...get(a), ...lane(3), ...f32add, ...f32add, ...set(f),
      ...get(f), ...f32abs, ...f32c(MAX_EXP), ...f32lt,
      ...(k === 0 ? [] : [...get(keep[k]!), ...i32and]),
      ...ifElseF32(
        [
          ...f32c(k === 0 ? 1 : 0),
          ...get(f), ...f32c(MAX_EXP), ...f32add, ...f32c(EXP_TABLE_SIZE / MAX_EXP / 2), ...f32mul, ...truncS,
          ...i32c(2), ...i32shl, ...f32load(layout.exp),
          ...f32sub, ...get(p.alpha), ...f32mul,
        ],
        f32c(0),
      ),
      ...splat,
      ...set(g[k]!),
    );
  }
  // Pass 2: w = Σ g_k row_k; row_k += g_k l1; then l1 += w (or work = w).
  const c: Code = [...addr(p.l1), ...vload(p.l1Base), ...set(x)];
  for (let k = 0; k < K; k++) {
    const row = rows[k]!;
    c.push(...addr(row), ...vload(layout.syn1), ...set(r));
    c.push(
      ...(k === 0 ? [] : get(w)),
      ...get(g[k]!),
      ...get(r),
      ...vmul,
      ...(k === 0 ? [] : vadd),
      ...set(w),
    );
    c.push(...addr(row), ...get(r), ...get(g[k]!), ...get(x), ...vmul, ...vadd, ...vstore(layout.syn1));
  }
  if (p.work === null) c.push(...addr(p.l1), ...get(x), ...get(w), ...vadd, ...vstore(p.l1Base));
  else c.push(...addr(p.work), ...get(w), ...vstore(0));
  out.push(...overLanes(c));
  return out;
}

/** sentence(sen, len, alpha, rnd) -> rnd */
function sentenceFunc(layout: SgnsLayout): Code {
  const [sen, len, alpha, rnd] = [0, 1, 2, 3];
  const L = new Locals(4);
  const i = L.add(I32);
  const j = L.add(I32);
  const jTo = L.add(I32);
  const word = L.add(I32);
  const b = L.add(I32);
  const l1 = L.add(I32);
  const rowB = layout.stride * 4;
  const win = layout.window;
  const pair = pairCode(L, layout, { l1, l1Base: layout.syn0, target: word, alpha, rnd, work: null });
  // biome-ignore format: one instruction group per line reads better than one byte per line
  const code = block(
    loop(
      get(i), get(len), i32ges, brIf(1),
      get(sen), get(i), i32c(2), i32shl, i32add, i32load(0), set(word),
      xorshift(rnd),
      get(rnd), i32c(win), i32remu, set(b),
      // j = max(i - window + b, 0)
      get(i), i32c(win), i32sub, get(b), i32add, tee(j), i32c(0), get(j), i32c(0), i32gts, select, set(j),
      // jTo = min(i + window + 1 - b, len)
      get(i), i32c(win + 1), i32add, get(b), i32sub, tee(jTo), get(len), get(jTo), get(len), i32lts, select, set(jTo),
      block(
        loop(
          get(j), get(jTo), i32ges, brIf(1),
          get(j), get(i), i32ne,
          ifThen(
            get(sen), get(j), i32c(2), i32shl, i32add, i32load(0), i32c(rowB), i32mul, set(l1),
            pair,
          ),
          get(j), i32c(1), i32add, set(j),
          br(0),
        ),
      ),
      get(i), i32c(1), i32add, set(i),
      br(0),
    ),
  );
  return funcBody(L, [...code, ...get(rnd)]);
}

/** hiddenPair(hidden, work, target, alpha, rnd) -> rnd */
function hiddenPairFunc(layout: SgnsLayout): Code {
  const L = new Locals(5);
  const pair = pairCode(L, layout, { l1: 0, l1Base: 0, target: 2, alpha: 3, rnd: 4, work: 1 });
  return funcBody(L, [...pair, ...get(4)]);
}

/** add(dst, src): dst += src over one row. */
function addFunc(layout: SgnsLayout): Code {
  const L = new Locals(2);
  const i = L.add(I32);
  // biome-ignore format: one instruction group per line reads better than one byte per line
  return funcBody(L, loop(
    get(0), get(i), i32add,
    get(0), get(i), i32add, vload(0),
    get(1), get(i), i32add, vload(0), vadd, vstore(0),
    get(i), i32c(16), i32add, tee(i), i32c(layout.stride * 4), i32ltu, brIf(0),
  ));
}

/** The module bytes for one layout. @internal */
export function sgnsWasmBytes(layout: SgnsLayout, maxPages: number): Uint8Array {
  if (layout.stride % 4 !== 0 || layout.stride <= 0) {
    throw new RangeError(`sgns: stride ${layout.stride} is not a row length from strideFor`);
  }
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(
      1,
      vec([
        [0x60, ...vec([[I32], [I32], [F32], [I32]]), ...vec([[I32]])],
        [0x60, ...vec([[I32], [I32], [I32], [F32], [I32]]), ...vec([[I32]])],
        [0x60, ...vec([[I32], [I32]]), ...vec([])],
      ]),
    ),
    // memory import: flags 3 = has maximum + shared
    ...section(2, vec([[...str('env'), ...str('memory'), 0x02, 0x03, ...uleb(1), ...uleb(maxPages)]])),
    ...section(3, vec([[0], [1], [2]])),
    ...section(
      7,
      vec([
        [...str('sentence'), 0x00, 0],
        [...str('hiddenPair'), 0x00, 1],
        [...str('add'), 0x00, 2],
      ]),
    ),
    ...section(10, vec([sentenceFunc(layout), hiddenPairFunc(layout), addFunc(layout)])),
  ]);
}

/** The exported functions. @internal */
export interface SgnsWasm {
  sentence(sen: number, len: number, alpha: number, rnd: number): number;
  hiddenPair(hidden: number, work: number, target: number, alpha: number, rnd: number): number;
  add(dst: number, src: number): void;
}

/** The most memory the module may import: 65536 pages of 64 KiB = 4 GiB. */
export const MAX_PAGES = 65536;

/** The part of the WebAssembly JS API used here (the repo's `lib` setting has no DOM typings). */
export interface WasmApi {
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => { buffer: SharedArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: unknown };
}

/** The global WebAssembly object, typed. @internal */
export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
