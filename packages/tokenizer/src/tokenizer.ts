import type { Token } from './token.js';

/** Per-call options of `pos`. */
export interface PosOptions {
  /**
   * Expand Inflect/Compound/Preanalysis tokens into the morphemes of their `expression`
   * (`신다` → `시/EP` + `ㄴ다/EC`). See `expandToken` for the offsets of expanded parts.
   * @default the tokenizer's `expand` option (false)
   */
  expand?: boolean;
}

/** The analysis units a tokenizer can produce. */
export type EngineName = 'builtin' | 'mecab' | 'mecab-ya' | 'syllable' | 'jamo';

/**
 * A synchronous tokenizer: the built-in morpheme analyzer and the syllable and jamo tokenizers.
 * `pos` is the core call; `morphs` and `nouns` are thin wrappers over it.
 */
export interface Tokenizer {
  /** Which engine produces the tokens. */
  readonly engine: EngineName;
  /**
   * Analyzes text. Lines (split at `\n`) are analyzed separately, as MeCab does; offsets and
   * eojeol indexes run over the whole input.
   *
   * @param text - any string
   * @param options - `join: true` returns `form/TAG` strings instead of tokens
   */
  pos(text: string, options: PosOptions & { join: true }): string[];
  pos(text: string, options?: PosOptions & { join?: false }): Token[];
  /** The surfaces of `pos(text)`. */
  morphs(text: string, options?: PosOptions): string[];
  /** Surfaces whose tag starts with `N` (KoNLPy's rule): NNG, NNP, NNB, NNBC, NR, NP. */
  nouns(text: string): string[];
  /** `pos` over many texts. */
  posBatch(texts: Iterable<string>, options?: PosOptions): Token[][];
  /** `pos` over a stream of lines (e.g. `readline`), one result per line, in order. */
  posStream(lines: AsyncIterable<string> | Iterable<string>, options?: PosOptions): AsyncIterable<Token[]>;
  /** Releases resources (a no-op for in-process engines). */
  close(): Promise<void>;
}

/** The same calls as {@link Tokenizer}, answered asynchronously (engines that run a MeCab process). */
export interface AsyncTokenizer {
  /** Which engine produces the tokens (`mecab` or `mecab-ya`). */
  readonly engine: EngineName;
  /**
   * Analyzes text, as {@link Tokenizer.pos} does.
   *
   * @param text - any string
   * @param options - `join: true` returns `form/TAG` strings instead of tokens
   */
  pos(text: string, options: PosOptions & { join: true }): Promise<string[]>;
  pos(text: string, options?: PosOptions & { join?: false }): Promise<Token[]>;
  /** The surfaces of `pos(text)`. */
  morphs(text: string, options?: PosOptions): Promise<string[]>;
  /** Surfaces whose tag starts with `N` (KoNLPy's rule). */
  nouns(text: string): Promise<string[]>;
  /** `pos` over many texts, sent to the process in one batch. */
  posBatch(texts: Iterable<string>, options?: PosOptions): Promise<Token[][]>;
  /** `pos` over a stream of lines, one result per line, in order. */
  posStream(lines: AsyncIterable<string> | Iterable<string>, options?: PosOptions): AsyncIterable<Token[]>;
  /** Raw `mecab` output for the text (`surface\tfeatures` lines, `EOS` per input line). */
  mecab(text: string): Promise<string>;
  /** Ends the MeCab process; later calls fail. */
  close(): Promise<void>;
}

/** KoNLPy's noun rule. */
export const isNounTag = (pos: string): boolean => pos.charCodeAt(0) === 0x4e; // 'N'

/**
 * Builds the wrapper methods of a {@link Tokenizer} from its `tokens` function.
 *
 * @internal
 */
export function tokenizerMethods(
  engine: EngineName,
  tokens: (text: string, expand: boolean) => Token[],
  defaultExpand: boolean,
): Tokenizer {
  const run = (text: string, options?: PosOptions) => tokens(text, options?.expand ?? defaultExpand);
  function pos(text: string, options: PosOptions & { join: true }): string[];
  function pos(text: string, options?: PosOptions & { join?: false }): Token[];
  function pos(text: string, options?: PosOptions & { join?: boolean }): Token[] | string[] {
    const out = run(text, options);
    return options?.join ? out.map((t) => `${t.surface}/${t.pos}`) : out;
  }
  return {
    engine,
    pos,
    morphs: (text, options) => run(text, options).map((t) => t.surface),
    nouns: (text) =>
      run(text, { expand: false })
        .filter((t) => isNounTag(t.pos))
        .map((t) => t.surface),
    posBatch: (texts, options) => Array.from(texts, (t) => run(t, options)),
    async *posStream(lines, options) {
      for await (const line of lines) yield run(line, options);
    },
    close: async () => {},
  };
}

/**
 * Builds the wrapper methods of an {@link AsyncTokenizer} from its `tokens` function.
 *
 * @internal
 */
export function asyncTokenizerMethods(
  engine: EngineName,
  tokens: (text: string, expand: boolean) => Promise<Token[]>,
  defaultExpand: boolean,
): Omit<AsyncTokenizer, 'mecab' | 'close'> {
  const run = (text: string, options?: PosOptions) => tokens(text, options?.expand ?? defaultExpand);
  function pos(text: string, options: PosOptions & { join: true }): Promise<string[]>;
  function pos(text: string, options?: PosOptions & { join?: false }): Promise<Token[]>;
  async function pos(text: string, options?: PosOptions & { join?: boolean }): Promise<Token[] | string[]> {
    const out = await run(text, options);
    return options?.join ? out.map((t) => `${t.surface}/${t.pos}`) : out;
  }
  return {
    engine,
    pos,
    morphs: async (text, options) => (await run(text, options)).map((t) => t.surface),
    nouns: async (text) =>
      (await run(text, { expand: false })).filter((t) => isNounTag(t.pos)).map((t) => t.surface),
    posBatch: (texts, options) => Promise.all(Array.from(texts, (t) => run(t, options))),
    async *posStream(lines, options) {
      for await (const line of lines) yield await run(line, options);
    },
  };
}
