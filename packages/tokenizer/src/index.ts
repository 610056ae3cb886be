/**
 * Korean morphological analysis (mecab-ko compatible) and Hangul utilities. Only these exports are public.
 * @module @kornlp/tokenizer
 */
export {
  type BuiltinTokenizerOptions,
  createTokenizer,
  ENGINES,
  type ExternalTokenizerOptions,
  type TokenizerOptions,
  type UnitTokenizerOptions,
} from './create-tokenizer.js';
export type { Dictionary } from './dictionary/dictionary.js';
export { defaultDictionaryDir, loadDictionary } from './dictionary/dictionary.js';
export type { BuiltinOptions, MorphemeTokenizer } from './engines/builtin.js';
export type { MecabProcessOptions } from './engines/mecab-process.js';
export type { MecabYaOptions } from './engines/mecab-ya.js';
export { mecabYaLibPath } from './engines/mecab-ya.js';
export type { UnitTag } from './engines/units.js';
export { DictionaryError } from './errors.js';
export { expandToken, type ParsedFeature, parseFeature } from './features.js';
export { compose, decompose, hasFinalConsonant } from './hangul/jamo.js';
export { type NormalizeOptions, normalize } from './hangul/normalize.js';
export { createMecabYaCompat, type MecabYaCallback, type MecabYaCompat } from './mecab-ya-compat.js';
export type { Token, TokenFeatures } from './token.js';
export type { AsyncTokenizer, EngineName, PosOptions, Tokenizer } from './tokenizer.js';
export { UserDictionary, type UserWord } from './user-dictionary.js';
