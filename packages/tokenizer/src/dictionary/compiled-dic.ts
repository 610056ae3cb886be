import { DictionaryError } from '../errors.js';
import { readCString } from './read.js';

const DIC_MAGIC = 0xef718f77;
const DIC_VERSION = 102;
const HEADER_BYTES = 40 + 32;

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
  /** The feature-string area (NUL-terminated UTF-8 strings). */
  readonly features: Uint8Array;
}

/**
 * Lays typed-array views over the bytes of a compiled dictionary after checking its header.
 *
 * @param file - the path, for error messages
 * @param bytes - the whole file, 8-byte aligned (see `readAligned`)
 * @returns the views
 */
export function parseCompiledDic(file: string, bytes: Uint8Array): CompiledDic {
  if (bytes.byteLength < HEADER_BYTES) {
    throw new DictionaryError(
      file,
      `truncated: ${bytes.byteLength} bytes is shorter than the ${HEADER_BYTES}-byte header`,
    );
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u = (i: number) => dv.getUint32(i * 4, true);
  const magic = u(0);
  if ((magic ^ DIC_MAGIC) >>> 0 !== bytes.byteLength) {
    const expected = (DIC_MAGIC ^ bytes.byteLength) >>> 0;
    throw new DictionaryError(
      file,
      `bad magic 0x${magic.toString(16)} (expected 0x${expected.toString(16)} for a ${bytes.byteLength}-byte file): not a compiled MeCab dictionary, or truncated`,
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
  const charset = readCString(bytes, 40, 32);
  if (HEADER_BYTES + dsize + tsize + fsize !== bytes.byteLength) {
    throw new DictionaryError(
      file,
      `section sizes (header ${HEADER_BYTES} + double-array ${dsize} + tokens ${tsize} + features ${fsize}) do not add up to the file size ${bytes.byteLength}`,
    );
  }
  if (dsize % 8 !== 0 || tsize % 16 !== 0 || tsize / 16 !== lexsize) {
    throw new DictionaryError(
      file,
      `corrupt header: double-array size ${dsize} must be a multiple of 8 and token size ${tsize} must be 16 × lexsize (${lexsize})`,
    );
  }
  const base = bytes.byteOffset;
  const tokOff = base + HEADER_BYTES + dsize;
  return {
    file,
    type,
    lexsize,
    lsize,
    rsize,
    charset,
    da: new Int32Array(bytes.buffer, base + HEADER_BYTES, dsize / 4),
    tokU16: new Uint16Array(bytes.buffer, tokOff, tsize / 2),
    tokI16: new Int16Array(bytes.buffer, tokOff, tsize / 2),
    tokU32: new Uint32Array(bytes.buffer, tokOff, tsize / 4),
    features: new Uint8Array(bytes.buffer, tokOff + tsize, fsize),
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
  const f = dic.features;
  let end = off;
  while (end < f.length && f[end] !== 0) end++;
  return Buffer.from(f.buffer, f.byteOffset + off, end - off).toString('utf8');
}
