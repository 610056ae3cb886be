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

/** A bad option or configuration value: names the option, the value, and the allowed values. */
export class ConfigError extends KorNlpError {}

/** Input data that cannot be read: names the file (and line, when known) and what was wrong. */
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

/** A saved artifact (vocabulary, model, pipeline) that is missing, corrupt or of an unknown version. */
export class ArtifactError extends KorNlpError {}

/** Tensor or array shapes that do not fit together. */
export class ShapeError extends KorNlpError {}

/**
 * Describes a value for an error message: strings quoted, long values cut.
 *
 * @param value - any value
 * @returns a short printable form
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
