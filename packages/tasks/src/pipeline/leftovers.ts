import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

// atomicWriteDir works in `.<name>.<pid>.<hex>.tmp` beside the target and moves the old copy to
// `.<name>.<pid>.<hex>.old` during the swap; a process killed mid-save leaves them behind.
const LEFTOVER = /^\.(.+)\.(\d+)\.[0-9a-f]+\.(tmp|old)$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what saves of `dir` killed mid-way left beside it: half-written `.tmp` copies, and
 * `.old` copies once `dir` itself exists again. Only leftovers of processes that are no longer
 * running are touched, so a save in progress elsewhere is safe; an `.old` copy that is the only
 * one left (the crash came between the two renames) is kept for the user to move back.
 *
 * @param dir - an artifact directory written with atomicWriteDir
 * @returns the paths removed
 * @example
 * ```ts
 * console.log(await removeSaveLeftovers('models/sentiment')); // [ 'models/.sentiment.4242.0badc0de.tmp' ]
 * ```
 */
export async function removeSaveLeftovers(dir: string): Promise<string[]> {
  const parent = dirname(dir);
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = LEFTOVER.exec(name);
    if (!m || m[1] !== basename(dir) || alive(Number(m[2]))) continue;
    if (m[3] === 'old' && !existsSync(dir)) continue;
    const path = join(parent, name);
    await rm(path, { recursive: true, force: true });
    removed.push(path);
  }
  return removed;
}
