import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { removeSaveLeftovers, saveSibling } from './leftovers.js';

/**
 * Writes a file atomically: the data goes to a temporary file in the same directory, which is
 * then renamed over the target, so readers see either the old file or the new one, never half.
 * Temporary files that earlier saves of the same path left when their process was killed are
 * removed first (see {@link removeSaveLeftovers}); a running process's are left alone.
 *
 * @param path - the file to write; its directory is created if missing
 * @param data - the contents
 * @example
 * ```ts
 * await atomicWriteFile('/tmp/kornlp-example.json', '{"ok":true}');
 * ```
 */
export async function atomicWriteFile(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await removeSaveLeftovers(path);
  const tmp = saveSibling(path, `${process.pid}.${randomBytes(4).toString('hex')}`, 'tmp');
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes a whole directory atomically: `fill` writes into a fresh temporary sibling directory,
 * which then replaces `dir` by rename. If `fill` throws, `dir` is left as it was. What earlier saves
 * of the same `dir` left when their process was killed mid-way is removed (see
 * {@link removeSaveLeftovers}); a running process's temporary copies are left alone.
 *
 * @param dir - the directory to (re)create
 * @param fill - writes the contents into the temporary directory it is given
 * @example
 * ```ts
 * import { readdir, writeFile } from 'node:fs/promises';
 * import { atomicWriteDir } from '@kornlp/core';
 * await atomicWriteDir('/tmp/kornlp-example-dir', async (tmp) => {
 *   await writeFile(`${tmp}/a.txt`, 'a');
 *   await writeFile(`${tmp}/b.txt`, 'b');
 * });
 * console.log(await readdir('/tmp/kornlp-example-dir')); // [ 'a.txt', 'b.txt' ]
 * ```
 */
export async function atomicWriteDir(dir: string, fill: (tmpDir: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(dir), { recursive: true });
  await removeSaveLeftovers(dir);
  const suffix = `${process.pid}.${randomBytes(4).toString('hex')}`;
  const tmp = saveSibling(dir, suffix, 'tmp');
  const old = saveSibling(dir, suffix, 'old');
  await mkdir(tmp, { recursive: true });
  try {
    await fill(tmp);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  let moved = false;
  try {
    await rename(dir, old);
    moved = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      await rm(tmp, { recursive: true, force: true });
      throw e;
    }
  }
  await rename(tmp, dir);
  if (moved) await rm(old, { recursive: true, force: true });
  // With no `dir` before, a dead save's `.old` copy may have been the only one, so it was kept;
  // now that a complete `dir` is in place it can go.
  else await removeSaveLeftovers(dir);
}
