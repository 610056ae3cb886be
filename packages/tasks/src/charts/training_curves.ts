import { ConfigError } from '@kornlp/core';
import { escapeXml, niceTicks, PALETTE, px, svgDocument, textWidth, tickLabel } from './svg.js';

/** One line of a panel: a value per epoch (`values[i]` is epoch `i + 1`; gaps allowed). */
export interface CurveSeries {
  /** Legend text, e.g. `train loss`. */
  name: string;
  /** Values per epoch; `null`/`undefined`/NaN leave a gap. */
  values: readonly (number | null | undefined)[];
}

/** One chart panel (e.g. loss, or the dev metric). */
export interface CurvePanel {
  /** Panel title, e.g. `Loss`. */
  title: string;
  /** Its lines. */
  series: readonly CurveSeries[];
}

/** Options of {@link trainingCurvesSvg}. */
export interface TrainingCurvesOptions {
  /**
   * Overall title above the panels.
   * @default 'Training curves'
   */
  title?: string;
  /**
   * Width of each panel in pixels.
   * @default 420
   */
  panelWidth?: number;
  /**
   * Height of each panel in pixels.
   * @default 300
   */
  panelHeight?: number;
}

/** A per-epoch record as the trainer keeps it: training loss plus named train/dev metrics. */
export interface CurveHistoryRecord {
  /** 1-based epoch. */
  epoch: number;
  /** Mean training loss. */
  loss: number;
  /** Dev metrics (a `loss` key becomes the dev loss line). */
  dev?: Readonly<Record<string, number>>;
  /** Training-set metrics, when measured. */
  train?: Readonly<Record<string, number>>;
}

/**
 * Turns trainer history into the usual two panels: loss (train, and dev when recorded) and every
 * other metric (train and dev).
 *
 * @param history - one record per epoch, in order
 * @example
 * ```ts
 * historyPanels([{ epoch: 1, loss: 0.7, dev: { accuracy: 0.6 } }, { epoch: 2, loss: 0.5, dev: { accuracy: 0.7 } }]);
 * // [ { title: 'Loss', series: [ { name: 'train loss', values: [0.7, 0.5] } ] },
 * //   { title: 'accuracy', series: [ { name: 'dev accuracy', values: [0.6, 0.7] } ] } ]
 * ```
 */
export function historyPanels(history: readonly CurveHistoryRecord[]): CurvePanel[] {
  const byEpoch = (f: (r: CurveHistoryRecord) => number | undefined) => {
    const out: (number | undefined)[] = [];
    for (const r of history) out[r.epoch - 1] = f(r);
    return out;
  };
  const loss: CurveSeries[] = [{ name: 'train loss', values: byEpoch((r) => r.loss) }];
  if (history.some((r) => r.dev?.loss !== undefined))
    loss.push({ name: 'dev loss', values: byEpoch((r) => r.dev?.loss) });
  const metrics: string[] = [];
  for (const r of history) {
    for (const k of [...Object.keys(r.train ?? {}), ...Object.keys(r.dev ?? {})]) {
      if (k !== 'loss' && !metrics.includes(k)) metrics.push(k);
    }
  }
  const panels: CurvePanel[] = [{ title: 'Loss', series: loss }];
  for (const m of metrics) {
    const series: CurveSeries[] = [];
    if (history.some((r) => r.train?.[m] !== undefined))
      series.push({ name: `train ${m}`, values: byEpoch((r) => r.train?.[m]) });
    if (history.some((r) => r.dev?.[m] !== undefined))
      series.push({ name: `dev ${m}`, values: byEpoch((r) => r.dev?.[m]) });
    panels.push({ title: m, series });
  }
  return panels;
}

const ok = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

function panel(
  p: CurvePanel,
  x0: number,
  y0: number,
  w: number,
  h: number,
  colorAt: (name: string) => string,
): string {
  const left = x0 + 52;
  const right = x0 + w - 12;
  const top = y0 + 28;
  const bottom = y0 + h - 62;
  const epochs = Math.max(1, ...p.series.map((s) => s.values.length));
  const ys = p.series.flatMap((s) => s.values.filter(ok));
  const ticks = niceTicks(ys.length ? Math.min(...ys) : 0, ys.length ? Math.max(...ys) : 1, 5);
  const lo = ticks[0] as number;
  const hi = ticks[ticks.length - 1] as number;
  const sx = (e: number) =>
    epochs === 1 ? (left + right) / 2 : left + ((e - 1) / (epochs - 1)) * (right - left);
  const sy = (v: number) => bottom - ((v - lo) / (hi - lo || 1)) * (bottom - top);
  const out: string[] = [`<g class="panel" data-title="${escapeXml(p.title)}">`];
  out.push(
    `<text x="${px((left + right) / 2)}" y="${px(y0 + 16)}" text-anchor="middle" font-weight="bold">${escapeXml(p.title)}</text>`,
  );
  // Grid and y ticks.
  for (const t of ticks) {
    const y = sy(t);
    out.push(
      `<line class="grid" x1="${px(left)}" y1="${px(y)}" x2="${px(right)}" y2="${px(y)}" stroke="#e5e5e5"/>`,
    );
    out.push(
      `<text class="ytick" x="${px(left - 6)}" y="${px(y)}" text-anchor="end" dominant-baseline="central" fill="#444">${tickLabel(t)}</text>`,
    );
  }
  // X ticks: every epoch, thinned to about 10 labels.
  const every = Math.max(1, Math.ceil(epochs / 10));
  for (let e = 1; e <= epochs; e += every) {
    out.push(
      `<line x1="${px(sx(e))}" y1="${px(bottom)}" x2="${px(sx(e))}" y2="${px(bottom + 4)}" stroke="#333"/>` +
        `<text class="xtick" x="${px(sx(e))}" y="${px(bottom + 16)}" text-anchor="middle" fill="#444">${e}</text>`,
    );
  }
  out.push(
    `<path class="axes" d="M${px(left)} ${px(top)}V${px(bottom)}H${px(right)}" fill="none" stroke="#333"/>`,
  );
  out.push(
    `<text x="${px((left + right) / 2)}" y="${px(bottom + 32)}" text-anchor="middle" fill="#555">epoch</text>`,
  );
  for (const s of p.series) {
    const color = colorAt(s.name);
    const dash = s.name.startsWith('dev') ? ' stroke-dasharray="6 3"' : '';
    let d = '';
    let pen = false;
    const dots: string[] = [];
    s.values.forEach((v, i) => {
      if (!ok(v)) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${px(sx(i + 1))} ${px(sy(v))}`;
      pen = true;
      dots.push(
        `<circle cx="${px(sx(i + 1))}" cy="${px(sy(v))}" r="3" fill="${color}" data-epoch="${i + 1}" data-value="${v}"/>`,
      );
    });
    out.push(
      `<g class="series" data-name="${escapeXml(s.name)}"><path d="${d}" fill="none" stroke="${color}" stroke-width="2"${dash}/>${dots.join('')}</g>`,
    );
  }
  // Legend in a row under the axis title, so it never hides a curve.
  out.push('<g class="legend">');
  let lx = left;
  const ly = bottom + 50;
  for (const s of p.series) {
    const dash = s.name.startsWith('dev') ? ' stroke-dasharray="6 3"' : '';
    out.push(
      `<line x1="${px(lx)}" y1="${px(ly)}" x2="${px(lx + 22)}" y2="${px(ly)}" stroke="${colorAt(s.name)}" stroke-width="2"${dash}/>` +
        `<text x="${px(lx + 28)}" y="${px(ly)}" dominant-baseline="central">${escapeXml(s.name)}</text>`,
    );
    lx += 28 + textWidth(s.name, 12) + 18;
  }
  out.push('</g></g>');
  return out.join('\n');
}

/**
 * Draws training curves as a standalone SVG: one panel per {@link CurvePanel} side by side, each
 * with axes, epoch ticks, value ticks, a legend, a line and a dot per epoch (dev lines dashed; a
 * `train x`/`dev x` pair shares a colour).
 *
 * @param panels - e.g. from {@link historyPanels}
 * @param options - see {@link TrainingCurvesOptions}
 * @throws ConfigError when there are no panels
 * @example
 * ```ts
 * const svg = trainingCurvesSvg(historyPanels(result.history));
 * await atomicWriteFile(join(out, 'curves.svg'), svg);
 * ```
 */
export function trainingCurvesSvg(
  panels: readonly CurvePanel[],
  options: TrainingCurvesOptions = {},
): string {
  const { title = 'Training curves', panelWidth = 420, panelHeight = 300 } = options;
  if (panels.length === 0) throw new ConfigError('trainingCurvesSvg', 'need at least one panel');
  const colors = new Map<string, string>();
  const colorAt = (name: string) => {
    const key = name.replace(/^(train|dev)\s+/, '');
    if (!colors.has(key)) colors.set(key, PALETTE[colors.size % PALETTE.length] as string);
    return colors.get(key) as string;
  };
  const body = [
    `<text x="${px((panelWidth * panels.length) / 2)}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  panels.forEach((p, i) => {
    body.push(panel(p, i * panelWidth, 30, panelWidth, panelHeight, colorAt));
  });
  return svgDocument(panelWidth * panels.length, panelHeight + 34, `${body.join('\n')}\n`, title);
}
