import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ConfigError } from '@kornlp/core';
import type { AsyncTokenizer } from '../tokenizer.js';
import { createMecabProcessTokenizer } from './mecab-process.js';

/** Options of the `mecab-ya` engine. */
export interface MecabYaOptions {
  /**
   * The MeCab install mecab-ya uses (`<dir>/bin/mecab`, libraries in `<dir>/lib`).
   * @default `$MECAB_LIB_PATH`, else `node_modules/mecab-ya/mecab` (where its install script puts it)
   */
  mecabLibPath?: string;
  /** Dictionary directory. @default the install's configured dictionary (its `mecabrc`) */
  dictDir?: string;
  /** Expand Inflect/Compound tokens by default. @default false */
  expand?: boolean;
}

/**
 * Where mecab-ya's MeCab lives, or undefined when neither `$MECAB_LIB_PATH` nor the package is there.
 *
 * @returns the directory holding `bin/mecab`
 * @example
 * ```ts
 * import { mecabYaLibPath } from '@kornlp/tokenizer';
 * // With mecab-ya installed and $MECAB_LIB_PATH unset:
 * console.log(mecabYaLibPath()?.endsWith('node_modules/mecab-ya/mecab')); // true
 * ```
 */
export function mecabYaLibPath(): string | undefined {
  if (process.env.MECAB_LIB_PATH) return process.env.MECAB_LIB_PATH;
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('mecab-ya/package.json')), 'mecab');
  } catch {
    return undefined;
  }
}

/**
 * Runs the MeCab that mecab-ya installed (`node_modules/mecab-ya/bin/install-mecab ko`), as one
 * long-lived process without a shell, instead of mecab-ya's `echo text | mecab` per call (which
 * mangles inputs such as `-n` or `\c`). Tokens carry all features, like the other engines.
 *
 * @internal use `createTokenizer({ engine: 'mecab-ya' })`
 */
export async function createMecabYaTokenizer(options: MecabYaOptions = {}): Promise<AsyncTokenizer> {
  const lib = options.mecabLibPath ?? mecabYaLibPath();
  const bin = lib === undefined ? undefined : join(lib, 'bin', 'mecab');
  if (lib === undefined || bin === undefined || !existsSync(bin)) {
    throw new ConfigError(
      'mecab-ya engine',
      `no MeCab at ${JSON.stringify(bin ?? 'node_modules/mecab-ya/mecab/bin/mecab')}: run "node_modules/mecab-ya/bin/install-mecab ko", set MECAB_LIB_PATH, or use engine 'builtin' (no install needed)`,
    );
  }
  return createMecabProcessTokenizer({
    mecabPath: bin,
    dictDir: options.dictDir,
    expand: options.expand,
    useConfiguredDictionary: true,
    env: { LD_LIBRARY_PATH: `${lib}:${join(lib, 'lib')}` },
    engine: 'mecab-ya',
  });
}
