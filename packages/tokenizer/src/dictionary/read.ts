import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { DictionaryError } from '../errors.js';

function openDictionaryFile(file: string): number {
  try {
    return openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DictionaryError(
      file,
      code === 'ENOENT' ? 'missing dictionary file' : `cannot open dictionary file (${code ?? String(e)})`,
      { cause: e },
    );
  }
}

/**
 * Reads `length` bytes at `position` of a file into a fresh, 8-byte aligned buffer so typed-array
 * views can be laid on it.
 *
 * @param file - the path
 * @param position - where to start; 0 when omitted
 * @param length - how many bytes; up to the end of the file when omitted
 * @returns the bytes
 * @throws DictionaryError when the file is missing, unreadable or shorter than asked
 */
export function readAligned(file: string, position = 0, length?: number): Uint8Array {
  const fd = openDictionaryFile(file);
  try {
    const size = length ?? fstatSync(fd).size - position;
    const bytes = new Uint8Array(new ArrayBuffer(size));
    let off = 0;
    while (off < size) {
      const n = readSync(fd, bytes, off, size - off, position + off);
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

/**
 * The size of a file in bytes.
 *
 * @throws DictionaryError when the file is missing or cannot be opened
 */
export function fileSize(file: string): number {
  const fd = openDictionaryFile(file);
  try {
    return fstatSync(fd).size;
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
