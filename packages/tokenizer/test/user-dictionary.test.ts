import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DataFormatError } from '@kornlp/core';
import { describe, expect, it } from 'vitest';
import { createTokenizer } from '../src/index.js';

describe('user dictionary', () => {
  it('a runtime word joins the lattice and wins over a split', async () => {
    const tok = await createTokenizer();
    expect(tok.morphs('뉴진스가 왔다')).not.toContain('뉴진스');
    tok.userDictionary.add({ surface: '뉴진스', pos: 'NNP' });
    const [first] = tok.pos('뉴진스가 왔다');
    expect(first).toMatchObject({ surface: '뉴진스', pos: 'NNP', start: 0, end: 3 });
    expect(first!.features.hasFinalConsonant).toBe(false);
    expect(tok.mecab('뉴진스')).toBe('뉴진스\tNNP,*,F,뉴진스,*,*,*,*\nEOS\n');
  });

  it('an explicit high cost loses to the system analysis', async () => {
    const tok = await createTokenizer({ userWords: [{ surface: '가방에', pos: 'NNG', cost: 30000 }] });
    expect(tok.morphs('가방에')).toEqual(['가방', '에']);
  });

  it('loads a mecab-ko-dic style CSV with automatic and explicit columns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kornlp-user-'));
    try {
      const file = join(dir, 'words.csv');
      writeFileSync(
        file,
        '# comment\n딥러닝,,,,NNG,*,T,딥러닝,*,*,*,*\n코엔엘피,1781,3533,0,NNP,*,F,코엔엘피,*,*,*,*\n',
      );
      const tok = await createTokenizer({ userDictionary: file });
      expect(tok.userDictionary.size).toBe(2);
      expect(tok.pos('딥러닝을 코엔엘피로', { join: true }).slice(0, 1)).toEqual(['딥러닝/NNG']);
      expect(tok.morphs('코엔엘피')).toEqual(['코엔엘피']);
      writeFileSync(file, '단어,x,,,NNG\n');
      await expect(createTokenizer({ userDictionary: file })).rejects.toThrow(DataFormatError);
      await expect(createTokenizer({ userDictionary: file })).rejects.toThrow(/words\.csv:1/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad words with a ConfigError', async () => {
    const tok = await createTokenizer();
    expect(() => tok.userDictionary.add({ surface: '' })).toThrow(ConfigError);
    expect(() => tok.userDictionary.add({ surface: '두 단어' })).toThrow(/without whitespace/);
    expect(() => tok.userDictionary.add({ surface: '낱말', pos: 'NOPE' })).toThrow(
      /no system entry has POS "NOPE"/,
    );
    expect(() => tok.userDictionary.add({ surface: '낱말', cost: 1e6 })).toThrow(/cost must be an integer/);
  });
});
