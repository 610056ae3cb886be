import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildEncoder,
  ConfigError,
  getPreset,
  initBackend,
  loadModel,
  multiHeadAttention,
  saveModel,
  summary,
  TimeDistributed,
  tf,
  timeDistributed,
} from '../src/index.js';
import { describeCustomLayer, maxAbsDiff, rand } from './support/custom_layer_suite.js';
import { idsTensor } from './support/ids.js';
import { tempDirs } from './support/temp_dirs.js';

const tmp = tempDirs('kornlp-transformer-');
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

const ids = () =>
  idsTensor([
    [5, 6, 7, 0, 0, 0],
    [1, 2, 3, 4, 5, 9],
  ]);

describe('seed-transformer preset', () => {
  it('prints the reference Keras rows: MHA on (emb, emb), Concatenate 200 wide, TimeDistributed Denses', () => {
    const model = getPreset('seed-transformer');
    const text = summary(model);
    const row = (name: string, shape: string, params: number, from: string) =>
      expect(text).toMatch(
        new RegExp(`\\n ${name} \\([A-Za-z0-9]+(?:…|\\)) +\\(${shape}\\) +${params} +${from}`),
      );
    row('embedding', 'None, 100, 100', 500000, 'ids\\[0\\]\\[0\\]');
    // Keras lists `embedding` twice (`mha(emb, emb)`); kornlp applies self-attention to it once.
    row('multi_head_attention', 'None, 100, 100', 412772, 'embedding\\[0\\]\\[0\\]\\n');
    row('layer_normalization', 'None, 100, 100', 200, 'multi_head_attention\\[0\\]\\[0\\]');
    row('concatenate', 'None, 100, 200', 0, 'embedding\\[0\\]\\[0\\]\\n +layer_normalization\\[0\\]\\[0\\]');
    row('time_distributed', 'None, 100, 512', 102912, 'concatenate\\[0\\]\\[0\\]');
    row('time_distributed_1', 'None, 100, 128', 65664, 'time_distributed\\[0\\]\\[0\\]');
    row('layer_normalization_1', 'None, 100, 128', 256, 'time_distributed_1\\[0\\]\\[0\\]');
    row('time_distributed_2', 'None, 100, 1', 129, 'layer_normalization_1\\[0\\]\\[0\\]');
    row('global_average_pooling1d', 'None, 1', 0, 'time_distributed_2\\[0\\]\\[0\\]');
    expect(text).toContain('Total params: 1,081,933');
    expect(model.layers.map((l) => l.getClassName())).toContain('KornlpTimeDistributed');
    model.dispose();
  });

  it('computes the reference graph: the average over time of sigmoid(Dense(LN(Dense(Dense([emb, LN(MHA)])))))', () => {
    const model = getPreset('seed-transformer', { maxLen: 6 });
    const x = ids();
    const got = (model.predict(x) as tf.Tensor).dataSync();
    // Recompute layer by layer with the stock tfjs layers' math on the same weights.
    const L = (name: string) => model.getLayer(name);
    const want = tf.tidy(() => {
      const emb = L('embedding').apply(x) as tf.Tensor;
      const attn = L('multi_head_attention').apply([emb, emb]) as tf.Tensor;
      const cat = tf.concat([emb, L('layer_normalization').apply(attn) as tf.Tensor], -1);
      const dense = (layer: string, t: tf.Tensor, act: (v: tf.Tensor) => tf.Tensor) => {
        const [k, b] = L(layer).getWeights() as [tf.Tensor2D, tf.Tensor1D];
        return act(tf.add(tf.matMul(t.reshape([-1, k.shape[0]]), k), b).reshape([2, 6, k.shape[1]]));
      };
      let h = dense('time_distributed', cat, tf.relu);
      h = dense('time_distributed_1', h, tf.relu);
      h = L('layer_normalization_1').apply(h) as tf.Tensor;
      h = dense('time_distributed_2', h, tf.sigmoid);
      return h.mean(1).dataSync();
    });
    expect(maxAbsDiff(got, want)).toBeLessThan(1e-6);
    x.dispose();
    model.dispose();
  });
});

describe('transformer encoder kind', () => {
  // A small encoder every case starts from.
  const tiny = { kind: 'transformer', vocabSize: 20, embeddingDim: 8, numHeads: 2, ffDim: 16 } as const;

  it('is registered on import: embedding → sinusoidal positions → blocks → masked mean', () => {
    const enc = buildEncoder({ ...tiny, maxLen: 6 });
    expect(enc.layers.map((l) => l.name)).toEqual([
      'ids',
      'embedding',
      'position_embedding',
      'transformer_block',
      'mean_pooling',
    ]);
    const x = ids();
    const y = enc.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 8]);
    // Padding is masked: extra padding does not change the pooled vector of the short row.
    const longer = tf.tensor2d([[5, 6, 7, 0, 0, 0, 0, 0]], [1, 8], 'int32');
    const seqEnc = buildEncoder(tiny);
    seqEnc.setWeights(enc.getWeights());
    const a = (seqEnc.predict(longer) as tf.Tensor).dataSync();
    expect(maxAbsDiff(a, y.slice([0, 0], [1, 8]).dataSync())).toBeLessThan(1e-5);
    tf.dispose([x, y, longer]);
  });

  it('stacks numLayers pre-norm blocks with a final norm, learned positions, and validates options', () => {
    const enc = buildEncoder({
      ...tiny,
      numLayers: 2,
      normFirst: true,
      positionEmbedding: 'learned',
      maxLen: 6,
      output: 'sequence',
    });
    expect(enc.layers.map((l) => l.name)).toEqual([
      'ids',
      'embedding',
      'position_embedding',
      'transformer_block',
      'transformer_block_2',
      'final_norm',
    ]);
    expect(enc.getLayer('position_embedding').countParams()).toBe(48);
    expect(enc.outputs[0]!.shape).toEqual([null, 6, 8]);
    expect(() =>
      buildEncoder({ kind: 'transformer', vocabSize: 5, positionEmbedding: 'rotary' as never }),
    ).toThrow(/unknown positionEmbedding "rotary"; expected one of sinusoidal, learned, none/);
    expect(() => buildEncoder({ kind: 'transformer', vocabSize: 5, positionEmbedding: 'learned' })).toThrow(
      ConfigError,
    );
  });

  it('saves and loads (custom layers restored) with identical predictions, and leaks no tensors', async () => {
    const enc = buildEncoder({
      ...tiny,
      numLayers: 2,
      positionEmbedding: 'learned',
      maxLen: 6,
    });
    const head = tf.layers
      .dense({ units: 1, activation: 'sigmoid' })
      .apply(enc.outputs[0]!) as tf.SymbolicTensor;
    const model = tf.model({ inputs: enc.inputs, outputs: head });
    const x = ids();
    const before = (model.predict(x) as tf.Tensor).dataSync();
    const dir = join(tmp(), 'model');
    await saveModel(model, dir);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const names: string[] = json.weightsManifest[0].weights.map((w: { name: string }) => w.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('transformer_block_2/self_attention/query/kernel');
    const loaded = await loadModel(dir);
    expect(loaded.layers.map((l) => l.getClassName())).toEqual(
      expect.arrayContaining(['KornlpLearnedPositionEmbedding', 'KornlpTransformerEncoderBlock']),
    );
    const after = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(after)).toEqual(Array.from(before));
    tf.dispose(loaded.predict(x) as tf.Tensor);
    const n = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.dispose(loaded.predict(x) as tf.Tensor);
    expect(tf.memory().numTensors).toBe(n);
    x.dispose();
  });

  it('round-trips the seed-transformer preset through saveModel/loadModel', async () => {
    const model = getPreset('seed-transformer', { maxLen: 6 });
    const x = ids();
    const before = (model.predict(x) as tf.Tensor).dataSync();
    const dir = join(tmp(), 'preset');
    await saveModel(model, dir);
    const loaded = await loadModel(dir);
    expect(loaded.countParams()).toBe(1_081_933);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from(before));
    x.dispose();
  });
});

describe('MultiHeadAttention fed [x, x] inside a model', () => {
  it('predicts when x also feeds a later layer (tfjs would free x after the attention layer)', () => {
    const x = tf.input({ shape: [4, 6] });
    const a = multiHeadAttention({ numHeads: 2, keyDim: 3 }).apply([x, x]) as tf.SymbolicTensor;
    const y = tf.layers.concatenate().apply([x, a]) as tf.SymbolicTensor;
    const model = tf.model({ inputs: x, outputs: y });
    const v = rand([2, 4, 6], 51);
    const out = model.predict(v) as tf.Tensor;
    expect(out.shape).toEqual([2, 4, 12]);
    expect(maxAbsDiff(out.slice([0, 0, 0], [2, 4, 6]).dataSync(), v.dataSync())).toBe(0);
    tf.dispose([v, out]);
  });
});

describe('TimeDistributed', () => {
  it('matches tfjs TimeDistributed (per-step loop) on the same weights', () => {
    const ours = timeDistributed(tf.layers.dense({ units: 3, activation: 'relu' }));
    const stock = tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 3, activation: 'relu' }) });
    const x = rand([2, 4, 5], 41);
    tf.dispose([ours.apply(x) as tf.Tensor, stock.apply(x) as tf.Tensor]);
    stock.setWeights(ours.getWeights());
    const a = ours.apply(x) as tf.Tensor;
    const b = stock.apply(x) as tf.Tensor;
    expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBeLessThan(1e-6);
    tf.dispose([x, a, b]);
  });

  it('rejects inputs below 3-D and non-layers', () => {
    expect(() => timeDistributed(tf.layers.dense({ units: 2 })).apply(tf.ones([2, 3]))).toThrow(
      /input must be at least \[batch, time, features\]/,
    );
    expect(() => timeDistributed({} as never)).toThrow(/layer must be a tf.layers.Layer/);
  });
});

describeCustomLayer({
  name: 'TimeDistributed(Dense)',
  make: () => timeDistributed(tf.layers.dense({ units: 3, activation: 'tanh' })),
  fromConfig: (config) => TimeDistributed.fromConfig(TimeDistributed, config) as TimeDistributed,
  inputs: () => [rand([2, 3, 4], 42)],
  outputShape: [2, 3, 3],
});
