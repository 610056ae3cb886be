import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ArtifactError,
  applyEncoder,
  buildEncoder,
  ConfigError,
  embedding,
  getPreset,
  gru,
  initBackend,
  listPresets,
  loadModel,
  lstm,
  maskedPooling,
  paramCounts,
  ShapeError,
  saveModel,
  simpleRnn,
  summary,
  tf,
} from '../src/index.js';
import { idsTensor, PADDED_IDS } from './support/ids.js';
import { tempDirs } from './support/temp_dirs.js';

// Reference Keras per-layer counts (model.summary() of the reference models).
const REFERENCE: Record<string, { total: number; layers: Record<string, number> }> = {
  'seed-simple-rnn': { total: 529_441, layers: { embedding: 500_000, simple_rnn: 29_312, dense: 129 } },
  'seed-lstm': { total: 617_377, layers: { embedding: 500_000, lstm: 117_248, dense: 129 } },
  'seed-gru': { total: 588_449, layers: { embedding: 500_000, gru: 88_320, dense: 129 } },
  'seed-bi-gru': { total: 676_897, layers: { embedding: 500_000, bi_gru: 176_640, dense: 257 } },
  'seed-attention': {
    total: 677_154,
    layers: { embedding: 500_000, bi_gru: 176_640, attention_score: 257, attention_weights: 0, dense: 257 },
  },
  'seed-transformer': {
    total: 1_081_933,
    layers: {
      embedding: 500_000,
      multi_head_attention: 412_772,
      layer_normalization: 200,
      concatenate: 0,
      time_distributed: 102_912,
      time_distributed_1: 65_664,
      layer_normalization_1: 256,
      time_distributed_2: 129,
      global_average_pooling1d: 0,
    },
  },
};

const tmp = tempDirs('kornlp-models-');

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

describe('presets', () => {
  it.each(Object.keys(REFERENCE))('%s has the reference total and per-layer param counts', (name) => {
    const model = getPreset(name);
    const ref = REFERENCE[name]!;
    expect(model.countParams()).toBe(ref.total);
    const counts = paramCounts(model);
    for (const [layer, n] of Object.entries(ref.layers)) expect(counts[layer], layer).toBe(n);
    expect(model.outputs[0]!.shape).toEqual([null, 1]);
    model.dispose();
  });

  it('lists the recurrent presets and rejects unknown names with the valid ones', () => {
    expect(listPresets()).toEqual(expect.arrayContaining(Object.keys(REFERENCE)));
    expect(() => getPreset('seed-nope')).toThrow(ConfigError);
    expect(() => getPreset('seed-nope')).toThrow(/unknown preset "seed-nope"; expected one of .*seed-gru/);
  });
});

describe('summary', () => {
  it('prints Keras-style rows, connections and totals', () => {
    const model = getPreset('seed-gru', { maxLen: 12 });
    const text = summary(model);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Model: "seed-gru"');
    expect(lines[2]).toMatch(/^ Layer \(type\) +Output Shape +Param # +Connected to$/);
    expect(text).toMatch(/\n ids \(InputLayer\) +\[\(None, 12\)\] +0 +\[\]\n/);
    expect(text).toMatch(/\n embedding \(Embedding\) +\(None, 12, 100\) +500000 +ids\[0\]\[0\]\n/);
    expect(text).toMatch(/\n gru \(GRU\) +\(None, 128\) +88320 +embedding\[0\]\[0\]\n/);
    expect(text).toMatch(/\n dense \(Dense\) +\(None, 1\) +129 +gru\[0\]\[0\]\n/);
    expect(text).toContain('Total params: 588,449\nTrainable params: 588,449\nNon-trainable params: 0');
    model.dispose();
  });

  it('counts a frozen embedding as non-trainable', () => {
    const ids = tf.input({ shape: [4], dtype: 'int32' });
    const h = applyEncoder(ids, {
      kind: 'gru',
      vocabSize: 10,
      embeddingDim: 3,
      units: 2,
      trainableEmbedding: false,
    });
    const text = summary(tf.model({ inputs: ids, outputs: h }));
    expect(text).toContain('Trainable params: 42\nNon-trainable params: 30');
  });
});

describe('embedding', () => {
  it('starts from given vectors, can be frozen, and masks id 0', () => {
    const weights = new Float32Array([0, 0, 1, 2, 3, 4]);
    const layer = embedding({ vocabSize: 3, embeddingDim: 2, weights, trainable: false, maskZero: true });
    const ids = tf.tensor2d([[2, 1, 0]], [1, 3], 'int32');
    const y = layer.apply(ids) as tf.Tensor;
    expect(Array.from(y.dataSync())).toEqual([3, 4, 1, 2, 0, 0]);
    expect(layer.trainableWeights).toHaveLength(0);
    expect(Array.from((layer.computeMask(ids) as tf.Tensor).dataSync())).toEqual([1, 1, 0]);
  });

  it('rejects weights of the wrong size and non-positive sizes', () => {
    expect(() => embedding({ vocabSize: 3, embeddingDim: 2, weights: new Float32Array(5) })).toThrow(
      ShapeError,
    );
    expect(() => embedding({ vocabSize: 0, embeddingDim: 2 })).toThrow(
      /vocabSize must be a positive integer, got 0/,
    );
  });
});

describe('buildEncoder / applyEncoder', () => {
  const ids = () => idsTensor(PADDED_IDS);

  it.each([
    ['simple_rnn', 'pooled', 'last', [2, 6]],
    ['lstm', 'sequence', 'last', [2, 5, 6]],
    ['gru', 'pooled', 'mean', [2, 6]],
    ['bi_lstm', 'pooled', 'max', [2, 12]],
    ['bi_gru', 'sequence', 'last', [2, 5, 12]],
  ] as const)('%s with output %s (pooling %s) has shape %j', (kind, output, pooling, shape) => {
    const enc = buildEncoder({ kind, vocabSize: 10, embeddingDim: 4, units: 6, output, pooling, maxLen: 5 });
    const x = ids();
    const y = enc.predict(x) as tf.Tensor;
    expect(y.shape).toEqual(shape);
    tf.dispose([x, y]);
  });

  it('mean pooling ignores padded steps', () => {
    const enc = buildEncoder({ kind: 'gru', vocabSize: 10, embeddingDim: 4, units: 3, output: 'sequence' });
    const pooled = buildEncoder({ kind: 'gru', vocabSize: 10, embeddingDim: 4, units: 3, pooling: 'mean' });
    pooled.setWeights(enc.getWeights());
    const x = ids();
    const seq = (enc.predict(x) as tf.Tensor).arraySync() as number[][][];
    const mean = (pooled.predict(x) as tf.Tensor).arraySync() as number[][];
    for (let j = 0; j < 3; j++) {
      const want = ((seq[0]![0]![j] as number) + (seq[0]![1]![j] as number) + (seq[0]![2]![j] as number)) / 3;
      expect(Math.abs((mean[0]![j] as number) - want)).toBeLessThan(1e-6);
    }
  });

  it('rejects bad options naming the option and the valid values', () => {
    expect(() => buildEncoder({ kind: 'rnn' as never, vocabSize: 5 })).toThrow(
      /unknown kind "rnn"; expected one of simple_rnn, lstm/,
    );
    expect(() => buildEncoder({ kind: 'gru', vocabSize: 5, pooling: 'sum' as never })).toThrow(
      /unknown pooling "sum"/,
    );
    expect(() => buildEncoder({ kind: 'gru', vocabSize: 5, dropout: 1.5 })).toThrow(
      /dropout must be in \[0, 1\)/,
    );
    expect(() => buildEncoder({ kind: 'lstm', vocabSize: -1 })).toThrow(ConfigError);
  });

  it('leaks no tensors across predictions', () => {
    const enc = buildEncoder({ kind: 'bi_gru', vocabSize: 10, embeddingDim: 4, units: 3, pooling: 'max' });
    const x = ids();
    tf.dispose(enc.predict(x) as tf.Tensor);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.dispose(enc.predict(x) as tf.Tensor);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('recurrent layers: config round-trip, gradients', () => {
  it.each([
    ['lstm', () => lstm({ units: 3, returnSequences: true })],
    ['gru', () => gru({ units: 3 })],
    ['gru old form', () => gru({ units: 3, resetAfter: false })],
    ['simpleRnn', () => simpleRnn({ units: 3 })],
    ['maskedPooling', () => maskedPooling({ mode: 'max' })],
  ] as const)('%s rebuilds from its config with the same output', (_, make) => {
    const layer = make();
    const x = tf.randomUniform([2, 4, 3], -1, 1, 'float32', 7);
    const y = layer.apply(x) as tf.Tensor;
    const cls = tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()]!;
    const [ctor, fromConfig] = cls as unknown as [
      unknown,
      (c: unknown, config: tf.serialization.ConfigDict) => tf.layers.Layer,
    ];
    const copy = fromConfig(ctor, JSON.parse(JSON.stringify(layer.getConfig())));
    expect(copy.getConfig()).toEqual(layer.getConfig());
    copy.apply(x);
    copy.setWeights(layer.getWeights());
    expect(Array.from((copy.apply(x) as tf.Tensor).dataSync())).toEqual(Array.from(y.dataSync()));
  });

  it.each([
    ['lstm', () => lstm({ units: 3 })],
    ['gru', () => gru({ units: 3 })],
    ['gru old form', () => gru({ units: 3, resetAfter: false })],
    ['simpleRnn', () => simpleRnn({ units: 3, returnSequences: true })],
  ] as const)('%s weight gradients match central finite differences', (_, make) => {
    const layer = make();
    const x = tf.randomUniform([2, 4, 3], -1, 1, 'float32', 11);
    const mask = tf.tensor2d([1, 1, 1, 1, 1, 1, 0, 0], [2, 4], 'bool');
    const out = layer.apply(x, { mask }) as tf.Tensor;
    const proj = tf.randomUniform(out.shape, -1, 1, 'float32', 13);
    const loss = () => tf.sum(tf.mul(layer.apply(x, { mask }) as tf.Tensor, proj)) as tf.Scalar;
    const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(loss, vars);
    const eps = 1e-2;
    for (const w of layer.trainableWeights) {
      const g = grads[(w.read() as tf.Variable).name]!.dataSync();
      const base = w.read().dataSync().slice();
      for (let s = 0; s < 5; s++) {
        const i = (s * 7919) % base.length;
        const at = (d: number) => {
          const p = base.slice();
          p[i] = (p[i] as number) + d;
          w.write(tf.tensor(p, w.shape as number[]));
          return loss().dataSync()[0] as number;
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        w.write(tf.tensor(base, w.shape as number[]));
        const a = g[i] as number;
        expect(Math.abs(a - numeric), `${w.name}[${i}] ${a} vs ${numeric}`).toBeLessThan(
          5e-3 + 2e-2 * Math.max(Math.abs(a), Math.abs(numeric)),
        );
      }
    }
  });
});

describe('saveModel / loadModel', () => {
  it('round-trips a preset in the tfjs Layers format with identical predictions', async () => {
    const model = getPreset('seed-bi-gru', { maxLen: 8 });
    const x = tf.tensor2d(
      [
        [1, 2, 3, 4, 5, 6, 7, 8],
        [9, 10, 0, 0, 0, 0, 0, 0],
      ],
      [2, 8],
      'int32',
    );
    const before = (model.predict(x) as tf.Tensor).dataSync();
    const dir = join(tmp(), 'model');
    await saveModel(model, dir);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['group1-shard1of1.bin']);
    expect(json.modelTopology.config.layers.map((l: { class_name: string }) => l.class_name)).toEqual([
      'InputLayer',
      'Embedding',
      'Bidirectional',
      'Dense',
    ]);
    const loaded = await loadModel(dir);
    const after = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(after)).toEqual(Array.from(before));
    expect(loaded.countParams()).toBe(676_897);
  });

  it('restores custom layers (masked pooling) and overwrites atomically', async () => {
    const enc = buildEncoder({
      kind: 'lstm',
      vocabSize: 20,
      embeddingDim: 4,
      units: 3,
      pooling: 'mean',
      maxLen: 5,
    });
    const dir = join(tmp(), 'enc');
    await saveModel(enc, dir);
    await saveModel(enc, dir);
    const x = tf.tensor2d([[3, 4, 0, 0, 0]], [1, 5], 'int32');
    const loaded = await loadModel(dir);
    expect(loaded.layers.map((l) => l.getClassName())).toContain('KornlpMaskedPooling');
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(
      Array.from((enc.predict(x) as tf.Tensor).dataSync()),
    );
  });

  it('throws ArtifactError for a missing directory, corrupt JSON, a missing or truncated shard', async () => {
    const root = tmp();
    await expect(loadModel(join(root, 'nope'))).rejects.toThrow(ArtifactError);
    await expect(loadModel(join(root, 'nope'))).rejects.toThrow(/cannot read .*model\.json: ENOENT/);
    const model = getPreset('seed-simple-rnn', { maxLen: 4 });
    const dir = join(root, 'm');
    await saveModel(model, dir);
    const shard = join(dir, 'group1-shard1of1.bin');
    const bytes = readFileSync(shard);
    writeFileSync(shard, bytes.subarray(0, 100));
    await expect(loadModel(dir)).rejects.toThrow(/hold 100 bytes but model\.json describes 2117764/);
    rmSync(shard);
    await expect(loadModel(dir)).rejects.toThrow(/missing weight shard/);
    writeFileSync(join(dir, 'model.json'), '{"modelTopology": ');
    await expect(loadModel(dir)).rejects.toThrow(/is not valid JSON/);
    writeFileSync(join(dir, 'model.json'), '{"hello": 1}');
    await expect(loadModel(dir)).rejects.toThrow(/not a TensorFlow\.js Layers model/);
  });
});
