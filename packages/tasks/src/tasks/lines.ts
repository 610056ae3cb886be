import { createInterface } from 'node:readline';

/**
 * Reads a stream line by line (UTF-8, `\n` or `\r\n`), for commands that predict on stdin.
 *
 * @param stream - e.g. `process.stdin`
 */
export async function* readLines(stream: NodeJS.ReadableStream): AsyncGenerator<string> {
  const rl = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) yield line;
}
