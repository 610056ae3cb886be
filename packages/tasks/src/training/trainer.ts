import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, createProgress, type ProgressOptions } from '@kornlp/core';
import { tf } from '@kornlp/models';
import {
  checkCheckpointFingerprint,
  type EpochRecord,
  loadCheckpoint,
  saveCheckpoint,
  type TrainerState,
} from './checkpoint.js';
import { clipByGlobalNorm } from './clip.js';
import type { Trainable, TrainingDataset } from './dataset.js';
import { SeededRandom } from './random.js';
import { type LearningRateSchedule, learningRateAt } from './schedule.js';
import { withSeededRandom } from './seeded_scope.js';

/** Options for {@link train}. */
export interface TrainOptions {
  /** Passes over the training data. @default 5 */
  epochs?: number;
  /** Examples per optimizer step. @default 32 */
  batchSize?: number;
  /** Peak learning rate for Adam. @default 1e-3 */
  learningRate?: number;
  /** How the rate changes over steps. @default { kind: 'constant' } */
  schedule?: LearningRateSchedule;
  /** Clip gradients to this global L2 norm; 0 turns clipping off. @default 5 */
  clipNorm?: number;
  /**
   * Seed for shuffling and dropout masks (weights are seeded where the model is built).
   * @default 42
   */
  seed?: number;
  /**
   * Evaluates the model on dev data after each epoch; the result's `monitor` key drives early
   * stopping and best-checkpoint restore. Without it every epoch runs and the last weights stay.
   * @default undefined (no evaluation)
   */
  evaluate?: () => Promise<Record<string, number>>;
  /** The dev metric to watch. @default the first key `evaluate` returns */
  monitor?: string;
  /** Whether a larger monitored value is better. @default 'max' */
  mode?: 'max' | 'min';
  /** Stop after this many epochs without improvement; 0 never stops early. @default 3 */
  patience?: number;
  /** Write an atomic checkpoint here after every epoch. @default none */
  checkpointDir?: string;
  /** Continue from `checkpointDir` if it holds a checkpoint. @default false */
  resume?: boolean;
  /**
   * Identifies what the weights mean (vocabulary, labels, architecture), saved in checkpoints; a
   * resume from a checkpoint with another fingerprint fails with an ArtifactError instead of
   * continuing with weights that mean something else.
   * @default undefined (not checked)
   */
  fingerprint?: string;
  /** Progress display: false for none, or options for createProgress. @default {} */
  progress?: false | ProgressOptions;
  /** Receives one summary line per epoch. @default no logging */
  log?: (line: string) => void;
  /** Called after each epoch with its record (and after the checkpoint is written). @default none */
  onEpochEnd?: (record: EpochRecord) => void | Promise<void>;
}

/** What {@link train} returns. */
export interface TrainResult {
  /** One record per epoch run in total (resumed epochs included). */
  history: EpochRecord[];
  /** The best monitored dev value, or null without `evaluate`. */
  best: number | null;
  /** The epoch whose weights the model now holds. */
  bestEpoch: number;
  /** Whether early stopping ended the run. */
  stoppedEarly: boolean;
  /** Optimizer steps taken in total. */
  steps: number;
  /** Training seconds in this call. */
  seconds: number;
}

function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  // LayerVariable.read() hands back the engine variable the optimizer updates.
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/**
 * Trains a model with a custom loop: seeded shuffling, Adam with a learning-rate schedule and
 * global-norm gradient clipping, evaluation after each epoch with early stopping and restore of
 * the best weights, atomic per-epoch checkpoints and resume.
 *
 * @param head - the model and its loss, see {@link Trainable}
 * @param data - the training examples
 * @param options - see {@link TrainOptions}
 * @returns the history and the best dev value; the model holds the best (or last) weights
 * @example
 * ```ts
 * const result = await train(classifier, trainData, { epochs: 3, evaluate: () => devAccuracy() });
 * // the epoch whose dev value was best, and that value (the model now holds its weights);
 * // trainClassifier's example shows this loop on real data with its printed output
 * console.log(result.bestEpoch, result.best);
 * ```
 */
export async function train(
  head: Trainable,
  data: TrainingDataset,
  options: TrainOptions = {},
): Promise<TrainResult> {
  const {
    epochs = 5,
    batchSize = 32,
    learningRate = 1e-3,
    schedule = {},
    clipNorm = 5,
    seed = 42,
    evaluate,
    mode = 'max',
    patience = 3,
    checkpointDir,
    resume = false,
    fingerprint,
    progress = {},
    log,
    onEpochEnd,
  } = options;
  const where = 'train';
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new ConfigError(where, `epochs must be an integer ≥ 1, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new ConfigError(where, `batchSize must be an integer ≥ 1, got ${batchSize}`);
  if (!(learningRate > 0)) throw new ConfigError(where, `learningRate must be > 0, got ${learningRate}`);
  if (!(clipNorm >= 0)) throw new ConfigError(where, `clipNorm must be ≥ 0 (0 = off), got ${clipNorm}`);
  if (data.size === 0) throw new ConfigError(where, 'the training data is empty: need at least one example');
  if (resume && !checkpointDir) throw new ConfigError(where, 'resume needs checkpointDir');

  const model = head.model;
  const optimizer = tf.train.adam(learningRate);
  const setRate = (lr: number) => {
    // Adam reads this field on every step, so a schedule can change it between steps.
    (optimizer as unknown as { learningRate: number }).learningRate = lr;
  };
  const stepsPerEpoch = Math.ceil(data.size / batchSize);
  const totalSteps = stepsPerEpoch * epochs;
  const rng = new SeededRandom(seed);
  let state: TrainerState = {
    epoch: 0,
    step: 0,
    rngState: rng.state,
    best: null,
    bestEpoch: 0,
    stale: 0,
    history: [],
    ...(fingerprint === undefined ? {} : { fingerprint }),
  };
  let bestWeights: tf.Tensor[] | null = null;

  if (resume && checkpointDir && existsSync(join(checkpointDir, 'state.json'))) {
    if (fingerprint !== undefined) await checkCheckpointFingerprint(checkpointDir, fingerprint);
    const restored = await loadCheckpoint(checkpointDir, model, optimizer);
    state = restored.state;
    bestWeights = restored.bestWeights;
    rng.state = state.rngState;
    log?.(`resumed from ${checkpointDir} after epoch ${state.epoch} (step ${state.step})`);
  }

  const variables = trainableVariables(model);
  const started = Date.now();
  let stoppedEarly = false;
  const better = (a: number, b: number | null) => b === null || (mode === 'max' ? a > b : a < b);
  if (patience > 0 && state.stale >= patience) stoppedEarly = true;

  for (let epoch = state.epoch + 1; epoch <= epochs && !stoppedEarly; epoch++) {
    const epochStart = Date.now();
    const order = rng.permutation(data.size);
    const bar =
      progress === false
        ? undefined
        : createProgress({ total: stepsPerEpoch, label: `epoch ${epoch}/${epochs}`, ...progress });
    let lossSum = 0;
    let lossCount = 0;
    let lr = learningRate;
    for (let b = 0; b < stepsPerEpoch; b++) {
      lr = learningRateAt(learningRate, state.step, totalSteps, schedule);
      setRate(lr);
      const { xs, y } = data.batch(order.slice(b * batchSize, (b + 1) * batchSize));
      // Dropout masks come from a per-step seed: fresh each step, yet a resumed run repeats them.
      const { value, grads } = withSeededRandom((Math.imul(seed, 0x9e3779b1) + state.step) | 0, () =>
        tf.variableGrads(() => head.loss(xs, y, true), variables),
      );
      let applied = grads;
      if (clipNorm > 0) applied = clipByGlobalNorm(grads, clipNorm).grads;
      // Adam keeps its moments by position: always apply in the model's weight order.
      optimizer.applyGradients(variables.map((v) => ({ name: v.name, tensor: applied[v.name]! })));
      const lossValue = (await value.data())[0]!;
      tf.dispose([value, xs, y, grads]);
      if (applied !== grads) tf.dispose(Object.values(applied));
      if (!Number.isFinite(lossValue)) {
        throw new ConfigError(
          where,
          `loss became ${lossValue} at step ${state.step}; lower learningRate (now ${lr}) or clipNorm`,
        );
      }
      lossSum += lossValue;
      lossCount++;
      state.step++;
      bar?.tick(1, { loss: lossSum / lossCount });
    }
    const dev = evaluate ? await evaluate() : {};
    const loss = lossSum / Math.max(lossCount, 1);
    const record: EpochRecord = {
      epoch,
      loss,
      learningRate: lr,
      dev,
      seconds: (Date.now() - epochStart) / 1000,
    };
    bar?.done({ loss, ...dev });
    state.history.push(record);
    state.epoch = epoch;
    state.rngState = rng.state;
    if (evaluate) {
      const key = options.monitor ?? Object.keys(dev)[0];
      const value = key === undefined ? undefined : dev[key];
      if (key === undefined || value === undefined) {
        throw new ConfigError(
          where,
          `evaluate() returned no ${JSON.stringify(key)} metric; got ${Object.keys(dev).join(', ') || 'nothing'}`,
        );
      }
      if (better(value, state.best)) {
        state.best = value;
        state.bestEpoch = epoch;
        state.stale = 0;
        if (bestWeights) tf.dispose(bestWeights);
        bestWeights = model.getWeights().map((w) => w.clone());
      } else {
        state.stale++;
      }
      if (patience > 0 && state.stale >= patience) stoppedEarly = true;
    } else {
      state.bestEpoch = epoch;
    }
    const devText = Object.entries(dev)
      .map(([k, v]) => `${k}=${v.toFixed(4)}`)
      .join(' ');
    log?.(
      `epoch ${epoch}/${epochs} loss=${loss.toFixed(4)} ${devText} lr=${lr.toExponential(2)} ${record.seconds.toFixed(1)}s`,
    );
    if (checkpointDir) await saveCheckpoint(checkpointDir, { model, optimizer, bestWeights, state });
    await onEpochEnd?.(record);
  }
  if (stoppedEarly) log?.(`early stop: no ${mode === 'max' ? 'gain' : 'drop'} for ${state.stale} epoch(s)`);
  if (bestWeights && state.bestEpoch !== state.epoch) {
    model.setWeights(bestWeights);
    log?.(`restored the best weights from epoch ${state.bestEpoch}`);
  }
  if (bestWeights) tf.dispose(bestWeights);
  optimizer.dispose();
  return {
    history: state.history,
    best: state.best,
    bestEpoch: state.bestEpoch,
    stoppedEarly,
    steps: state.step,
    seconds: (Date.now() - started) / 1000,
  };
}
