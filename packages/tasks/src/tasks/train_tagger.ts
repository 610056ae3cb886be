import { ConfigError, DataFormatError } from '@kornlp/core';
import { Vocabulary } from '@kornlp/embeddings';
import { initBackend, tf } from '@kornlp/models';
import type { Tokenizer } from '@kornlp/tokenizer';
import type { EncoderSpec } from '../heads/encoder.js';
import { type DecoderKind, SequenceTagger } from '../heads/sequence_tagger.js';
import { chunkTags } from '../labels/chunks.js';
import { pipelineFingerprint } from '../pipeline/fingerprint.js';
import { PIPELINE_FORMAT_VERSION, type TaggerManifest } from '../pipeline/format.js';
import { defaultTokenizer } from '../pipeline/load.js';
import { needsTokenizer, type TextUnit } from '../pipeline/segment.js';
import {
  featuresNeedTokenizer,
  type Morph,
  type TokenFeature,
  tokenFeatures,
} from '../pipeline/token_features.js';
import { type SpanDecoder, TokenTaggerPipeline } from '../pipeline/token_tagger.js';
import { KORNLP_VERSION } from '../pipeline/version.js';
import type { TrainOptions, TrainResult } from '../training/trainer.js';
import { train } from '../training/trainer.js';
import { devSplit } from './split.js';
import { resolveMaxLen, trainingRecord } from './train_common.js';

/** One tagged sentence: tokens (eojeols, morphemes or characters) and a tag per token. */
export interface TaggedSentence {
  /** The tokens. */
  tokens: string[];
  /** One tag per token. */
  tags: string[];
  /** Each token's morphemes, when the data has them (CoNLL-U LEMMA/XPOS); else analyzed. */
  morphs?: Morph[][];
}

/** Scores predicted tag sequences against gold ones; the first key is monitored. */
export type TagMetric = (
  gold: readonly (readonly string[])[],
  predicted: readonly (readonly string[])[],
) => Record<string, number>;

/**
 * Token accuracy over all tokens.
 *
 * @param gold - gold tags per sentence
 * @param predicted - predicted tags per sentence, same lengths
 */
export const tokenAccuracy: TagMetric = (gold, predicted) => {
  let correct = 0;
  let total = 0;
  gold.forEach((g, i) => {
    g.forEach((t, k) => {
      correct += Number(predicted[i]?.[k] === t);
      total++;
    });
  });
  return { accuracy: total ? correct / total : 0 };
};

/** Options for {@link trainTagger}. */
export interface TrainTaggerOptions extends Omit<TrainOptions, 'evaluate' | 'monitor' | 'mode'> {
  /** The task name stored in the pipeline. @default 'tag' */
  task?: string;
  /** Dev sentences. @default `devFraction` of the training data, held out */
  dev?: readonly TaggedSentence[];
  /** Share held out as dev when no dev set is given. @default 0.1 */
  devFraction?: number;
  /** The unit tagged at prediction time (`word`, `morph` or `char`). @default 'word' */
  unit?: TextUnit;
  /** Per-token features, one input channel each. @default ['form'] */
  features?: TokenFeature[];
  /** `BIO`/`BIOES` for entity tags (enables spans), null for POS. @default null */
  scheme?: 'BIO' | 'BIOES' | null;
  /** Tokens per window; longer sentences are split into windows. @default 'auto' (95th percentile, at most 160) */
  maxLen?: number | 'auto';
  /** Vocabulary size of the `form` feature, specials included. @default 30000 */
  vocabSize?: number;
  /** Embedding width per feature. @default { form: 100, others: 32 } */
  embeddingDims?: Partial<Record<TokenFeature, number>>;
  /** The encoder. @default { kind: 'bi_lstm', units: 128 } */
  encoder?: EncoderSpec;
  /** Tag decoding: per-token `softmax`, or a `crf` layer with Viterbi decoding. @default 'softmax' */
  decoder?: DecoderKind;
  /** Dropout on embeddings and encoder output. @default 0.25 */
  dropout?: number;
  /** The dev metric. @default token accuracy (`entityF1` suits NER) */
  metric?: TagMetric;
  /** Span extraction kept on the pipeline for NER. @default seqeval-style BIO/BIOES chunking */
  spanDecoder?: SpanDecoder;
  /**
   * Take morpheme features from the data's own `morphs` (treebank LEMMA/XPOS) where present, for
   * training and dev scoring; prediction on raw text always uses the analyzer. @default false
   */
  dataMorphs?: boolean;
  /** The analyzer for morpheme features. @default the built-in analyzer */
  tokenizer?: Tokenizer;
}

/** What {@link trainTagger} returns. */
export interface TrainedTagger {
  /** The trained pipeline (best dev weights). */
  pipeline: TokenTaggerPipeline;
  /** The training history and best dev value. */
  result: TrainResult;
  /** How many sentences trained and evaluated. */
  sizes: { train: number; dev: number };
}

function validate(sentences: readonly TaggedSentence[], where: string): void {
  if (sentences.length === 0) throw new DataFormatError(where, 'no sentences: the training data is empty');
  sentences.forEach((s, i) => {
    if (!Array.isArray(s?.tokens) || !Array.isArray(s.tags) || s.tokens.length !== s.tags.length) {
      throw new DataFormatError(where, `sentence ${i + 1} needs "tokens" and "tags" arrays of equal length`);
    }
  });
}

function windows<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/**
 * Trains a sequence tagger (POS or NER) end to end: features per token, one vocabulary per
 * feature, training with early stopping on the dev metric, and a pipeline with the best weights.
 *
 * @param trainSet - tagged sentences
 * @param options - see {@link TrainTaggerOptions}
 * @returns the pipeline, the history and split sizes
 * @example
 * ```ts
 * const { pipeline } = await trainTagger(sentences, { unit: 'char', features: ['form'], scheme: 'BIO' });
 * console.log(pipeline.predict(['김철수는 서울에 갔다.'])[0].spans);
 * ```
 */
export async function trainTagger(
  trainSet: readonly TaggedSentence[],
  options: TrainTaggerOptions = {},
): Promise<TrainedTagger> {
  const where = 'trainTagger';
  const {
    task = 'tag',
    devFraction = 0.1,
    unit = 'word',
    features = ['form'],
    scheme = null,
    maxLen = 'auto',
    vocabSize = 30000,
    embeddingDims = {},
    encoder = { kind: 'bi_lstm', units: 128 },
    decoder = 'softmax',
    dropout = 0.25,
    metric = tokenAccuracy,
    spanDecoder,
    dataMorphs = false,
    seed = 42,
    ...trainOptions
  } = options;
  validate(trainSet, where);
  let trainSentences = trainSet.filter((s) => s.tokens.length > 0);
  let devSentences = options.dev ? options.dev.filter((s) => s.tokens.length > 0) : [];
  if (options.dev) validate(options.dev, `${where} (dev)`);
  else ({ train: trainSentences, dev: devSentences } = devSplit(trainSentences, devFraction, seed));
  if (features[0] !== 'form')
    throw new ConfigError(
      where,
      `the first feature must be "form" (it marks padding), got ${JSON.stringify(features[0])}`,
    );

  const tagSet = [...new Set(trainSentences.flatMap((s) => s.tags))].sort();
  const labels = ['<pad>', ...tagSet];
  const unseen = [...new Set(devSentences.flatMap((s) => s.tags))].filter((t) => !tagSet.includes(t));
  if (unseen.length) {
    throw new DataFormatError(
      where,
      `dev tags ${unseen.map((t) => JSON.stringify(t)).join(', ')} never occur in training; known tags: ${tagSet.join(', ')}`,
    );
  }
  await initBackend();
  const tokenizer =
    needsTokenizer(unit) || featuresNeedTokenizer(features)
      ? (options.tokenizer ?? (await defaultTokenizer()))
      : null;

  const len = resolveMaxLen(
    where,
    maxLen,
    trainSentences.map((s) => s.tokens.length),
    160,
  );

  const trainWindows = trainSentences.flatMap((s) =>
    windows(s.tokens, len).map((tokens, w) => ({
      tokens,
      tags: s.tags.slice(w * len, (w + 1) * len),
      morphs: dataMorphs ? s.morphs?.slice(w * len, (w + 1) * len) : undefined,
    })),
  );
  const values = trainWindows.map((w) => tokenFeatures(w.tokens, features, tokenizer ?? undefined, w.morphs));
  const vocabs: Record<string, Vocabulary> = {};
  for (const [i, f] of features.entries()) {
    vocabs[f] = await Vocabulary.build(
      values.map((v) => v[i]!),
      { maxSize: f === 'form' ? vocabSize : 100000, unit: f },
    );
  }
  const channels = features.map((f) => ({
    name: f,
    vocabSize: vocabs[f]!.size,
    dim: embeddingDims[f] ?? (f === 'form' ? 100 : 32),
  }));
  const head = new SequenceTagger({
    channels,
    numTags: labels.length,
    maxLen: len,
    encoder,
    decoder,
    dropout,
    seed,
  });
  const manifest: TaggerManifest = {
    format: 'kornlp-pipeline',
    formatVersion: PIPELINE_FORMAT_VERSION,
    kornlpVersion: KORNLP_VERSION,
    task,
    kind: 'tagger',
    labels,
    tokenizer: tokenizer ? { engine: tokenizer.engine } : null,
    featurizer: { unit, features, maxLen: len, scheme },
    head: head.config,
    training: {},
    metrics: {},
  };
  const pipeline = new TokenTaggerPipeline(manifest, vocabs, head, tokenizer, spanDecoder ?? chunkTags);
  const rows = trainWindows.map((w) => pipeline.encodeWindow(w.tokens, w.morphs));
  const targets = trainWindows.map((w) => {
    const ids = w.tags.map((t) => labels.indexOf(t));
    return [...ids, ...new Array<number>(len - ids.length).fill(0)];
  });
  const evaluate = devSentences.length
    ? async () => {
        const predicted = pipeline
          .tagTokens(
            devSentences.map((s) => s.tokens),
            devSentences.map((s) => (dataMorphs ? s.morphs : undefined)),
          )
          .map((s) => s.map((t) => t.tag));
        return metric(
          devSentences.map((s) => s.tags),
          predicted,
        );
      }
    : undefined;
  const result = await train(
    pipeline.tagger,
    {
      size: rows.length,
      batch: (idx) => ({
        xs: features.map((_, c) =>
          tf.tensor2d(
            idx.map((i) => rows[i]![c]!),
            [idx.length, len],
            'int32',
          ),
        ),
        y: tf.tensor2d(
          idx.map((i) => targets[i]!),
          [idx.length, len],
          'int32',
        ),
      }),
    },
    { ...trainOptions, seed, evaluate, mode: 'max', fingerprint: pipelineFingerprint(manifest, vocabs) },
  );
  const sizes = { train: trainSentences.length, dev: devSentences.length };
  const settings = { seed, devFraction: options.dev ? null : devFraction, vocabSize, dataMorphs };
  manifest.training = trainingRecord(trainOptions, settings, sizes, result);
  const last = result.history.find((h) => h.epoch === result.bestEpoch);
  manifest.metrics = { dev: { ...(last?.dev ?? {}), epoch: result.bestEpoch } };
  return { pipeline, result, sizes };
}
