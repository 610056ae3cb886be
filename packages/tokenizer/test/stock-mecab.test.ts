import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTokenizer } from '../src/index.js';

// Lines without spacing ambiguity and Debian MeCab's output for them (see fixtures/stock-mecab/generate.ts).
const dir = new URL('./fixtures/stock-mecab/', import.meta.url);
const lines = readFileSync(fileURLToPath(new URL('sentences.txt', dir)), 'utf8')
  .split('\n')
  .slice(0, -1);
const expected = readFileSync(fileURLToPath(new URL('sentences.stock-mecab.txt', dir)), 'utf8');
const haveMecab = spawnSync('mecab', ['--version']).status === 0;

describe('in-repo fixture from stock MeCab', () => {
  it('the built-in analyzer prints what stock MeCab printed', async () => {
    const tok = await createTokenizer();
    expect(lines.length).toBeGreaterThan(40);
    expect(lines.map((l) => tok.mecab(l)).join('')).toBe(expected);
  });

  it.skipIf(!haveMecab)('the mecab engine reproduces the fixture (skipped: no mecab binary)', async () => {
    const tok = await createTokenizer({ engine: 'mecab' });
    try {
      expect(await tok.mecab(lines.join('\n'))).toBe(expected);
    } finally {
      await tok.close();
    }
  });
});
