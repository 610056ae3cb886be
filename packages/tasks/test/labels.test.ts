import { ConfigError, DataFormatError, ShapeError } from '@kornlp/core';
import { describe, expect, it } from 'vitest';
import {
  alignSpans,
  bioesToBio,
  bioToBioes,
  bioToSpans,
  chunkTags,
  isWellFormed,
  LabelSet,
  parseTag,
  repairTags,
  spansToTags,
  tokenOffsets,
} from '../src/index.js';

// Expected chunks worked by hand from seqeval's default-mode rules (end_of_chunk/start_of_chunk);
// seqeval reports inclusive ends, these are exclusive.
const CASES: [string, string[], [string, number, number][]][] = [
  [
    'plain BIO',
    ['B-PER', 'I-PER', 'O', 'B-LOC'],
    [
      ['PER', 0, 2],
      ['LOC', 3, 4],
    ],
  ],
  ['I after O starts an entity', ['O', 'I-PS'], [['PS', 1, 2]]],
  [
    'type change splits',
    ['B-PS', 'I-LC'],
    [
      ['PS', 0, 1],
      ['LC', 1, 2],
    ],
  ],
  [
    'I run then B',
    ['I-PS', 'I-PS', 'B-PS', 'I-PS'],
    [
      ['PS', 0, 2],
      ['PS', 2, 4],
    ],
  ],
  [
    'BIOES',
    ['S-PS', 'B-LC', 'E-LC', 'O'],
    [
      ['PS', 0, 1],
      ['LC', 1, 3],
    ],
  ],
  [
    'E E',
    ['B-PS', 'I-PS', 'E-PS', 'E-PS'],
    [
      ['PS', 0, 3],
      ['PS', 3, 4],
    ],
  ],
  ['lone E', ['E-PS'], [['PS', 0, 1]]],
  [
    'B then S',
    ['B-PS', 'S-PS'],
    [
      ['PS', 0, 1],
      ['PS', 1, 2],
    ],
  ],
  [
    'S then I',
    ['S-PS', 'I-PS'],
    [
      ['PS', 0, 1],
      ['PS', 1, 2],
    ],
  ],
  [
    'I then E of another type',
    ['I-PS', 'E-LC'],
    [
      ['PS', 0, 1],
      ['LC', 1, 2],
    ],
  ],
  ['B I unterminated in BIOES', ['B-LC', 'I-LC'], [['LC', 0, 2]]],
  ['bare tags get type _', ['B', 'I', 'O'], [['_', 0, 2]]],
  ['unknown prefix read like seqeval', ['X-PS', 'O'], [['PS', 0, 1]]],
  ['all O', ['O', 'O'], []],
  ['empty', [], []],
];

describe('chunkTags (seqeval default mode)', () => {
  for (const [name, tags, want] of CASES) {
    it(name, () => {
      expect(chunkTags(tags).map((s) => [s.type, s.start, s.end])).toEqual(want);
    });
  }
  it('reads suffix tags', () => {
    expect(chunkTags(['PS-B', 'PS-I', 'O', 'LC-S'], { suffix: true })).toEqual([
      { type: 'PS', start: 0, end: 2 },
      { type: 'LC', start: 3, end: 4 },
    ]);
  });
});

describe('BIO / BIOES', () => {
  it('bioToSpans validates tags and names the bad one', () => {
    expect(bioToSpans(['O', 'I-PS'])).toEqual([{ type: 'PS', start: 1, end: 2 }]);
    expect(() => bioToSpans(['O', 'X-PS'])).toThrow(DataFormatError);
    expect(() => bioToSpans(['O', 'X-PS'])).toThrow(/"X-PS" at position 1/);
  });
  it('parseTag', () => {
    expect(parseTag('E-DT')).toEqual({ prefix: 'E', type: 'DT' });
    expect(parseTag('B-A-B')).toEqual({ prefix: 'B', type: 'A-B' });
    expect(() => parseTag('PS')).toThrow(/bad tag "PS"/);
  });
  it('spansToTags writes both schemes and rejects overlaps', () => {
    const spans = [
      { type: 'PS', start: 0, end: 3 },
      { type: 'LC', start: 4, end: 5 },
    ];
    expect(spansToTags(spans, 6)).toEqual(['B-PS', 'I-PS', 'I-PS', 'O', 'B-LC', 'O']);
    expect(spansToTags(spans, 6, 'BIOES')).toEqual(['B-PS', 'I-PS', 'E-PS', 'O', 'S-LC', 'O']);
    expect(() => spansToTags([...spans, { type: 'X', start: 2, end: 4 }], 6)).toThrow(ShapeError);
    expect(() => spansToTags([{ type: 'X', start: 5, end: 7 }], 6)).toThrow(/inside \[0, 6\)/);
    expect(() => spansToTags([], 1, 'IOB1' as never)).toThrow(ConfigError);
  });
  it('converts BIO ↔ BIOES and round-trips well-formed input', () => {
    const bio = ['B-PS', 'I-PS', 'O', 'B-LC', 'B-LC', 'I-LC', 'I-LC'];
    const bioes = ['B-PS', 'E-PS', 'O', 'S-LC', 'B-LC', 'I-LC', 'E-LC'];
    expect(bioToBioes(bio)).toEqual(bioes);
    expect(bioesToBio(bioes)).toEqual(bio);
  });
  it('repairs ill-formed sequences to the entities seqeval reads', () => {
    expect(repairTags(['O', 'I-PS', 'I-PS', 'I-LC'])).toEqual(['O', 'B-PS', 'I-PS', 'B-LC']);
    expect(repairTags(['B-PS', 'I-PS'], 'BIOES')).toEqual(['B-PS', 'E-PS']);
    expect(bioToBioes(['O', 'I-PS'])).toEqual(['O', 'S-PS']);
    for (const [, tags] of CASES.filter(([n]) => !n.includes('unknown') && !n.includes('bare'))) {
      const fixed = repairTags(tags);
      expect(isWellFormed(fixed)).toBe(true);
      expect(chunkTags(fixed)).toEqual(chunkTags(tags));
    }
  });
  it('isWellFormed', () => {
    expect(isWellFormed(['B-PS', 'I-PS', 'O'])).toBe(true);
    expect(isWellFormed(['O', 'I-PS'])).toBe(false);
    expect(isWellFormed(['B-PS', 'I-LC'])).toBe(false);
    expect(isWellFormed(['S-PS'])).toBe(false);
    expect(isWellFormed(['S-PS', 'B-LC', 'E-LC'], 'BIOES')).toBe(true);
    expect(isWellFormed(['B-LC', 'I-LC'], 'BIOES')).toBe(false);
  });
});

describe('offsets', () => {
  it('finds tokens in order and maps token spans to characters', () => {
    const text = '김철수 씨는  서울에 산다';
    const offsets = tokenOffsets(text, ['김철수', '씨', '는', '서울', '에', '산다']);
    expect(offsets).toEqual([
      { start: 0, end: 3 },
      { start: 4, end: 5 },
      { start: 5, end: 6 },
      { start: 8, end: 10 },
      { start: 10, end: 11 },
      { start: 12, end: 14 },
    ]);
    const spans = bioToSpans(['B-PS', 'I-PS', 'O', 'B-LC', 'O', 'O']);
    expect(alignSpans(text, spans, offsets)).toEqual([
      { type: 'PS', start: 0, end: 5, text: '김철수 씨' },
      { type: 'LC', start: 8, end: 10, text: '서울' },
    ]);
  });
  it('character-level spans over KLUE-style chars', () => {
    const text = '경찰은 박 씨';
    const chars = [...text];
    const spans = bioToSpans(['B-OG', 'I-OG', 'O', 'O', 'B-PS', 'I-PS', 'I-PS']);
    expect(alignSpans(text, spans, tokenOffsets(text, chars)).map((s) => s.text)).toEqual(['경찰', '박 씨']);
  });
  it('errors name the missing token and out-of-range spans', () => {
    expect(() => tokenOffsets('서울', ['부산'])).toThrow(/token 0 "부산" not found/);
    expect(() => alignSpans('a', [{ type: 'X', start: 0, end: 2 }], [{ start: 0, end: 1 }])).toThrow(
      ShapeError,
    );
  });
});

describe('LabelSet', () => {
  it('indexes, round-trips config and names unknown labels', () => {
    const set = LabelSet.fromLabels(['pos', 'neg', 'pos']);
    expect(set.labels).toEqual(['neg', 'pos']);
    expect(set.size).toBe(2);
    expect(set.encode(['pos', 'neg'])).toEqual([1, 0]);
    expect(set.decode([0, 1, 1])).toEqual(['neg', 'pos', 'pos']);
    expect(LabelSet.fromConfig(JSON.parse(JSON.stringify(set.toConfig()))).labels).toEqual(set.labels);
    expect(LabelSet.fromLabels(['O', 'B-PS', 'O'], { sort: false }).labels).toEqual(['O', 'B-PS']);
    expect(() => set.indexOf('neutral')).toThrow(DataFormatError);
    expect(() => set.indexOf('neutral')).toThrow('unknown label "neutral"; known labels: "neg", "pos"');
    expect(() => set.labelAt(2)).toThrow(ConfigError);
    expect(() => new LabelSet(['a', 'a'])).toThrow(/duplicate label "a"/);
    expect(() => LabelSet.fromConfig({} as never)).toThrow(ConfigError);
  });
});
