import { tf } from '../../src/index.js';

/** Token ids as an int32 `[rows, length]` tensor. */
export function idsTensor(rows: number[][]): tf.Tensor2D {
  return tf.tensor2d(rows, [rows.length, rows[0]!.length], 'int32');
}

/** Two rows of five ids, the first padded after three tokens. */
export const PADDED_IDS = [
  [5, 6, 7, 0, 0],
  [1, 2, 3, 4, 5],
];
