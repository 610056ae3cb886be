import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ArtifactError, atomicWriteDir } from '@kornlp/core';
import { tf } from '@kornlp/models';

/** The trainer's own state, saved beside the weights so `--resume` continues the same run. */
export interface TrainerState {
  /** Epochs completed. */
  epoch: number;
  /** Optimizer steps taken. */
  step: number;
  /** The shuffling generator's state after the last completed epoch. */
  rngState: number;
  /** The best monitored dev value so far, or null before the first evaluation. */
  best: number | null;
  /** The epoch that produced `best`. */
  bestEpoch: number;
  /** Epochs since the monitored value last improved. */
  stale: number;
  /** One entry per completed epoch. */
  history: EpochRecord[];
  /** What the weights mean (see `TrainOptions.fingerprint`), when the run gave one. */
  fingerprint?: string;
}

/** What one epoch measured. */
export interface EpochRecord {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean training loss over the epoch. */
  loss: number;
  /** The learning rate at the end of the epoch. */
  learningRate: number;
  /** Dev metrics, when a dev set was evaluated. */
  dev: Record<string, number>;
  /** Wall-clock seconds for the epoch, evaluation included. */
  seconds: number;
}

const CHECKPOINT_VERSION = 1;

interface WeightsManifest {
  specs: tf.io.WeightsManifestEntry[];
}

async function writeTensors(dir: string, name: string, tensors: tf.NamedTensorMap): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(tensors);
  await writeFile(join(dir, `${name}.bin`), new Uint8Array(data));
  await writeFile(join(dir, `${name}.json`), JSON.stringify({ specs } satisfies WeightsManifest));
}

async function readTensors(dir: string, name: string): Promise<tf.NamedTensorMap> {
  const where = 'loadCheckpoint';
  let manifest: WeightsManifest;
  let buf: Buffer;
  try {
    manifest = JSON.parse(await readFile(join(dir, `${name}.json`), 'utf8')) as WeightsManifest;
    buf = await readFile(join(dir, `${name}.bin`));
  } catch (e) {
    throw new ArtifactError(where, `cannot read ${name}.json/.bin in ${dir}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  return tf.io.decodeWeights(ab, manifest.specs);
}

function toMap(tensors: tf.Tensor[]): tf.NamedTensorMap {
  return Object.fromEntries(tensors.map((t, i) => [`w${i}`, t]));
}

function fromMap(map: tf.NamedTensorMap): tf.Tensor[] {
  return Object.keys(map)
    .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
    .map((k) => map[k]!);
}

/** What {@link saveCheckpoint} stores. */
export interface CheckpointContents {
  /** The model being trained (its current weights are saved). */
  model: tf.LayersModel;
  /** The optimizer, whose moments are saved so a resumed run continues exactly. */
  optimizer: tf.Optimizer;
  /** The best weights so far, in `model.getWeights()` order, if any. */
  bestWeights: tf.Tensor[] | null;
  /** The trainer state. */
  state: TrainerState;
}

/**
 * Saves a training checkpoint atomically: the directory holds either the previous checkpoint or
 * this one, never a mix, even if the process dies mid-save.
 *
 * @param dir - the checkpoint directory, replaced as a whole
 * @param contents - see {@link CheckpointContents}
 * @example
 * ```ts
 * import { initBackend, tf } from '@kornlp/models';
 * import { loadCheckpoint, saveCheckpoint, type TrainerState } from '@kornlp/tasks';
 * await initBackend();
 * const build = () => tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
 * const model = build();
 * const state: TrainerState = {
 *   ...{ epoch: 3, step: 120, rngState: 42, best: 0.91, bestEpoch: 2, stale: 1, history: [] },
 * };
 * const optimizer = tf.train.adam();
 * await saveCheckpoint('/tmp/kornlp-checkpoint', { model, optimizer, bestWeights: null, state });
 *
 * const fresh = build(); // same architecture, other random weights
 * const restored = await loadCheckpoint('/tmp/kornlp-checkpoint', fresh, tf.train.adam());
 * console.log(restored.state.epoch, restored.state.best, restored.bestWeights); // 3 0.91 null
 * const kernel = (m: tf.LayersModel) => String(m.getWeights()[0]!.dataSync());
 * console.log(kernel(fresh) === kernel(model)); // true
 * ```
 */
export async function saveCheckpoint(dir: string, contents: CheckpointContents): Promise<void> {
  const { model, optimizer, bestWeights, state } = contents;
  const optimizerWeights = await optimizer.getWeights();
  await atomicWriteDir(dir, async (tmp) => {
    await writeTensors(tmp, 'model', toMap(model.getWeights()));
    if (bestWeights) await writeTensors(tmp, 'best', toMap(bestWeights));
    // Adam keeps its moments by position, so they are stored by position too.
    await writeTensors(tmp, 'optimizer', toMap(optimizerWeights.map((w) => w.tensor)));
    await writeFile(
      join(tmp, 'state.json'),
      JSON.stringify({ version: CHECKPOINT_VERSION, optimizer: optimizer.getClassName(), ...state }, null, 1),
    );
  });
}

/**
 * Refuses to resume from a checkpoint written for other data or options: the weights are only
 * meaningful with the vocabulary, labels and architecture they were trained with, and a vocabulary
 * of the same size built from other data would otherwise load silently.
 *
 * @param dir - the checkpoint directory
 * @param fingerprint - the fingerprint of the run that wants to resume
 * @throws ArtifactError when the checkpoint records another fingerprint (or none is readable)
 * @example
 * ```ts
 * await checkCheckpointFingerprint('models/sentiment.checkpoint', 'c0ffee…');
 * // throws ArtifactError: [train] the checkpoint in models/sentiment.checkpoint was written by another run …
 * ```
 */
export async function checkCheckpointFingerprint(dir: string, fingerprint: string): Promise<void> {
  let saved: string | undefined;
  try {
    saved = (JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as TrainerState).fingerprint;
  } catch (e) {
    throw new ArtifactError('train', `no readable state.json in ${dir}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  if (saved !== fingerprint) {
    throw new ArtifactError(
      'train',
      `the checkpoint in ${dir} was written by another run (other training data, vocabulary, labels or model options: fingerprint ${saved ?? 'none'}, this run ${fingerprint}); resume with the original data and options, or delete the checkpoint to start over`,
    );
  }
}

/**
 * Restores a checkpoint written by {@link saveCheckpoint} into a freshly built model and optimizer
 * of the same shape.
 *
 * @param dir - the checkpoint directory
 * @param model - a model with the same architecture
 * @param optimizer - an optimizer of the same class, not yet stepped
 * @returns the trainer state and the best weights (or null)
 * @throws ArtifactError when files are missing or the shapes do not match the model
 * @example
 * ```ts
 * // See saveCheckpoint for a full round trip.
 * const { state, bestWeights } = await loadCheckpoint(dir, model, tf.train.adam());
 * console.log(state.epoch, bestWeights); // 3 null
 * ```
 */
export async function loadCheckpoint(
  dir: string,
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
): Promise<{ state: TrainerState; bestWeights: tf.Tensor[] | null }> {
  const where = 'loadCheckpoint';
  let raw: TrainerState & { version: number; optimizer: string };
  try {
    raw = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'));
  } catch (e) {
    throw new ArtifactError(where, `no readable state.json in ${dir}: ${(e as Error).message}`, { cause: e });
  }
  if (raw.version !== CHECKPOINT_VERSION) {
    throw new ArtifactError(
      where,
      `checkpoint version ${raw.version} in ${dir}; this kornlp reads version ${CHECKPOINT_VERSION}`,
    );
  }
  if (raw.optimizer !== optimizer.getClassName()) {
    throw new ArtifactError(
      where,
      `checkpoint was written by optimizer ${raw.optimizer}, resuming with ${optimizer.getClassName()}`,
    );
  }
  const weights = fromMap(await readTensors(dir, 'model'));
  const expected = model.getWeights();
  const shapes = (ts: tf.Tensor[]) => ts.map((t) => t.shape.join('x')).join(',');
  if (shapes(weights) !== shapes(expected)) {
    tf.dispose(weights);
    throw new ArtifactError(
      where,
      `checkpoint in ${dir} does not fit the model: weight shapes ${shapes(weights)} vs ${shapes(expected)}`,
    );
  }
  model.setWeights(weights);
  tf.dispose(weights);
  const opt = fromMap(await readTensors(dir, 'optimizer'));
  const names = ['iter', ...opt.slice(1).map((_, i) => `slot${i}`)];
  // setWeights turns these tensors into the optimizer's variables, so they are not disposed here.
  await optimizer.setWeights(opt.map((tensor, i) => ({ name: names[i]!, tensor })));
  let bestWeights: tf.Tensor[] | null = null;
  try {
    bestWeights = fromMap(await readTensors(dir, 'best'));
  } catch {
    bestWeights = null;
  }
  const { version: _v, optimizer: _o, ...state } = raw;
  return { state, bestWeights };
}
