import { KorNlpError } from '@kornlp/core';

/**
 * A compiled MeCab dictionary that cannot be used: names the file and what was wrong with it
 * (missing, bad magic number, truncated, inconsistent sizes).
 *
 * @example
 * ```ts
 * import { createTokenizer, DictionaryError } from '@kornlp/tokenizer';
 * try { await createTokenizer({ dictDir: '/nonexistent' }); }
 * catch (e) { console.log(e instanceof DictionaryError, (e as DictionaryError).file); }
 * // true /nonexistent/dicrc
 * ```
 */
export class DictionaryError extends KorNlpError {
  /** The dictionary file that was being read. */
  readonly file: string;

  /**
   * @param file - the path of the offending file
   * @param message - what was wrong and what was expected
   * @param options - `cause`: the underlying error
   */
  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super('tokenizer', `${message} (${file})`, options);
    this.file = file;
  }
}
