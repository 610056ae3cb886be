import { ConfigError, ShapeError } from '@kornlp/core';
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  classificationReport,
  confusionMatrix,
  corpusEntities,
  entityReport,
  entityScores,
  formatConfusionMatrix,
  formatReport,
} from '../src/index.js';

// Every expected number below is worked by hand from seqeval's default-mode definitions.
const rows = (r: ReturnType<typeof entityReport>) =>
  r.perClass.map((c) => [c.label, c.precision, c.recall, c.f1, c.support]);

describe('entity metrics agree with seqeval default mode', () => {
  it('seqeval README example (MISC off by one, PER right)', () => {
    const gold = [
      ['O', 'O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'O'],
      ['B-PER', 'I-PER', 'O'],
    ];
    const pred = [
      ['O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'I-MISC', 'O'],
      ['B-PER', 'I-PER', 'O'],
    ];
    const r = entityReport(gold, pred);
    expect(rows(r)).toEqual([
      ['MISC', 0, 0, 0, 1],
      ['PER', 1, 1, 1, 1],
    ]);
    expect(r.micro).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(r.macro).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(r.weighted).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(formatReport(r)).toBe(
      [
        '              precision    recall  f1-score   support',
        '',
        '        MISC       0.00      0.00      0.00         1',
        '         PER       1.00      1.00      1.00         1',
        '',
        '   micro avg       0.50      0.50      0.50         2',
        '   macro avg       0.50      0.50      0.50         2',
        'weighted avg       0.50      0.50      0.50         2',
        '',
      ].join('\n'),
    );
  });

  it('ill-formed O I-PS and I-LC after O match the well-formed reading', () => {
    const gold = [['O', 'I-PS', 'I-PS', 'O', 'B-LC']];
    const pred = [['O', 'B-PS', 'I-PS', 'O', 'I-LC']];
    expect(entityScores(gold, pred)).toEqual({ precision: 1, recall: 1, f1: 1, support: 2 });
  });

  it('B-PS I-LC is two entities; types from gold and predictions', () => {
    const gold = [['B-PS', 'I-PS', 'O', 'B-LC', 'O', 'B-OG']];
    const pred = [['B-PS', 'I-LC', 'O', 'B-LC', 'O', 'O']];
    // gold PS[0,2) LC[3,4) OG[5,6); pred PS[0,1) LC[1,2) LC[3,4)
    const r = entityReport(gold, pred);
    expect(rows(r)).toEqual([
      ['LC', 0.5, 1, 2 / 3, 1],
      ['OG', 0, 0, 0, 1],
      ['PS', 0, 0, 0, 1],
    ]);
    expect(r.micro.precision).toBe(1 / 3);
    expect(r.micro.recall).toBe(1 / 3);
    expect(r.micro.f1).toBeCloseTo(1 / 3, 15);
    expect(r.macro.precision).toBeCloseTo(1 / 6, 15);
    expect(r.macro.recall).toBeCloseTo(1 / 3, 15);
    expect(r.macro.f1).toBeCloseTo(2 / 9, 15);
    expect(entityScores(gold, pred, { average: 'weighted' }).f1).toBeCloseTo(2 / 9, 15);
  });

  it('BIOES tags, including an unterminated B I, read by default-mode rules', () => {
    const gold = [['S-PS', 'O', 'B-LC', 'E-LC']];
    const pred = [['B-PS', 'O', 'B-LC', 'I-LC']];
    expect(entityScores(gold, pred).f1).toBe(1);
    const pred2 = [['S-PS', 'O', 'S-LC', 'E-LC']]; // S-LC then E-LC: two LC entities
    const r = entityReport(gold, pred2);
    expect(rows(r)).toEqual([
      ['LC', 0, 0, 0, 1],
      ['PS', 1, 1, 1, 1],
    ]);
  });

  it('weighted average uses gold support', () => {
    const gold = [['B-PS', 'O', 'B-PS', 'O', 'B-LC']];
    const pred = [['B-PS', 'O', 'O', 'O', 'B-LC']];
    const r = entityReport(gold, pred);
    expect(r.micro.precision).toBe(1);
    expect(r.micro.recall).toBe(2 / 3);
    expect(r.micro.f1).toBeCloseTo(0.8, 15);
    expect(r.macro.f1).toBeCloseTo(5 / 6, 15);
    expect(r.weighted.precision).toBe(1);
    expect(r.weighted.recall).toBeCloseTo(2 / 3, 15);
    expect(r.weighted.f1).toBeCloseTo(7 / 9, 15);
  });

  it('sentences are joined with O: an I- at a sentence start is a new entity', () => {
    expect(corpusEntities([['B-PS', 'I-PS'], ['I-PS']])).toEqual([
      { type: 'PS', start: 0, end: 2 },
      { type: 'PS', start: 3, end: 4 },
    ]);
    expect(entityScores([['B-PS', 'I-PS'], ['I-PS']], [['B-PS', 'I-PS'], ['B-PS']]).f1).toBe(1);
  });

  it('no entities: micro and weighted 0, macro NaN (numpy mean of nothing)', () => {
    const r = entityReport([['O']], [['O']]);
    expect(r.perClass).toEqual([]);
    expect(r.micro).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(r.weighted).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(Number.isNaN(r.macro.f1)).toBe(true);
    // Only predicted entities: a zero row with support 0.
    expect(rows(entityReport([['O', 'O']], [['B-PS', 'O']]))).toEqual([['PS', 0, 0, 0, 0]]);
  });

  it('multi-sentence, mixed BIO/BIOES, ill-formed predictions: full report', () => {
    const gold = [
      ['B-PS', 'I-PS', 'O', 'B-LC', 'I-LC', 'O'],
      ['O', 'B-OG', 'O', 'B-PS'],
    ];
    const pred = [
      ['I-PS', 'I-PS', 'O', 'B-LC', 'I-OG', 'O'],
      ['O', 'I-OG', 'O', 'S-PS'],
    ];
    // gold PS[0,2) LC[3,5) OG[8,9) PS[10,11); pred PS[0,2) LC[3,4) OG[4,5) OG[8,9) PS[10,11)
    const r = entityReport(gold, pred);
    expect(rows(r)).toEqual([
      ['LC', 0, 0, 0, 1],
      ['OG', 0.5, 1, 2 / 3, 1],
      ['PS', 1, 1, 1, 2],
    ]);
    expect(r.micro.precision).toBe(0.6);
    expect(r.micro.recall).toBe(0.75);
    expect(r.micro.f1).toBeCloseTo(2 / 3, 15);
    expect(r.macro.precision).toBe(0.5);
    expect(r.macro.recall).toBeCloseTo(2 / 3, 15);
    expect(r.macro.f1).toBeCloseTo(5 / 9, 15);
    expect(r.weighted.precision).toBe(0.625);
    expect(r.weighted.recall).toBe(0.75);
    expect(r.weighted.f1).toBeCloseTo(2 / 3, 15);
    expect(entityScores(gold, pred, { average: 'macro' }).f1).toBeCloseTo(5 / 9, 15);
  });

  it('rejects mismatched shapes', () => {
    expect(() => entityReport([['O']], [])).toThrow(ShapeError);
    expect(() => entityScores([['O']], [['O']], { average: 'samples' as never })).toThrow(ConfigError);
    expect(() => entityReport([['']], [['O']])).toThrow(/tags must be non-empty strings/);
    expect(() => entityReport([['O', 'O']], [['O']])).toThrow(
      /sentence 0: gold has 2 tags but the prediction has 1/,
    );
  });

  it('formats exact ties half to even like Python', () => {
    // PS: precision 1/8 = 0.125 → '0.12' in Python.
    const gold = [['B-PS', 'O', 'O', 'O', 'O', 'O', 'O', 'O']];
    const pred = [['B-PS', 'B-PS', 'B-PS', 'B-PS', 'B-PS', 'B-PS', 'B-PS', 'B-PS']];
    expect(formatReport(entityReport(gold, pred))).toContain(
      '          PS       0.12      1.00      0.22         1',
    );
  });
});

describe('classification metrics', () => {
  it('accuracy', () => {
    expect(accuracy(['a', 'b', 'b', 'c'], ['a', 'b', 'a', 'a'])).toBe(0.5);
    expect(accuracy([], [])).toBe(0);
    expect(() => accuracy(['a'], [])).toThrow(ShapeError);
  });
  it('per class, micro, macro and weighted (hand-worked)', () => {
    // gold a a a b b c ; pred a a b b c c
    const r = classificationReport(['a', 'a', 'a', 'b', 'b', 'c'], ['a', 'a', 'b', 'b', 'c', 'c']);
    expect(r.perClass.map((c) => [c.label, c.precision, c.recall, c.support])).toEqual([
      ['a', 1, 2 / 3, 3],
      ['b', 0.5, 0.5, 2],
      ['c', 0.5, 1, 1],
    ]);
    expect(r.perClass[0]?.f1).toBeCloseTo(0.8, 15);
    expect(r.accuracy).toBe(4 / 6);
    expect(r.micro.f1).toBeCloseTo(4 / 6, 15);
    expect(r.macro.f1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 15);
    expect(r.weighted.f1).toBeCloseTo((0.8 * 3 + 0.5 * 2 + (2 / 3) * 1) / 6, 15);
    const withExtra = classificationReport(['a'], ['a'], { labels: ['z'] });
    expect(withExtra.perClass.map((c) => c.label)).toEqual(['a', 'z']);
  });
  it('confusion matrix and its text table', () => {
    const cm = confusionMatrix(['긍정', '긍정', '부정', 'x'], ['긍정', '부정', '부정', '긍정']);
    expect(cm.labels).toEqual(['x', '긍정', '부정']);
    expect(cm.counts).toEqual([
      [0, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(formatConfusionMatrix(cm)).toBe(
      [
        'gold\\pred x 긍정 부정',
        '        x 0    1    0',
        '     긍정 0    1    1',
        '     부정 0    0    1',
      ].join('\n'),
    );
    expect(() => confusionMatrix(['a'], ['b'], { labels: ['a'] })).toThrow(
      /label "b" is not in labels \("a"\)/,
    );
  });
});
