import { tagsToSpans } from '../pipeline/spans.js';
import type { TagMetric } from './train_tagger.js';

/**
 * Entity-level micro precision, recall and F1 over exact (type, start, end) matches, chunks read
 * as seqeval's default mode reads them. The first key, `f1`, is what NER training monitors.
 *
 * @param gold - gold tags per sentence
 * @param predicted - predicted tags per sentence
 * @example
 * ```ts
 * entityF1([['B-PS', 'I-PS', 'O']], [['B-PS', 'O', 'O']]); // { f1: 0, precision: 0, recall: 0 }
 * ```
 */
export const entityF1: TagMetric = (gold, predicted) => {
  let tp = 0;
  let nGold = 0;
  let nPred = 0;
  gold.forEach((g, i) => {
    const key = (s: { type: string; start: number; end: number }) => `${s.type}\t${s.start}\t${s.end}`;
    const gs = new Set(tagsToSpans(g).map(key));
    const ps = tagsToSpans(predicted[i] ?? []).map(key);
    nGold += gs.size;
    nPred += ps.length;
    for (const p of ps) tp += Number(gs.has(p));
  });
  const precision = nPred ? tp / nPred : 0;
  const recall = nGold ? tp / nGold : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { f1, precision, recall };
};
