/**
 * Korean morphological analysis (mecab-ko compatible) and Hangul utilities. Only these exports are public.
 * @packageDocumentation
 */
export type { Token, TokenFeatures } from './token.js';
