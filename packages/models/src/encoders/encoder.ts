import { ConfigError, describeValue, ShapeError } from '@kornlp/core';
import { tf } from '../backend/tf.js';
import { bidirectional, type MergeMode } from '../layers/bidirectional.js';
import { embedding } from '../layers/embedding.js';
import { gru, lstm, simpleRnn } from '../layers/recurrent.js';
import { maskedPooling } from './masked_pooling.js';

/** The encoder architectures {@link buildEncoder} knows. */
export const ENCODER_KINDS = [
  'simple_rnn',
  'lstm',
  'gru',
  'bi_lstm',
  'bi_gru',
  'attention',
  'transformer',
] as const;
/** One of {@link ENCODER_KINDS}. */
export type EncoderKind = (typeof ENCODER_KINDS)[number];
/** How a `pooled` encoder reduces the time axis. */
export type Pooling = 'last' | 'mean' | 'max' | 'attention';
const POOLINGS: readonly Pooling[] = ['last', 'mean', 'max', 'attention'];

/** Options for {@link buildEncoder} and {@link applyEncoder}. */
export interface EncoderOptions {
  /** The architecture. */
  kind: EncoderKind;
  /** Vocabulary size (ids in `[0, vocabSize)`, 0 = padding). */
  vocabSize: number;
  /**
   * Embedding width.
   * @default 100
   */
  embeddingDim?: number;
  /**
   * Hidden size of the recurrent layer (per direction for `bi_*`).
   * @default 128
   */
  units?: number;
  /**
   * Fixed sequence length of the input; `buildEncoder` needs it only for `transformer` with learned
   * positions, but it makes summaries show the time axis.
   * @default undefined (any length)
   */
  maxLen?: number;
  /**
   * Treat id 0 as padding and mask it in every layer.
   * @default true
   */
  maskZero?: boolean;
  /**
   * Dropout rate on the encoder's output (training only); for `transformer` also inside every
   * block (attention probabilities, feed-forward, each sub-layer's output).
   * @default 0
   */
  dropout?: number;
  /**
   * Pretrained vectors `[vocabSize, embeddingDim]`, row-major.
   * @default undefined (random)
   */
  embeddingWeights?: Float32Array;
  /**
   * Whether the embedding is trained (set `false` to freeze pretrained vectors).
   * @default true
   */
  trainableEmbedding?: boolean;
  /**
   * `sequence`: `[batch, time, d]`; `pooled`: `[batch, d]`.
   * @default 'pooled'
   */
  output?: 'sequence' | 'pooled';
  /**
   * How `pooled` reduces time: `last` (the recurrent layer's final state), `mean`/`max` over unmasked
   * steps, or `attention` (learned scores, softmax over time, weighted sum).
   * @default 'last' for recurrent kinds, 'attention' for `attention`, 'mean' for `transformer`
   */
  pooling?: Pooling;
  /**
   * GRU kinds: Keras `reset_after`.
   * @default true
   */
  resetAfter?: boolean;
  /**
   * `bi_*` kinds: how the two directions are merged.
   * @default 'concat'
   */
  mergeMode?: MergeMode;
  /**
   * `transformer`: attention heads.
   * @default 8
   */
  numHeads?: number;
  /**
   * `transformer`: feed-forward width.
   * @default 256
   */
  ffDim?: number;
  /**
   * Stacked layers: recurrent layers for the recurrent kinds (each feeding the next its whole
   * sequence; the first is named as with one layer, the next `…_2`, `…_3`), encoder blocks for
   * `transformer`.
   * @default 1
   */
  numLayers?: number;
  /**
   * `transformer`: pre-norm blocks (`x + f(norm(x))`, then one final LayerNormalization) instead
   * of post-norm (`norm(x + f(x))`).
   * @default false
   */
  normFirst?: boolean;
  /**
   * `transformer`: position information added to the embedding: the fixed sine/cosine table of
   * "Attention Is All You Need", a trained `[maxLen, embeddingDim]` table (needs `maxLen`), or none.
   * @default 'sinusoidal'
   */
  positionEmbedding?: 'sinusoidal' | 'learned' | 'none';
  /**
   * Prefix for every layer name, so two encoders can live in one model.
   * @default ''
   */
  namePrefix?: string;
}

/** A hook the attention and Transformer kinds plug into (their layers live in their own files). */
export type EncoderExtension = (x: tf.SymbolicTensor, options: ResolvedEncoderOptions) => tf.SymbolicTensor;

/** {@link EncoderOptions} with every default filled in. */
export type ResolvedEncoderOptions = Required<Omit<EncoderOptions, 'maxLen' | 'embeddingWeights'>> &
  Pick<EncoderOptions, 'maxLen' | 'embeddingWeights'>;

const extensions: Partial<Record<EncoderKind | 'attentionPooling', EncoderExtension>> = {};

/**
 * Plugs the sequence body of the `attention` or `transformer` kind, or the `attention` pooling, into
 * {@link applyEncoder}: the function receives the embedded (and masked) sequence and the resolved
 * options and returns the next symbolic tensor (`[batch, time, d]` for a body, `[batch, d]` for
 * `attentionPooling`). The layer files that implement these kinds call it when they load.
 *
 * @param kind - which part to provide
 * @param fn - the builder
 * @example
 * ```ts
 * import { registerEncoderExtension, maskedPooling, tf } from '@kornlp/models';
 * registerEncoderExtension('attentionPooling', (x, o) => maskedPooling({ name: `${o.namePrefix}pool` }).apply(x) as tf.SymbolicTensor);
 * ```
 */
export function registerEncoderExtension(
  kind: 'attention' | 'transformer' | 'attentionPooling',
  fn: EncoderExtension,
): void {
  extensions[kind] = fn;
}

function positiveInt(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    throw new ConfigError('buildEncoder', `${name} must be a positive integer, got ${describeValue(v)}`);
  return v;
}

/** Fills in defaults and validates; throws ConfigError naming the bad option. @internal */
export function resolveEncoderOptions(options: EncoderOptions): ResolvedEncoderOptions {
  if (!(ENCODER_KINDS as readonly string[]).includes(options.kind))
    throw new ConfigError(
      'buildEncoder',
      `unknown kind ${describeValue(options.kind)}; expected one of ${ENCODER_KINDS.join(', ')}`,
    );
  const kind = options.kind;
  const r: ResolvedEncoderOptions = {
    kind,
    vocabSize: positiveInt('vocabSize', options.vocabSize),
    embeddingDim: positiveInt('embeddingDim', options.embeddingDim ?? 100),
    units: positiveInt('units', options.units ?? 128),
    maxLen: options.maxLen === undefined ? undefined : positiveInt('maxLen', options.maxLen),
    maskZero: options.maskZero ?? true,
    dropout: options.dropout ?? 0,
    embeddingWeights: options.embeddingWeights,
    trainableEmbedding: options.trainableEmbedding ?? true,
    output: options.output ?? 'pooled',
    pooling:
      options.pooling ?? (kind === 'attention' ? 'attention' : kind === 'transformer' ? 'mean' : 'last'),
    resetAfter: options.resetAfter ?? true,
    mergeMode: options.mergeMode ?? 'concat',
    numHeads: positiveInt('numHeads', options.numHeads ?? 8),
    ffDim: positiveInt('ffDim', options.ffDim ?? 256),
    numLayers: positiveInt('numLayers', options.numLayers ?? 1),
    normFirst: options.normFirst ?? false,
    positionEmbedding: options.positionEmbedding ?? 'sinusoidal',
    namePrefix: options.namePrefix ?? '',
  };
  if (!(r.dropout >= 0 && r.dropout < 1))
    throw new ConfigError('buildEncoder', `dropout must be in [0, 1), got ${describeValue(r.dropout)}`);
  if (!['sinusoidal', 'learned', 'none'].includes(r.positionEmbedding))
    throw new ConfigError(
      'buildEncoder',
      `unknown positionEmbedding ${describeValue(r.positionEmbedding)}; expected one of sinusoidal, learned, none`,
    );
  if (r.output !== 'sequence' && r.output !== 'pooled')
    throw new ConfigError(
      'buildEncoder',
      `output must be "sequence" or "pooled", got ${describeValue(r.output)}`,
    );
  if (!POOLINGS.includes(r.pooling))
    throw new ConfigError(
      'buildEncoder',
      `unknown pooling ${describeValue(r.pooling)}; expected one of ${POOLINGS.join(', ')}`,
    );
  if (r.pooling === 'last' && (kind === 'attention' || kind === 'transformer'))
    throw new ConfigError(
      'buildEncoder',
      `pooling "last" needs a recurrent kind, not ${describeValue(kind)}; use mean, max or attention`,
    );
  return r;
}

function recurrentLayer(
  r: ResolvedEncoderOptions,
  returnSequences: boolean,
  suffix: string,
): tf.layers.Layer {
  const base = r.kind.replace(/^bi_/, '');
  const args = { units: r.units, returnSequences, name: `${r.namePrefix}${base}${suffix}` };
  const layer =
    base === 'lstm'
      ? lstm(args)
      : base === 'gru'
        ? gru({ ...args, resetAfter: r.resetAfter })
        : simpleRnn(args);
  return r.kind.startsWith('bi_')
    ? bidirectional(layer, { mergeMode: r.mergeMode, name: `${r.namePrefix}${r.kind}${suffix}` })
    : layer;
}

/**
 * Applies an encoder to symbolic int32 ids inside a larger functional model, so encoder and head
 * form one flat `tf.LayersModel` (flat models save and load more reliably than nested ones).
 *
 * @param ids - a `tf.input({ shape: [maxLen], dtype: 'int32' })` or any int32 `[batch, time]` symbolic tensor
 * @param options - see {@link EncoderOptions}
 * @returns `[batch, time, d]` for `output: 'sequence'`, `[batch, d]` for `pooled`
 * @throws ConfigError for bad options
 * @example
 * ```ts
 * import { applyEncoder, tf } from '@kornlp/models';
 * const ids = tf.input({ shape: [30], dtype: 'int32' });
 * const h = applyEncoder(ids, { kind: 'bi_gru', vocabSize: 5000 });
 * const model = tf.model({ inputs: ids, outputs: tf.layers.dense({ units: 2, activation: 'softmax' }).apply(h) as tf.SymbolicTensor });
 * console.log(h.shape); // [null, 256]
 * ```
 */
export function applyEncoder(ids: tf.SymbolicTensor, options: EncoderOptions): tf.SymbolicTensor {
  const r = resolveEncoderOptions(options);
  const x = embedding({
    vocabSize: r.vocabSize,
    embeddingDim: r.embeddingDim,
    maskZero: r.maskZero,
    trainable: r.trainableEmbedding,
    name: `${r.namePrefix}embedding`,
    ...(r.embeddingWeights ? { weights: r.embeddingWeights } : {}),
  }).apply(ids) as tf.SymbolicTensor;
  return encodeEmbedded(x, r);
}

/** Options for {@link applyEncoderBody}: {@link EncoderOptions} without the embedding's. */
export type EncoderBodyOptions = Omit<
  EncoderOptions,
  'vocabSize' | 'embeddingDim' | 'maskZero' | 'embeddingWeights' | 'trainableEmbedding'
>;

/**
 * Applies everything of an encoder after its embedding (the recurrent, attention or Transformer
 * body, pooling and dropout) to vectors the caller embedded itself, e.g. several input channels
 * (word, morpheme tag, character shape) embedded and concatenated per token. A padding mask on `x`
 * (from an embedding with `maskZero`) is honoured as in {@link applyEncoder}.
 *
 * @param x - a symbolic float tensor `[batch, time, width]`
 * @param options - see {@link EncoderBodyOptions}
 * @returns `[batch, time, d]` for `output: 'sequence'`, `[batch, d]` for `pooled`
 * @throws ShapeError when `x` is not `[batch, time, width]`; ConfigError for bad options
 * @example
 * ```ts
 * import { applyEncoderBody, tf } from '@kornlp/models';
 * const word = tf.input({ shape: [20], dtype: 'int32' });
 * const tag = tf.input({ shape: [20], dtype: 'int32' });
 * const x = tf.layers.concatenate().apply([
 *   tf.layers.embedding({ inputDim: 500, outputDim: 32 }).apply(word),
 *   tf.layers.embedding({ inputDim: 40, outputDim: 8 }).apply(tag),
 * ] as tf.SymbolicTensor[]) as tf.SymbolicTensor;
 * console.log(applyEncoderBody(x, { kind: 'bi_lstm', units: 16, output: 'sequence' }).shape); // [ null, 20, 32 ]
 * ```
 */
export function applyEncoderBody(x: tf.SymbolicTensor, options: EncoderBodyOptions): tf.SymbolicTensor {
  const width = x.shape[x.shape.length - 1];
  if (x.shape.length !== 3 || typeof width !== 'number')
    throw new ShapeError(
      'applyEncoderBody',
      `expects embedded vectors [batch, time, width] with a known width, got shape ${describeValue(x.shape)}`,
    );
  // The embedding options are not used past the embedding; these placeholders only pass validation.
  return encodeEmbedded(x, resolveEncoderOptions({ ...options, vocabSize: 1, embeddingDim: width }));
}

function encodeEmbedded(embedded: tf.SymbolicTensor, r: ResolvedEncoderOptions): tf.SymbolicTensor {
  const p = r.namePrefix;
  let x = embedded;
  const recurrent = r.kind !== 'attention' && r.kind !== 'transformer';
  const pooledByRnn = recurrent && r.output === 'pooled' && r.pooling === 'last';
  if (recurrent) {
    for (let i = 0; i < r.numLayers; i++) {
      const returnSequences = !pooledByRnn || i < r.numLayers - 1;
      x = recurrentLayer(r, returnSequences, i === 0 ? '' : `_${i + 1}`).apply(x) as tf.SymbolicTensor;
    }
  } else {
    const body = extensions[r.kind];
    if (!body)
      throw new ConfigError('buildEncoder', `kind ${describeValue(r.kind)} is not available in this build`);
    x = body(x, r);
  }
  if (r.output === 'pooled' && !pooledByRnn) {
    if (r.pooling === 'attention') {
      const pool = extensions.attentionPooling;
      if (!pool) throw new ConfigError('buildEncoder', 'pooling "attention" is not available in this build');
      x = pool(x, r);
    } else {
      x = maskedPooling({ mode: r.pooling as 'mean' | 'max', name: `${p}${r.pooling}_pooling` }).apply(
        x,
      ) as tf.SymbolicTensor;
    }
  }
  if (r.dropout > 0)
    x = tf.layers.dropout({ rate: r.dropout, name: `${p}encoder_dropout` }).apply(x) as tf.SymbolicTensor;
  return x;
}

/**
 * Builds a standalone encoder model from int32 token ids.
 *
 * @param options - see {@link EncoderOptions}
 * @returns a `tf.LayersModel`: ids `[batch, time]` → `[batch, time, d]` (`sequence`) or `[batch, d]` (`pooled`)
 * @throws ConfigError for bad options
 * @example
 * ```ts
 * import { buildEncoder, initBackend, tf } from '@kornlp/models';
 * await initBackend();
 * const enc = buildEncoder({ kind: 'gru', vocabSize: 5000, maxLen: 30 });
 * console.log(enc.outputs[0]!.shape, enc.countParams()); // [null, 128] 588320
 * ```
 */
export function buildEncoder(options: EncoderOptions): tf.LayersModel {
  const ids = tf.input({
    shape: [options.maxLen ?? null],
    dtype: 'int32',
    name: `${options.namePrefix ?? ''}ids`,
  });
  return tf.model({ inputs: ids, outputs: applyEncoder(ids, options), name: `${options.kind}_encoder` });
}
