import { Readable } from 'node:stream';
import type { CliIo } from '../../src/cli/command.js';

/**
 * A `CliIo` for `runCli` that records what the command writes to `out` and `err`; its stdin is the
 * given text, or the test process's own stdin for commands that read none.
 */
export function captureIo(stdin: string | NodeJS.ReadableStream = process.stdin): {
  io: CliIo;
  readonly out: string;
  readonly err: string;
} {
  let out = '';
  let err = '';
  return {
    io: {
      stdin: typeof stdin === 'string' ? Readable.from([stdin]) : stdin,
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
    },
    get out() {
      return out;
    },
    get err() {
      return err;
    },
  };
}
