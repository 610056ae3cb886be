import { ShapeError } from '@kornlp/core';
import type { ConfusionMatrix } from '../metrics/confusion.js';
import { heatmapSvg } from './heatmap.js';

/** Options of {@link confusionMatrixSvg}. */
export interface ConfusionMatrixSvgOptions {
  /**
   * Chart title.
   * @default 'Confusion matrix'
   */
  title?: string;
  /**
   * Colour each row by its share of the row total (recall view) instead of by raw count.
   * Cells still show counts.
   * @default false
   */
  normalize?: boolean;
  /**
   * Cell side in pixels.
   * @default 44
   */
  cellSize?: number;
}

/**
 * Draws a confusion matrix as a standalone SVG heat map: rows gold, columns predicted, counts in
 * the cells, darker for more. Korean and ASCII labels alike, escaped.
 *
 * @param cm - from {@link confusionMatrix}
 * @param options - see {@link ConfusionMatrixSvgOptions}
 * @throws ShapeError when `counts` is not labels × labels
 * @example
 * ```ts
 * const svg = confusionMatrixSvg(confusionMatrix(['긍정', '부정'], ['긍정', '긍정']));
 * svg.startsWith('<svg'); // true
 * ```
 */
export function confusionMatrixSvg(cm: ConfusionMatrix, options: ConfusionMatrixSvgOptions = {}): string {
  const { title = 'Confusion matrix', normalize = false, cellSize = 44 } = options;
  const n = cm.labels.length;
  if (cm.counts.length !== n || cm.counts.some((r) => r.length !== n)) {
    throw new ShapeError('confusionMatrixSvg', `counts must be ${n} × ${n} to match the ${n} labels`);
  }
  const rowSums = cm.counts.map((r) => r.reduce((a, b) => a + b, 0));
  const values = normalize
    ? cm.counts.map((r, i) => r.map((v) => (rowSums[i] ? v / (rowSums[i] as number) : 0)))
    : cm.counts;
  const max = Math.max(0, ...values.flat());
  return heatmapSvg({
    title,
    values,
    rowLabels: cm.labels,
    colLabels: cm.labels,
    rowAxis: 'gold',
    colAxis: 'predicted',
    cellText: (_v, r, c) => String(cm.counts[r]?.[c] ?? 0),
    max,
    cell: cellSize,
    fontSize: 12,
  });
}
