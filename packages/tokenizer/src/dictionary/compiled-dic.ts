import { DictionaryError } from '../errors.js';
import { fileSize, readAligned, readCString } from './read.js';

const DIC_MAGIC = 0xef718f77;
const DIC_VERSION = 102;
const HEADER_BYTES = 40 + 32;
/** The feature-string area is read from the file in pieces of this many bytes, on first use. */
export const FEATURE_CHUNK = 1 << 18;

/**
 * A compiled MeCab dictionary file (`sys.dic`, `unk.dic`, or a compiled user `.dic`) viewed in place:
 * the Darts double-array over UTF-8 keys, the 16-byte token table and the feature-string area.
 */
export interface CompiledDic {
  /** Where it was read from. */
  readonly file: string;
  /** 0 system, 1 user, 2 unknown-word dictionary. */
  readonly type: number;
  /** Number of tokens. */
  readonly lexsize: number;
  /** Left/right context sizes recorded in the header. */
  readonly lsize: number;
  readonly rsize: number;
  /** Charset name from the header, e.g. `UTF-8`. */
  readonly charset: string;
  /** Double-array units: `da[2i]` base (int32), `da[2i+1]` check (stored uint32, always < 2^31). */
  readonly da: Int32Array;
  /** Token table as uint16: `[8t]` left id, `[8t+1]` right id, `[8t+2]` posid. */
  readonly tokU16: Uint16Array;
  /** Token table as int16: `[8t+3]` word cost. */
  readonly tokI16: Int16Array;
  /** Token table as uint32: `[4t+2]` feature offset. */
  readonly tokU32: Uint32Array;
  /** Size of the feature-string area in bytes. */
  readonly featureBytes: number;
  /**
   * The whole feature-string area (NUL-terminated UTF-8 strings), read from the file on first
   * access; analysis itself only reads single strings (see {@link featureAt}).
   */
  readonly features: Uint8Array;
  /** @internal Piece `index` of the feature area (`FEATURE_CHUNK` bytes), read on first use. */
  featureChunk(index: number): Uint8Array;
}

/**
 * Reads a compiled dictionary's header, double-array and token table, and checks them. The
 * feature strings (nearly half of sys.dic) stay on disk until a token's features are needed.
 *
 * @param file - the path
 * @returns typed-array views over the sections
 * @throws DictionaryError naming the file when it is missing, truncated or not a compiled dictionary
 */
export function readCompiledDic(file: string): CompiledDic {
  const size = fileSize(file);
  if (size < HEADER_BYTES) {
    throw new DictionaryError(
      file,
      `truncated: ${size} bytes is shorter than the ${HEADER_BYTES}-byte header`,
    );
  }
  const header = readAligned(file, 0, HEADER_BYTES);
  const dv = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const u = (i: number) => dv.getUint32(i * 4, true);
  const magic = u(0);
  if ((magic ^ DIC_MAGIC) >>> 0 !== size) {
    const expected = (DIC_MAGIC ^ size) >>> 0;
    throw new DictionaryError(
      file,
      `bad magic 0x${magic.toString(16)} (expected 0x${expected.toString(16)} for a ${size}-byte file): not a compiled MeCab dictionary, or truncated`,
    );
  }
  const version = u(1);
  if (version !== DIC_VERSION) {
    throw new DictionaryError(file, `unsupported dictionary version ${version} (expected ${DIC_VERSION})`);
  }
  const type = u(2);
  const lexsize = u(3);
  const lsize = u(4);
  const rsize = u(5);
  const dsize = u(6);
  const tsize = u(7);
  const fsize = u(8);
  const charset = readCString(header, 40, 32);
  if (HEADER_BYTES + dsize + tsize + fsize !== size) {
    throw new DictionaryError(
      file,
      `section sizes (header ${HEADER_BYTES} + double-array ${dsize} + tokens ${tsize} + features ${fsize}) do not add up to the file size ${size}`,
    );
  }
  if (dsize % 8 !== 0 || tsize % 16 !== 0 || tsize / 16 !== lexsize) {
    throw new DictionaryError(
      file,
      `corrupt header: double-array size ${dsize} must be a multiple of 8 and token size ${tsize} must be 16 × lexsize (${lexsize})`,
    );
  }
  const body = readAligned(file, HEADER_BYTES, dsize + tsize);
  const buf = body.buffer;
  const featureStart = HEADER_BYTES + dsize + tsize;
  const chunks: (Uint8Array | undefined)[] = [];
  let whole: Uint8Array | undefined;
  return {
    file,
    type,
    lexsize,
    lsize,
    rsize,
    charset,
    da: new Int32Array(buf, 0, dsize / 4),
    tokU16: new Uint16Array(buf, dsize, tsize / 2),
    tokI16: new Int16Array(buf, dsize, tsize / 2),
    tokU32: new Uint32Array(buf, dsize, tsize / 4),
    featureBytes: fsize,
    get features(): Uint8Array {
      whole ??= readAligned(file, featureStart, fsize);
      return whole;
    },
    featureChunk(index: number): Uint8Array {
      let c = chunks[index];
      if (c === undefined) {
        const from = index * FEATURE_CHUNK;
        c = whole
          ? whole.subarray(from, from + FEATURE_CHUNK)
          : readAligned(file, featureStart + from, Math.min(FEATURE_CHUNK, fsize - from));
        chunks[index] = c;
      }
      return c;
    },
  };
}

/**
 * Exact-match search of a key in the double-array.
 *
 * @returns the stored value (token index << 8 | count), or -1
 */
export function exactMatch(da: Int32Array, key: Uint8Array): number {
  let b = da[0]!;
  for (let i = 0; i < key.length; i++) {
    const p = b + key[i]! + 1;
    if (da[2 * p + 1] !== b) return -1;
    b = da[2 * p]!;
  }
  const n = da[2 * b]!;
  if (da[2 * b + 1] === b && n < 0) return -n - 1;
  return -1;
}

/** Reads the NUL-terminated feature string at `off`. */
export function featureAt(dic: CompiledDic, off: number): string {
  let index = Math.floor(off / FEATURE_CHUNK);
  let chunk = dic.featureChunk(index);
  let from = off - index * FEATURE_CHUNK;
  let end = from;
  while (end < chunk.length && chunk[end] !== 0) end++;
  if (end < chunk.length || (index + 1) * FEATURE_CHUNK >= dic.featureBytes) {
    return Buffer.from(chunk.buffer, chunk.byteOffset + from, end - from).toString('utf8');
  }
  // The string runs into the next piece(s).
  const parts: Uint8Array[] = [chunk.subarray(from)];
  for (;;) {
    index++;
    if (index * FEATURE_CHUNK >= dic.featureBytes) break;
    chunk = dic.featureChunk(index);
    from = 0;
    end = 0;
    while (end < chunk.length && chunk[end] !== 0) end++;
    parts.push(chunk.subarray(0, end));
    if (end < chunk.length) break;
  }
  return Buffer.concat(parts).toString('utf8');
}
