import { ConfigError, DataFormatError } from '@kornlp/core';
import { tf } from '../backend/tf.js';

/** Options for {@link predictBucketed}. */
export interface PredictBucketedOptions {
  /**
   * Sequences per model call.
   * @default 64
   */
  batchSize?: number;
  /**
   * The id that pads short sequences (the id a masking Embedding treats as padding).
   * @default 0
   */
  padValue?: number;
  /**
   * Where padding (and truncation beyond `maxLength`) goes: after the tokens or before them.
   * @default 'post'
   */
  padding?: 'pre' | 'post';
  /**
   * Longest sequence fed to the model; longer ones are cut (their tail with `padding: 'post'`).
   * @default no limit
   */
  maxLength?: number;
}

/** A model to run: a tfjs LayersModel, or any function from `[batch, time]` int32 ids to a tensor. */
export type BucketedModel = tf.LayersModel | ((ids: tf.Tensor2D) => tf.Tensor);

/**
 * Predicts many sequences of ids in batches of similar length: sequences are sorted by length,
 * cut into batches, and each batch is padded only to its own longest sequence, so tagging 10,000
 * sentences does not pad everything to the longest one. Results come back in input order.
 *
 * The model sees padded batches, so it must ignore padding (a mask from `padValue`, as a masking
 * Embedding or the fused recurrences' `mask` give) for results to equal unpadded prediction.
 *
 * @param model - a LayersModel or a function from `[batch, time]` ids to `[batch, k]` (one output
 *   per sequence) or `[batch, time, k]` (one per step, in input time order)
 * @param seqs - the id sequences
 * @param options - see {@link PredictBucketedOptions}
 * @returns per sequence, its output row-major: `k` values, or `length × k` for per-step outputs
 *   (padding steps removed)
 * @example
 * ```ts
 * import { initBackend, predictBucketed, tf } from '@kornlp/models';
 * await initBackend();
 * const lengths = (ids: tf.Tensor2D) => tf.cast(tf.sum(tf.notEqual(ids, 0), 1, true), 'float32');
 * const out = await predictBucketed(lengths, [[5, 6, 7], [8], [9, 9]], { batchSize: 2 });
 * console.log(out.map((o) => o[0])); // [ 3, 1, 2 ]
 * ```
 */
export async function predictBucketed(
  model: BucketedModel,
  seqs: ArrayLike<number>[],
  options: PredictBucketedOptions = {},
): Promise<Float32Array[]> {
  const { batchSize = 64, padValue = 0, padding = 'post', maxLength } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new ConfigError('predictBucketed', `batchSize must be a positive integer, got ${batchSize}`);
  if (maxLength !== undefined && (!Number.isInteger(maxLength) || maxLength < 1))
    throw new ConfigError('predictBucketed', `maxLength must be a positive integer, got ${maxLength}`);
  if (padding !== 'pre' && padding !== 'post')
    throw new ConfigError(
      'predictBucketed',
      `padding must be 'pre' or 'post', got ${JSON.stringify(padding)}`,
    );
  const run = typeof model === 'function' ? model : (ids: tf.Tensor2D) => model.predict(ids) as tf.Tensor;
  const lengths = seqs.map((s) => Math.min(s.length, maxLength ?? s.length));
  const order = [...seqs.keys()].sort((a, b) => (lengths[a] as number) - (lengths[b] as number));
  const results: Float32Array[] = new Array(seqs.length);
  for (let start = 0; start < order.length; start += batchSize) {
    const members = order.slice(start, start + batchSize);
    const width = Math.max(1, ...members.map((i) => lengths[i] as number));
    const ids = new Int32Array(members.length * width).fill(padValue);
    members.forEach((seqIndex, row) => {
      const seq = seqs[seqIndex] as ArrayLike<number>;
      const len = lengths[seqIndex] as number;
      const from = padding === 'post' ? 0 : seq.length - len; // truncation on the padding side
      const at = row * width + (padding === 'post' ? 0 : width - len);
      for (let j = 0; j < len; j++) {
        const v = seq[from + j] as number;
        if (!Number.isInteger(v))
          throw new DataFormatError(
            'predictBucketed',
            `sequence ${seqIndex} has a non-integer id ${v} at ${from + j}`,
          );
        ids[at + j] = v;
      }
    });
    const x = tf.tensor2d(ids, [members.length, width], 'int32');
    const y = run(x);
    const values = (await y.data()) as Float32Array;
    const shape = y.shape;
    tf.dispose([x, y]);
    if (shape[0] !== members.length || (shape.length === 3 && shape[1] !== width) || shape.length < 2)
      throw new DataFormatError(
        'predictBucketed',
        `the model returned shape [${shape}] for a batch of shape [${members.length}, ${width}]; expected [batch, k] or [batch, time, k]`,
      );
    const perRow = values.length / members.length;
    const k = shape.length === 3 ? (shape[2] as number) : perRow;
    members.forEach((seqIndex, row) => {
      const rowValues = values.subarray(row * perRow, (row + 1) * perRow);
      if (shape.length !== 3) {
        results[seqIndex] = rowValues.slice();
        return;
      }
      const len = lengths[seqIndex] as number;
      const first = padding === 'post' ? 0 : width - len;
      results[seqIndex] = rowValues.slice(first * k, (first + len) * k);
    });
  }
  return results;
}
