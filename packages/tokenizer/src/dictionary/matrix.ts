import { DictionaryError } from '../errors.js';

/** Connection costs from `matrix.bin`: cost(L, R) = `costs[L.rightId + lsize * R.leftId]`. */
export interface ConnectionMatrix {
  readonly lsize: number;
  readonly rsize: number;
  readonly costs: Int16Array;
}

/**
 * Parses `matrix.bin`.
 *
 * @param file - the path, for error messages
 * @param bytes - the file, 2-byte aligned
 * @returns the matrix view
 */
export function parseMatrix(file: string, bytes: Uint8Array): ConnectionMatrix {
  if (bytes.byteLength < 4) throw new DictionaryError(file, `truncated: ${bytes.byteLength} bytes`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, 4);
  const lsize = dv.getUint16(0, true);
  const rsize = dv.getUint16(2, true);
  const expected = 4 + 2 * lsize * rsize;
  if (bytes.byteLength !== expected) {
    throw new DictionaryError(
      file,
      `size ${bytes.byteLength} does not match ${lsize}×${rsize} costs (expected ${expected} bytes): truncated or not a matrix.bin`,
    );
  }
  return { lsize, rsize, costs: new Int16Array(bytes.buffer, bytes.byteOffset + 4, lsize * rsize) };
}
