import type { Token } from '@kornlp/tokenizer';
import { describe, expect, it } from 'vitest';
import { createUnitizer, TOKEN_UNITS, tokensToUnits } from '../src/index.js';

const features = {
  semanticClass: null,
  hasFinalConsonant: null,
  reading: null,
  type: null,
  firstPos: null,
  lastPos: null,
  expression: null,
};
const tok = (surface: string, pos: string, start: number): Token => ({
  surface,
  pos,
  features,
  start,
  end: start + surface.length,
  eojeol: 0,
});
// 재밌어요 😀 as a morpheme analyzer would give it.
const tokens = [tok('재밌', 'VA', 0), tok('어요', 'EF', 2), tok('😀', 'SY', 5)];

describe('token units', () => {
  it('morpheme, form-tag, syllable, jamo', () => {
    expect(TOKEN_UNITS).toEqual(['morpheme', 'form-tag', 'syllable', 'jamo']);
    expect(tokensToUnits(tokens, 'morpheme')).toEqual(['재밌', '어요', '😀']);
    expect(tokensToUnits(tokens, 'form-tag')).toEqual(['재밌/VA', '어요/EF', '😀/SY']);
    expect(tokensToUnits(tokens, 'syllable')).toEqual(['재', '밌', '어', '요', '😀']);
    expect(tokensToUnits(tokens, 'jamo')).toEqual([
      'ㅈ',
      'ㅐ',
      'ㅁ',
      'ㅣ',
      'ㅆ',
      'ㅇ',
      'ㅓ',
      'ㅇ',
      'ㅛ',
      '😀',
    ]);
  });

  it('jamo splits compound letters (닭 → ㄷㅏㄹㄱ, 괜 → ㄱㅗㅐㄴ)', () => {
    expect(createUnitizer({ unit: 'jamo' })('닭 괜')).toEqual([
      'ㄷ',
      'ㅏ',
      'ㄹ',
      'ㄱ',
      'ㄱ',
      'ㅗ',
      'ㅐ',
      'ㄴ',
    ]);
  });

  it('createUnitizer: syllables without a tokenizer, morphemes through one', () => {
    expect(createUnitizer({ unit: 'syllable' })('최고 😀\n!')).toEqual(['최', '고', '😀', '!']);
    const fake = { pos: (text: string) => text.split(' ').map((s, i) => tok(s, 'NNG', i)) };
    expect(createUnitizer({ unit: 'form-tag', tokenizer: fake })('영화 최고')).toEqual([
      '영화/NNG',
      '최고/NNG',
    ]);
    expect(() => createUnitizer({ unit: 'morpheme' })).toThrow(/needs a tokenizer/);
    expect(() => createUnitizer({ unit: 'word' as 'jamo' })).toThrow(
      /unit must be one of morpheme, form-tag, syllable, jamo, got "word"/,
    );
  });
});

describe('jamo decomposition', () => {
  it("agrees with @kornlp/tokenizer's decompose (hangul-js) on syllables, compound letters, astral and control characters", async () => {
    const { decompose: reference } = await import('@kornlp/tokenizer');
    const { decompose } = await import('../src/jamo.js');
    const samples = [
      '닭이 읽었다 ㄳ ㅘ ㅢ 값없이',
      'abc 123 😀 \u0000 \t\n',
      String.fromCodePoint(0xac00, 0xd7a3, 0x3131, 0x318e, 0x1f600, 0x20000),
    ];
    // every precomposed syllable and compatibility letter
    for (let c = 0xac00; c <= 0xd7a3; c += 97) samples.push(String.fromCharCode(c, c + 1, c + 2));
    for (let c = 0x3131; c <= 0x318e; c++) samples.push(String.fromCharCode(c));
    for (const s of samples) expect(decompose(s), JSON.stringify(s)).toEqual(reference(s));
  });
});
