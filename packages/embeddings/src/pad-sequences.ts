import { ConfigError, describeValue } from '@kornlp/core';

/** Options of {@link padSequences}, named and defaulted as in Keras `pad_sequences`. */
export interface PadOptions {
  /** Row length. @default the longest sequence */
  maxLen?: number;
  /** Where padding goes: before (`pre`) or after (`post`) the ids. @default 'pre' */
  padding?: 'pre' | 'post';
  /** Which end is cut from sequences longer than `maxLen`. @default 'pre' */
  truncating?: 'pre' | 'post';
  /** The padding id. @default 0 */
  value?: number;
}

/** A dense row-major int32 matrix: feed it to `tf.tensor2d(data, shape, 'int32')`. */
export interface Int32Matrix {
  /** `shape[0] * shape[1]` values, row after row. */
  data: Int32Array;
  /** `[rows, columns]`. */
  shape: [number, number];
}

function checkSide(name: string, v: unknown): 'pre' | 'post' {
  if (v !== 'pre' && v !== 'post') {
    throw new ConfigError('padSequences', `${name} must be "pre" or "post", got ${describeValue(v)}`);
  }
  return v;
}

/**
 * Pads and truncates id sequences to one length, exactly like Keras `pad_sequences`: defaults
 * pad and truncate at the front, so the last (usually most telling) tokens are kept and sit
 * next to the end of the sequence where a recurrent layer reads them last.
 *
 * @param sequences - id sequences (arrays or typed arrays)
 * @param options - see {@link PadOptions}
 * @returns an {@link Int32Matrix} of shape `[sequences.length, maxLen]`
 * @throws ConfigError for a bad option
 * @example
 * ```ts
 * import { padSequences } from '@kornlp/embeddings';
 * const m = padSequences([[1, 2, 3], [4]], { maxLen: 2 });
 * console.log(Array.from(m.data), m.shape); // [ 2, 3, 0, 4 ] [ 2, 2 ]
 * const p = padSequences([[1, 2, 3], [4]], { maxLen: 2, padding: 'post', truncating: 'post' });
 * console.log(Array.from(p.data)); // [ 1, 2, 4, 0 ]
 * ```
 */
export function padSequences(sequences: readonly ArrayLike<number>[], options: PadOptions = {}): Int32Matrix {
  const padding = checkSide('padding', options.padding ?? 'pre');
  const truncating = checkSide('truncating', options.truncating ?? 'pre');
  const value = options.value ?? 0;
  if (!Number.isInteger(value) || value < -2147483648 || value > 2147483647) {
    throw new ConfigError('padSequences', `value must be an int32, got ${describeValue(value)}`);
  }
  let maxLen = options.maxLen;
  if (maxLen === undefined) {
    maxLen = 0;
    for (const s of sequences) if (s.length > maxLen) maxLen = s.length;
  } else if (!Number.isInteger(maxLen) || maxLen < 0) {
    throw new ConfigError(
      'padSequences',
      `maxLen must be a non-negative integer, got ${describeValue(maxLen)}`,
    );
  }
  const rows = sequences.length;
  const data = new Int32Array(rows * maxLen);
  if (value !== 0) data.fill(value);
  for (let r = 0; r < rows; r++) {
    const s = sequences[r]!;
    const n = Math.min(s.length, maxLen);
    if (n === 0) continue;
    const from = truncating === 'pre' ? s.length - n : 0;
    const to = r * maxLen + (padding === 'pre' ? maxLen - n : 0);
    for (let i = 0; i < n; i++) data[to + i] = s[from + i]!;
  }
  return { data, shape: [rows, maxLen] };
}
