import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { KorNlpError } from '@kornlp/core';
import { type CliIo, type Command, UsageError } from './command.js';
import { commands } from './commands/index.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** The CLI's version, from `@kornlp/tasks`'s package.json. */
export const VERSION: string = pkg.version;

function mainUsage(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: kornlp <command> [options]',
    '',
    'Korean NLP from Node: tokenize, build vocabularies and embeddings, train and run models.',
    '',
    'Commands:',
    ...(lines.length ? lines : ['  (none yet)']),
    '',
    'Options:',
    "  -h, --help     show this help, or a command's help after its name",
    '  -v, --version  print the version',
    '',
  ].join('\n');
}

function defaultIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/**
 * Runs the `kornlp` command line.
 *
 * @param argv - the arguments after `kornlp`
 * @param io - streams to use; the process's by default
 * @returns the exit code: 0 on success, 1 on a runtime error, 2 on a usage error
 * @example
 * ```ts
 * import { Readable } from 'node:stream';
 * import { type CliIo, runCli } from '@kornlp/tasks';
 * let out = '';
 * const io: CliIo = {
 *   stdin: Readable.from(['아버지가방에들어가신다\n']),
 *   stdout: { write: (s: string) => (out += s) },
 *   stderr: process.stderr,
 * };
 * const code = await runCli(['tokenize', '--format', 'morphs'], io);
 * console.log(code, out); // 0 아버지 가 방 에 들어가 신다
 * ```
 */
export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    (first === undefined ? io.stderr : io.stdout).write(mainUsage());
    return first === undefined ? 2 : 0;
  }
  if (first === '-v' || first === '--version') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command: Command | undefined = commands.find((c) => c.name === first);
  if (!command) {
    io.stderr.write(`kornlp: unknown command ${JSON.stringify(first)}\n\n${mainUsage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
    return 0;
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest,
      options: command.options,
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    }) as typeof parsed;
  } catch (e) {
    io.stderr.write(`kornlp ${command.name}: ${(e as Error).message}\n\n${command.usage}\n`);
    return 2;
  }
  try {
    return await command.run(parsed, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`kornlp ${command.name}: ${e.detail}\n\n${command.usage}\n`);
      return 2;
    }
    if (e instanceof KorNlpError) {
      io.stderr.write(`kornlp ${command.name}: ${e.name}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
