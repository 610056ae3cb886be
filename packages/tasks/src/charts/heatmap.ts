import { escapeXml, px, svgDocument, textWidth } from './svg.js';

/** Internal: the grid drawing shared by the confusion-matrix and attention heat maps. */
export interface HeatmapSpec {
  title: string;
  values: readonly (readonly number[])[];
  rowLabels: readonly string[];
  colLabels: readonly string[];
  rowAxis: string;
  colAxis: string;
  cellText: (v: number, r: number, c: number) => string;
  max: number;
  cell: number;
  fontSize: number;
}

// White → deep blue; returns the fill and a text colour that stays readable on it.
function shade(t: number): [string, string] {
  const k = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0));
  const mix = (a: number, b: number) => Math.round(a + (b - a) * k);
  return [`rgb(${mix(255, 8)},${mix(255, 48)},${mix(255, 107)})`, k > 0.5 ? '#ffffff' : '#111111'];
}

export function heatmapSvg(spec: HeatmapSpec): string {
  const { values, rowLabels, colLabels, cell, fontSize } = spec;
  const rowW = Math.max(20, ...rowLabels.map((l) => textWidth(l, fontSize))) + 10;
  const colH = Math.max(20, ...colLabels.map((l) => textWidth(l, fontSize))) * 0.75 + 14;
  const left = rowW + 24;
  const top = 34 + colH;
  const width = left + cell * colLabels.length + 20;
  const height = top + cell * rowLabels.length + 20;
  const parts: string[] = [];
  parts.push(
    `<text x="${px(width / 2)}" y="20" text-anchor="middle" font-size="${fontSize + 2}" font-weight="bold">${escapeXml(spec.title)}</text>`,
  );
  parts.push(
    `<text x="${px(left + (cell * colLabels.length) / 2)}" y="${px(34)}" text-anchor="middle" fill="#555">${escapeXml(spec.colAxis)}</text>`,
  );
  const rowMid = top + (cell * rowLabels.length) / 2;
  parts.push(
    `<text x="12" y="${px(rowMid)}" text-anchor="middle" fill="#555" transform="rotate(-90 12 ${px(rowMid)})">${escapeXml(spec.rowAxis)}</text>`,
  );
  parts.push('<g class="col-labels">');
  colLabels.forEach((l, c) => {
    const x = left + c * cell + cell / 2;
    const y = top - 6;
    parts.push(
      `<text x="${px(x)}" y="${px(y)}" transform="rotate(-45 ${px(x)} ${px(y)})">${escapeXml(l)}</text>`,
    );
  });
  parts.push('</g>\n<g class="row-labels">');
  rowLabels.forEach((l, r) => {
    parts.push(
      `<text x="${px(left - 6)}" y="${px(top + r * cell + cell / 2)}" text-anchor="end" dominant-baseline="central">${escapeXml(l)}</text>`,
    );
  });
  parts.push('</g>\n<g class="cells">');
  values.forEach((row, r) => {
    row.forEach((v, c) => {
      const [fill, ink] = shade(spec.max > 0 ? v / spec.max : 0);
      const x = left + c * cell;
      const y = top + r * cell;
      parts.push(
        `<g class="cell" data-row="${r}" data-col="${c}" data-value="${escapeXml(String(v))}">` +
          `<rect x="${px(x)}" y="${px(y)}" width="${px(cell)}" height="${px(cell)}" fill="${fill}" stroke="#ffffff"/>` +
          `<text x="${px(x + cell / 2)}" y="${px(y + cell / 2)}" text-anchor="middle" dominant-baseline="central" fill="${ink}" font-size="${fontSize - 1}">${escapeXml(spec.cellText(v, r, c))}</text></g>`,
      );
    });
  });
  parts.push('</g>');
  return svgDocument(width, height, `${parts.join('\n')}\n`, spec.title);
}
