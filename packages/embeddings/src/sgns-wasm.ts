/**
 * Two WebAssembly SIMD functions for the skip-gram hot loop, assembled here byte by byte (no
 * toolchain needed; the module is ~200 bytes). Rows are padded to a multiple of 4 floats so the
 * loops run on whole f32x4 lanes. The memory is imported and shared, so worker threads run the
 * same module over the same weights.
 *
 * - `sgd(l1, l2, work, nbytes, label, alpha, exp)`: f = row(l1)·row(l2); skipped when |f| >= 6;
 *   g = (label - sigmoid(f)) * alpha (from the sigmoid table at `exp`, 1000 floats over [-6, 6]);
 *   work += g * row(l2); row(l2) += g * row(l1). (word2vec's update for one target.)
 * - `add(dst, src, nbytes)`: dst += src.
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

// sgd params: 0 l1, 1 l2, 2 work, 3 nbytes, 4 label, 5 alpha, 6 exp; locals: 7 acc, 8 i, 9 f, 10 gv, 11 x
const sgd = body(
  [
    [1, V128],
    [1, I32],
    [1, F32],
    [2, V128],
  ],
  [
    ...loop([
      ...get(7),
      ...get(0),
      ...get(8),
      ...i32add,
      ...vload,
      ...get(1),
      ...get(8),
      ...i32add,
      ...vload,
      ...vmul,
      ...vadd,
      ...set(7),
      ...get(8),
      ...i32c(16),
      ...i32add,
      ...set(8),
      ...get(8),
      ...get(3),
      ...i32ltu,
      0x0d,
      0,
    ]),
    ...get(7),
    ...lane(0),
    ...get(7),
    ...lane(1),
    ...f32add,
    ...get(7),
    ...lane(2),
    ...get(7),
    ...lane(3),
    ...f32add,
    ...f32add,
    ...set(9),
    ...get(9),
    ...f32abs,
    ...f32const(6),
    ...f32ge,
    ...ifThen([0x0f]),
    ...get(4),
    ...get(6),
    ...get(9),
    ...f32const(6),
    ...f32add,
    ...f32const(1000 / 12),
    ...f32mul,
    ...truncS,
    ...i32c(2),
    ...i32shl,
    ...i32add,
    ...f32load,
    ...f32sub,
    ...get(5),
    ...f32mul,
    ...splat,
    ...set(10),
    ...i32c(0),
    ...set(8),
    ...loop([
      ...get(1),
      ...get(8),
      ...i32add,
      ...vload,
      ...set(11),
      ...get(2),
      ...get(8),
      ...i32add,
      ...get(2),
      ...get(8),
      ...i32add,
      ...vload,
      ...get(10),
      ...get(11),
      ...vmul,
      ...vadd,
      ...vstore,
      ...get(1),
      ...get(8),
      ...i32add,
      ...get(11),
      ...get(10),
      ...get(0),
      ...get(8),
      ...i32add,
      ...vload,
      ...vmul,
      ...vadd,
      ...vstore,
      ...get(8),
      ...i32c(16),
      ...i32add,
      ...set(8),
      ...get(8),
      ...get(3),
      ...i32ltu,
      0x0d,
      0,
    ]),
  ],
);

// add params: 0 dst, 1 src, 2 nbytes; local 3 i
const add = body(
  [[1, I32]],
  [
    ...loop([
      ...get(0),
      ...get(3),
      ...i32add,
      ...get(0),
      ...get(3),
      ...i32add,
      ...vload,
      ...get(1),
      ...get(3),
      ...i32add,
      ...vload,
      ...vadd,
      ...vstore,
      ...get(3),
      ...i32c(16),
      ...i32add,
      ...set(3),
      ...get(3),
      ...get(2),
      ...i32ltu,
      0x0d,
      0,
    ]),
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
      ]),
    ),
    // memory import: flags 3 = has maximum + shared
    ...section(2, vec([[...str('env'), ...str('memory'), 0x02, 0x03, ...uleb(1), ...uleb(maxPages)]])),
    ...section(3, vec([[0], [1]])),
    ...section(
      7,
      vec([
        [...str('sgd'), 0x00, 0],
        [...str('add'), 0x00, 1],
      ]),
    ),
    ...section(10, vec([sgd, add])),
  ]);
}

/** The functions the kernel calls. @internal */
export interface SgnsWasm {
  sgd(l1: number, l2: number, work: number, nbytes: number, label: number, alpha: number, exp: number): void;
  add(dst: number, src: number, nbytes: number): void;
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
