import { ConfigError } from '@kornlp/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compose, createTokenizer, decompose, hasFinalConsonant, normalize } from '../src/index.js';

describe('Hangul tools', () => {
  it('decomposes syllables into jamo, compound letters split', () => {
    expect(decompose('닭이')).toEqual(['ㄷ', 'ㅏ', 'ㄹ', 'ㄱ', 'ㅇ', 'ㅣ']);
    expect(decompose('과a')).toEqual(['ㄱ', 'ㅗ', 'ㅏ', 'a']);
  });

  it('keeps astral characters (emoji) whole, lone surrogates and NUL as they are', () => {
    expect(decompose('a😀닭')).toEqual(['a', '😀', 'ㄷ', 'ㅏ', 'ㄹ', 'ㄱ']);
    expect(decompose('𠀀값🇰🇷')).toEqual(['𠀀', 'ㄱ', 'ㅏ', 'ㅂ', 'ㅅ', '\u{1F1F0}', '\u{1F1F7}']);
    expect(decompose('\ud83d가\ude00')).toEqual(['\ud83d', 'ㄱ', 'ㅏ', '\ude00']);
    expect(decompose('\ude00\ud83d')).toEqual(['\ude00', '\ud83d']);
    expect(decompose('')).toEqual([]);
    // hangul-js alone turns NUL into 'ㄱ'.
    expect(decompose('가\0a')).toEqual(['ㄱ', 'ㅏ', '\0', 'a']);
    expect(compose(decompose('좋아요😀👍값'))).toBe('좋아요😀👍값');
  });

  it('never makes a lone surrogate out of well-formed text (fuzzed)', () => {
    const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    const syllable = fc.integer({ min: 0xac00, max: 0xd7a3 }).map((c) => String.fromCharCode(c));
    const astral = fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c));
    const text = fc.array(fc.oneof(syllable, astral, fc.string({ unit: 'binary', maxLength: 3 })), {
      maxLength: 20,
    });
    fc.assert(
      fc.property(text, (parts) => {
        const s = parts.join('');
        const out = decompose(s);
        for (const j of out) expect(lone.test(j)).toBe(false);
        // Astral code points come out whole, unchanged and in order.
        const kept = out.filter((j) => j.codePointAt(0)! > 0xffff).join('');
        expect(kept).toBe(
          Array.from(s)
            .filter((ch) => ch.codePointAt(0)! > 0xffff)
            .join(''),
        );
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(syllable, astral), { maxLength: 20 }), (parts) => {
        const s = parts.join('');
        expect(compose(decompose(s))).toBe(s);
      }),
      { numRuns: 300 },
    );
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
