import { ConfigError, describeValue } from '@kornlp/core';
import { applyEncoderBody, CRF, crf, embedding, tf } from '@kornlp/models';
import type { Trainable } from '../training/dataset.js';
import { withSeededRandom } from '../training/seeded_scope.js';
import { type EncoderSpec, encoderOptions, resolveEncoderSpec } from './encoder.js';
import { softmaxCrossEntropy } from './losses.js';
import { checkEmbeddingFits } from './model_fit.js';

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
/** `softmax` picks each token's best tag; `crf` scores tag transitions and decodes with Viterbi. */
export const DECODER_KINDS = ['softmax', 'crf'] as const;
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
  /** Seeds weight initialization: the same seed builds the same weights. @default 42 */
  seed?: number;
}

// Concatenating masked embeddings combines the masks with `All` (over the mask of the first channel,
// a `NotEqual` of its ids); the recurrent layers' backward pass reaches both, and tfjs 4.22 has no
// gradient for either. A mask carries no gradient (TensorFlow declares comparisons and `All` not
// differentiable), so theirs is zero.
function ensureMaskGradients(): void {
  for (const kernelName of ['All', 'NotEqual']) {
    if (tf.getGradient(kernelName)) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: kernelName === 'All' ? ['x'] : ['a', 'b'],
      gradFunc: (_dy, saved) => {
        const zeros = (i: number) => () => tf.zeros(saved[i]!.shape, 'float32');
        const grads: Record<string, () => tf.Tensor> =
          kernelName === 'All' ? { x: zeros(0) } : { a: zeros(0), b: zeros(1) };
        return grads;
      },
    });
  }
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
  if (!(typeof dropout === 'number' && dropout >= 0 && dropout < 1))
    throw new ConfigError(where, `dropout must be in [0, 1), got ${describeValue(dropout)}`);
  if (!Number.isInteger(seed))
    throw new ConfigError(where, `seed must be an integer, got ${describeValue(seed)}`);
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
 * A many-to-many tagger: per-token ids in one or more channels → embeddings (concatenated) → any
 * `@kornlp/models` encoder body (fused recurrent layers, attention, Transformer) → a score per tag
 * at every position, decoded per token (softmax) or as a sequence (CRF). Used for POS (eojeol or morpheme level) and NER (character level).
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
  /** The CRF layer on top of the emissions (`crf` decoder), else null. */
  readonly crf: CRF | null;

  /**
   * @param config - see {@link SequenceTaggerConfig}
   * @param model - an already built (e.g. loaded) model for this config; built fresh when omitted
   */
  constructor(config: SequenceTaggerConfig, model?: tf.LayersModel) {
    this.config = check(config);
    this.model = model ?? SequenceTagger.buildModel(this.config);
    for (const ch of this.config.channels)
      checkEmbeddingFits('SequenceTagger', this.model, `embedding_${ch.name}`, ch.vocabSize);
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
    const crfLayer = this.model.layers.find((l): l is CRF => l instanceof CRF);
    if ((this.config.decoder === 'crf') !== Boolean(crfLayer)) {
      throw new ConfigError(
        'SequenceTagger',
        `decoder is ${this.config.decoder} but the model ${crfLayer ? 'has' : 'has no'} CRF layer`,
      );
    }
    this.crf = crfLayer ?? null;
  }

  private static buildModel(c: Required<SequenceTaggerConfig>): tf.LayersModel {
    ensureMaskGradients();
    return withSeededRandom(c.seed, () => {
      const inputs = c.channels.map((ch) =>
        tf.input({ shape: [c.maxLen], dtype: 'int32', name: `in_${ch.name}` }),
      );
      const embedded = c.channels.map(
        (ch, i) =>
          embedding({
            vocabSize: ch.vocabSize,
            embeddingDim: ch.dim ?? 64,
            // The first channel's padding mask is the sequence's mask.
            maskZero: i === 0,
            name: `embedding_${ch.name}`,
          }).apply(inputs[i]!) as tf.SymbolicTensor,
      );
      let h =
        embedded.length > 1
          ? (tf.layers.concatenate({ name: 'features' }).apply(embedded) as tf.SymbolicTensor)
          : embedded[0]!;
      if (c.dropout > 0)
        h = tf.layers.dropout({ rate: c.dropout, name: 'dropout_in' }).apply(h) as tf.SymbolicTensor;
      h = applyEncoderBody(h, { ...encoderOptions(c.encoder), maxLen: c.maxLen, output: 'sequence' });
      if (c.dropout > 0)
        h = tf.layers.dropout({ rate: c.dropout, name: 'dropout_out' }).apply(h) as tf.SymbolicTensor;
      const logits = tf.layers.dense({ units: c.numTags, name: 'logits' }).apply(h) as tf.SymbolicTensor;
      const outputs =
        c.decoder === 'crf'
          ? (crf({ numTags: c.numTags, name: 'crf' }).apply(logits) as tf.SymbolicTensor)
          : logits;
      return tf.model({ inputs, outputs, name: 'sequence_tagger' });
    });
  }

  /**
   * The training loss over unpadded positions ({@link Trainable}): mean per-token cross-entropy
   * (`softmax`), or the CRF's negative log-likelihood summed over sequences and divided by the
   * number of tokens (`crf`), so both sit on a per-token scale for gradient clipping.
   *
   * @param xs - one int32 [batch, maxLen] tensor per channel
   * @param y - int32 tag ids [batch, maxLen], 0 at padding
   * @param training - whether dropout is active
   */
  loss(xs: tf.Tensor[], y: tf.Tensor, training: boolean): tf.Scalar {
    const logits = this.model.apply(xs, { training }) as tf.Tensor;
    const mask = tf.notEqual(xs[0]!, 0);
    if (this.crf) {
      const ll = this.crf.logLikelihood(logits, y, mask);
      return tf.div(tf.neg(tf.sum(ll)), tf.maximum(tf.sum(tf.cast(mask, 'float32')), 1)) as tf.Scalar;
    }
    return softmaxCrossEntropy(logits, y, { mask });
  }

  /**
   * Tag ids and their probabilities for each unpadded token.
   *
   * @param rows - per example, one padded id row per channel (`rows[i][c]` has `maxLen` ids)
   * @param batchSize - examples per forward pass @default 128
   * @returns per example, per unpadded token: the best tag id (never 0) and its probability
   *   (for `crf`, the Viterbi path's tag with its per-token softmax probability of the emissions)
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
      const masked = tf.tidy(() => {
        const logits = this.model.predict(xs) as tf.Tensor3D;
        // Padding tag 0 is never a prediction.
        return tf.concat(
          [tf.fill([logits.shape[0], maxLen, 1], -1e9), logits.slice([0, 0, 1], [-1, -1, -1])],
          2,
        );
      });
      const probs = tf.softmax(masked);
      let paths: number[][] | null = null;
      if (this.crf) {
        const mask = tf.notEqual(xs[0]!, 0);
        paths = this.crf.decode(masked, mask);
        mask.dispose();
      }
      tf.dispose([xs, masked].flat());
      const values = probs.arraySync() as number[][][];
      probs.dispose();
      chunk.forEach((r, k) => {
        const length = r[0]!.indexOf(0);
        const n = length === -1 ? maxLen : length;
        const path = paths?.[k];
        out.push(
          values[k]!.slice(0, n).map((p, t) => {
            let best = 1;
            if (path) best = path[t] ?? 1;
            else for (let j = 2; j < p.length; j++) if (p[j]! > p[best]!) best = j;
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
