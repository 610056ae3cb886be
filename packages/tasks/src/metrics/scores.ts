/** Precision, recall and F1 of one class or one average, with its support. */
export interface Prf {
  /** tp / predicted (0 when nothing was predicted). */
  precision: number;
  /** tp / actual (0 when there is nothing to find). */
  recall: number;
  /** Harmonic mean of precision and recall (0 when both are 0). */
  f1: number;
  /** Number of gold items (entities or examples) of the class, or in all for averages. */
  support: number;
}

/** Per-class scores plus micro, macro and support-weighted averages. */
export interface PrfReport {
  /** One row per class, sorted by class name (code point order). */
  perClass: (Prf & { label: string })[];
  /** Pooled over all classes. */
  micro: Prf;
  /** Unweighted mean over the classes (NaN when there are none, as in seqeval/numpy). */
  macro: Prf;
  /** Mean weighted by support (0 when the support is 0, as in seqeval). */
  weighted: Prf;
}

/** Counts of one class. */
export interface ClassCounts {
  label: string;
  tp: number;
  predicted: number;
  actual: number;
}

// Arithmetic in the same order as sklearn/seqeval so results agree to the last bit.
function prf(tp: number, predicted: number, actual: number): Prf {
  const precision = predicted > 0 ? tp / predicted : 0;
  const recall = actual > 0 ? tp / actual : 0;
  const denom = precision + recall;
  const f1 = (2 * precision * recall) / (denom === 0 ? 1 : denom);
  return { precision, recall, f1, support: actual };
}

/** Builds a {@link PrfReport} from per-class counts (internal; shared by token and entity metrics). */
export function reportFromCounts(counts: readonly ClassCounts[]): PrfReport {
  const sorted = [...counts].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const perClass = sorted.map((c) => ({ label: c.label, ...prf(c.tp, c.predicted, c.actual) }));
  let tp = 0;
  let predicted = 0;
  let actual = 0;
  for (const c of sorted) {
    tp += c.tp;
    predicted += c.predicted;
    actual += c.actual;
  }
  const micro = prf(tp, predicted, actual);
  const n = perClass.length;
  const mean = (k: 'precision' | 'recall' | 'f1') => perClass.reduce((s, c) => s + c[k], 0) / n;
  const macro = { precision: mean('precision'), recall: mean('recall'), f1: mean('f1'), support: actual };
  const wmean = (k: 'precision' | 'recall' | 'f1') =>
    actual === 0 ? 0 : perClass.reduce((s, c) => s + c[k] * c.support, 0) / actual;
  const weighted = {
    precision: wmean('precision'),
    recall: wmean('recall'),
    f1: wmean('f1'),
    support: actual,
  };
  return { perClass, micro, macro, weighted };
}

// Python's format rounds exact ties half to even (0.125 → '0.12'); toFixed rounds them up.
function fixed(x: number, digits: number): string {
  const s = x * 10 ** digits;
  if (Number.isInteger(s * 2) && !Number.isInteger(s)) {
    const down = Math.floor(s);
    return ((down % 2 === 0 ? down : down + 1) / 10 ** digits).toFixed(digits);
  }
  return x.toFixed(digits);
}

/**
 * Renders a report as a fixed-width text table in the layout of seqeval/sklearn's
 * `classification_report`.
 *
 * @param report - from {@link classificationReport} or {@link entityReport}
 * @param digits - decimals shown
 * @default digits 2
 * @example
 * ```ts
 * console.log(formatReport(entityReport([['B-PS', 'O']], [['B-PS', 'O']])));
 * //               precision    recall  f1-score   support
 * //
 * //           PS       1.00      1.00      1.00         1
 * //
 * //    micro avg       1.00      1.00      1.00         1
 * //    macro avg       1.00      1.00      1.00         1
 * // weighted avg       1.00      1.00      1.00         1
 * ```
 */
export function formatReport(report: PrfReport, digits = 2): string {
  const heading = 'weighted avg';
  const width = Math.max(heading.length, digits, ...report.perClass.map((c) => c.label.length));
  const num = (x: number) => (Number.isNaN(x) ? 'nan' : fixed(x, digits)).padStart(9);
  const row = (name: string, p: Prf) =>
    `${name.padStart(width)}  ${num(p.precision)} ${num(p.recall)} ${num(p.f1)} ${String(p.support).padStart(9)}\n`;
  let out = `${''.padStart(width)}  ${['precision', 'recall', 'f1-score', 'support'].map((h) => h.padStart(9)).join(' ')}\n\n`;
  for (const c of report.perClass) out += row(c.label, c);
  out += '\n';
  out += row('micro avg', report.micro);
  out += row('macro avg', report.macro);
  out += row(heading, report.weighted);
  return out;
}
