import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
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
