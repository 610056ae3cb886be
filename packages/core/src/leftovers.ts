import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

// atomicWriteFile and atomicWriteDir work in `.<name>.<pid>.<hex>.tmp` beside the target, and
// atomicWriteDir moves the old copy to `.<name>.<pid>.<hex>.old` during its swap: a process killed
// mid-save leaves them behind. The pid in the name tells whose they are.
const TAIL = /^(\d+)\.[0-9a-f]+\.(tmp|old)$/;

/** The sibling of `target` a save works in (`tmp`) or sets the previous copy aside as (`old`). */
export function saveSibling(target: string, suffix: string, kind: 'tmp' | 'old'): string {
  return join(dirname(target), `.${basename(target)}.${suffix}.${kind}`);
}

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
 * Removes what saves of `target` killed mid-way left beside it: half-written `.tmp` copies, and
 * `.old` copies once `target` itself exists again. Only leftovers of processes that are no longer
 * running are touched, so a save in progress elsewhere is safe; an `.old` copy that is the only
 * one left (the crash came between atomicWriteDir's two renames) is kept for the user to move back.
 * atomicWriteFile and atomicWriteDir call this themselves; call it to tidy up without saving.
 *
 * @param target - a file or directory written with atomicWriteFile or atomicWriteDir
 * @returns the paths removed
 * @example
 * ```ts
 * import { mkdir } from 'node:fs/promises';
 * import { removeSaveLeftovers } from '@kornlp/core';
 * // What a save killed by SIGKILL leaves: pid 4194321 is above Linux's largest, so never running.
 * await mkdir('/tmp/kornlp-example/.model.4194321.0badc0de.tmp', { recursive: true });
 * console.log(await removeSaveLeftovers('/tmp/kornlp-example/model'));
 * // [ '/tmp/kornlp-example/.model.4194321.0badc0de.tmp' ]
 * ```
 */
export async function removeSaveLeftovers(target: string): Promise<string[]> {
  const parent = dirname(target);
  const prefix = `.${basename(target)}.`;
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = TAIL.exec(name.slice(prefix.length));
    if (!m || alive(Number(m[1]))) continue;
    if (m[2] === 'old' && !existsSync(target)) continue;
    const path = join(parent, name);
    await rm(path, { recursive: true, force: true });
    removed.push(path);
  }
  return removed;
}
