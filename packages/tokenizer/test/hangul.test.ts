import { ConfigError } from '@kornlp/core';
import { describe, expect, it } from 'vitest';
import { compose, createTokenizer, decompose, hasFinalConsonant, normalize } from '../src/index.js';

describe('Hangul tools', () => {
  it('decomposes syllables into jamo, compound letters split', () => {
    expect(decompose('닭이')).toEqual(['ㄷ', 'ㅏ', 'ㄹ', 'ㄱ', 'ㅇ', 'ㅣ']);
    expect(decompose('과a')).toEqual(['ㄱ', 'ㅗ', 'ㅏ', 'a']);
  });

  it('composes jamo back (round trip)', () => {
    expect(compose(['ㄷ', 'ㅏ', 'ㄹ', 'ㄱ', 'ㅇ', 'ㅣ'])).toBe('닭이');
    expect(compose('ㅎㅏㄴㄱㅡㄹ')).toBe('한글');
    for (const s of ['아버지가방에들어가신다', '값싼 닭고기', '뷁']) expect(compose(decompose(s))).toBe(s);
  });

  it('tests the final consonant from the syllable arithmetic', () => {
    // 가 = U+AC00 (no final), 각 = U+AC01 (final ㄱ), 힣 = U+D7A3 (final ㅎ)
    expect([hasFinalConsonant('가'), hasFinalConsonant('각'), hasFinalConsonant('힣')]).toEqual([
      false,
      true,
      true,
    ]);
    expect([
      hasFinalConsonant('사과'),
      hasFinalConsonant('책'),
      hasFinalConsonant('abc'),
      hasFinalConsonant(''),
    ]).toEqual([false, true, null, null]);
  });

  it('normalizes to NFC and squeezes repeats on request', () => {
    expect(normalize('\u1112\u1161\u11ab')).toBe('한');
    expect(normalize('ㅋㅋㅋㅋ 좋아요!!!!')).toBe('ㅋㅋㅋㅋ 좋아요!!!!');
    expect(normalize('ㅋㅋㅋㅋ 좋아요!!!!', { squeeze: 2 })).toBe('ㅋㅋ 좋아요!!');
    expect(normalize('😀😀😀', { squeeze: 1 })).toBe('😀');
    expect(normalize('\u1112\u1161\u11ab', { form: false })).toBe('\u1112\u1161\u11ab');
    expect(() => normalize('x', { squeeze: 0 })).toThrow(ConfigError);
  });

  it('syllable and jamo tokenizers share the morpheme interface', async () => {
    const syl = await createTokenizer({ engine: 'syllable' });
    expect(syl.pos('한글 ok😀', { join: true })).toEqual([
      '한/HANGUL',
      '글/HANGUL',
      'o/ALPHA',
      'k/ALPHA',
      '😀/OTHER',
    ]);
    const emoji = syl.pos('a😀')[1]!;
    expect([emoji.start, emoji.end]).toEqual([1, 3]);
    const jamo = await createTokenizer({ engine: 'jamo' });
    expect(jamo.morphs('닭 a')).toEqual(['ㄷ', 'ㅏ', 'ㄹ', 'ㄱ', 'a']);
    expect(jamo.pos('닭').every((t) => t.start === 0 && t.end === 1)).toBe(true);
  });
});
