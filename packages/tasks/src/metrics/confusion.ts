import { DataFormatError, ShapeError } from '@kornlp/core';

/** Counts of (gold, predicted) label pairs. */
export interface ConfusionMatrix {
  /** Labels in row/column order. */
  labels: string[];
  /** `counts[g][p]`: examples with gold label `labels[g]` predicted as `labels[p]`. */
  counts: number[][];
}

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /**
   * Row/column order. Every gold and predicted label must be in it. `undefined` uses the seen
   * labels sorted by code point.
   * @default undefined
   */
  labels?: readonly string[];
}

/**
 * Counts gold × predicted label pairs (rows gold, columns predicted, as in sklearn).
 *
 * @param gold - gold labels
 * @param pred - predicted labels, same length
 * @param options - see {@link ConfusionMatrixOptions}
 * @throws ShapeError when the lengths differ; DataFormatError for a label missing from `labels`
 * @example
 * ```ts
 * confusionMatrix(['pos', 'pos', 'neg'], ['pos', 'neg', 'neg']);
 * // { labels: ['neg', 'pos'], counts: [[1, 0], [1, 1]] }
 * ```
 */
export function confusionMatrix(
  gold: readonly string[],
  pred: readonly string[],
  options: ConfusionMatrixOptions = {},
): ConfusionMatrix {
  if (gold.length !== pred.length) {
    throw new ShapeError(
      'confusionMatrix',
      `gold has ${gold.length} items but predictions have ${pred.length}`,
    );
  }
  const labels = options.labels
    ? [...options.labels]
    : [...new Set([...gold, ...pred])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(labels.map((l, i) => [l, i]));
  const counts = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let i = 0; i < gold.length; i++) {
    const g = index.get(gold[i] as string);
    const p = index.get(pred[i] as string);
    if (g === undefined || p === undefined) {
      const bad = g === undefined ? gold[i] : pred[i];
      throw new DataFormatError(
        'confusionMatrix',
        `label ${JSON.stringify(bad)} is not in labels (${labels.map((l) => JSON.stringify(l)).join(', ')})`,
      );
    }
    const row = counts[g] as number[];
    row[p] = (row[p] as number) + 1;
  }
  return { labels, counts };
}

// East Asian wide characters (Hangul, CJK) take two terminal columns.
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x1f300 && c <= 0x1faff) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

function padStart(s: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(s))) + s;
}

/**
 * Renders a confusion matrix as a fixed-width text table: rows gold, columns predicted, aligned
 * for terminals (Hangul counted as two columns).
 *
 * @param cm - from {@link confusionMatrix}
 * @example
 * ```ts
 * console.log(formatConfusionMatrix({ labels: ['neg', 'pos'], counts: [[1, 0], [1, 1]] }));
 * // gold\pred neg pos
 * //       neg   1   0
 * //       pos   1   1
 * ```
 */
export function formatConfusionMatrix(cm: ConfusionMatrix): string {
  const corner = 'gold\\pred';
  const rowW = Math.max(displayWidth(corner), ...cm.labels.map(displayWidth));
  const colW = cm.labels.map((l, j) =>
    Math.max(displayWidth(l), ...cm.counts.map((r) => String(r[j] ?? 0).length)),
  );
  const lines = [
    [padStart(corner, rowW), ...cm.labels.map((l, j) => padStart(l, colW[j] as number))].join(' '),
  ];
  cm.counts.forEach((r, i) => {
    lines.push(
      [
        padStart(cm.labels[i] as string, rowW),
        ...r.map((c, j) => padStart(String(c), colW[j] as number)),
      ].join(' '),
    );
  });
  return lines.join('\n');
}
