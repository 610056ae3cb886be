import type { ParseArgsConfig } from 'node:util';
import { KorNlpError } from '@kornlp/core';

/** What a command may write to and read from; tests pass their own. */
export interface CliIo {
  /** Input for commands that read lines (`tokenize`, `predict`, `pos`, `ner`). */
  stdin: NodeJS.ReadableStream;
  /** Results. */
  stdout: { write(chunk: string): unknown };
  /** Progress, warnings, errors and usage text. */
  stderr: { write(chunk: string): unknown };
}

/** One `kornlp <name>` command. */
export interface Command {
  /** The word after `kornlp`, e.g. `tokenize`. */
  name: string;
  /** One line for `kornlp --help`. */
  summary: string;
  /** Usage text printed by `kornlp <name> --help` and on bad flags. */
  usage: string;
  /** Flags, in `node:util` parseArgs form (`strict` is always on). */
  options: NonNullable<ParseArgsConfig['options']>;
  /** Whether bare positional arguments are accepted. @default false */
  allowPositionals?: boolean;
  /** Runs the command; resolves to the process exit code. */
  run(args: { values: Record<string, unknown>; positionals: string[] }, io: CliIo): Promise<number>;
}

/**
 * A usage problem: the CLI prints the message and the usage, and exits with code 2.
 *
 * @example
 * ```ts
 * import { runCli } from '@kornlp/tasks';
 * console.log(await runCli(['tokenise'])); // 2 (stderr: kornlp: unknown command "tokenise", then the usage)
 * ```
 */
export class UsageError extends KorNlpError {
  /** The problem as the CLI prints it (the message without the `[kornlp]` prefix). */
  readonly detail: string;

  /** @param detail - what was wrong with the command line and what would be valid */
  constructor(detail: string) {
    super('kornlp', detail);
    this.detail = detail;
  }
}
