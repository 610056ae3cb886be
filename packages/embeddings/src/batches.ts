import { ConfigError, describeValue, ShapeError } from '@kornlp/core';
import * as tf from '@tensorflow/tfjs';
import { type PadOptions, padSequences } from './pad-sequences.js';
import { Rng } from './rng.js';

/** Options of {@link batches}. */
export interface BatchOptions extends PadOptions {
  /** Sequences per batch. @default 32 */
  batchSize?: number;
  /** Visit the sequences in a seeded random order. @default false */
  shuffle?: boolean;
  /** Seed of the shuffle. @default 0 */
  seed?: number;
  /** Skip a last batch smaller than `batchSize`. @default false */
  dropRemainder?: boolean;
  /** dtype of 1-D labels (`int32` for sparse categorical losses). @default 'float32' */
  labelDtype?: 'float32' | 'int32';
}

/** One batch from {@link batches}. The caller owns the tensors and must dispose them. */
export interface Batch {
  /** `[batch, maxLen]` int32 ids. */
  x: tf.Tensor2D;
  /** Labels: `[batch]` for one label per sequence, `[batch, maxLen]` int32 for one per token. */
  y?: tf.Tensor;
  /** Which input sequences are in the batch, in order. */
  indices: number[];
}

/**
 * A tensor from a padded matrix.
 *
 * @param m - from {@link padSequences}
 * @returns an int32 tensor of shape `m.shape`
 * @example
 * ```ts
 * import { padSequences, toTensor } from '@kornlp/embeddings';
 * const t = toTensor(padSequences([[1, 2], [3]]));
 * console.log(t.dtype, t.shape); // int32 [ 2, 2 ]
 * t.dispose();
 * ```
 */
export function toTensor(m: { data: Int32Array; shape: [number, number] }): tf.Tensor2D {
  return tf.tensor2d(m.data, m.shape, 'int32');
}

/**
 * Cuts id sequences (and optional labels) into padded int32 tensor batches. Each batch is padded
 * on its own to `maxLen` (or to its longest sequence when `maxLen` is not given).
 *
 * @param sequences - id sequences
 * @param labels - one number per sequence, or one id sequence per sequence (tagging); optional
 * @param options - see {@link BatchOptions}
 * @returns a generator of {@link Batch}; dispose each batch's tensors when done
 * @throws ShapeError when labels and sequences differ in number; ConfigError for bad options
 * @example
 * ```ts
 * import { batches } from '@kornlp/embeddings';
 * for (const b of batches([[1, 2, 3], [4], [5, 6]], [1, 0, 1], { batchSize: 2, maxLen: 2 })) {
 *   console.log(b.x.arraySync(), b.y?.arraySync());
 *   b.x.dispose(); b.y?.dispose();
 * }
 * // [ [ 2, 3 ], [ 0, 4 ] ] [ 1, 0 ]
 * // [ [ 5, 6 ] ] [ 1 ]
 * ```
 */
export function* batches(
  sequences: readonly ArrayLike<number>[],
  labels?: readonly number[] | readonly ArrayLike<number>[],
  options: BatchOptions = {},
): Generator<Batch> {
  const {
    batchSize = 32,
    shuffle = false,
    seed = 0,
    dropRemainder = false,
    labelDtype = 'float32',
  } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ConfigError('batches', `batchSize must be a positive integer, got ${describeValue(batchSize)}`);
  }
  if (labels && labels.length !== sequences.length) {
    throw new ShapeError('batches', `got ${sequences.length} sequences but ${labels.length} labels`);
  }
  const order = Array.from({ length: sequences.length }, (_, i) => i);
  if (shuffle) new Rng(seed).shuffle(order);
  for (let start = 0; start < order.length; start += batchSize) {
    const indices = order.slice(start, start + batchSize);
    if (dropRemainder && indices.length < batchSize) break;
    const padded = padSequences(
      indices.map((i) => sequences[i]!),
      options,
    );
    const batch: Batch = { x: toTensor(padded), indices };
    if (labels) {
      if (typeof labels[0] === 'number') {
        const ys = indices.map((i) => labels[i] as number);
        batch.y = tf.tensor1d(ys, labelDtype);
      } else {
        const ys = padSequences(
          indices.map((i) => labels[i] as ArrayLike<number>),
          { ...options, maxLen: padded.shape[1] },
        );
        batch.y = toTensor(ys);
      }
    }
    yield batch;
  }
}
