import { DictionaryError } from '../errors.js';
import { readCString } from './read.js';

/** Number of UTF-16 code units char.bin describes (0..0xFFFE). */
const CHAR_TABLE_SIZE = 0xffff;

/** Bit layout of one char.bin word, low bit first. */
export const CATEGORY_MASK = 0x3ffff;
/** @returns the default category index of an info word */
export const defaultCategory = (info: number): number => (info >>> 18) & 0xff;
/** @returns the max unknown-word length of an info word */
export const unknownLength = (info: number): number => (info >>> 26) & 0xf;
/** @returns whether runs of the category are grouped */
export const isGroup = (info: number): boolean => ((info >>> 30) & 1) === 1;
/** @returns whether unknown words are proposed even when the dictionary matched */
export const isInvoke = (info: number): boolean => info >>> 31 === 1;

/** Character categories from `char.bin`. */
export interface CharProperty {
  /** Category names in index order (`DEFAULT`, `SPACE`, `HANGUL`, ...). */
  readonly names: string[];
  /** One info word per UTF-16 code unit 0..0xFFFE. */
  readonly map: Uint32Array;
}

/**
 * Parses `char.bin`.
 *
 * @param file - the path, for error messages
 * @param bytes - the file, 4-byte aligned
 * @returns the categories and the per-code-unit table
 */
export function parseCharProperty(file: string, bytes: Uint8Array): CharProperty {
  if (bytes.byteLength < 4) throw new DictionaryError(file, `truncated: ${bytes.byteLength} bytes`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  const expected = 4 + 32 * n + 4 * CHAR_TABLE_SIZE;
  if (bytes.byteLength !== expected) {
    throw new DictionaryError(
      file,
      `size ${bytes.byteLength} does not match ${n} categories (expected ${expected} bytes): truncated or not a char.bin`,
    );
  }
  const names: string[] = [];
  for (let i = 0; i < n; i++) names.push(readCString(bytes, 4 + 32 * i, 32));
  const map = new Uint32Array(bytes.buffer, bytes.byteOffset + 4 + 32 * n, CHAR_TABLE_SIZE);
  return { names, map };
}
