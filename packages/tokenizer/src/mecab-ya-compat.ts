import type { BuiltinOptions, MorphemeTokenizer } from './engines/builtin.js';
import { createBuiltinTokenizer } from './engines/builtin.js';

/** mecab-ya's callback: `null` error on success, as mecab-ya passes it. */
export type MecabYaCallback<T> = (error: Error | null, result?: T) => void;

/** The API of the npm package mecab-ya, answered by the built-in analyzer. */
export interface MecabYaCompat {
  /** `[[surface, tag], ...]` */
  pos(text: string, callback: MecabYaCallback<[string, string][]>): void;
  /** `[surface, ...]` */
  morphs(text: string, callback: MecabYaCallback<string[]>): void;
  /** Surfaces tagged NNG or NNP (mecab-ya's rule; `Tokenizer.nouns` follows KoNLPy instead). */
  nouns(text: string, callback: MecabYaCallback<string[]>): void;
  /** `[[surface, tag, semantic, final, reading, type, first, last, expression], ...]` */
  all(text: string, callback: MecabYaCallback<string[][]>): void;
  /** `pos` without the callback. */
  posSync(text: string): [string, string][];
  /** `morphs` without the callback. */
  morphsSync(text: string): string[];
  /** `nouns` without the callback. */
  nounsSync(text: string): string[];
  /** `all` without the callback. */
  allSync(text: string): string[][];
}

/**
 * A drop-in replacement for the npm package mecab-ya: same functions, same callback and result
 * shapes, but analyzed in-process by the built-in engine (no MeCab install, no shell, no `echo`).
 * The dictionary loads on the first call.
 *
 * @param options - dictionary and user words for the built-in analyzer
 * @returns an object with mecab-ya's functions
 * @example
 * ```ts
 * // before: const mecab = require('mecab-ya');
 * import { createMecabYaCompat } from '@kornlp/tokenizer';
 * const mecab = createMecabYaCompat();
 * mecab.pos('아버지가방에들어가신다', (err, result) => console.log(result));
 * // [ [ '아버지', 'NNG' ], [ '가', 'JKS' ], [ '방', 'NNG' ], [ '에', 'JKB' ], [ '들어가', 'VV' ], [ '신다', 'EP+EC' ] ]
 * // The *Sync functions answer at once (so these print before the callback above runs):
 * console.log(mecab.nounsSync('아버지가방에들어가신다')); // [ '아버지', '방' ]
 * console.log(mecab.allSync('방에')[0]?.join(',')); // 방,NNG,장소,T,방,*,*,*,*
 * ```
 */
export function createMecabYaCompat(options: BuiltinOptions = {}): MecabYaCompat {
  let tok: MorphemeTokenizer | undefined;
  const get = () => (tok ??= createBuiltinTokenizer({ ...options, expand: false }));
  const rows = (text: string): string[][] =>
    get()
      .mecab(text)
      .split('\n')
      .filter((l) => l.includes('\t'))
      .map((l) => {
        const tab = l.indexOf('\t');
        return [l.slice(0, tab), ...l.slice(tab + 1).split(',')];
      });
  const posSync = (text: string) =>
    get()
      .pos(text)
      .map((t): [string, string] => [t.surface, t.pos]);
  const morphsSync = (text: string) => get().morphs(text);
  const nounsSync = (text: string) =>
    get()
      .pos(text)
      .filter((t) => t.pos === 'NNG' || t.pos === 'NNP')
      .map((t) => t.surface);
  const later =
    <T>(f: (text: string) => T) =>
    (text: string, callback: MecabYaCallback<T>) => {
      setImmediate(() => {
        let result: T;
        try {
          result = f(text);
        } catch (e) {
          callback(e as Error);
          return;
        }
        callback(null, result);
      });
    };
  return {
    pos: later(posSync),
    morphs: later(morphsSync),
    nouns: later(nounsSync),
    all: later(rows),
    posSync,
    morphsSync,
    nounsSync,
    allSync: rows,
  };
}
