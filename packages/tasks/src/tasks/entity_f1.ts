import { entityScores } from '../metrics/entity.js';
import type { TagMetric } from './train_tagger.js';

/**
 * Entity-level micro F1, precision and recall (seqeval default mode, via `entityScores`) as a
 * {@link TagMetric}: the first key, `f1`, is what NER training monitors.
 *
 * @param gold - gold tags per sentence
 * @param predicted - predicted tags per sentence
 * @example
 * ```ts
 * entityF1([['B-PS', 'I-PS', 'O', 'B-LC']], [['B-PS', 'I-PS', 'O', 'O']]);
 * // { f1: 0.6666666666666666, precision: 1, recall: 0.5 }
 * ```
 */
export const entityF1: TagMetric = (gold, predicted) => {
  const { f1, precision, recall } = entityScores(gold, predicted);
  return { f1, precision, recall };
};
