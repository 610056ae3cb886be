import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { historyPanels, trainingCurvesSvg } from '../../charts/training_curves.js';
import type { EncoderKind } from '../../heads/encoder.js';
import { ENCODER_KINDS } from '../../heads/encoder.js';
import { POOLING_KINDS, type PoolingKind } from '../../heads/sequence_classifier.js';
import { DECODER_KINDS, type DecoderKind } from '../../heads/sequence_tagger.js';
import { TEXT_UNITS, type TextUnit } from '../../pipeline/segment.js';
import { entityF1 } from '../../tasks/entity_f1.js';
import { readTaskData } from '../../tasks/read_data.js';
import { TASK_NAMES, taskSpec } from '../../tasks/task.js';
import { type TextExample, trainClassifier } from '../../tasks/train_classifier.js';
import { type TaggedSentence, trainTagger } from '../../tasks/train_tagger.js';
import type { EpochRecord } from '../../training/checkpoint.js';
import { SCHEDULE_KINDS, type ScheduleKind } from '../../training/schedule.js';
import { type Command, UsageError } from '../command.js';
import { intFlag, numberFlag, oneOfFlag } from '../flags.js';

const usage = `Usage: kornlp train --task TASK --train FILE [--dev FILE] --out DIR [options]

Trains a model and saves it as a pipeline directory (load it with loadPipeline, or use it with
kornlp predict / eval / pos / ner), with metrics.json and the training curves as curves.svg.

Required:
  --task TASK          ${TASK_NAMES.join(' | ')}
  --train FILE         training data: .tsv (NSMC id/document/label), .jsonl ({"text","label"} or
                       {"tokens","tags"}), .conllu (UPOS), KLUE-NER / CoNLL BIO .tsv
  --out DIR            where the pipeline goes (replaced atomically when training ends)

Options:
  --dev FILE           dev data (default: hold out --dev-fraction of --train)
  --dev-fraction F     dev share when there is no --dev file (default 0.1)
  --encoder KIND       ${ENCODER_KINDS.join(' | ')} (default bi_gru for classifiers, bi_lstm for taggers)
  --units N            encoder units per direction (default 128)
  --layers N           stacked recurrent layers or Transformer blocks (default 1)
  --heads N            transformer: attention heads (default 4)
  --embedding-dim N    embedding width (default 128 classifiers, 100 taggers)
  --unit UNIT          ${TEXT_UNITS.join(' | ')} (default: the task's)
  --max-len N          ids per text / tokens per window, or auto (default auto: 95th percentile)
  --vocab-size N       vocabulary size incl. <pad>, <unk> (default 30000)
  --pooling P          classifiers: ${POOLING_KINDS.join(' | ')} (default last for recurrent
                       encoders, attention for attention, mean for transformer)
  --decoder D          taggers: softmax | crf (default crf for ner, softmax for pos)
  --data-morphs        pos: take morpheme features from the CoNLL-U LEMMA/XPOS columns while
                       training (prediction on raw text always uses the analyzer)
  --epochs N           (default 5)          --batch-size N   (default 32)
  --lr X               Adam learning rate (default 1e-3)
  --schedule S         ${SCHEDULE_KINDS.join(' | ')} (default constant)   --warmup N  warm-up steps (default 0)
  --clip-norm X        global gradient-norm clip, 0 = off (default 5)
  --dropout X          (default 0.3 classifiers, 0.25 taggers)
  --patience N         early-stopping patience in epochs, 0 = off (default 3)
  --class-weights W    balanced (classifiers; default none)
  --seed N             shuffling, dev split and initialization seed (default 42)
  --resume             continue from DIR.checkpoint after an interruption
  --quiet              no progress bar

Example:
  kornlp train --task sentiment --train examples/data/sentiment.train.tsv --dev examples/data/sentiment.dev.tsv --encoder gru --out models/sentiment`;

function extras(metrics: Record<string, unknown>, history: EpochRecord[]): Record<string, string> {
  return {
    'metrics.json': `${JSON.stringify(metrics, null, 2)}\n`,
    'curves.svg': trainingCurvesSvg(historyPanels(history)),
  };
}

/** `kornlp train`: train a task model from data files and save it as a pipeline. */
export const trainCommand: Command = {
  name: 'train',
  summary: 'train a sentiment/spam/topic classifier or a POS/NER tagger and save it as a pipeline',
  usage,
  options: {
    task: { type: 'string' },
    train: { type: 'string' },
    dev: { type: 'string' },
    'dev-fraction': { type: 'string' },
    out: { type: 'string' },
    encoder: { type: 'string' },
    units: { type: 'string' },
    layers: { type: 'string' },
    heads: { type: 'string' },
    'embedding-dim': { type: 'string' },
    unit: { type: 'string' },
    'max-len': { type: 'string' },
    'vocab-size': { type: 'string' },
    pooling: { type: 'string' },
    decoder: { type: 'string' },
    'data-morphs': { type: 'boolean', default: false },
    epochs: { type: 'string' },
    'batch-size': { type: 'string' },
    lr: { type: 'string' },
    schedule: { type: 'string' },
    warmup: { type: 'string' },
    'clip-norm': { type: 'string' },
    dropout: { type: 'string' },
    patience: { type: 'string' },
    'class-weights': { type: 'string' },
    seed: { type: 'string' },
    resume: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
  async run({ values }, io) {
    for (const required of ['task', 'train', 'out']) {
      if (values[required] === undefined) throw new UsageError(`--${required} is required`);
    }
    const taskName = oneOfFlag(values, 'task', TASK_NAMES)!;
    const spec = taskSpec(taskName);
    const out = values.out as string;
    const trainFile = values.train as string;
    const devFile = values.dev as string | undefined;
    const kind = oneOfFlag(values, 'encoder', ENCODER_KINDS) as EncoderKind | undefined;
    const unit = oneOfFlag(values, 'unit', TEXT_UNITS) as TextUnit | undefined;
    const maxLenRaw = values['max-len'] as string | undefined;
    const maxLen: number | 'auto' =
      maxLenRaw === undefined || maxLenRaw === 'auto' ? 'auto' : intFlag(values, 'max-len', 0)!;
    const classWeights = oneOfFlag(values, 'class-weights', ['balanced'] as const);
    const encoder = {
      kind: kind ?? (spec.kind === 'classifier' ? 'bi_gru' : 'bi_lstm'),
      units: intFlag(values, 'units', 0) ?? 128,
      layers: intFlag(values, 'layers', 0) ?? 1,
      ...(values.heads === undefined ? {} : { numHeads: intFlag(values, 'heads', 0)! }),
    };
    const checkpointDir = `${out.replace(/\/+$/, '')}.checkpoint`;
    const resume = values.resume as boolean;
    if (resume && !existsSync(checkpointDir)) {
      throw new UsageError(
        `--resume: no checkpoint at ${checkpointDir} (it is written after each epoch of an earlier run)`,
      );
    }
    const log = (line: string) => io.stderr.write(`${line}\n`);
    const common = {
      task: taskName,
      devFraction: numberFlag(values, 'dev-fraction'),
      maxLen,
      vocabSize: intFlag(values, 'vocab-size', 0),
      encoder,
      epochs: intFlag(values, 'epochs', 0),
      batchSize: intFlag(values, 'batch-size', 0),
      learningRate: numberFlag(values, 'lr'),
      schedule: {
        kind: oneOfFlag(values, 'schedule', SCHEDULE_KINDS) as ScheduleKind | undefined,
        warmupSteps: intFlag(values, 'warmup', 0),
      },
      clipNorm: numberFlag(values, 'clip-norm'),
      dropout: numberFlag(values, 'dropout'),
      patience: intFlag(values, 'patience', 0),
      seed: intFlag(values, 'seed', 0),
      checkpointDir,
      resume,
      progress: values.quiet ? (false as const) : {},
      log,
    };
    // Leave undefined options out so each trainer's documented defaults apply.
    const defined = <T extends object>(o: T): T =>
      Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
    const trainData = await readTaskData(spec, trainFile);
    const devData = devFile ? await readTaskData(spec, devFile) : undefined;
    log(
      `${taskName}: ${trainData.length} training examples from ${trainFile}${devData ? `, ${devData.length} dev from ${devFile}` : ''}`,
    );
    let summary: Record<string, unknown>;
    if (spec.kind === 'classifier') {
      const { pipeline, result, sizes } = await trainClassifier(
        trainData as TextExample[],
        defined({
          ...common,
          dev: devData as TextExample[] | undefined,
          unit: unit ?? spec.unit,
          embeddingDim: intFlag(values, 'embedding-dim', 0),
          pooling: oneOfFlag(values, 'pooling', POOLING_KINDS) as PoolingKind | undefined,
          classWeights,
        }),
      );
      await pipeline.save(out, extras(pipeline.manifest.metrics, result.history));
      summary = {
        task: taskName,
        out,
        trainSize: sizes.train,
        devSize: sizes.dev,
        dev: { accuracy: result.best },
        bestEpoch: result.bestEpoch,
        seconds: result.seconds,
      };
      pipeline.dispose();
    } else {
      const dim = intFlag(values, 'embedding-dim', 0);
      const { pipeline, result, sizes } = await trainTagger(
        trainData as TaggedSentence[],
        defined({
          ...common,
          dev: devData as TaggedSentence[] | undefined,
          unit: unit ?? spec.unit,
          features: spec.features,
          scheme: spec.scheme ?? null,
          decoder: (oneOfFlag(values, 'decoder', DECODER_KINDS) as DecoderKind | undefined) ?? spec.decoder,
          metric: spec.monitor === 'f1' ? entityF1 : undefined,
          dataMorphs: values['data-morphs'] as boolean,
          embeddingDims: dim ? { form: dim } : undefined,
        }),
      );
      await pipeline.save(out, extras(pipeline.manifest.metrics, result.history));
      summary = {
        task: taskName,
        out,
        trainSize: sizes.train,
        devSize: sizes.dev,
        dev: pipeline.manifest.metrics.dev,
        bestEpoch: result.bestEpoch,
        seconds: result.seconds,
      };
      pipeline.dispose();
    }
    await rm(checkpointDir, { recursive: true, force: true });
    io.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  },
};
