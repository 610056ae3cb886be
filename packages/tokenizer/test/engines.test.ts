import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTokenizer, mecabYaLibPath } from '../src/index.js';
import { describeTokenizer } from './describe-tokenizer.js';

const haveMecab = spawnSync('mecab', ['--version']).status === 0;
const yaLib = mecabYaLibPath();
const haveMecabYa = yaLib !== undefined && existsSync(join(yaLib, 'bin', 'mecab'));

describeTokenizer('builtin', false, { create: () => createTokenizer(), morphemes: true });
describeTokenizer('syllable', false, {
  create: () => createTokenizer({ engine: 'syllable' }),
  morphemes: false,
});
describeTokenizer('jamo', false, {
  create: () => createTokenizer({ engine: 'jamo' }),
  morphemes: false,
  sharedSpans: true,
});
// A MeCab process reads lines of UTF-8: NUL ends its C string and a lone surrogate cannot be
// encoded, so those inputs are the built-in engine's alone.
const processSkips = ['NUL and controls', 'lone high surrogate', 'lone low surrogate', 'reversed pair'];
describeTokenizer('mecab', haveMecab ? false : 'no mecab binary on PATH (apt-get install mecab)', {
  create: () => createTokenizer({ engine: 'mecab' }),
  morphemes: true,
  skipInputs: processSkips,
});
describeTokenizer(
  'mecab-ya',
  haveMecabYa ? false : "mecab-ya's MeCab is not installed (node_modules/mecab-ya/bin/install-mecab ko)",
  { create: () => createTokenizer({ engine: 'mecab-ya' }), morphemes: true, skipInputs: processSkips },
);
