import { ConfigError, describeValue, ShapeError } from '@kornlp/core';
import { tf } from '../backend/tf.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** Options for {@link embedding}. */
export interface EmbeddingArgs extends Omit<LayerArgs, 'weights'> {
  /** Vocabulary size: ids are in `[0, vocabSize)`. */
  vocabSize: number;
  /** Width of each vector. */
  embeddingDim: number;
  /**
   * Treat id 0 as padding: the layer emits a mask that recurrent and attention layers downstream
   * honour (Keras `mask_zero`).
   * @default false
   */
  maskZero?: boolean;
  /**
   * Initial vectors, row-major `[vocabSize, embeddingDim]` (e.g. pretrained word2vec/fastText
   * vectors from `@kornlp/embeddings`). Copied; the caller keeps ownership.
   * @default undefined (random uniform in ±0.05, as Keras)
   */
  weights?: Float32Array | tf.Tensor2D;
  /**
   * Whether training updates the vectors; `false` freezes pretrained vectors (they then count as
   * non-trainable params).
   * @default true
   */
  trainable?: boolean;
  /**
   * Fixed input length, so summaries show `(None, inputLength, dim)`.
   * @default undefined
   */
  inputLength?: number;
}

/**
 * An Embedding layer (tfjs's own `Embedding`, so saved models stay loadable by stock tfjs and
 * `tensorflowjs_converter`), with pretrained initial vectors and freezing.
 *
 * @param args - see {@link EmbeddingArgs}
 * @returns the layer; it maps int32 ids `[batch, time]` to `[batch, time, embeddingDim]`
 * @throws ConfigError for non-positive sizes; ShapeError when `weights` has the wrong size
 * @example
 * ```ts
 * import { embedding, tf } from '@kornlp/models';
 * const layer = embedding({ vocabSize: 3, embeddingDim: 2, weights: new Float32Array([0, 0, 1, 2, 3, 4]), trainable: false });
 * console.log((layer.apply(tf.tensor2d([[2, 1]], [1, 2], 'int32')) as tf.Tensor).arraySync()); // [ [ [ 3, 4 ], [ 1, 2 ] ] ]
 * ```
 */
export function embedding(args: EmbeddingArgs): tf.layers.Layer {
  const { vocabSize, embeddingDim, maskZero = false, weights, trainable = true, ...rest } = args;
  for (const [name, v] of [
    ['vocabSize', vocabSize],
    ['embeddingDim', embeddingDim],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new ConfigError('embedding', `${name} must be a positive integer, got ${describeValue(v)}`);
  }
  let initial: tf.Tensor[] | undefined;
  if (weights !== undefined) {
    const size = weights instanceof Float32Array ? weights.length : weights.size;
    if (
      size !== vocabSize * embeddingDim ||
      (!(weights instanceof Float32Array) && weights.shape[1] !== embeddingDim)
    )
      throw new ShapeError(
        'embedding',
        `weights must be [vocabSize=${vocabSize}, embeddingDim=${embeddingDim}] (${vocabSize * embeddingDim} values), got ${
          weights instanceof Float32Array ? `${size} values` : `shape [${weights.shape.join(', ')}]`
        }`,
      );
    initial = [
      weights instanceof Float32Array ? tf.tensor2d(weights, [vocabSize, embeddingDim]) : weights.clone(),
    ];
  }
  const layer = tf.layers.embedding({
    ...rest,
    inputDim: vocabSize,
    outputDim: embeddingDim,
    maskZero,
    trainable,
    ...(initial ? { weights: initial } : {}),
  });
  return layer;
}
