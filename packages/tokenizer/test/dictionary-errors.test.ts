import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KorNlpError } from '@kornlp/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createTokenizer, DictionaryError, defaultDictionaryDir } from '../src/index.js';

const FILES = ['dicrc', 'sys.dic', 'unk.dic', 'char.bin', 'matrix.bin'];
const dirs: string[] = [];

/** A temporary copy of the dictionary: small files copied, sys.dic and matrix.bin linked unless asked. */
function copyDict(copy: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'kornlp-dict-'));
  dirs.push(dir);
  for (const f of FILES) {
    const src = join(defaultDictionaryDir(), f);
    if (copy.includes(f) || f === 'dicrc' || f === 'unk.dic' || f === 'char.bin')
      copyFileSync(src, join(dir, f));
    else symlinkSync(src, join(dir, f));
  }
  return dir;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function failure(dir: string): Promise<DictionaryError> {
  try {
    await createTokenizer({ dictDir: dir });
  } catch (e) {
    expect(e).toBeInstanceOf(DictionaryError);
    expect(e).toBeInstanceOf(KorNlpError);
    return e as DictionaryError;
  }
  throw new Error('expected a DictionaryError');
}

describe('DictionaryError', () => {
  it('names a missing directory by its dicrc', async () => {
    const e = await failure('/nonexistent/kornlp-dict');
    expect(e.file).toBe('/nonexistent/kornlp-dict/dicrc');
    expect(e.message).toMatch(/missing dictionary file/);
  });

  for (const f of ['char.bin', 'unk.dic', 'matrix.bin', 'sys.dic']) {
    it(`names a missing ${f}`, async () => {
      const dir = copyDict();
      rmSync(join(dir, f));
      const e = await failure(dir);
      expect(e.file).toBe(join(dir, f));
      expect(e.message).toMatch(/missing dictionary file/);
    });
  }

  it('rejects unk.dic with a bad magic number', async () => {
    const dir = copyDict();
    const bytes = readFileSync(join(dir, 'unk.dic'));
    bytes[0] = bytes[0]! ^ 0xff;
    writeFileSync(join(dir, 'unk.dic'), bytes);
    const e = await failure(dir);
    expect(e.file).toBe(join(dir, 'unk.dic'));
    expect(e.message).toMatch(/bad magic/);
  });

  it('rejects a truncated unk.dic (the magic encodes the size)', async () => {
    const dir = copyDict();
    truncateSync(join(dir, 'unk.dic'), 1000);
    const e = await failure(dir);
    expect(e.message).toMatch(/bad magic .* 1000-byte file/);
  });

  it('rejects a header shorter than 72 bytes', async () => {
    const dir = copyDict();
    truncateSync(join(dir, 'unk.dic'), 10);
    expect((await failure(dir)).message).toMatch(/truncated: 10 bytes/);
  });

  it('rejects a truncated char.bin', async () => {
    const dir = copyDict();
    truncateSync(join(dir, 'char.bin'), 5000);
    const e = await failure(dir);
    expect(e.file).toBe(join(dir, 'char.bin'));
    expect(e.message).toMatch(/size 5000 does not match 13 categories/);
  });

  it('rejects a matrix.bin whose size disagrees with its header', async () => {
    const dir = copyDict();
    rmSync(join(dir, 'matrix.bin'));
    writeFileSync(join(dir, 'matrix.bin'), Buffer.from([2, 0, 2, 0, 0, 0]));
    const e = await failure(dir);
    expect(e.file).toBe(join(dir, 'matrix.bin'));
    expect(e.message).toMatch(/size 6 does not match 2×2 costs \(expected 12 bytes\)/);
  });

  it('rejects a dicrc without bos-feature and a bad penalty list', async () => {
    const dir = copyDict();
    writeFileSync(join(dir, 'dicrc'), 'cost-factor = 800\n');
    expect((await failure(dir)).message).toMatch(/bos-feature is not set/);
    writeFileSync(join(dir, 'dicrc'), 'bos-feature = BOS/EOS,*\nleft-space-penalty-factor = 100,x\n');
    expect((await failure(dir)).message).toMatch(/bad pair "100,x"/);
  });
});
