/**
 * Two WebAssembly SIMD functions for the skip-gram hot loop, assembled here byte by byte (no
 * toolchain needed; the module is ~500 bytes). Rows are padded to a multiple of 16 floats so the
 * loops run on whole groups of f32x4 lanes. The memory is imported and shared, so worker threads run the
 * same module over the same weights.
 *
 * - `sgd(l1, l2, work, nbytes, label, alpha, exp)`: f = row(l1)·row(l2); skipped when |f| >= 6;
 *   g = (label - sigmoid(f)) * alpha (from the sigmoid table at `exp`, 1000 floats over [-6, 6]);
 *   work += g * row(l2); row(l2) += g * row(l1). (word2vec's update for one target.)
 * - `add(dst, src, nbytes)`: dst += src.
 * - `sentence(sen, len, syn0, syn1, work, exp, nbytes, table, tableSize, window, negative, alpha, rnd)`:
 *   the whole skip-gram pass over one (subsampled) sentence of word ids at `sen`, with the same
 *   xorshift stream, reduced windows and negative draws as the JS loop; returns the new rnd.
 *
 * All addresses are byte offsets into the memory.
 *
 * @internal
 */

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
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
const f32const = (x: number): number[] => [0x43, ...new Uint8Array(Float32Array.of(x).buffer)];

// Instructions.
const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const i32c = (n: number) => [0x41, ...sleb(n)];
const i32add = [0x6a];
const i32ltu = [0x49];
const i32shl = [0x74];
const i32sub = [0x6b];
const i32mul = [0x6c];
const i32remu = [0x70];
const i32xor = [0x73];
const i32shru = [0x76];
const i32ges = [0x4e];
const i32lts = [0x48];
const i32gts = [0x4a];
const i32ne = [0x47];
const i32load = [0x28, 2, 0];
const select = [0x1b];
const call = (f: number) => [0x10, ...uleb(f)];
const br = (d: number) => [0x0c, ...uleb(d)];
const brIf = (d: number) => [0x0d, ...uleb(d)];
const block = (b: number[]) => [0x02, 0x40, ...b, 0x0b];
const tee = (i: number) => [0x22, ...uleb(i)];
const f32add = [0x92];
const f32sub = [0x93];
const f32mul = [0x94];
const f32abs = [0x8b];
const f32ge = [0x60];
const truncS = [0xa8];
const f32load = [0x2a, 2, 0];
const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
const vload = simd(0, 4, 0);
const vstore = simd(11, 4, 0);
const splat = simd(19);
const lane = (l: number) => simd(31, l);
const vadd = simd(228);
const vmul = simd(230);
const loop = (body: number[]) => [0x03, 0x40, ...body, 0x0b];
const ifThen = (body: number[]) => [0x04, 0x40, ...body, 0x0b];

function body(locals: [number, number][], code: number[]): number[] {
  const b = [...vec(locals.map(([n, t]) => [...uleb(n), t])), ...code, 0x0b];
  return [...uleb(b.length), ...b];
}

// sgd params: 0 l1, 1 l2, 2 work, 3 nbytes, 4 label, 5 alpha, 6 exp;
// locals: 7 acc, 8 i, 9 f, 10 gv, 11 x, 12 acc1, 13 x1, 14 acc2, 15 acc3. Rows are a multiple of 16 floats;
// the dot product steps four f32x4 lanes (four accumulators hide the add latency), the update two.
const vloadAt = (offset: number) => simd(0, 4, offset);
const vstoreAt = (offset: number) => simd(11, 4, offset);
// biome-ignore format: one instruction group per line reads better than one byte per line
const sgd = body(
  [[1, V128], [1, I32], [1, F32], [2, V128], [2, V128], [2, V128]],
  [
    ...loop([
      ...get(7), ...get(0), ...get(8), ...i32add, ...vload, ...get(1), ...get(8), ...i32add, ...vload,
      ...vmul, ...vadd, ...set(7),
      ...get(12), ...get(0), ...get(8), ...i32add, ...vloadAt(16), ...get(1), ...get(8), ...i32add, ...vloadAt(16),
      ...vmul, ...vadd, ...set(12),
      ...get(14), ...get(0), ...get(8), ...i32add, ...vloadAt(32), ...get(1), ...get(8), ...i32add, ...vloadAt(32),
      ...vmul, ...vadd, ...set(14),
      ...get(15), ...get(0), ...get(8), ...i32add, ...vloadAt(48), ...get(1), ...get(8), ...i32add, ...vloadAt(48),
      ...vmul, ...vadd, ...set(15),
      ...get(8), ...i32c(64), ...i32add, ...set(8),
      ...get(8), ...get(3), ...i32ltu, 0x0d, 0,
    ]),
    ...get(14), ...get(15), ...vadd, ...get(12), ...vadd, ...set(12),
    ...get(7), ...get(12), ...vadd, ...set(7),
    ...get(7), ...lane(0), ...get(7), ...lane(1), ...f32add,
    ...get(7), ...lane(2), ...get(7), ...lane(3), ...f32add, ...f32add, ...set(9),
    ...get(9), ...f32abs, ...f32const(6), ...f32ge, ...ifThen([0x0f]),
    ...get(4),
    ...get(6), ...get(9), ...f32const(6), ...f32add, ...f32const(1000 / 12), ...f32mul, ...truncS,
    ...i32c(2), ...i32shl, ...i32add, ...f32load,
    ...f32sub, ...get(5), ...f32mul, ...splat, ...set(10),
    ...i32c(0), ...set(8),
    ...loop([
      ...get(1), ...get(8), ...i32add, ...vload, ...set(11),
      ...get(1), ...get(8), ...i32add, ...vloadAt(16), ...set(13),
      ...get(2), ...get(8), ...i32add,
      ...get(2), ...get(8), ...i32add, ...vload, ...get(10), ...get(11), ...vmul, ...vadd, ...vstore,
      ...get(2), ...get(8), ...i32add,
      ...get(2), ...get(8), ...i32add, ...vloadAt(16), ...get(10), ...get(13), ...vmul, ...vadd, ...vstoreAt(16),
      ...get(1), ...get(8), ...i32add,
      ...get(11), ...get(10), ...get(0), ...get(8), ...i32add, ...vload, ...vmul, ...vadd, ...vstore,
      ...get(1), ...get(8), ...i32add,
      ...get(13), ...get(10), ...get(0), ...get(8), ...i32add, ...vloadAt(16), ...vmul, ...vadd, ...vstoreAt(16),
      ...get(8), ...i32c(32), ...i32add, ...set(8),
      ...get(8), ...get(3), ...i32ltu, 0x0d, 0,
    ]),
  ],
);

// add params: 0 dst, 1 src, 2 nbytes; local 3 i
// biome-ignore format: one instruction group per line reads better than one byte per line
const add = body(
  [[1, I32]],
  [
    ...loop([
      ...get(0), ...get(3), ...i32add,
      ...get(0), ...get(3), ...i32add, ...vload,
      ...get(1), ...get(3), ...i32add, ...vload, ...vadd, ...vstore,
      ...get(3), ...i32c(16), ...i32add, ...set(3),
      ...get(3), ...get(2), ...i32ltu, 0x0d, 0,
    ]),
  ],
);

// sentence params: 0 sen, 1 len, 2 syn0B, 3 syn1B, 4 workB, 5 expB, 6 nbytes (row stride in bytes),
// 7 table, 8 tableSize, 9 window, 10 negative, 11 alpha(f32), 12 rnd; result: rnd.
// locals: 13 i, 14 j, 15 word, 16 b, 17 jTo, 18 l1, 19 d, 20 target, 21 k
// biome-ignore format: one instruction group per line reads better than one byte per line
const xorshift = [
  ...get(12), ...get(12), ...i32c(13), ...i32shl, ...i32xor, ...set(12),
  ...get(12), ...get(12), ...i32c(17), ...i32shru, ...i32xor, ...set(12),
  ...get(12), ...get(12), ...i32c(5), ...i32shl, ...i32xor, ...set(12),
];
const zero16 = simd(12, ...new Array(16).fill(0));
// biome-ignore format: one instruction group per line reads better than one byte per line
const sentence = body(
  [[9, I32]],
  [
    ...block([
      ...loop([
        ...get(13), ...get(1), ...i32ges, ...brIf(1),
        ...get(0), ...get(13), ...i32c(2), ...i32shl, ...i32add, ...i32load, ...set(15),
        ...xorshift,
        ...get(12), ...get(9), ...i32remu, ...set(16),
        // j = max(i - window + b, 0)
        ...get(13), ...get(9), ...i32sub, ...get(16), ...i32add, ...tee(14),
        ...i32c(0), ...get(14), ...i32c(0), ...i32gts, ...select, ...set(14),
        // jTo = min(i + window + 1 - b, len)
        ...get(13), ...get(9), ...i32add, ...i32c(1), ...i32add, ...get(16), ...i32sub, ...tee(17),
        ...get(1), ...get(17), ...get(1), ...i32lts, ...select, ...set(17),
        ...block([
          ...loop([
            ...get(14), ...get(17), ...i32ges, ...brIf(1),
            ...get(14), ...get(13), ...i32ne,
            ...ifThen([
              // l1 = syn0B + sen[j] * nbytes
              ...get(2), ...get(0), ...get(14), ...i32c(2), ...i32shl, ...i32add, ...i32load, ...get(6), ...i32mul,
              ...i32add, ...set(18),
              // work = 0
              ...i32c(0), ...set(21),
              ...loop([
                ...get(4), ...get(21), ...i32add, ...zero16, ...vstore,
                ...get(21), ...i32c(16), ...i32add, ...tee(21), ...get(6), ...i32ltu, ...brIf(0),
              ]),
              // positive: the centre word
              ...get(18), ...get(3), ...get(15), ...get(6), ...i32mul, ...i32add, ...get(4), ...get(6),
              ...f32const(1), ...get(11), ...get(5), ...call(0),
              // negatives
              ...i32c(0), ...set(19),
              ...block([
                ...loop([
                  ...get(19), ...get(10), ...i32ges, ...brIf(1),
                  ...xorshift,
                  ...get(7), ...get(12), ...get(8), ...i32remu, ...i32c(2), ...i32shl, ...i32add, ...i32load,
                  ...tee(20), ...get(15), ...i32ne,
                  ...ifThen([
                    ...get(18), ...get(3), ...get(20), ...get(6), ...i32mul, ...i32add, ...get(4), ...get(6),
                    ...f32const(0), ...get(11), ...get(5), ...call(0),
                  ]),
                  ...get(19), ...i32c(1), ...i32add, ...set(19),
                  ...br(0),
                ]),
              ]),
              ...get(18), ...get(4), ...get(6), ...call(1),
            ]),
            ...get(14), ...i32c(1), ...i32add, ...set(14),
            ...br(0),
          ]),
        ]),
        ...get(13), ...i32c(1), ...i32add, ...set(13),
        ...br(0),
      ]),
    ]),
    ...get(12),
  ],
);

/** The assembled module bytes. @internal */
export function sgnsWasmBytes(maxPages: number): Uint8Array {
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
        [0x60, ...vec([[I32], [I32], [I32], [I32], [F32], [F32], [I32]]), ...vec([])],
        [0x60, ...vec([[I32], [I32], [I32]]), ...vec([])],
        [0x60, ...vec([...new Array(11).fill([I32]), [F32], [I32]]), ...vec([[I32]])],
      ]),
    ),
    // memory import: flags 3 = has maximum + shared
    ...section(2, vec([[...str('env'), ...str('memory'), 0x02, 0x03, ...uleb(1), ...uleb(maxPages)]])),
    ...section(3, vec([[0], [1], [2]])),
    ...section(
      7,
      vec([
        [...str('sgd'), 0x00, 0],
        [...str('add'), 0x00, 1],
        [...str('sentence'), 0x00, 2],
      ]),
    ),
    ...section(10, vec([sgd, add, sentence])),
  ]);
}

/** The functions the kernel calls. @internal */
export interface SgnsWasm {
  sgd(l1: number, l2: number, work: number, nbytes: number, label: number, alpha: number, exp: number): void;
  add(dst: number, src: number, nbytes: number): void;
  sentence(...args: number[]): number;
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
