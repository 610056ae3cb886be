import { ConfigError } from '@kornlp/core';
import { tf } from '@kornlp/models';
import type { Trainable } from '../training/dataset.js';
import { applyEncoder, type EncoderSpec, resolveEncoderSpec } from './encoder.js';
import { softmaxCrossEntropy } from './losses.js';

/** One integer input per token (the token itself, its first morpheme, its last tag, ...). */
export interface TaggerChannel {
  /** Channel name, e.g. `word` or `lastTag`; the first channel's id 0 marks padding. */
  name: string;
  /** Ids in this channel, specials included. */
  vocabSize: number;
  /** Embedding width for this channel. @default 64 */
  dim?: number;
}

/** How tags are chosen from per-token scores. */
export const DECODER_KINDS = ['softmax'] as const;
/** A decoder kind. */
export type DecoderKind = (typeof DECODER_KINDS)[number];

/** Configuration of a {@link SequenceTagger}; plain JSON, saved with pipelines. */
export interface SequenceTaggerConfig {
  /** The input channels; their embeddings are concatenated per token. */
  channels: TaggerChannel[];
  /** Number of tags, the padding tag 0 included. */
  numTags: number;
  /** Padded sequence length. */
  maxLen: number;
  /** The encoder (`sequence` output). @default { kind: 'bi_lstm', units: 128 } */
  encoder?: EncoderSpec;
  /** Tag decoding. @default 'softmax' */
  decoder?: DecoderKind;
  /** Dropout on the concatenated embeddings and before the output layer. @default 0.25 */
  dropout?: number;
  /** Seeds weight initialization. @default 42 */
  seed?: number;
}

// Concatenating masked embeddings combines the masks with `All`, which tfjs 4.22 has no gradient
// for; the tape still walks through it (masks reach `where` in the RNN). A mask carries no
// gradient, so its gradient is zero.
function ensureAllGradient(): void {
  if (tf.getGradient('All')) return;
  tf.registerGradient({
    kernelName: 'All',
    inputsToSave: ['x'],
    gradFunc: (_dy, saved) => ({ x: () => tf.zeros(saved[0]!.shape, 'float32') }),
  });
}

function check(config: SequenceTaggerConfig): Required<SequenceTaggerConfig> {
  const { channels, numTags, maxLen, encoder = {}, decoder = 'softmax', dropout = 0.25, seed = 42 } = config;
  const where = 'SequenceTagger';
  if (!Array.isArray(channels) || channels.length === 0)
    throw new ConfigError(where, 'channels must list at least one input channel');
  const names = new Set<string>();
  const resolved = channels.map((c) => {
    if (!c.name || names.has(c.name))
      throw new ConfigError(
        where,
        `channel names must be unique and non-empty, got ${JSON.stringify(c.name)}`,
      );
    names.add(c.name);
    if (!Number.isInteger(c.vocabSize) || c.vocabSize < 2)
      throw new ConfigError(where, `channel ${c.name}: vocabSize must be an integer ≥ 2, got ${c.vocabSize}`);
    return { name: c.name, vocabSize: c.vocabSize, dim: c.dim ?? 64 };
  });
  if (!Number.isInteger(numTags) || numTags < 2)
    throw new ConfigError(where, `numTags must be an integer ≥ 2 (padding + one tag), got ${numTags}`);
  if (!Number.isInteger(maxLen) || maxLen < 1)
    throw new ConfigError(where, `maxLen must be a positive integer, got ${maxLen}`);
  if (!(DECODER_KINDS as readonly string[]).includes(decoder))
    throw new ConfigError(
      where,
      `unknown decoder ${JSON.stringify(decoder)}; expected one of ${DECODER_KINDS.join(', ')}`,
    );
  return {
    channels: resolved,
    numTags,
    maxLen,
    encoder: resolveEncoderSpec(encoder),
    decoder,
    dropout,
    seed,
  };
}

/**
 * A many-to-many tagger: per-token ids in one or more channels → embeddings → encoder → a score
 * per tag at every position. Used for POS (eojeol or morpheme level) and NER (character level).
 * Tag id 0 is reserved for padding and never predicted.
 *
 * @example
 * ```ts
 * const tagger = new SequenceTagger({ channels: [{ name: 'char', vocabSize: 50 }], numTags: 4, maxLen: 6 });
 * console.log(tagger.predictTags([[[3, 4, 5, 0, 0, 0]]])[0]!.length); // 3 (one tag per unpadded token)
 * ```
 */
export class SequenceTagger implements Trainable {
  /** The full configuration, defaults filled in. */
  readonly config: Required<SequenceTaggerConfig>;
  /** The Layers model: one int32 [batch, maxLen] input per channel → logits [batch, maxLen, numTags]. */
  readonly model: tf.LayersModel;

  /**
   * @param config - see {@link SequenceTaggerConfig}
   * @param model - an already built (e.g. loaded) model for this config; built fresh when omitted
   */
  constructor(config: SequenceTaggerConfig, model?: tf.LayersModel) {
    this.config = check(config);
    this.model = model ?? SequenceTagger.buildModel(this.config);
    const out = this.model.outputs[0]!.shape;
    if (
      this.model.inputs.length !== this.config.channels.length ||
      out[2] !== this.config.numTags ||
      out[1] !== this.config.maxLen
    ) {
      throw new ConfigError(
        'SequenceTagger',
        `model with ${this.model.inputs.length} inputs → ${JSON.stringify(out)} does not fit ${this.config.channels.length} channels, maxLen ${this.config.maxLen}, ${this.config.numTags} tags`,
      );
    }
  }

  private static buildModel(c: Required<SequenceTaggerConfig>): tf.LayersModel {
    ensureAllGradient();
    const inputs = c.channels.map((ch) =>
      tf.input({ shape: [c.maxLen], dtype: 'int32', name: `in_${ch.name}` }),
    );
    const embedded = c.channels.map(
      (ch, i) =>
        tf.layers
          .embedding({
            inputDim: ch.vocabSize,
            outputDim: ch.dim ?? 64,
            // The first channel's padding mask is the sequence's mask.
            maskZero: i === 0,
            embeddingsInitializer: tf.initializers.randomUniform({
              minval: -0.05,
              maxval: 0.05,
              seed: c.seed + i,
            }),
            name: `embedding_${ch.name}`,
          })
          .apply(inputs[i]!) as tf.SymbolicTensor,
    );
    let h =
      embedded.length > 1
        ? (tf.layers.concatenate({ name: 'features' }).apply(embedded) as tf.SymbolicTensor)
        : embedded[0]!;
    if (c.dropout > 0)
      h = tf.layers
        .dropout({ rate: c.dropout, seed: c.seed + 101, name: 'dropout_in' })
        .apply(h) as tf.SymbolicTensor;
    h = applyEncoder(h, c.encoder, 'sequence', c.seed + 200);
    if (c.dropout > 0)
      h = tf.layers
        .dropout({ rate: c.dropout, seed: c.seed + 102, name: 'dropout_out' })
        .apply(h) as tf.SymbolicTensor;
    const logits = tf.layers
      .dense({
        units: c.numTags,
        kernelInitializer: tf.initializers.glorotUniform({ seed: c.seed + 103 }),
        name: 'logits',
      })
      .apply(h) as tf.SymbolicTensor;
    return tf.model({ inputs, outputs: logits, name: 'sequence_tagger' });
  }

  /**
   * Mean per-token cross-entropy over unpadded positions ({@link Trainable}).
   *
   * @param xs - one int32 [batch, maxLen] tensor per channel
   * @param y - int32 tag ids [batch, maxLen], 0 at padding
   * @param training - whether dropout is active
   */
  loss(xs: tf.Tensor[], y: tf.Tensor, training: boolean): tf.Scalar {
    const logits = this.model.apply(xs, { training }) as tf.Tensor;
    const mask = tf.notEqual(xs[0]!, 0);
    return softmaxCrossEntropy(logits, y, { mask });
  }

  /**
   * Tag ids and their probabilities for each unpadded token.
   *
   * @param rows - per example, one padded id row per channel (`rows[i][c]` has `maxLen` ids)
   * @param batchSize - examples per forward pass @default 128
   * @returns per example, per unpadded token: the best tag id (never 0) and its probability
   */
  predict(
    rows: readonly (readonly (readonly number[])[])[],
    batchSize = 128,
  ): { tag: number; prob: number }[][] {
    const { maxLen, channels } = this.config;
    const out: { tag: number; prob: number }[][] = [];
    for (let i = 0; i < rows.length; i += batchSize) {
      const chunk = rows.slice(i, i + batchSize);
      const xs = channels.map((ch, c) =>
        tf.tensor2d(
          chunk.map((r) => {
            const row = r[c];
            if (!row || row.length !== maxLen)
              throw new ConfigError(
                'SequenceTagger.predict',
                `channel ${ch.name}: each row needs ${maxLen} ids, got ${row?.length ?? 'none'}`,
              );
            return row as number[];
          }),
          undefined,
          'int32',
        ),
      );
      const probs = tf.tidy(() => {
        const logits = this.model.predict(xs) as tf.Tensor3D;
        // Padding tag 0 is never a prediction.
        const masked = tf.concat(
          [tf.fill([logits.shape[0], maxLen, 1], -1e9), logits.slice([0, 0, 1], [-1, -1, -1])],
          2,
        );
        return tf.softmax(masked);
      });
      tf.dispose(xs);
      const values = probs.arraySync() as number[][][];
      probs.dispose();
      chunk.forEach((r, k) => {
        const length = r[0]!.findIndex((id) => id === 0);
        const n = length === -1 ? maxLen : length;
        out.push(
          values[k]!.slice(0, n).map((p) => {
            let best = 1;
            for (let t = 2; t < p.length; t++) if (p[t]! > p[best]!) best = t;
            return { tag: best, prob: p[best]! };
          }),
        );
      });
    }
    return out;
  }

  /**
   * Best tag ids for each unpadded token (see {@link SequenceTagger.predict}).
   *
   * @param rows - per example, one padded id row per channel
   */
  predictTags(rows: readonly (readonly (readonly number[])[])[]): number[][] {
    return this.predict(rows).map((r) => r.map((t) => t.tag));
  }

  /** Frees the model's weights. */
  dispose(): void {
    this.model.dispose();
  }
}
