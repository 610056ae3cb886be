import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ArtifactError,
  atomicWriteDir,
  atomicWriteFile,
  ConfigError,
  createProgress,
  DataFormatError,
  KorNlpError,
  removeSaveLeftovers,
} from '../src/index.js';

describe('errors', () => {
  it('every error is a KorNlpError with the component in the message', () => {
    const e = new ConfigError('pad', 'maxLen must be > 0, got -1');
    expect(e).toBeInstanceOf(KorNlpError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ConfigError');
    expect(e.message).toBe('[pad] maxLen must be > 0, got -1');
    expect(e.component).toBe('pad');
  });

  it('DataFormatError names file and line and keeps the cause', () => {
    const cause = new Error('inner');
    const e = new DataFormatError('readTsv', 'expected 3 columns, got 2', { file: 'a.tsv', line: 7, cause });
    expect(e.message).toBe('[readTsv] expected 3 columns, got 2 (a.tsv:7)');
    expect(e.line).toBe(7);
    expect(e.cause).toBe(cause);
    expect(new ArtifactError('x', 'y')).toBeInstanceOf(KorNlpError);
  });
});

describe('atomic writes', () => {
  it('atomicWriteFile replaces the file and leaves no temp files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kornlp-'));
    const f = join(dir, 'sub', 'a.json');
    await atomicWriteFile(f, 'one');
    await atomicWriteFile(f, 'two');
    expect(await readFile(f, 'utf8')).toBe('two');
    expect(await readdir(join(dir, 'sub'))).toEqual(['a.json']);
  });

  it('atomicWriteDir keeps the old directory when filling fails', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'kornlp-'));
    const dir = join(parent, 'model');
    await atomicWriteDir(dir, async (tmp) => writeFile(join(tmp, 'w.bin'), 'v1'));
    await expect(
      atomicWriteDir(dir, async (tmp) => {
        await writeFile(join(tmp, 'w.bin'), 'half');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await readFile(join(dir, 'w.bin'), 'utf8')).toBe('v1');
    expect(await readdir(parent)).toEqual(['model']);
    await atomicWriteDir(dir, async (tmp) => writeFile(join(tmp, 'w.bin'), 'v2'));
    expect(await readFile(join(dir, 'w.bin'), 'utf8')).toBe('v2');
    expect(await readdir(parent)).toEqual(['model']);
  });
});

describe('leftovers of saves killed mid-way', () => {
  // Above Linux's largest pid_max (2^22): no process can have it.
  const dead = 2 ** 22 + 17;
  const sorted = async (dir: string) => (await readdir(dir)).sort();

  it("removeSaveLeftovers removes dead processes' copies only, and keeps an .old copy that is the only one", async () => {
    const root = await mkdtemp(join(tmpdir(), 'kornlp-leftovers-'));
    const target = join(root, 'model');
    const names = [
      `.model.${dead}.00aa.tmp`,
      `.model.${dead}.00bb.old`,
      `.model.${process.pid}.00cc.tmp`, // a save in progress in this process
      `.other.${dead}.00dd.tmp`, // another artifact's
    ];
    for (const n of names) await mkdir(join(root, n));
    // Without the target, the dead process's .old copy is the only one: kept.
    expect(await removeSaveLeftovers(target)).toEqual([join(root, names[0]!)]);
    await mkdir(target);
    expect(await removeSaveLeftovers(target)).toEqual([join(root, names[1]!)]);
    expect(await sorted(root)).toEqual([names[2], names[3], 'model'].sort());
  });

  it("atomicWriteDir first removes its own target's dead temporaries, keeping live ones and unrelated files", async () => {
    const root = await mkdtemp(join(tmpdir(), 'kornlp-leftovers-'));
    const dir = join(root, 'model');
    await atomicWriteDir(dir, async (tmp) => writeFile(join(tmp, 'w.bin'), 'v1'));
    const stale = [`.model.${dead}.00aa.tmp`, `.model.${dead}.00bb.old`];
    const kept = [
      `.model.${process.pid}.00cc.tmp`, // a concurrent save in this (live) process
      `.other.${dead}.00dd.tmp`, // another target's
      `.model.${dead}.00ee.txt`, // not a save's name
      `.model.x${dead}.00ff.tmp`,
      'model.bak',
    ];
    for (const n of [...stale, ...kept]) await mkdir(join(root, n));
    let seenInFill: string[] = [];
    await atomicWriteDir(dir, async (tmp) => {
      seenInFill = (await readdir(root)).filter((n) => stale.includes(n));
      await writeFile(join(tmp, 'w.bin'), 'v2');
    });
    // Swept before the write, so a large stale copy does not sit on the disk during it.
    expect(seenInFill).toEqual([]);
    expect(await sorted(root)).toEqual([...kept, 'model'].sort());
    expect(await readFile(join(dir, 'w.bin'), 'utf8')).toBe('v2');
  });

  it("atomicWriteDir keeps a dead save's only copy (.old) until a complete directory replaces it", async () => {
    const root = await mkdtemp(join(tmpdir(), 'kornlp-leftovers-'));
    const dir = join(root, 'model');
    const aside = join(root, `.model.${dead}.00bb.old`);
    await mkdir(aside);
    let keptDuringFill = false;
    await atomicWriteDir(dir, async (tmp) => {
      keptDuringFill = existsSync(aside);
      await writeFile(join(tmp, 'w.bin'), 'new');
    });
    expect(keptDuringFill).toBe(true);
    expect(await sorted(root)).toEqual(['model']);
  });

  it("atomicWriteFile removes its own path's dead temporary files only", async () => {
    const root = await mkdtemp(join(tmpdir(), 'kornlp-leftovers-'));
    const stale = `.vocab.json.${dead}.00aa.tmp`;
    const kept = [`.vocab.json.${process.pid}.00bb.tmp`, `.other.json.${dead}.00cc.tmp`, 'notes.txt'];
    for (const n of [stale, ...kept]) await writeFile(join(root, n), 'x');
    await atomicWriteFile(join(root, 'vocab.json'), '{}');
    expect(await sorted(root)).toEqual([...kept, 'vocab.json'].sort());
  });

  it('a temporary of a process that is running is kept, and removed by the first save after SIGKILL', async () => {
    const root = await mkdtemp(join(tmpdir(), 'kornlp-leftovers-'));
    const dir = join(root, 'model');
    // The child makes what a save in progress looks like (its own pid in the name) and stays alive.
    const child = spawn(
      process.execPath,
      [
        '-e',
        `fs.mkdirSync(${JSON.stringify(root)} + '/.model.' + process.pid + '.0abc.tmp'); console.log('ready'); setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await once(child.stdout, 'data');
    const theirs = `.model.${child.pid}.0abc.tmp`;
    await atomicWriteDir(dir, async (tmp) => writeFile(join(tmp, 'w.bin'), 'v1'));
    expect(await sorted(root)).toEqual([theirs, 'model'].sort());
    child.kill('SIGKILL');
    await once(child, 'exit');
    await atomicWriteDir(dir, async (tmp) => writeFile(join(tmp, 'w.bin'), 'v2'));
    expect(await sorted(root)).toEqual(['model']);
  });
});

describe('progress', () => {
  it('prints plain lines without a TTY', () => {
    let text = '';
    const stream = {
      write: (s: string) => {
        text += s;
        return true;
      },
      isTTY: false,
    } as unknown as NodeJS.WriteStream;
    const p = createProgress({ total: 4, label: 'epoch 1', stream, intervalMs: 0 });
    for (let i = 0; i < 4; i++) p.tick(1, { loss: 0.25 });
    p.done();
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^epoch 1 1\/4 \(25%\) eta \S+ [\d.]+\/s loss=0.2500$/);
    expect(lines[4]).toMatch(/4\/4 \(100%\).* done in/);
    expect(text).not.toContain('\r');
  });

  it('draws a bar in place on a TTY', () => {
    let text = '';
    const stream = {
      write: (s: string) => {
        text += s;
        return true;
      },
      isTTY: true,
    } as unknown as NodeJS.WriteStream;
    const p = createProgress({ total: 2, stream });
    p.tick();
    p.tick();
    p.done();
    expect(text).toContain('\r\x1b[2K');
    expect(text).toMatch(/\[=+ *\]/);
  });
});
