/**
 * `@kornlp/tokenizer/mecab-ya`: the mecab-ya API on the built-in analyzer. Switch by changing
 * `require('mecab-ya')` to `require('@kornlp/tokenizer/mecab-ya')` (or the import equivalent).
 * @packageDocumentation
 */
import { createMecabYaCompat } from './mecab-ya-compat.js';

const mecab = createMecabYaCompat();

export const { pos, morphs, nouns, all, posSync, morphsSync, nounsSync, allSync } = mecab;
export default mecab;
