import { ConfigError, describeValue } from '@kornlp/core';
import { applyEncoder, tf } from '@kornlp/models';
import type { Trainable } from '../training/dataset.js';
import { withSeededRandom } from '../training/seeded_scope.js';
import { type EncoderSpec, encoderOptions, resolveEncoderSpec } from './encoder.js';
import { softmaxCrossEntropy } from './losses.js';
import { checkEmbeddingFits } from './model_fit.js';

/** How a {@link SequenceClassifier} turns per-token states into one vector. */
export const POOLING_KINDS = ['last', 'mean', 'max', 'attention'] as const;
/**
 * A pooling kind: `last` takes the final recurrent state(s) (recurrent kinds only), `mean` and
 * `max` reduce the unpadded steps, `attention` learns a score per step and takes the
 * softmax-weighted sum of the unpadded steps.
 */
export type PoolingKind = (typeof POOLING_KINDS)[number];

/** Configuration of a {@link SequenceClassifier}; plain JSON, saved with pipelines. */
export interface SequenceClassifierConfig {
  /** Vocabulary size, specials included (id 0 is padding). */
  vocabSize: number;
  /** Number of classes (2 for binary tasks). */
  numClasses: number;
  /** Padded sequence length. */
  maxLen: number;
  /** Embedding width. @default 128 */
  embeddingDim?: number;
  /** The encoder. @default { kind: 'bi_lstm', units: 128 } */
  encoder?: EncoderSpec;
  /**
   * Pooling over time.
   * @default 'last' for recurrent encoders, 'attention' for `attention`, 'mean' for `transformer`
   */
  pooling?: PoolingKind;
  /** Dropout before the output layer while training. @default 0.3 */
  dropout?: number;
  /** Per-class loss weights (e.g. for imbalanced spam data), or null. @default null */
  classWeights?: number[] | null;
  /** Seeds weight initialization: the same seed builds the same weights. @default 42 */
  seed?: number;
}

function check(config: SequenceClassifierConfig): Required<SequenceClassifierConfig> {
  const {
    vocabSize,
    numClasses,
    maxLen,
    embeddingDim = 128,
    encoder = {},
    dropout = 0.3,
    classWeights = null,
    seed = 42,
  } = config;
  const where = 'SequenceClassifier';
  for (const [name, v, min] of [
    ['vocabSize', vocabSize, 2],
    ['numClasses', numClasses, 2],
    ['maxLen', maxLen, 1],
    ['embeddingDim', embeddingDim, 1],
  ] as const) {
    if (!Number.isInteger(v) || v < min)
      throw new ConfigError(where, `${name} must be an integer ≥ ${min}, got ${v}`);
  }
  const spec = resolveEncoderSpec(encoder);
  const recurrent = spec.kind !== 'attention' && spec.kind !== 'transformer';
  const pooling = config.pooling ?? (recurrent ? 'last' : spec.kind === 'attention' ? 'attention' : 'mean');
  if (!(POOLING_KINDS as readonly string[]).includes(pooling)) {
    throw new ConfigError(
      where,
      `unknown pooling ${describeValue(pooling)}; expected one of ${POOLING_KINDS.join(', ')}`,
    );
  }
  if (pooling === 'last' && !recurrent) {
    throw new ConfigError(
      where,
      `pooling "last" needs a recurrent encoder, not ${describeValue(spec.kind)}; use mean, max or attention`,
    );
  }
  if (!(typeof dropout === 'number' && dropout >= 0 && dropout < 1))
    throw new ConfigError(where, `dropout must be in [0, 1), got ${describeValue(dropout)}`);
  if (!Number.isInteger(seed))
    throw new ConfigError(where, `seed must be an integer, got ${describeValue(seed)}`);
  if (classWeights && classWeights.length !== numClasses) {
    throw new ConfigError(where, `classWeights has ${classWeights.length} entries for ${numClasses} classes`);
  }
  return {
    vocabSize,
    numClasses,
    maxLen,
    embeddingDim,
    encoder: spec,
    pooling,
    dropout,
    classWeights,
    seed,
  };
}

/**
 * A many-to-one text classifier: token ids → embeddings → encoder → pooling → class scores, on
 * any `@kornlp/models` encoder (fused recurrent layers, attention, Transformer) with last-state,
 * mean, max or attention pooling. Binary (sentiment, spam) and multi-class (topics) alike use a
 * softmax over `numClasses`.
 *
 * @example
 * ```ts
 * const clf = new SequenceClassifier({ vocabSize: 100, numClasses: 2, maxLen: 8, embeddingDim: 8, encoder: { kind: 'gru', units: 8 } });
 * const probs = clf.predictProba([[5, 6, 7, 0, 0, 0, 0, 0]]);
 * console.log(probs.length, probs[0]!.length); // 1 2
 * ```
 */
export class SequenceClassifier implements Trainable {
  /** The full configuration, defaults filled in. */
  readonly config: Required<SequenceClassifierConfig>;
  /** The Layers model: input ids [batch, maxLen] → logits [batch, numClasses]. */
  readonly model: tf.LayersModel;
  private readonly classWeights: tf.Tensor1D | null;

  /**
   * @param config - see {@link SequenceClassifierConfig}
   * @param model - an already built (e.g. loaded) model for this config; built fresh when omitted
   */
  constructor(config: SequenceClassifierConfig, model?: tf.LayersModel) {
    this.config = check(config);
    this.model = model ?? SequenceClassifier.buildModel(this.config);
    checkEmbeddingFits('SequenceClassifier', this.model, 'embedding', this.config.vocabSize);
    const out = this.model.outputs[0]!.shape;
    if (
      out[out.length - 1] !== this.config.numClasses ||
      this.model.inputs[0]!.shape[1] !== this.config.maxLen
    ) {
      throw new ConfigError(
        'SequenceClassifier',
        `model shapes ${JSON.stringify(this.model.inputs[0]!.shape)} → ${JSON.stringify(out)} do not fit maxLen ${this.config.maxLen} and ${this.config.numClasses} classes`,
      );
    }
    this.classWeights = this.config.classWeights ? tf.keep(tf.tensor1d(this.config.classWeights)) : null;
  }

  private static buildModel(c: Required<SequenceClassifierConfig>): tf.LayersModel {
    return withSeededRandom(c.seed, () => {
      const ids = tf.input({ shape: [c.maxLen], dtype: 'int32', name: 'ids' });
      let h = applyEncoder(ids, {
        ...encoderOptions(c.encoder),
        vocabSize: c.vocabSize,
        embeddingDim: c.embeddingDim,
        maxLen: c.maxLen,
        output: 'pooled',
        pooling: c.pooling,
      });
      if (c.dropout > 0)
        h = tf.layers.dropout({ rate: c.dropout, name: 'dropout' }).apply(h) as tf.SymbolicTensor;
      const logits = tf.layers.dense({ units: c.numClasses, name: 'logits' }).apply(h) as tf.SymbolicTensor;
      return tf.model({ inputs: ids, outputs: logits, name: 'sequence_classifier' });
    });
  }

  /**
   * Mean cross-entropy over a batch ({@link Trainable}).
   *
   * @param xs - `[ids]`, int32 [batch, maxLen]
   * @param y - int32 class ids [batch]
   * @param training - whether dropout is active
   */
  loss(xs: tf.Tensor[], y: tf.Tensor, training: boolean): tf.Scalar {
    const logits = this.model.apply(xs, { training }) as tf.Tensor;
    return softmaxCrossEntropy(logits, y, { classWeights: this.classWeights });
  }

  /**
   * Class probabilities for padded id rows.
   *
   * @param ids - rows of exactly `maxLen` ids
   * @param batchSize - rows per forward pass @default 256
   * @returns one probability vector per row
   */
  predictProba(ids: readonly (readonly number[])[], batchSize = 256): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < ids.length; i += batchSize) {
      const rows = ids.slice(i, i + batchSize);
      for (const r of rows) {
        if (r.length !== this.config.maxLen)
          throw new ConfigError(
            'SequenceClassifier.predictProba',
            `each row must have maxLen ${this.config.maxLen} ids, got ${r.length}`,
          );
      }
      const probs = tf.tidy(() =>
        tf.softmax(this.model.predict(tf.tensor2d(rows as number[][], undefined, 'int32')) as tf.Tensor),
      );
      out.push(...(probs.arraySync() as number[][]));
      probs.dispose();
    }
    return out;
  }

  /** Frees the model's weights. */
  dispose(): void {
    this.model.dispose();
    this.classWeights?.dispose();
  }
}
