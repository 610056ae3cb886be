import { expandToken, type ParsedFeature, parseFeature } from '../features.js';
import type { Token } from '../token.js';

/** MeCab's SPACE characters in mecab-ko-dic: tab, LF, VT, CR, space. */
const isMecabSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d && c !== 0x0c);

/**
 * Turns `mecab` output for some text back into tokens with UTF-16 offsets, by finding each
 * surface in the text after the previous one (skipping whitespace, which starts a new eojeol).
 *
 * @param text - the text that was analyzed (lines separated by `\n`)
 * @param output - mecab's output for it (`surface\tfeatures` lines, `EOS` per input line)
 * @param expand - expand Inflect/Compound tokens
 * @returns the tokens
 */
export function tokensFromMecabOutput(text: string, output: string, expand: boolean): Token[] {
  const cache = new Map<string, ParsedFeature>();
  const out: Token[] = [];
  let cursor = 0;
  let eojeol = -1;
  let gap = true;
  for (const row of output.split('\n')) {
    const tab = row.indexOf('\t');
    if (tab < 0) continue; // EOS or blank
    const surface = row.slice(0, tab);
    const feature = row.slice(tab + 1);
    while (
      cursor < text.length &&
      !text.startsWith(surface, cursor) &&
      isMecabSpace(text.charCodeAt(cursor))
    ) {
      cursor++;
      gap = true;
    }
    let start = text.startsWith(surface, cursor) ? cursor : text.indexOf(surface, cursor);
    if (start < 0) start = Math.min(cursor, text.length);
    const end = Math.min(start + surface.length, text.length);
    if (eojeol < 0 || gap || start > cursor) eojeol++;
    gap = false;
    cursor = end;
    let parsed = cache.get(feature);
    if (!parsed) cache.set(feature, (parsed = parseFeature(feature)));
    const token: Token = { surface, pos: parsed.pos, features: parsed.features, start, end, eojeol };
    if (expand && parsed.features.expression !== null) out.push(...expandToken(token));
    else out.push(token);
  }
  return out;
}
