import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactError, ConfigError } from '@kornlp/core';
import { initBackend, tf } from '@kornlp/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { softmaxCrossEntropy } from '../src/heads/losses.js';
import { SequenceClassifier } from '../src/heads/sequence_classifier.js';
import { clipByGlobalNorm } from '../src/training/clip.js';
import type { TrainingDataset } from '../src/training/dataset.js';
import { SeededRandom } from '../src/training/random.js';
import { learningRateAt } from '../src/training/schedule.js';
import { withSeededRandom } from '../src/training/seeded_scope.js';
import { train } from '../src/training/trainer.js';

let dir: string;
beforeAll(async () => {
  await initBackend();
  dir = await mkdtemp(join(tmpdir(), 'kornlp-trainer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Class 1 iff the sequence contains token 3; everything else is noise tokens 4..9.
function toyData(n: number, seed: number) {
  const rng = new SeededRandom(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const row = Array.from({ length: 6 }, () => 4 + Math.floor(rng.next() * 6));
    row[Math.floor(rng.next() * 6)] = label ? 3 : 2;
    rows.push(row);
    labels.push(label);
  }
  const data: TrainingDataset = {
    size: n,
    batch: (idx) => ({
      xs: [
        tf.tensor2d(
          idx.map((i) => rows[i]!),
          undefined,
          'int32',
        ),
      ],
      y: tf.tensor1d(
        idx.map((i) => labels[i]!),
        'int32',
      ),
    }),
  };
  return { rows, labels, data };
}

const tiny = (dropout = 0) =>
  new SequenceClassifier({
    vocabSize: 10,
    numClasses: 2,
    maxLen: 6,
    embeddingDim: 8,
    encoder: { kind: 'gru', units: 8 },
    dropout,
    seed: 7,
  });

const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('training utilities', () => {
  it('learningRateAt: warm-up, linear, cosine and exponential by hand', () => {
    expect(learningRateAt(0.1, 3, 10)).toBe(0.1);
    expect(learningRateAt(0.1, 0, 10, { warmupSteps: 4 })).toBeCloseTo(0.025, 12);
    expect(learningRateAt(0.1, 5, 10, { kind: 'linear' })).toBeCloseTo(0.05, 12);
    expect(learningRateAt(0.1, 10, 10, { kind: 'linear', finalFraction: 0.1 })).toBeCloseTo(0.01, 12);
    expect(learningRateAt(0.1, 5, 10, { kind: 'cosine' })).toBeCloseTo(0.05, 12);
    expect(
      learningRateAt(0.1, 2000, 10, { kind: 'exponential', decaySteps: 1000, decayRate: 0.5 }),
    ).toBeCloseTo(0.025, 12);
    expect(() => learningRateAt(0.1, 0, 1, { kind: 'step' as never })).toThrow(/unknown schedule "step"/);
  });

  it('clipByGlobalNorm scales to the max norm and leaves small gradients alone', () => {
    const a = tf.tensor1d([3, 0]);
    const b = tf.tensor1d([4]);
    const { grads, norm } = clipByGlobalNorm({ a, b }, 1);
    expect(norm).toBeCloseTo(5, 5);
    expect(Array.from(grads.a!.dataSync())[0]).toBeCloseTo(0.6, 4);
    expect(Array.from(grads.b!.dataSync())[0]).toBeCloseTo(0.8, 4);
    const small = clipByGlobalNorm({ a }, 10);
    expect(Array.from(small.grads.a!.dataSync())).toEqual([3, 0]);
    tf.dispose([a, b, ...Object.values(grads), ...Object.values(small.grads)]);
  });

  it('withSeededRandom: the same seed draws the same dropout mask, another seed another', () => {
    const layer = tf.layers.dropout({ rate: 0.5 });
    const x = tf.ones([64]);
    const mask = (seed: number) =>
      withSeededRandom(seed, () => Array.from((layer.apply(x, { training: true }) as tf.Tensor).dataSync()));
    expect(mask(3)).toEqual(mask(3));
    expect(mask(4)).not.toEqual(mask(3));
    expect(() =>
      withSeededRandom(1, () => {
        throw new Error('inside');
      }),
    ).toThrow('inside');
    expect(Math.random()).not.toBe(Math.random());
    x.dispose();
  });

  it('SeededRandom: same seed, same permutation; state resumes the sequence', () => {
    const r = new SeededRandom(5);
    const p = r.permutation(10);
    expect([...p].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new SeededRandom(5).permutation(10)).toEqual(p);
    const cont = new SeededRandom(0);
    cont.state = r.state;
    expect(cont.permutation(10)).toEqual(r.permutation(10));
    expect(() => new SeededRandom(1.5)).toThrow(ConfigError);
  });

  it('softmaxCrossEntropy: ln 2 for a coin flip, class weights and mask', () => {
    const logits = tf.tensor2d([
      [0, 0],
      [Math.log(3), 0],
    ]);
    const y = tf.tensor1d([1, 0], 'int32');
    // -ln(1/2) and -ln(3/4)
    const plain = softmaxCrossEntropy(logits, y).dataSync()[0]!;
    expect(plain).toBeCloseTo((Math.log(2) + Math.log(4 / 3)) / 2, 5);
    const weighted = softmaxCrossEntropy(logits, y, { classWeights: tf.tensor1d([1, 3]) }).dataSync()[0]!;
    expect(weighted).toBeCloseTo((3 * Math.log(2) + Math.log(4 / 3)) / 2, 5);
    const masked = softmaxCrossEntropy(logits, y, { mask: tf.tensor1d([0, 1]) }).dataSync()[0]!;
    expect(masked).toBeCloseTo(Math.log(4 / 3), 5);
  });
});

describe('train', () => {
  it('learns a toy task and does not leak tensors', async () => {
    const { rows, labels, data } = toyData(64, 1);
    const clf = tiny();
    const before = tf.memory().numTensors;
    const result = await train(clf, data, { epochs: 12, batchSize: 16, learningRate: 0.02, progress: false });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.history).toHaveLength(12);
    expect(result.history[11]!.loss).toBeLessThan(result.history[0]!.loss / 3);
    const probs = clf.predictProba(rows);
    const acc = probs.filter((p, i) => Number(p[1]! > p[0]!) === labels[i]).length / rows.length;
    expect(acc).toBe(1);
    clf.dispose();
  });

  it('stops early and restores the best epoch', async () => {
    const { data } = toyData(32, 2);
    const clf = tiny();
    const script = [0.5, 0.9, 0.6, 0.4, 0.95];
    let call = 0;
    const snapshots: number[][][] = [];
    const result = await train(clf, data, {
      epochs: 5,
      batchSize: 8,
      patience: 2,
      progress: false,
      evaluate: async () => ({ accuracy: script[call++]! }),
      onEpochEnd: () => {
        snapshots.push(weightsOf(clf.model));
      },
    });
    expect(result.stoppedEarly).toBe(true);
    expect(result.history).toHaveLength(4);
    expect(result.best).toBe(0.9);
    expect(result.bestEpoch).toBe(2);
    expect(weightsOf(clf.model)).toEqual(snapshots[1]);
    clf.dispose();
  });

  it('resume after an interruption reproduces the uninterrupted run exactly, dropout included', async () => {
    const { data } = toyData(40, 3);
    const options = { batchSize: 8, learningRate: 0.01, seed: 11, progress: false as const };
    const straight = tiny(0.5);
    await train(straight, data, { ...options, epochs: 3 });

    const ckpt = join(dir, 'resume-ckpt');
    const first = tiny(0.5);
    await train(first, data, { ...options, epochs: 1, checkpointDir: ckpt });
    first.dispose();
    const second = tiny(0.5);
    const result = await train(second, data, { ...options, epochs: 3, checkpointDir: ckpt, resume: true });
    expect(result.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
    const a = weightsOf(straight.model).flat();
    const b = weightsOf(second.model).flat();
    expect(b.length).toBe(a.length);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 5);
    straight.dispose();
    second.dispose();
  });

  it('refuses to resume from a checkpoint of another run (fingerprint)', async () => {
    const { data } = toyData(16, 5);
    const options = { batchSize: 8, progress: false as const, checkpointDir: join(dir, 'fp-ckpt') };
    const first = tiny();
    await train(first, data, { ...options, epochs: 1, fingerprint: 'aaaa' });
    first.dispose();
    const second = tiny();
    const resumed = train(second, data, { ...options, epochs: 2, resume: true, fingerprint: 'bbbb' });
    await expect(resumed).rejects.toThrow(ArtifactError);
    await expect(
      train(second, data, { ...options, epochs: 2, resume: true, fingerprint: 'bbbb' }),
    ).rejects.toThrow(
      /checkpoint in .*fp-ckpt was written by another run .*fingerprint aaaa, this run bbbb.*delete the checkpoint to start over/,
    );
    const same = await train(second, data, { ...options, epochs: 2, resume: true, fingerprint: 'aaaa' });
    expect(same.history.map((h) => h.epoch)).toEqual([1, 2]);
    second.dispose();
  });

  it('rejects empty data and bad options with ConfigError', async () => {
    const clf = tiny();
    const empty: TrainingDataset = { size: 0, batch: () => ({ xs: [], y: tf.scalar(0) }) };
    await expect(train(clf, empty, { progress: false })).rejects.toThrow(/training data is empty/);
    const { data } = toyData(8, 4);
    await expect(train(clf, data, { epochs: 0, progress: false })).rejects.toThrow(ConfigError);
    await expect(train(clf, data, { resume: true, progress: false })).rejects.toThrow(
      /resume needs checkpointDir/,
    );
    clf.dispose();
  });
});
