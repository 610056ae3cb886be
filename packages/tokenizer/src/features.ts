import type { Token, TokenFeatures } from './token.js';

/** Splits one CSV line, honouring double quotes as MeCab's dictionary compiler does. */
export function splitCsv(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

const star = (s: string | undefined): string | null => (s === undefined || s === '*' || s === '' ? null : s);

/** The POS tag and parsed feature fields of one mecab-ko-dic feature string. */
export interface ParsedFeature {
  /** The POS tag, the first field (`NNG`, or `VV+EP+EC` for an inflected form). */
  readonly pos: string;
  /** The other seven fields, `*` turned into null. */
  readonly features: Readonly<TokenFeatures>;
}

/**
 * Parses a mecab-ko-dic feature string (`NNG,장소,T,방,*,*,*,*`).
 *
 * @param feature - the comma-separated feature string
 * @returns the POS tag and the remaining fields, frozen (tokens share them)
 * @example
 * ```ts
 * import { parseFeature } from '@kornlp/tokenizer';
 * const { pos, features } = parseFeature('NNG,장소,T,방,*,*,*,*');
 * console.log(pos, features.semanticClass, features.hasFinalConsonant, features.type); // NNG 장소 true null
 * ```
 */
export function parseFeature(feature: string): ParsedFeature {
  const f = splitCsv(feature);
  const fc = f[2];
  const type = star(f[4]);
  const features: TokenFeatures = Object.freeze({
    semanticClass: star(f[1]),
    hasFinalConsonant: fc === 'T' ? true : fc === 'F' ? false : null,
    reading: star(f[3]),
    type: type === 'Inflect' || type === 'Compound' || type === 'Preanalysis' ? type : null,
    firstPos: star(f[5]),
    lastPos: star(f[6]),
    expression: star(f[7]),
  });
  return Object.freeze({ pos: f[0] ?? '*', features });
}

/** Whether a Hangul syllable ends in a final consonant; null for anything else. */
function finalConsonant(s: string): boolean | null {
  const c = s.charCodeAt(s.length - 1);
  if (c >= 0xac00 && c <= 0xd7a3) return (c - 0xac00) % 28 !== 0;
  return null;
}

/**
 * Expands an Inflect/Compound/Preanalysis token into the morphemes of its `expression`
 * (`신다` → `시/EP` + `ㄴ다/EC`). When the parts spell the surface exactly (most compounds), each
 * part gets its own slice of the offsets; otherwise (contracted inflections) every part carries the
 * whole token's span, since the morphemes do not appear in the text.
 *
 * @param token - a token
 * @returns the parts, or `[token]` when it has no expression
 * @example
 * ```ts
 * import { createTokenizer, expandToken } from '@kornlp/tokenizer';
 * const token = (await createTokenizer()).pos('들어가신다').at(-1)!;
 * console.log(token.surface, token.pos, token.start, token.end); // 신다 EP+EC 3 5
 * console.log(expandToken(token).map((p) => `${p.surface}/${p.pos} ${p.start}-${p.end}`));
 * // [ '시/EP 3-5', 'ㄴ다/EC 3-5' ]  (contracted: both parts span the whole token)
 * ```
 */
export function expandToken(token: Token): Token[] {
  const expr = token.features.expression;
  if (!expr || token.features.type === null) return [token];
  const parts = expr.split('+').map((p) => {
    // `form/TAG/semantic`; a form may itself be `/` (e.g. `//SC/*`).
    const m = /^(.*)\/([^/]+)\/([^/]*)$/.exec(p);
    return m ? { form: m[1]!, tag: m[2]!, sem: m[3]! } : { form: p, tag: token.pos, sem: '*' };
  });
  if (parts.length < 2) return [token];
  const spelled = parts.map((p) => p.form).join('') === token.surface;
  let at = token.start;
  return parts.map((p) => {
    const start = spelled ? at : token.start;
    const end = spelled ? at + p.form.length : token.end;
    at = end;
    return {
      surface: p.form,
      pos: p.tag,
      features: Object.freeze({
        semanticClass: star(p.sem),
        hasFinalConsonant: finalConsonant(p.form),
        reading: p.form,
        type: null,
        firstPos: null,
        lastPos: null,
        expression: null,
      }),
      start,
      end,
      eojeol: token.eojeol,
    };
  });
}
