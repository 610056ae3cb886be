import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { DataFormatError } from '@kornlp/core';

/** One line of a text file with its 1-based number. */
export interface NumberedLine {
  /** The line without its `\n` / `\r\n` terminator. */
  text: string;
  /** 1-based line number in the file. */
  line: number;
}

/**
 * Streams a UTF-8 file line by line (BOM stripped, `\r\n` accepted), so readers never hold a whole
 * corpus in memory. A file that cannot be opened becomes a {@link DataFormatError} naming it.
 *
 * @param file - path of the file
 * @param component - reader name used in error messages
 */
export async function* numberedLines(file: string, component: string): AsyncGenerator<NumberedLine> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const rl = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const raw of rl) {
      line++;
      const text = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      yield { text, line };
    }
  } catch (e) {
    throw new DataFormatError(component, `cannot read: ${(e as Error).message}`, { file, cause: e });
  } finally {
    rl.close();
    stream.destroy();
  }
}

/** Drains an async iterable into an array. */
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** A short quoted preview of a bad line for error messages. */
export function preview(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}
