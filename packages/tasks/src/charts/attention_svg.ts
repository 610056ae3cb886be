import { ShapeError } from '@kornlp/core';
import { heatmapSvg } from './heatmap.js';

/** Options of {@link attentionSvg}. */
export interface AttentionSvgOptions {
  /**
   * Chart title.
   * @default 'Attention'
   */
  title?: string;
  /**
   * Labels of the rows of a 2-D weight matrix (query tokens or heads). Default: the tokens for a
   * square matrix, else `#0`, `#1`, ...; a 1-D weight vector has one row named `weight`.
   * @default undefined
   */
  rowLabels?: readonly string[];
  /**
   * Cell side in pixels.
   * @default 40
   */
  cellSize?: number;
}

/**
 * Draws attention weights over a token sequence as a standalone SVG heat map: one column per
 * token, one row for a pooling vector (`number[]`) or one per query/head (`number[][]`), weights
 * printed in the cells.
 *
 * @param tokens - the tokens (column labels)
 * @param weights - one weight per token, or rows of them
 * @param options - see {@link AttentionSvgOptions}
 * @throws ShapeError when a row's length differs from the number of tokens
 * @example
 * ```ts
 * const svg = attentionSvg(['영화', '가', '최고', '다'], [0.1, 0.05, 0.8, 0.05]);
 * (svg.match(/class="cell"/g) ?? []).length; // 4
 * ```
 */
export function attentionSvg(
  tokens: readonly string[],
  weights: readonly number[] | readonly (readonly number[])[],
  options: AttentionSvgOptions = {},
): string {
  const { title = 'Attention', cellSize = 40 } = options;
  const matrix: readonly (readonly number[])[] =
    weights.length > 0 && Array.isArray(weights[0])
      ? (weights as readonly (readonly number[])[])
      : [weights as readonly number[]];
  matrix.forEach((row, i) => {
    if (row.length !== tokens.length) {
      throw new ShapeError(
        'attentionSvg',
        `weight row ${i} has ${row.length} values for ${tokens.length} tokens`,
      );
    }
  });
  const oneRow = !(weights.length > 0 && Array.isArray(weights[0]));
  const rowLabels =
    options.rowLabels ??
    (oneRow ? ['weight'] : matrix.length === tokens.length ? tokens : matrix.map((_, i) => `#${i}`));
  if (rowLabels.length !== matrix.length) {
    throw new ShapeError('attentionSvg', `${rowLabels.length} row labels for ${matrix.length} weight rows`);
  }
  const max = Math.max(0, ...matrix.flat().filter(Number.isFinite));
  return heatmapSvg({
    title,
    values: matrix,
    rowLabels,
    colLabels: tokens,
    rowAxis: oneRow ? '' : 'query',
    colAxis: 'token',
    cellText: (v) => (Number.isFinite(v) ? v.toFixed(2).replace(/^0\./, '.') : '–'),
    max,
    cell: cellSize,
    fontSize: 12,
  });
}
