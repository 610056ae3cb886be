import { ConfigError, DataFormatError } from '@kornlp/core';
import { Vocabulary } from '@kornlp/embeddings';
import { initBackend, tf } from '@kornlp/models';
import type { Tokenizer } from '@kornlp/tokenizer';
import type { EncoderSpec } from '../heads/encoder.js';
import { type PoolingKind, SequenceClassifier } from '../heads/sequence_classifier.js';
import { pipelineFingerprint } from '../pipeline/fingerprint.js';
import { type ClassifierManifest, PIPELINE_FORMAT_VERSION } from '../pipeline/format.js';
import { idRows } from '../pipeline/id_rows.js';
import { defaultTokenizer } from '../pipeline/load.js';
import { needsTokenizer, segment, type TextUnit } from '../pipeline/segment.js';
import { TextClassifierPipeline } from '../pipeline/text_classifier.js';
import { KORNLP_VERSION } from '../pipeline/version.js';
import type { TrainOptions, TrainResult } from '../training/trainer.js';
import { train } from '../training/trainer.js';
import { devSplit } from './split.js';
import { resolveMaxLen, trainingRecord } from './train_common.js';

/** One labelled text. */
export interface TextExample {
  /** The text. */
  text: string;
  /** Its label, e.g. `1`, `spam` or `sports`. */
  label: string;
}

/** Options for {@link trainClassifier}. */
export interface TrainClassifierOptions extends Omit<TrainOptions, 'evaluate' | 'monitor' | 'mode'> {
  /** The task name stored in the pipeline. @default 'classify' */
  task?: string;
  /** Dev examples. @default `devFraction` of the training data, held out */
  dev?: readonly TextExample[];
  /** Share of training data held out as dev when no dev set is given. @default 0.1 */
  devFraction?: number;
  /** What the model reads. @default 'morph_tag' */
  unit?: TextUnit;
  /** Ids per text, or `auto` for the 95th percentile of training lengths (at most 200). @default 'auto' */
  maxLen?: number | 'auto';
  /** Vocabulary size, specials included. @default 30000 */
  vocabSize?: number;
  /** Drop tokens seen fewer times. @default 1 */
  minCount?: number;
  /** Embedding width. @default 128 */
  embeddingDim?: number;
  /** The encoder. @default { kind: 'bi_gru', units: 128 } */
  encoder?: EncoderSpec;
  /**
   * Pooling over time.
   * @default 'last' for recurrent encoders, 'attention' for `attention`, 'mean' for `transformer`
   */
  pooling?: PoolingKind;
  /** Dropout before the output layer. @default 0.3 */
  dropout?: number;
  /** Per-label loss weights: `balanced` (n / (k · count)), explicit by label, or none. @default none */
  classWeights?: 'balanced' | Record<string, number> | null;
  /** The analyzer for morpheme units. @default the built-in analyzer */
  tokenizer?: Tokenizer;
}

/** What {@link trainClassifier} returns. */
export interface TrainedClassifier {
  /** The trained pipeline (best dev weights), ready to predict or save. */
  pipeline: TextClassifierPipeline;
  /** The training history and best dev value. */
  result: TrainResult;
  /** How many examples trained and evaluated. */
  sizes: { train: number; dev: number };
}

function validate(examples: readonly TextExample[], where: string): void {
  if (examples.length === 0) throw new DataFormatError(where, 'no examples: the training data is empty');
  examples.forEach((e, i) => {
    if (typeof e?.text !== 'string' || typeof e.label !== 'string' || e.label === '') {
      throw new DataFormatError(
        where,
        `example ${i + 1} needs a string "text" and a non-empty string "label"; got ${JSON.stringify(e).slice(0, 80)}`,
      );
    }
  });
}

/**
 * Trains a text classifier end to end: tokenize, build the vocabulary, train with early stopping on
 * dev accuracy, and return a pipeline holding the best weights.
 *
 * @param trainSet - labelled texts
 * @param options - see {@link TrainClassifierOptions}
 * @returns the pipeline, the training history and the split sizes
 * @example
 * ```ts
 * import { trainClassifier } from '@kornlp/tasks';
 * const pos = ['정말 재밌다', '최고의 영화', '배우 연기가 좋다', '또 보고 싶다', '감동적이다', '재밌고 좋다'];
 * const neg = ['너무 지루하다', '최악의 영화', '연기가 별로다', '시간 아깝다', '지루하고 별로', '다시는 안 본다'];
 * const examples = [...pos, ...pos, ...neg, ...neg].map((text, i) => ({ text, label: i < 12 ? 'pos' : 'neg' }));
 * const { pipeline, result } = await trainClassifier(examples, {
 *   encoder: { kind: 'gru', units: 16 },
 *   epochs: 8,
 *   learningRate: 0.02,
 *   dev: examples, // a toy: real runs hold out dev data (the default is 10% of trainSet)
 *   progress: false,
 * });
 * console.log(result.bestEpoch, result.best); // 3 1  (dev accuracy of the kept weights)
 * console.log(pipeline.predict(['정말 최고다', '지루하다']).map((p) => p.label)); // [ 'pos', 'neg' ]
 * await pipeline.save('models/sentiment');
 * ```
 */
export async function trainClassifier(
  trainSet: readonly TextExample[],
  options: TrainClassifierOptions = {},
): Promise<TrainedClassifier> {
  const where = 'trainClassifier';
  const {
    task = 'classify',
    devFraction = 0.1,
    unit = 'morph_tag',
    maxLen = 'auto',
    vocabSize = 30000,
    minCount = 1,
    embeddingDim = 128,
    encoder = { kind: 'bi_gru', units: 128 },
    pooling,
    dropout = 0.3,
    classWeights = null,
    seed = 42,
    ...trainOptions
  } = options;
  validate(trainSet, where);
  let trainExamples = [...trainSet];
  let devExamples = options.dev ? [...options.dev] : [];
  if (options.dev) validate(devExamples, `${where} (dev)`);
  else ({ train: trainExamples, dev: devExamples } = devSplit(trainSet, devFraction, seed));

  const labels = [...new Set(trainExamples.map((e) => e.label))].sort();
  if (labels.length < 2)
    throw new DataFormatError(
      where,
      `training data has one label (${JSON.stringify(labels[0])}); a classifier needs at least two`,
    );
  const unseen = [...new Set(devExamples.map((e) => e.label))].filter((l) => !labels.includes(l));
  if (unseen.length) {
    throw new DataFormatError(
      where,
      `dev labels ${unseen.map((l) => JSON.stringify(l)).join(', ')} never occur in training; known labels: ${labels.join(', ')}`,
    );
  }
  await initBackend();
  const tokenizer = needsTokenizer(unit) ? (options.tokenizer ?? (await defaultTokenizer())) : null;

  // The same cut as TextClassifierPipeline.tokens, so training and prediction see the same units.
  const cut = (text: string) => segment(text, unit, tokenizer ?? undefined).map((s) => s.text);
  const trainTokens = trainExamples.map((e) => cut(e.text));
  const vocab = await Vocabulary.build(trainTokens, { maxSize: vocabSize, minFreq: minCount, unit });
  const len = resolveMaxLen(
    where,
    maxLen,
    trainTokens.map((t) => t.length),
    200,
  );

  let weights: number[] | null = null;
  if (classWeights === 'balanced') {
    const counts = labels.map((l) => trainExamples.filter((e) => e.label === l).length);
    weights = counts.map((c) => trainExamples.length / (labels.length * c));
  } else if (classWeights) {
    const bad = Object.keys(classWeights).filter((l) => !labels.includes(l));
    if (bad.length)
      throw new ConfigError(
        where,
        `classWeights names unknown labels ${bad.join(', ')}; labels are ${labels.join(', ')}`,
      );
    weights = labels.map((l) => classWeights[l] ?? 1);
  }
  const head = new SequenceClassifier({
    vocabSize: vocab.size,
    numClasses: labels.length,
    maxLen: len,
    embeddingDim,
    encoder,
    pooling,
    dropout,
    classWeights: weights,
    seed,
  });
  const manifest: ClassifierManifest = {
    format: 'kornlp-pipeline',
    formatVersion: PIPELINE_FORMAT_VERSION,
    kornlpVersion: KORNLP_VERSION,
    task,
    kind: 'classifier',
    labels,
    tokenizer: tokenizer ? { engine: tokenizer.engine } : null,
    featurizer: { unit, maxLen: len },
    head: head.config,
    training: {},
    metrics: {},
  };
  const pipeline = new TextClassifierPipeline(manifest, vocab, head, tokenizer);
  const rows = idRows(vocab, trainTokens, len, 'pre');
  const targets = trainExamples.map((e) => labels.indexOf(e.label));
  const devRows = pipeline.encode(devExamples.map((e) => e.text));
  const devTargets = devExamples.map((e) => labels.indexOf(e.label));
  const evaluate = devExamples.length
    ? async () => {
        const probs = pipeline.classifier.predictProba(devRows);
        let correct = 0;
        probs.forEach((p, i) => {
          correct += Number(p.indexOf(Math.max(...p)) === devTargets[i]);
        });
        return { accuracy: correct / devRows.length };
      }
    : undefined;
  const result = await train(
    pipeline.classifier,
    {
      size: rows.length,
      batch: (idx) => ({
        xs: [
          tf.tensor2d(
            idx.map((i) => rows[i]!),
            [idx.length, len],
            'int32',
          ),
        ],
        y: tf.tensor1d(
          idx.map((i) => targets[i]!),
          'int32',
        ),
      }),
    },
    {
      ...trainOptions,
      seed,
      evaluate,
      monitor: 'accuracy',
      mode: 'max',
      fingerprint: pipelineFingerprint(manifest, { tokens: vocab }),
    },
  );
  const sizes = { train: trainExamples.length, dev: devExamples.length };
  const settings = { seed, devFraction: options.dev ? null : devFraction, vocabSize, minCount };
  manifest.training = trainingRecord(trainOptions, settings, sizes, result);
  manifest.metrics = { dev: { accuracy: result.best, epoch: result.bestEpoch } };
  return { pipeline, result, sizes };
}
