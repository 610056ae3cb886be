import { ConfigError } from '@kornlp/core';
import { describe, expect, it } from 'vitest';
import { createMecabYaCompat, createTokenizer, expandToken } from '../src/index.js';
import mecabYa, { posSync } from '../src/mecab-ya.js';

describe('createTokenizer API', () => {
  it('pos returns tokens with features and UTF-16 offsets', async () => {
    const tok = await createTokenizer();
    const tokens = tok.pos('우리 가게로 오세요😀');
    expect(tokens.map((t) => [t.surface, t.pos, t.start, t.end, t.eojeol])).toEqual([
      ['우리', 'NP', 0, 2, 0],
      ['가게', 'NNG', 3, 5, 1],
      ['로', 'JKB', 5, 6, 1],
      ['오', 'VV', 7, 8, 2],
      ['세요', 'EP+EF', 8, 10, 2],
      ['😀', 'SY', 10, 12, 2],
    ]);
    expect(tokens[1]!.features).toEqual({
      semanticClass: '장소',
      hasFinalConsonant: false,
      reading: '가게',
      type: null,
      firstPos: null,
      lastPos: null,
      expression: null,
    });
  });

  it('nouns follows KoNLPy (tags starting with N)', async () => {
    const tok = await createTokenizer();
    expect(tok.nouns('아버지가방에들어가신다')).toEqual(['아버지', '방']);
  });

  it('expand splits Inflect tokens; spelled compounds get their own offsets', async () => {
    const tok = await createTokenizer({ expand: true });
    expect(tok.pos('아버지가 들어가신다', { join: true }).slice(-3)).toEqual([
      '들어가/VV',
      '시/EP',
      'ㄴ다/EC',
    ]);
    const parts = expandToken({
      surface: '가방끈',
      pos: 'NNG',
      features: {
        semanticClass: null,
        hasFinalConsonant: true,
        reading: '가방끈',
        type: 'Compound',
        firstPos: 'NNG',
        lastPos: 'NNG',
        expression: '가방/NNG/*+끈/NNG/*',
      },
      start: 4,
      end: 7,
      eojeol: 1,
    });
    expect(parts.map((t) => [t.surface, t.start, t.end])).toEqual([
      ['가방', 4, 6],
      ['끈', 6, 7],
    ]);
    // contracted parts cannot be located: they carry the whole span
    const inflect = tok.pos('들어가신다').filter((t) => t.pos === 'EP' || t.pos === 'EC');
    expect(inflect.map((t) => [t.surface, t.start, t.end])).toEqual([
      ['시', 3, 5],
      ['ㄴ다', 3, 5],
    ]);
  });

  it('mecab() formats like mecab, EOS per line', async () => {
    const tok = await createTokenizer();
    expect(tok.mecab('')).toBe('EOS\n');
    expect(tok.mecab('가\n')).toBe(`${tok.mecab('가')}EOS\n`);
  });

  it('rejects an unknown engine', async () => {
    await expect(createTokenizer({ engine: 'kiwi' } as never)).rejects.toThrow(ConfigError);
    await expect(createTokenizer({ engine: 'kiwi' } as never)).rejects.toThrow(
      /engine must be one of builtin/,
    );
  });
});

describe('mecab-ya compatible adapter', () => {
  const text = '아버지가방에들어가신다';
  it("gives mecab-ya's result shapes through callbacks", async () => {
    const mecab = createMecabYaCompat();
    const call = <T>(f: (t: string, cb: (e: Error | null, r?: T) => void) => void) =>
      new Promise<T>((resolve, reject) => f(text, (e, r) => (e ? reject(e) : resolve(r as T))));
    expect(await call(mecab.pos)).toEqual([
      ['아버지', 'NNG'],
      ['가', 'JKS'],
      ['방', 'NNG'],
      ['에', 'JKB'],
      ['들어가', 'VV'],
      ['신다', 'EP+EC'],
    ]);
    expect(await call(mecab.morphs)).toEqual(['아버지', '가', '방', '에', '들어가', '신다']);
    expect(await call(mecab.nouns)).toEqual(['아버지', '방']);
    const all = await call(mecab.all);
    expect(all[5]).toEqual(['신다', 'EP+EC', '*', 'F', '신다', 'Inflect', 'EP', 'EC', '시/EP/*+ㄴ다/EC/*']);
  });

  it('the sub-path module is a drop-in object with sync variants', () => {
    expect(posSync('-n \\c')).toEqual(mecabYa.posSync('-n \\c'));
    expect(mecabYa.morphsSync('-n')).toEqual(['-', 'n']);
    expect(mecabYa.nounsSync('가방을 샀다')).toEqual(['가방']);
  });
});
