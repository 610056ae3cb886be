import { ShapeError } from '@kornlp/core';
import { type ClassCounts, type PrfReport, reportFromCounts } from './scores.js';

function sameLength(gold: readonly unknown[], pred: readonly unknown[], who: string): void {
  if (gold.length !== pred.length) {
    throw new ShapeError(who, `gold has ${gold.length} items but predictions have ${pred.length}`);
  }
}

/**
 * Fraction of predictions equal to the gold label.
 *
 * @param gold - gold labels
 * @param pred - predicted labels, same length
 * @returns a value in [0, 1]; 0 for empty input
 * @throws ShapeError when the lengths differ
 * @example
 * ```ts
 * accuracy(['a', 'b', 'b'], ['a', 'b', 'a']); // 0.6666666666666666
 * ```
 */
export function accuracy<T>(gold: readonly T[], pred: readonly T[]): number {
  sameLength(gold, pred, 'accuracy');
  if (gold.length === 0) return 0;
  let ok = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === pred[i]) ok++;
  return ok / gold.length;
}

/** Options of {@link classificationReport}. */
export interface ClassificationReportOptions {
  /**
   * Classes to report, in addition to those seen in gold or predictions (a class never seen gets a
   * zero row). `undefined` reports exactly the seen classes.
   * @default undefined
   */
  labels?: readonly string[];
}

/** {@link PrfReport} plus plain accuracy. */
export interface ClassificationReport extends PrfReport {
  /** Fraction of exact matches. */
  accuracy: number;
}

/**
 * Precision, recall and F1 per class (with support), and their micro, macro and weighted averages,
 * as sklearn's `precision_recall_fscore_support` computes them over the classes seen in gold or
 * predictions. For single-label data micro F1 equals accuracy.
 *
 * @param gold - gold labels
 * @param pred - predicted labels, same length
 * @param options - see {@link ClassificationReportOptions}
 * @throws ShapeError when the lengths differ
 * @example
 * ```ts
 * const r = classificationReport(['pos', 'pos', 'neg'], ['pos', 'neg', 'neg']);
 * r.perClass; // [ { label: 'neg', precision: 0.5, recall: 1, f1: 0.6666666666666666, support: 1 },
 * //             { label: 'pos', precision: 1, recall: 0.5, f1: 0.6666666666666666, support: 2 } ]
 * r.macro.f1; // 0.6666666666666666
 * ```
 */
export function classificationReport(
  gold: readonly string[],
  pred: readonly string[],
  options: ClassificationReportOptions = {},
): ClassificationReport {
  sameLength(gold, pred, 'classificationReport');
  const counts = new Map<string, ClassCounts>();
  const get = (label: string) => {
    let c = counts.get(label);
    if (!c) counts.set(label, (c = { label, tp: 0, predicted: 0, actual: 0 }));
    return c;
  };
  for (const l of options.labels ?? []) get(l);
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i] as string;
    const p = pred[i] as string;
    get(g).actual++;
    get(p).predicted++;
    if (g === p) get(g).tp++;
  }
  return { ...reportFromCounts([...counts.values()]), accuracy: accuracy(gold, pred) };
}
