import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyEncoder,
  attentionPooling,
  attentionPoolingWeights,
  bahdanauAttention,
  buildEncoder,
  getPreset,
  initBackend,
  loadModel,
  luongAttention,
  paramCounts,
  saveModel,
  summary,
  tf,
  weightedSum,
} from '../src/index.js';
import { maxAbsDiff } from './support/custom_layer_suite.js';
import { idsTensor } from './support/ids.js';
import { tempDirs } from './support/temp_dirs.js';

const tmp = tempDirs('kornlp-attention-');

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

describe('seed-attention preset (the reference Keras model, flaw included)', () => {
  // One build for the three checks.
  let model: tf.LayersModel;
  beforeAll(() => {
    model = getPreset('seed-attention', { maxLen: 6 });
  });
  afterAll(() => model.dispose());

  it('has the reference total 677,154 and per-layer counts', () => {
    expect(model.countParams()).toBe(677_154);
    expect(paramCounts(model)).toEqual({
      ids: 0,
      embedding: 500_000,
      bi_gru: 176_640,
      attention_score: 257,
      attention_weights: 0,
      attention_context: 0,
      dense: 257,
    });
    expect(model.outputs[0]!.shape).toEqual([null, 1]);
    const text = summary(model);
    expect(text).toMatch(/\n attention_score \(Dense\) +\(None, 6, 1\) +257 +bi_gru\[0\]\[0\]\n/);
    expect(text).toMatch(/\n attention_weights \(Softmax\) +\(None, 6, 1\) +0 +attention_score\[0\]\[0\]\n/);
    expect(text).toContain('Total params: 677,154');
  });

  it('reproduces the flaw: every weight is 1, so the output is Dense(Σ_t bi_gru_t)', () => {
    const x = idsTensor([
      [4, 8, 15, 16, 23, 42],
      [7, 0, 0, 0, 0, 0],
    ]);
    const probe = tf.model({
      inputs: model.inputs,
      outputs: [
        model.getLayer('bi_gru').output,
        model.getLayer('attention_weights').output,
      ] as tf.SymbolicTensor[],
    });
    const [seq, w] = probe.predict(x) as tf.Tensor[];
    expect(Array.from(w!.dataSync())).toEqual(new Array(12).fill(1));
    const [kernel, bias] = model.getLayer('dense').getWeights();
    // Independent expectation: sum over time (padding included, as the reference), then the Dense by hand.
    const want = tf.tidy(() => tf.sigmoid(tf.add(tf.matMul(tf.sum(seq!, 1), kernel!), bias!)));
    const got = model.predict(x) as tf.Tensor;
    expect(maxAbsDiff(got.dataSync(), want.dataSync())).toBeLessThan(1e-5);
    tf.dispose([x, seq!, w!, want, got]);
  });

  it('saves and loads with identical predictions', async () => {
    const x = idsTensor([
      [1, 2, 3, 4, 5, 6],
      [9, 8, 0, 0, 0, 0],
    ]);
    const before = (model.predict(x) as tf.Tensor).dataSync();
    const dir = join(tmp(), 'seed');
    await saveModel(model, dir);
    const loaded = await loadModel(dir);
    expect(loaded.countParams()).toBe(677_154);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from(before));
    loaded.dispose();
    x.dispose();
  });
});

describe("buildEncoder({ kind: 'attention' }): the fixed design", () => {
  const base = { kind: 'attention' as const, vocabSize: 30, embeddingDim: 6, units: 4 };

  it('is a bi-GRU sequence pooled by attention over time (the default pooling)', () => {
    const enc = buildEncoder({ ...base, maxLen: 7 });
    expect(enc.layers.map((l) => l.name)).toEqual(['ids', 'embedding', 'bi_gru', 'attention_pooling']);
    expect(enc.outputs[0]!.shape).toEqual([null, 8]);
    // Pooling: hidden 8x4 + 4, score 4x1.
    expect(paramCounts(enc).attention_pooling).toBe(8 * 4 + 4 + 4);
    const seq = buildEncoder({ ...base, output: 'sequence', maxLen: 7 });
    expect(seq.outputs[0]!.shape).toEqual([null, 7, 8]);
    const deep = buildEncoder({ ...base, numLayers: 2, namePrefix: 'd_' });
    expect(deep.layers.map((l) => l.name)).toEqual([
      'd_ids',
      'd_embedding',
      'd_bi_gru',
      'd_bi_gru_2',
      'd_attention_pooling',
    ]);
    expect(paramCounts(deep).d_bi_gru_2).toBe(2 * 3 * (8 * 4 + 4 * 4 + 2 * 4));
    const mean = buildEncoder({ ...base, pooling: 'mean' });
    expect(mean.layers.map((l) => l.getClassName())).toContain('KornlpMaskedPooling');
  });

  it('ignores padding: trailing pad ids change nothing (weights 0 on masked steps)', () => {
    const enc = buildEncoder(base);
    const short = idsTensor([[5, 6, 7]]);
    const padded = idsTensor([[5, 6, 7, 0, 0, 0]]);
    const a = enc.predict(short) as tf.Tensor;
    const b = enc.predict(padded) as tf.Tensor;
    expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBeLessThan(1e-6);
    tf.dispose([short, padded, a, b]);
  });

  it('pools with the softmax over time: output = Σ_t a_t·h_t with a = softmax(scores) over real steps', () => {
    const enc = buildEncoder({ ...base, maxLen: 5 });
    const x = idsTensor([[3, 1, 4, 0, 0]]);
    const hModel = tf.model({
      inputs: enc.inputs,
      outputs: enc.getLayer('bi_gru').output as tf.SymbolicTensor,
    });
    const h = (hModel.predict(x) as tf.Tensor).arraySync() as number[][][];
    const [k, b, u] = enc
      .getLayer('attention_pooling')
      .getWeights()
      .map((w) => w.arraySync()) as [number[][], number[], number[][]];
    const steps = h[0]!.slice(0, 3);
    const scores = steps.map((ht) =>
      b.reduce((acc, bj, j) => {
        const pre = ht.reduce((s, v, i) => s + v * k[i]![j]!, bj);
        return acc + Math.tanh(pre) * u[j]![0]!;
      }, 0),
    );
    const z = scores.reduce((s, v) => s + Math.exp(v), 0);
    const want = steps[0]!.map((_, f) =>
      steps.reduce((s, ht, t) => s + (Math.exp(scores[t]!) / z) * ht[f]!, 0),
    );
    const got = enc.predict(x) as tf.Tensor;
    expect(maxAbsDiff(got.dataSync(), want)).toBeLessThan(1e-5);
    // The heat-map helper gives the same weights, 0 on the padding.
    const weights = attentionPoolingWeights(enc, x);
    expect(maxAbsDiff(weights.dataSync(), [...scores.map((v) => Math.exp(v) / z), 0, 0])).toBeLessThan(1e-6);
    tf.dispose([x, got, weights]);
  });

  it("pooling: 'attention' works for the recurrent kinds too, with a name prefix", () => {
    const enc = buildEncoder({
      kind: 'lstm',
      vocabSize: 20,
      embeddingDim: 4,
      units: 3,
      pooling: 'attention',
      namePrefix: 'a_',
    });
    expect(enc.getLayer('a_attention_pooling').getClassName()).toBe('KornlpAttentionPooling');
    expect(enc.outputs[0]!.shape).toEqual([null, 3]);
  });

  it('attentionPoolingWeights names the missing layer', () => {
    const enc = buildEncoder({ kind: 'gru', vocabSize: 10, embeddingDim: 2, units: 2 });
    const x = idsTensor([[1, 2]]);
    expect(() => attentionPoolingWeights(enc, x)).toThrow(/the model has no AttentionPooling layer/);
    const att = buildEncoder(base);
    expect(() => attentionPoolingWeights(att, x, { layerName: 'pool' })).toThrow(
      /no AttentionPooling layer named "pool"; expected one of attention_pooling/,
    );
    x.dispose();
  });

  it('leaks no tensors across predictions', () => {
    const enc = buildEncoder(base);
    const x = idsTensor([
      [1, 2, 3, 0],
      [4, 5, 6, 7],
    ]);
    tf.dispose(enc.predict(x) as tf.Tensor);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.dispose(enc.predict(x) as tf.Tensor);
    tf.dispose(attentionPoolingWeights(enc, x));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('save/load of a model with every attention layer', () => {
  it('restores the custom layers and gives identical predictions (both outputs)', async () => {
    const input = tf.input({ shape: [6], dtype: 'int32' });
    const h = applyEncoder(input, {
      kind: 'attention',
      vocabSize: 40,
      embeddingDim: 5,
      units: 3,
      output: 'sequence',
    });
    // Self-attention takes the one tensor: tfjs's predict disposes a tensor listed twice ([h, h]).
    const a = luongAttention({ scoreMode: 'general', useScale: true }).apply(h) as tf.SymbolicTensor;
    const b = bahdanauAttention({ units: 4 }).apply([a, h]) as tf.SymbolicTensor;
    const [pooled, weights] = attentionPooling({ units: 2, returnAttentionScores: true }).apply(
      b,
    ) as tf.SymbolicTensor[];
    const scoreSum = weightedSum().apply([h, weights!]) as tf.SymbolicTensor;
    const merged = tf.layers.concatenate().apply([pooled!, scoreSum]) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 1, activation: 'sigmoid' }).apply(merged) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: [out, weights!] });
    const x = idsTensor([
      [3, 9, 27, 1, 0, 0],
      [5, 25, 12, 2, 7, 33],
    ]);
    const before = (model.predict(x) as tf.Tensor[]).map((t) => Array.from(t.dataSync()));
    expect(before[1]!.slice(4, 6)).toEqual([0, 0]);
    const dir = join(tmp(), 'all');
    await saveModel(model, dir);
    const classes = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).modelTopology.config.layers.map(
      (l: { class_name: string }) => l.class_name,
    );
    expect(classes).toEqual(
      expect.arrayContaining([
        'KornlpLuongAttention',
        'KornlpBahdanauAttention',
        'KornlpAttentionPooling',
        'KornlpWeightedSum',
      ]),
    );
    const loaded = await loadModel(dir);
    const after = (loaded.predict(x) as tf.Tensor[]).map((t) => Array.from(t.dataSync()));
    expect(after).toEqual(before);
    model.dispose();
    loaded.dispose();
    x.dispose();
  });
});
