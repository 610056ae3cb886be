import { beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  initBackend,
  LearnedPositionEmbedding,
  learnedPositionEmbedding,
  ShapeError,
  SinusoidalPositionEmbedding,
  sinusoidalPositionEmbedding,
  TransformerEncoderBlock,
  tf,
  transformerEncoderBlock,
} from '../src/index.js';
import { describeCustomLayer, maxAbsDiff, rand } from './support/custom_layer_suite.js';
import { applyWithFixtureWeights, type FixtureWeight, torchFixture } from './support/torch_fixture.js';
import { toyTrainingLosses } from './support/toy_training.js';

interface BlockCase {
  name: string;
  numHeads: number;
  ffDim: number;
  normFirst: boolean;
  x: number[][][];
  mask: number[][] | null;
  weights: FixtureWeight[];
  output: number[][][];
}

const fixture = torchFixture<{ cases: BlockCase[] }>('torch-transformer/encoder_block.json');

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

describe('TransformerEncoderBlock against torch.nn.TransformerEncoderLayer (scripts/gen_torch_transformer.py)', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: output within 1e-5`, () => {
      const block = transformerEncoderBlock({ numHeads: c.numHeads, ffDim: c.ffDim, normFirst: c.normFirst });
      const x = tf.tensor(c.x);
      const kwargs = c.mask ? { mask: tf.tensor(c.mask, undefined, 'bool') } : {};
      const y = applyWithFixtureWeights(block, x, kwargs, c.weights) as tf.Tensor;
      expect(maxAbsDiff(y.dataSync(), c.output.flat(2))).toBeLessThan(1e-5);
      tf.dispose([x, y, ...Object.values(kwargs)]);
      block.dispose();
    });
  }
});

describe('SinusoidalPositionEmbedding', () => {
  it('adds the Vaswani table (sin on even, cos on odd features) and passes the mask through', () => {
    const pe = sinusoidalPositionEmbedding();
    const x = rand([2, 3, 4], 3);
    const y = pe.apply(x) as tf.Tensor;
    const got = tf.sub(y, x).arraySync() as number[][][];
    // Feature pairs (0,1) use wavelength factor 1, (2,3) use 10000^(2/4) = 100.
    const want = [0, 1, 2].map((p) => [Math.sin(p), Math.cos(p), Math.sin(p / 100), Math.cos(p / 100)]);
    for (const row of got) expect(maxAbsDiff(row.flat(), want.flat())).toBeLessThan(1e-6);
    expect(pe.countParams()).toBe(0);
    const mask = tf.tensor2d([[1, 1, 0]], undefined, 'bool');
    expect(pe.computeMask(x, mask)).toBe(mask);
    tf.dispose([x, y, mask]);
  });

  it('handles an odd width and rejects bad options and inputs', () => {
    const y = sinusoidalPositionEmbedding({ maxWavelength: 100 }).apply(tf.zeros([1, 2, 3])) as tf.Tensor;
    expect(
      maxAbsDiff(y.dataSync(), [0, 1, 0, Math.sin(1), Math.cos(1), Math.sin(1 / 100 ** (2 / 3))]),
    ).toBeLessThan(1e-6);
    expect(() => sinusoidalPositionEmbedding({ maxWavelength: 0 })).toThrow(ConfigError);
    expect(() => sinusoidalPositionEmbedding().apply(tf.zeros([2, 3]))).toThrow(
      /input must be \[batch, time, dim\]/,
    );
  });
});

describe('LearnedPositionEmbedding', () => {
  it('adds the first `time` rows of its [maxLen, dim] table and rejects longer sequences', () => {
    const pe = learnedPositionEmbedding({ maxLen: 4 });
    const x = rand([2, 3, 2], 5);
    const y = pe.apply(x) as tf.Tensor;
    expect(pe.countParams()).toBe(8);
    const table = pe.getWeights()[0]!.arraySync() as number[][];
    const want = (x.arraySync() as number[][][]).map((r) =>
      r.map((v, t) => v.map((a, j) => a + table[t]![j]!)),
    );
    expect(maxAbsDiff(y.dataSync(), want.flat(2))).toBeLessThan(1e-6);
    expect(() => pe.apply(tf.zeros([1, 5, 2]))).toThrow(ShapeError);
    expect(() => pe.apply(tf.zeros([1, 5, 2]))).toThrow(/sequence length 5 exceeds maxLen 4/);
    expect(() => learnedPositionEmbedding({ maxLen: 0 })).toThrow(/maxLen must be a positive integer, got 0/);
    tf.dispose([x, y]);
  });
});

describe('TransformerEncoderBlock', () => {
  it('ignores padded positions: changing them leaves the real positions unchanged', () => {
    const block = transformerEncoderBlock({ numHeads: 2, ffDim: 6 });
    const x = rand([1, 4, 4], 21);
    const mask = tf.tensor2d([[1, 1, 0, 0]], undefined, 'bool');
    const y = block.apply(x, { mask }) as tf.Tensor;
    const x2 = x.bufferSync();
    x2.set(50, 0, 3, 1);
    x2.set(-9, 0, 2, 0);
    const y2 = block.apply(x2.toTensor(), { mask }) as tf.Tensor;
    expect(
      maxAbsDiff(y.slice([0, 0, 0], [1, 2, 4]).dataSync(), y2.slice([0, 0, 0], [1, 2, 4]).dataSync()),
    ).toBeLessThan(1e-6);
    expect(block.computeMask(x, mask)).toBe(mask);
    tf.dispose([x, y, y2, mask]);
  });

  it('has PyTorch/Keras parameter counts and freezes all weights when not trainable', () => {
    const block = transformerEncoderBlock({ numHeads: 4, ffDim: 256 });
    block.apply(tf.input({ shape: [10, 128] }));
    // MHA 4·(128·128 + 128) + 2 LayerNorms 2·256 + Dense 128→256→128.
    expect(block.countParams()).toBe(66_048 + 512 + 33_024 + 32_896);
    expect(block.trainableWeights).toHaveLength(16);
    block.trainable = false;
    expect(block.trainableWeights).toHaveLength(0);
    expect(block.nonTrainableWeights).toHaveLength(16);
  });

  it('rejects bad options and inputs with typed errors', () => {
    expect(() => transformerEncoderBlock({ numHeads: 0, ffDim: 4 })).toThrow(
      /numHeads must be a positive integer, got 0/,
    );
    expect(() => transformerEncoderBlock({ numHeads: 2, ffDim: 4, dropout: -0.1 })).toThrow(
      /dropout must be in \[0, 1\)/,
    );
    expect(() => transformerEncoderBlock({ numHeads: 2, ffDim: 4 }).apply(tf.ones([2, 3]))).toThrow(
      ShapeError,
    );
  });

  it('trains on wasm with dropout active (loss goes down)', async () => {
    const x = tf.input({ shape: [5, 8] });
    const h = transformerEncoderBlock({ numHeads: 2, ffDim: 16, dropout: 0.1, normFirst: true }).apply(
      sinusoidalPositionEmbedding().apply(x),
    ) as tf.SymbolicTensor;
    const pooled = tf.layers.globalAveragePooling1d().apply(h) as tf.SymbolicTensor;
    const losses = await toyTrainingLosses(x, pooled, { learningRate: 0.01, epochs: 12 });
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
  });
});

const paddingMask = () =>
  tf.tensor2d([
    [1, 1, 1],
    [1, 1, 0],
  ]);

describeCustomLayer({
  name: 'SinusoidalPositionEmbedding',
  make: () => sinusoidalPositionEmbedding(),
  fromConfig: (config) =>
    SinusoidalPositionEmbedding.fromConfig(
      SinusoidalPositionEmbedding,
      config,
    ) as SinusoidalPositionEmbedding,
  inputs: () => [rand([2, 3, 5], 31)],
  outputShape: [2, 3, 5],
});

describeCustomLayer({
  name: 'LearnedPositionEmbedding',
  make: () => learnedPositionEmbedding({ maxLen: 6 }),
  fromConfig: (config) =>
    LearnedPositionEmbedding.fromConfig(LearnedPositionEmbedding, config) as LearnedPositionEmbedding,
  inputs: () => [rand([2, 3, 4], 32)],
  outputShape: [2, 3, 4],
});

describeCustomLayer({
  name: 'TransformerEncoderBlock, post-norm with a padding mask, gelu',
  // A smooth activation: with relu, a randomly initialized unit near its kink makes the finite
  // difference itself wrong (the forward values are checked against PyTorch's relu block above).
  make: () => transformerEncoderBlock({ numHeads: 2, ffDim: 6, activation: 'gelu' }),
  fromConfig: (config) =>
    TransformerEncoderBlock.fromConfig(TransformerEncoderBlock, config) as TransformerEncoderBlock,
  inputs: () => [rand([2, 3, 4], 33)],
  kwargs: () => ({ mask: paddingMask() }),
  outputShape: [2, 3, 4],
});

describeCustomLayer({
  name: 'TransformerEncoderBlock, pre-norm, keyDim 3, gelu',
  make: () =>
    transformerEncoderBlock({ numHeads: 2, ffDim: 5, keyDim: 3, normFirst: true, activation: 'gelu' }),
  fromConfig: (config) =>
    TransformerEncoderBlock.fromConfig(TransformerEncoderBlock, config) as TransformerEncoderBlock,
  inputs: () => [rand([2, 3, 4], 34)],
  outputShape: [2, 3, 4],
});
