/**
 * The root of every error kornlp throws. Catch this to handle any kornlp failure;
 * catch a subclass to handle one kind.
 *
 * @example
 * ```ts
 * import { KorNlpError, ConfigError } from '@kornlp/core';
 * try { throw new ConfigError('pad', 'maxLen must be a positive integer, got -1'); }
 * catch (e) { console.log(e instanceof KorNlpError, (e as Error).message); }
 * // true [pad] maxLen must be a positive integer, got -1
 * ```
 */
export class KorNlpError extends Error {
  /** The component that raised the error, e.g. `tokenizer` or `Vocabulary.load`. */
  readonly component: string;

  /**
   * @param component - where the error happened; prefixed to the message as `[component]`
   * @param message - what was wrong and what would be valid
   * @param options - `cause`: the underlying error, kept for debugging
   */
  constructor(component: string, message: string, options?: { cause?: unknown }) {
    super(`[${component}] ${message}`, options);
    this.component = component;
    this.name = new.target.name;
  }
}

/**
 * A bad option or configuration value: names the option, the value, and the allowed values.
 *
 * @example
 * ```ts
 * import { ConfigError, describeValue } from '@kornlp/core';
 * const e = new ConfigError('pad', `maxLen must be a positive integer, got ${describeValue(-1)}`);
 * console.log(e.name, e.component); // ConfigError pad
 * console.log(e.message); // [pad] maxLen must be a positive integer, got -1
 * ```
 */
export class ConfigError extends KorNlpError {}

/**
 * Input data that cannot be read: names the file (and line, when known) and what was wrong.
 *
 * @example
 * ```ts
 * import { DataFormatError } from '@kornlp/core';
 * const e = new DataFormatError('readConllu', 'expected 10 tab-separated fields, got 3', {
 *   file: 'train.conllu',
 *   line: 42,
 * });
 * console.log(e.message); // [readConllu] expected 10 tab-separated fields, got 3 (train.conllu:42)
 * console.log(e.file, e.line); // train.conllu 42
 * ```
 */
export class DataFormatError extends KorNlpError {
  /** The file that was being read, when there was one. */
  readonly file: string | undefined;
  /** The 1-based line number, when known. */
  readonly line: number | undefined;

  /**
   * @param component - the reader, e.g. `readConllu`
   * @param message - what was wrong
   * @param where - the file and 1-based line, when known
   */
  constructor(
    component: string,
    message: string,
    where: { file?: string; line?: number; cause?: unknown } = {},
  ) {
    const at = where.file ? ` (${where.file}${where.line !== undefined ? `:${where.line}` : ''})` : '';
    super(component, `${message}${at}`, { cause: where.cause });
    this.file = where.file;
    this.line = where.line;
  }
}

/**
 * A saved artifact (vocabulary, model, pipeline) that is missing, corrupt or of an unknown version.
 *
 * @example
 * ```ts
 * import { ArtifactError, KorNlpError } from '@kornlp/core';
 * const e = new ArtifactError('Vocabulary.load', 'unknown format version 9; this kornlp reads 1');
 * console.log(e instanceof KorNlpError, e.message);
 * // true [Vocabulary.load] unknown format version 9; this kornlp reads 1
 * ```
 */
export class ArtifactError extends KorNlpError {}

/**
 * Tensor or array shapes that do not fit together.
 *
 * @example
 * ```ts
 * import { ShapeError } from '@kornlp/core';
 * const e = new ShapeError('Embedding', 'weights are [5000, 64] but vocabSize is 4000');
 * console.log(e.name, e.message); // ShapeError [Embedding] weights are [5000, 64] but vocabSize is 4000
 * ```
 */
export class ShapeError extends KorNlpError {}

/**
 * Describes a value for an error message: strings quoted, long values cut.
 *
 * @param value - any value
 * @returns a short printable form
 * @example
 * ```ts
 * import { describeValue } from '@kornlp/core';
 * console.log(describeValue('영화'), describeValue([1, 2]), describeValue(undefined), describeValue(10n));
 * // "영화" [1,2] undefined 10n
 * console.log(describeValue('x'.repeat(100)).length); // 80 (cut, ending in ...)
 * ```
 */
export function describeValue(value: unknown): string {
  let s: string;
  if (typeof value === 'string') s = JSON.stringify(value);
  else if (typeof value === 'bigint') s = `${value}n`;
  else if (value === undefined) s = 'undefined';
  else {
    try {
      s = JSON.stringify(value) ?? String(value);
    } catch {
      s = String(value);
    }
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
