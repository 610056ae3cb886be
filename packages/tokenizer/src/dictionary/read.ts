import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { DictionaryError } from '../errors.js';

/**
 * Reads a whole file into a fresh, 8-byte aligned buffer so typed-array views can be laid on it.
 *
 * @param file - the path
 * @returns the bytes
 */
export function readAligned(file: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DictionaryError(
      file,
      code === 'ENOENT' ? 'missing dictionary file' : `cannot open dictionary file (${code ?? String(e)})`,
      { cause: e },
    );
  }
  try {
    const size = fstatSync(fd).size;
    const bytes = new Uint8Array(new ArrayBuffer(size));
    let off = 0;
    while (off < size) {
      const n = readSync(fd, bytes, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    if (off !== size) throw new DictionaryError(file, `short read: got ${off} of ${size} bytes`);
    return bytes;
  } catch (e) {
    if (e instanceof DictionaryError) throw e;
    throw new DictionaryError(file, `cannot read dictionary file (${String(e)})`, { cause: e });
  } finally {
    closeSync(fd);
  }
}

/** Reads a NUL-padded ASCII/UTF-8 name of `len` bytes at `off`. */
export function readCString(bytes: Uint8Array, off: number, len: number): string {
  let end = off;
  const stop = off + len;
  while (end < stop && bytes[end] !== 0) end++;
  return Buffer.from(bytes.buffer, bytes.byteOffset + off, end - off).toString('utf8');
}
