import { describe, expect, it } from 'vitest';
import type { AsyncTokenizer, Token, Tokenizer } from '../src/index.js';
import { AWKWARD_INPUTS } from './awkward-inputs.js';

const WS = /\s/;

/**
 * Checks the invariants every engine promises: offsets within the input, in order, `surface`
 * equal to the slice, and every non-whitespace UTF-16 unit covered by exactly one token
 * (`sharedSpans`: jamo tokens of one syllable share its span, so only "at least one" holds).
 */
export function checkTokens(text: string, tokens: Token[], sharedSpans = false): void {
  // Plain comparisons (a 1 MB line has a million units): the first violation fails the test.
  const problem = findViolation(text, tokens, sharedSpans);
  expect(problem).toBeNull();
}

function findViolation(text: string, tokens: Token[], sharedSpans: boolean): string | null {
  let lastStart = 0;
  let lastEnd = 0;
  let lastEojeol = 0;
  const cover = new Uint8Array(text.length);
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    const at = `token ${k} ${JSON.stringify(t.surface)} [${t.start}, ${t.end})`;
    if (!(t.start >= 0 && t.end <= text.length && t.end > t.start)) return `${at} is outside the input`;
    if (t.start < (sharedSpans ? lastStart : lastEnd)) return `${at} overlaps or precedes the previous token`;
    if (t.eojeol < lastEojeol) return `${at} has a decreasing eojeol index`;
    if (!sharedSpans && t.surface !== text.slice(t.start, t.end))
      return `${at} surface is not the input slice`;
    if (!(sharedSpans && t.start === lastStart && t.end === lastEnd)) {
      for (let i = t.start; i < t.end; i++) cover[i]!++;
    }
    lastStart = t.start;
    lastEnd = t.end;
    lastEojeol = t.eojeol;
  }
  for (let i = 0; i < text.length; i++) {
    if (cover[i] !== 1 && !WS.test(text[i]!)) {
      return `unit ${i} (U+${text.charCodeAt(i).toString(16)}) is covered ${cover[i]} times`;
    }
  }
  return null;
}

/** What an engine under test provides. */
export interface TokenizerUnderTest {
  /** Creates the tokenizer (called once). */
  create: () => Promise<Tokenizer | AsyncTokenizer>;
  /** Morpheme engines analyze `아버지가방에들어가신다` the mecab-ko way. */
  morphemes: boolean;
  /** Tokens of one syllable share its span (jamo). @default false */
  sharedSpans?: boolean;
  /** Inputs this engine cannot take, e.g. NUL for a MeCab process. @default [] */
  skipInputs?: string[];
}

/**
 * The shared test suite: written once, run for every engine.
 *
 * @param name - the engine name, for the describe block
 * @param skip - a reason to skip the whole suite (engine absent), or false
 * @param subject - how to create it and what to expect
 */
export function describeTokenizer(name: string, skip: string | false, subject: TokenizerUnderTest): void {
  describe.skipIf(skip !== false)(`tokenizer engine ${name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let tok: Tokenizer | AsyncTokenizer;
    const get = async () => {
      tok ??= await subject.create();
      return tok;
    };

    for (const [label, text] of Object.entries(AWKWARD_INPUTS)) {
      if (subject.skipInputs?.includes(label)) continue;
      it(`survives ${label}`, async () => {
        const t = await get();
        const tokens = await t.pos(text);
        checkTokens(text, tokens, subject.sharedSpans);
      });
    }

    it('morphs/nouns/join are wrappers over pos', async () => {
      const t = await get();
      const text = '아버지가방에들어가신다';
      const tokens = await t.pos(text);
      expect(await t.morphs(text)).toEqual(tokens.map((x) => x.surface));
      expect(await t.pos(text, { join: true })).toEqual(tokens.map((x) => `${x.surface}/${x.pos}`));
      expect(await t.nouns(text)).toEqual(tokens.filter((x) => x.pos.startsWith('N')).map((x) => x.surface));
    });

    it('batch and stream give the same tokens as pos', async () => {
      const t = await get();
      const texts = ['하나 둘', '', '셋'];
      const single = await Promise.all(texts.map((x) => t.pos(x)));
      expect(await t.posBatch(texts)).toEqual(single);
      const streamed: Token[][] = [];
      async function* lines() {
        yield* texts;
      }
      for await (const r of t.posStream(lines())) streamed.push(r);
      expect(streamed).toEqual(single);
    });

    it('counts eojeols across whitespace and lines', async () => {
      const t = await get();
      const text = '학교 친구\n사람';
      const words = [0, 0, 0, 1, 1, 1, 2, 2];
      for (const x of await t.pos(text)) expect(x.eojeol).toBe(words[x.start]);
    });

    if (subject.morphemes) {
      it('analyzes 아버지가방에들어가신다 like mecab-ko', async () => {
        const t = await get();
        expect(await t.pos('아버지가방에들어가신다', { join: true })).toEqual([
          '아버지/NNG',
          '가/JKS',
          '방/NNG',
          '에/JKB',
          '들어가/VV',
          '신다/EP+EC',
        ]);
        const [, , , , , last] = await t.pos('아버지가방에들어가신다');
        expect(last).toMatchObject({
          surface: '신다',
          start: 9,
          end: 11,
          eojeol: 0,
          features: { type: 'Inflect', firstPos: 'EP', lastPos: 'EC', expression: '시/EP/*+ㄴ다/EC/*' },
        });
      });

      it('expands inflected tokens into morphemes on request', async () => {
        const t = await get();
        const parts = await t.pos('들어가신다', { expand: true, join: true });
        expect(parts).toEqual(['들어가/VV', '시/EP', 'ㄴ다/EC']);
      });
    }
  });
}
