/**
 * Escapes text for SVG/XML content and attribute values (`& < > " '`), and drops characters XML
 * 1.0 forbids (control characters, lone surrogates) so the document always parses.
 *
 * @param text - any string
 * @example
 * ```ts
 * escapeXml('<B-PS> & "x"'); // '&lt;B-PS&gt; &amp; &quot;x&quot;'
 * ```
 */
export function escapeXml(text: string): string {
  let safe = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    // for..of yields a lone surrogate as its own unit, so this also drops broken pairs.
    if ((c < 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd) || c === 0xfffe || c === 0xffff) continue;
    if (c >= 0xd800 && c <= 0xdfff) continue;
    safe += ch;
  }
  return safe
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Round to 2 decimals for coordinates (keeps files small, plenty for screens). */
export function px(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** Approximate rendered width of a label: wide (Hangul/CJK) characters count as one em. */
export function textWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    w +=
      c >= 0x1100 &&
      ((c >= 0xac00 && c <= 0xd7a3) || (c >= 0x2e80 && c <= 0xa4cf) || c <= 0x115f || c >= 0xf900)
        ? 1
        : 0.6;
  }
  return w * fontSize;
}

/**
 * "Nice" axis ticks covering `[min, max]`: steps of 1, 2 or 5 × 10^k, about `count` of them.
 *
 * @param min - smallest value
 * @param max - largest value
 * @param count - wanted number of intervals
 * @default count 5
 * @example
 * ```ts
 * niceTicks(0.12, 0.93); // [0, 0.2, 0.4, 0.6, 0.8, 1]
 * ```
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return niceTicks(min - pad, max + pad, count);
  }
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = (raw / mag >= 5 ? 10 : raw / mag >= 2 ? 5 : raw / mag >= 1 ? 2 : 1) * mag;
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const out: number[] = [];
  for (let v = lo; v <= hi + step / 2; v += step) out.push(Number(v.toFixed(digits)));
  return out;
}

/** Formats a tick value without float noise. */
export function tickLabel(v: number): string {
  return String(Number(v.toPrecision(6)));
}

/** Wraps a body in a standalone SVG document with a white background and a system font. */
export function svgDocument(width: number, height: number, body: string, title: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px(width)}" height="${px(height)}" viewBox="0 0 ${px(width)} ${px(height)}" ` +
    `font-family="'Noto Sans CJK KR','Apple SD Gothic Neo','Malgun Gothic',sans-serif" font-size="12">\n` +
    `<title>${escapeXml(title)}</title>\n<rect width="100%" height="100%" fill="#ffffff"/>\n${body}</svg>\n`
  );
}

/** A colour-blind-safe palette (Okabe–Ito) for series. */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#CC79A7',
  '#56B4E9',
  '#F0E442',
  '#000000',
];
