import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTokenizer } from '../src/index.js';
import { megabyteLine } from './awkward-inputs.js';
import { checkTokens } from './describe-tokenizer.js';

const tok = await createTokenizer();

// Characters that stress the analyzer: Hangul, jamo, whitespace of both kinds, surrogates
// (paired and lone), controls, NUL, digits, Latin, Hanja, emoji.
const awkwardChar = fc.constantFrom(
  '가',
  '나',
  '다',
  '방',
  '에',
  '는',
  '이',
  'ㅋ',
  'ㅠ',
  ' ',
  '\t',
  '\r',
  '\u3000',
  '\u00a0',
  '\u200b',
  '\ud800',
  '\udc00',
  '😀',
  '👍',
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '1',
  '9',
  'a',
  'Z',
  '.',
  '!',
  '大',
  '韓',
  '\uffff',
  '\ufffd',
  'ひ',
  'カ',
  'я',
  'Ω',
);
const text = fc.oneof(
  fc.string({ unit: awkwardChar, maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

describe('built-in analyzer on arbitrary strings', () => {
  it('never throws; tokens are in order, inside the input, and cover every non-whitespace unit once', () => {
    fc.assert(
      fc.property(text, (s) => {
        checkTokens(s, tok.pos(s));
        // The mecab formatter agrees with pos() token for token.
        const rows = tok
          .mecab(s)
          .split('\n')
          .filter((r) => r.includes('\t'));
        expect(rows.length).toBe(tok.pos(s).length);
      }),
      { numRuns: 300 },
    );
  });

  it('handles a 1 MB line', () => {
    const line = megabyteLine();
    const tokens = tok.pos(line);
    checkTokens(line, tokens);
    expect(tokens.length).toBeGreaterThan(100_000);
  });

  it('expanded tokens stay in order and inside their parent token', () => {
    fc.assert(
      fc.property(fc.string({ unit: awkwardChar, maxLength: 40 }), (s) => {
        const plain = tok.pos(s);
        const expanded = tok.pos(s, { expand: true });
        expect(expanded.length).toBeGreaterThanOrEqual(plain.length);
        let j = 0;
        for (const t of expanded) {
          while (plain[j] && plain[j]!.end <= t.start && !(plain[j]!.start === t.start)) j++;
          const parent = plain[j]!;
          expect(t.start).toBeGreaterThanOrEqual(parent.start);
          expect(t.end).toBeLessThanOrEqual(parent.end);
        }
      }),
      { numRuns: 100 },
    );
  });
});
