import { describe, expect, it } from 'vitest';
import { FEATURE_CHUNK, featureAt, readCompiledDic } from '../src/dictionary/compiled-dic.js';
import { defaultDictionaryDir } from '../src/index.js';

describe('compiled dictionary feature strings', () => {
  it('reads strings piece by piece, across piece boundaries, as the whole area has them', () => {
    const sys = readCompiledDic(`${defaultDictionaryDir()}/sys.dic`);
    const picked: number[] = [];
    // Tokens whose feature string starts just before a piece boundary (so it spans two pieces),
    // plus the first and the last token.
    for (let t = 0; t < sys.lexsize && picked.length < 40; t++) {
      const off = sys.tokU32[4 * t + 2]!;
      if (off % FEATURE_CHUNK > FEATURE_CHUNK - 24) picked.push(off);
    }
    picked.push(sys.tokU32[2]!, sys.tokU32[4 * (sys.lexsize - 1) + 2]!);
    expect(picked.length).toBeGreaterThan(10);
    const lazily = picked.map((off) => featureAt(sys, off));
    const whole = sys.features;
    expect(whole.length).toBe(sys.featureBytes);
    const direct = picked.map((off) => {
      let end = off;
      while (whole[end] !== 0) end++;
      return Buffer.from(whole.subarray(off, end)).toString('utf8');
    });
    expect(lazily).toEqual(direct);
    // mecab-ko-dic feature strings: POS tag and seven more fields.
    for (const f of lazily) expect(f.split(',').length).toBeGreaterThanOrEqual(8);
  });
});
