/**
 * Korean morphological analysis (mecab-ko compatible) and Hangul utilities. Only these exports are public.
 * @packageDocumentation
 */
export { createTokenizer, type TokenizerOptions } from './create-tokenizer.js';
export type { Dictionary } from './dictionary/dictionary.js';
export { defaultDictionaryDir, loadDictionary } from './dictionary/dictionary.js';
export type { BuiltinOptions, MorphemeTokenizer } from './engines/builtin.js';
export { DictionaryError } from './errors.js';
export { expandToken, type ParsedFeature, parseFeature } from './features.js';
export type { Token, TokenFeatures } from './token.js';
export type { AsyncTokenizer, EngineName, PosOptions, Tokenizer } from './tokenizer.js';
export { UserDictionary, type UserWord } from './user-dictionary.js';
