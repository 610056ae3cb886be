import { beforeAll, describe, expect, it } from 'vitest';
import {
  AttentionPooling,
  attentionPooling,
  BahdanauAttention,
  bahdanauAttention,
  ConfigError,
  initBackend,
  LuongAttention,
  luongAttention,
  ShapeError,
  tf,
  WeightedSum,
  weightedSum,
} from '../src/index.js';
import { describeCustomLayer, maxAbsDiff, rand } from './support/custom_layer_suite.js';
import { applyWithFixtureWeights, type FixtureWeight, torchFixture } from './support/torch_fixture.js';
import { toyTrainingLosses } from './support/toy_training.js';

type Weights = FixtureWeight[];
interface PoolingCase {
  name: string;
  units: number | null;
  useBias: boolean;
  inputs: number[][][];
  mask: number[][] | null;
  weights: Weights;
  output: number[][];
  scores: number[][];
}
interface DenseCase {
  name: string;
  layer: 'bahdanau' | 'luong';
  args: Record<string, unknown>;
  query: number[][][];
  value: number[][][];
  key: number[][][] | null;
  queryMask: number[][] | null;
  valueMask: number[][] | null;
  weights: Weights;
  output: number[][][];
  scores: number[][][];
}

const fixture = <T>(file: string) => torchFixture<{ cases: T[] }>(`torch-attention/${file}`);

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

describe('attention layers against PyTorch (fixtures from scripts/gen_torch_attention_layers.py)', () => {
  for (const c of fixture<PoolingCase>('attention_pooling.json').cases) {
    it(`attentionPooling, ${c.name}: pooled output and weights within 1e-5`, () => {
      const layer = attentionPooling({ units: c.units, useBias: c.useBias, returnAttentionScores: true });
      const x = tf.tensor(c.inputs);
      const kwargs = c.mask ? { mask: tf.tensor(c.mask) } : {};
      const [out, scores] = applyWithFixtureWeights(layer, x, kwargs, c.weights) as tf.Tensor[];
      expect(out!.shape).toEqual([c.output.length, c.output[0]!.length]);
      expect(maxAbsDiff(out!.dataSync(), c.output.flat())).toBeLessThan(1e-5);
      expect(maxAbsDiff(scores!.dataSync(), c.scores.flat())).toBeLessThan(1e-5);
      const eager = layer.attentionWeights(x, (kwargs as { mask?: tf.Tensor }).mask ?? null);
      expect(maxAbsDiff(eager.dataSync(), c.scores.flat())).toBeLessThan(1e-5);
      eager.dispose();
      if (c.mask) {
        const w = scores!.arraySync() as number[][];
        c.mask.forEach((row, i) => {
          row.forEach((m, t) => {
            if (!m) expect(w[i]![t]).toBe(0);
          });
        });
      }
      tf.dispose([x, out!, scores!, ...Object.values(kwargs)]);
      layer.dispose();
    });
  }

  for (const c of fixture<DenseCase>('dense_attention.json').cases) {
    it(`${c.name}: output and attention scores within 1e-5`, () => {
      const args = { ...c.args, returnAttentionScores: true };
      const layer = c.layer === 'bahdanau' ? bahdanauAttention(args) : luongAttention(args);
      const inputs = [tf.tensor(c.query), tf.tensor(c.value)];
      if (c.key) inputs.push(tf.tensor(c.key));
      const masks: tf.Tensor[] = [];
      if (c.queryMask || c.valueMask) {
        const ones = (x: tf.Tensor) => tf.ones(x.shape.slice(0, 2));
        masks.push(c.queryMask ? tf.tensor(c.queryMask) : ones(inputs[0]!));
        masks.push(c.valueMask ? tf.tensor(c.valueMask) : ones(inputs[1]!));
      }
      const kwargs = masks.length ? { mask: masks } : {};
      const [out, scores] = applyWithFixtureWeights(layer, inputs, kwargs, c.weights) as tf.Tensor[];
      expect(maxAbsDiff(out!.dataSync(), c.output.flat(2))).toBeLessThan(1e-5);
      expect(maxAbsDiff(scores!.dataSync(), c.scores.flat(2))).toBeLessThan(1e-5);
      tf.dispose([out!, scores!, ...inputs, ...masks]);
      layer.dispose();
    });
  }
});

describe('attentionPooling', () => {
  it('gives masked steps weight 0, so their values cannot change the output', () => {
    const layer = attentionPooling({ units: 3, returnAttentionScores: true });
    const x = rand([2, 4, 5], 21);
    const mask = tf.tensor2d([
      [1, 1, 0, 0],
      [1, 1, 1, 1],
    ]);
    const [out, w] = layer.apply(x, { mask }) as tf.Tensor[];
    const buf = x.bufferSync();
    buf.set(50, 0, 3, 1);
    const x2 = buf.toTensor();
    const [out2] = layer.apply(x2, { mask }) as tf.Tensor[];
    expect(maxAbsDiff(out!.dataSync(), out2!.dataSync())).toBe(0);
    const rows = w!.arraySync() as number[][];
    expect(rows[0]!.slice(2)).toEqual([0, 0]);
    for (const row of rows) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    tf.dispose([x, x2, mask, out!, w!, out2!]);
  });

  it('softmaxes over TIME: the weights follow the scores (not all 1 as in the reference model)', () => {
    const layer = attentionPooling({ units: 1, useBias: false, returnAttentionScores: true });
    const x = tf.tensor3d([[[0], [1], [2]]]);
    tf.dispose(layer.apply(x) as tf.Tensor[]);
    layer.setWeights([tf.tensor2d([[1]]), tf.tensor2d([[1]])]);
    const [out, w] = layer.apply(x) as tf.Tensor[];
    const s = [0, 1, 2].map(Math.tanh);
    const z = s.reduce((a, b) => a + Math.exp(b), 0);
    const want = s.map((v) => Math.exp(v) / z);
    expect(maxAbsDiff(w!.dataSync(), want)).toBeLessThan(1e-6);
    expect(out!.dataSync()[0]).toBeCloseTo(want[1]! + 2 * want[2]!, 6);
    tf.dispose([x, out!, w!]);
  });

  it('builds symbolically with a second [batch, time] output and no output mask', () => {
    const ids = tf.input({ shape: [7], dtype: 'int32' });
    const emb = tf.layers.embedding({ inputDim: 10, outputDim: 4, maskZero: true }).apply(ids);
    const layer = attentionPooling({ returnAttentionScores: true });
    const [pooled, weights] = layer.apply(emb) as tf.SymbolicTensor[];
    expect(pooled!.shape).toEqual([null, 4]);
    expect(weights!.shape).toEqual([null, 7]);
    expect(layer.countParams()).toBe(4 * 4 + 4 + 4);
    const model = tf.model({ inputs: ids, outputs: [pooled!, weights!] });
    const x = tf.tensor2d([[3, 4, 5, 0, 0, 0, 0]], [1, 7], 'int32');
    const [, w] = model.predict(x) as tf.Tensor[];
    expect(Array.from(w!.dataSync()).slice(3)).toEqual([0, 0, 0, 0]);
    tf.dispose([x, w!]);
  });

  it('rejects bad options and inputs with typed errors', () => {
    expect(() => attentionPooling({ units: 0 })).toThrow(ConfigError);
    expect(() => attentionPooling({ units: 2.5 })).toThrow(
      /units must be a positive integer or null, got 2.5/,
    );
    expect(() => attentionPooling().apply(tf.ones([2, 3]))).toThrow(ShapeError);
    expect(() => attentionPooling().apply(tf.ones([2, 3]))).toThrow(/input must be \[batch, time, width\]/);
    expect(() => attentionPooling({ kernelInitializer: 'nope' }).apply(tf.ones([1, 2, 3]))).toThrow(
      /unknown initializer "nope"/,
    );
  });
});

describe('bahdanauAttention / luongAttention', () => {
  it('have the Keras weights: AdditiveAttention scale [dim]; Attention no weights or scalar scale', () => {
    const q = tf.ones([1, 2, 5]);
    const add = bahdanauAttention();
    add.apply([q, q]);
    expect(add.weights.map((w) => w.shape)).toEqual([[5]]);
    const dot = luongAttention();
    dot.apply([q, q]);
    expect(dot.countParams()).toBe(0);
    const scaled = luongAttention({ useScale: true });
    scaled.apply([q, q]);
    expect(scaled.weights.map((w) => w.shape)).toEqual([[]]);
    expect(Array.from(scaled.getWeights()[0]!.dataSync())).toEqual([1]);
    q.dispose();
  });

  it('pass the query mask on and zero masked query rows', () => {
    const layer = luongAttention();
    const q = rand([1, 3, 2], 31);
    const v = rand([1, 4, 2], 32);
    const qm = tf.tensor2d([[1, 1, 0]]);
    const vm = tf.tensor2d([[1, 1, 1, 1]]);
    const out = layer.apply([q, v], { mask: [qm, vm] }) as tf.Tensor;
    expect(Array.from(out.dataSync()).slice(4).map(Math.abs)).toEqual([0, 0]);
    expect(layer.computeMask([q, v], [qm, vm])).toBe(qm);
    tf.dispose([q, v, qm, vm, out]);
  });

  it('rejects bad options and inputs with typed errors naming the valid values', () => {
    expect(() => luongAttention({ scoreMode: 'concat' as never })).toThrow(
      /unknown scoreMode "concat"; expected one of dot, general/,
    );
    expect(() => bahdanauAttention({ units: -1 })).toThrow(ConfigError);
    expect(() => luongAttention({ dropout: 1 })).toThrow(
      /\[LuongAttention\] dropout must be in \[0, 1\), got 1/,
    );
    expect(() => luongAttention().apply([tf.ones([1, 2, 3]), tf.ones([1, 2, 4])])).toThrow(
      /scoreMode "dot" needs query and key of the same width, got 3 and 4/,
    );
    expect(() => bahdanauAttention().apply([tf.ones([1, 2, 3]), tf.ones([1, 2, 4])])).toThrow(
      /without units, query and key need the same width/,
    );
    expect(() =>
      bahdanauAttention().apply([tf.ones([1, 2, 3]), tf.ones([1, 2, 3]), tf.ones([1, 5, 3])]),
    ).toThrow(/key and value must have the same length, got 5 and 2/);
    expect(() => luongAttention().apply(tf.ones([2, 3]))).toThrow(ShapeError);
  });

  it('train inside a model on wasm (dropout active, loss goes down)', async () => {
    const x = tf.input({ shape: [5, 6] });
    const h = bahdanauAttention({ units: 4, dropout: 0.1 }).apply([x, x]) as tf.SymbolicTensor;
    const h2 = luongAttention({ scoreMode: 'general', useScale: true }).apply([h, x]) as tf.SymbolicTensor;
    const pooled = attentionPooling({ units: 3 }).apply(h2) as tf.SymbolicTensor;
    const losses = await toyTrainingLosses(x, pooled, { learningRate: 0.03, epochs: 12 });
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
  });
});

describe('weightedSum', () => {
  it('sums values over time by [batch, time, 1] or [batch, time] weights, skipping masked steps', () => {
    const v = tf.tensor3d([
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
    ]);
    const out = weightedSum().apply([v, tf.tensor3d([[[1], [1], [1]]])]) as tf.Tensor;
    expect(Array.from(out.dataSync())).toEqual([9, 12]);
    const masked = weightedSum().apply([v, tf.tensor2d([[0.5, 2, 1]])], {
      mask: [tf.tensor2d([[1, 1, 0]]), null],
    }) as tf.Tensor;
    expect(Array.from(masked.dataSync())).toEqual([6.5, 9]);
    expect(() => weightedSum().apply([v, tf.ones([1, 3, 2])])).toThrow(
      /weights must be \[batch, time\] or \[batch, time, 1\]/,
    );
    expect(() => weightedSum().apply(v)).toThrow(/expected two inputs, \[values, weights\]/);
  });
});

const twoMasks = () => ({
  mask: [
    tf.tensor2d([
      [1, 1, 1],
      [1, 1, 0],
    ]),
    tf.tensor2d([
      [1, 1, 1, 1],
      [1, 1, 0, 0],
    ]),
  ],
});

describeCustomLayer({
  name: 'AttentionPooling with a mask (one row partly masked) and returned weights',
  make: () => attentionPooling({ units: 3, returnAttentionScores: true }),
  fromConfig: (config) => AttentionPooling.fromConfig(AttentionPooling, config) as AttentionPooling,
  inputs: () => [rand([2, 4, 5], 41)],
  kwargs: () => ({
    mask: tf.tensor2d([
      [1, 1, 1, 1],
      [1, 1, 0, 0],
    ]),
  }),
  outputShape: [
    [2, 5],
    [2, 4],
  ],
});

describeCustomLayer({
  name: 'BahdanauAttention (units, separate key, masks, scores)',
  make: () => bahdanauAttention({ units: 3, returnAttentionScores: true }),
  fromConfig: (config) => BahdanauAttention.fromConfig(BahdanauAttention, config) as BahdanauAttention,
  inputs: () => [rand([2, 3, 4], 42), rand([2, 4, 2], 43), rand([2, 4, 5], 44)],
  kwargs: twoMasks,
  outputShape: [
    [2, 3, 2],
    [2, 3, 4],
  ],
});

describeCustomLayer({
  name: 'BahdanauAttention (Keras AdditiveAttention form, causal)',
  make: () => bahdanauAttention({ useCausalMask: true }),
  fromConfig: (config) => BahdanauAttention.fromConfig(BahdanauAttention, config) as BahdanauAttention,
  inputs: () => [rand([2, 3, 4], 45), rand([2, 3, 4], 46)],
  outputShape: [2, 3, 4],
});

describeCustomLayer({
  name: 'LuongAttention (general, scale, masks, scores)',
  make: () => luongAttention({ scoreMode: 'general', useScale: true, returnAttentionScores: true }),
  fromConfig: (config) => LuongAttention.fromConfig(LuongAttention, config) as LuongAttention,
  inputs: () => [rand([2, 3, 4], 47), rand([2, 4, 5], 48)],
  kwargs: twoMasks,
  outputShape: [
    [2, 3, 5],
    [2, 3, 4],
  ],
});

describeCustomLayer({
  name: 'LuongAttention (dot, self-attention)',
  make: () => luongAttention(),
  fromConfig: (config) => LuongAttention.fromConfig(LuongAttention, config) as LuongAttention,
  inputs: () => [rand([2, 3, 4], 49)],
  outputShape: [2, 3, 4],
});

describeCustomLayer({
  name: 'WeightedSum',
  make: () => weightedSum(),
  fromConfig: (config) => WeightedSum.fromConfig(WeightedSum, config) as WeightedSum,
  inputs: () => [rand([2, 4, 3], 50), rand([2, 4, 1], 51)],
  outputShape: [2, 3],
});
