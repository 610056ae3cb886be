import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, MultiHeadAttention, multiHeadAttention, tf } from '../src/index.js';
import { describeCustomLayer, maxAbsDiff, rand } from './support/custom_layer_suite.js';
import { applyWithFixtureWeights, type FixtureWeight, torchFixture } from './support/torch_fixture.js';
import { toyTrainingLosses } from './support/toy_training.js';

interface MhaCase {
  name: string;
  numHeads: number;
  keyDim: number;
  valueDim: number;
  outputDim: number;
  useBias: boolean;
  cross: boolean;
  separateKey: boolean;
  query: number[][][];
  value: number[][][];
  key: number[][][];
  queryMask: number[][] | null;
  valueMask: number[][] | null;
  weights: FixtureWeight[];
  output: number[][][];
  scores: number[][][][];
  checkedAgainstTorchNn: boolean;
}

const fixture = torchFixture<{ cases: MhaCase[] }>('torch-attention/mha.json');

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

describe('MultiHeadAttention against PyTorch (fixtures from scripts/gen_torch_attention.py)', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: output and attention scores within 1e-5${c.checkedAgainstTorchNn ? ' (also = torch.nn.MultiheadAttention)' : ''}`, () => {
      const layer = multiHeadAttention({
        numHeads: c.numHeads,
        keyDim: c.keyDim,
        valueDim: c.valueDim,
        outputDim: c.outputDim,
        useBias: c.useBias,
        returnAttentionScores: true,
      });
      const q = tf.tensor(c.query);
      const inputs = c.cross
        ? c.separateKey
          ? [q, tf.tensor(c.value), tf.tensor(c.key)]
          : [q, tf.tensor(c.value)]
        : [q];
      const masks: tf.Tensor[] = [];
      if (c.queryMask) {
        masks.push(tf.tensor(c.queryMask, undefined, 'bool'));
        if (c.cross) masks.push(tf.tensor(c.valueMask!, undefined, 'bool'));
        if (c.separateKey) masks.push(tf.tensor(c.valueMask!, undefined, 'bool'));
      }
      const kwargs = masks.length ? { mask: masks.length === 1 ? masks[0] : masks } : {};
      const input = inputs.length === 1 ? inputs[0]! : inputs;
      const [out, scores] = applyWithFixtureWeights(layer, input, kwargs, c.weights) as tf.Tensor[];
      expect(maxAbsDiff(out!.dataSync(), c.output.flat(2))).toBeLessThan(1e-5);
      expect(maxAbsDiff(scores!.dataSync(), c.scores.flat(3))).toBeLessThan(1e-5);
      tf.dispose([out!, scores!, ...inputs, ...masks]);
      layer.dispose();
    });
  }
});

describe('MultiHeadAttention', () => {
  it('has the Keras parameter count: 412,772 for 8 heads, keyDim 128 on width 100', () => {
    const layer = multiHeadAttention({ numHeads: 8, keyDim: 128 });
    const x = tf.input({ shape: [100, 100] });
    const y = layer.apply([x, x]) as tf.SymbolicTensor;
    expect(y.shape).toEqual([null, 100, 100]);
    expect(layer.countParams()).toBe(412_772);
    expect(layer.weights.map((w) => w.shape)).toEqual([
      [100, 8, 128],
      [8, 128],
      [100, 8, 128],
      [8, 128],
      [100, 8, 128],
      [8, 128],
      [8, 128, 100],
      [100],
    ]);
  });

  it('passes the query mask through and ignores masked value positions', () => {
    const layer = multiHeadAttention({ numHeads: 2, keyDim: 3, returnAttentionScores: true });
    const q = rand([1, 2, 4], 1);
    const v = rand([1, 3, 4], 2);
    const qm = tf.tensor2d([[1, 1]], undefined, 'bool');
    const vm = tf.tensor2d([[1, 0, 1]], undefined, 'bool');
    const [out, scores] = layer.apply([q, v], { mask: [qm, vm] }) as tf.Tensor[];
    const s = scores!.arraySync() as number[][][][];
    for (const head of s[0]!) for (const row of head) expect(row[1]).toBeLessThan(1e-12);
    // Changing a masked value position does not change the output.
    const v2 = v.clone().bufferSync();
    v2.set(99, 0, 1, 0);
    const [out2] = layer.apply([q, v2.toTensor()], { mask: [qm, vm] }) as tf.Tensor[];
    expect(maxAbsDiff(out!.dataSync(), out2!.dataSync())).toBeLessThan(1e-6);
    const m = layer.computeMask([q, v], [qm, vm]) as unknown as Array<tf.Tensor | null>;
    expect(m[0]).toBe(qm);
    tf.dispose([q, v, qm, vm, out!, scores!, out2!]);
  });

  it('applies a causal mask and an explicit attentionMask', () => {
    const layer = multiHeadAttention({
      numHeads: 1,
      keyDim: 2,
      useCausalMask: true,
      returnAttentionScores: true,
    });
    const x = rand([1, 3, 2], 5);
    const [, scores] = layer.apply(x) as tf.Tensor[];
    const s = (scores!.arraySync() as number[][][][])[0]![0]!;
    expect(s[0]![1]).toBeLessThan(1e-12);
    expect(s[0]![2]).toBeLessThan(1e-12);
    expect(s[1]![2]).toBeLessThan(1e-12);
    const plain = multiHeadAttention({ numHeads: 1, keyDim: 2, returnAttentionScores: true });
    const am = tf.tensor3d([
      [
        [1, 0, 1],
        [1, 1, 1],
        [0, 0, 1],
      ],
    ]);
    const [, s2] = plain.apply(x, { attentionMask: am }) as tf.Tensor[];
    const r = (s2!.arraySync() as number[][][][])[0]![0]!;
    expect(r[0]![1]).toBeLessThan(1e-12);
    expect(r[2]![2]).toBeCloseTo(1, 6);
    tf.dispose([x, scores!, s2!, am]);
  });

  it('rejects bad options and inputs with typed errors', () => {
    expect(() => multiHeadAttention({ numHeads: 0, keyDim: 4 })).toThrow(
      /numHeads must be a positive integer, got 0/,
    );
    expect(() => multiHeadAttention({ numHeads: 2, keyDim: 4, dropout: 1 })).toThrow(
      /dropout must be in \[0, 1\)/,
    );
    expect(() =>
      multiHeadAttention({ numHeads: 2, keyDim: 4, kernelInitializer: 'nope' }).apply(tf.ones([1, 2, 3])),
    ).toThrow(/unknown initializer "nope"/);
    expect(() => multiHeadAttention({ numHeads: 2, keyDim: 4 }).apply(tf.ones([2, 3]))).toThrow(
      /query must be \[batch, time, width\]/,
    );
  });

  it('trains inside a model on wasm (dropout active, loss goes down)', async () => {
    const x = tf.input({ shape: [5, 6] });
    const h = multiHeadAttention({ numHeads: 2, keyDim: 4, dropout: 0.1 }).apply([x, x]) as tf.SymbolicTensor;
    const pooled = tf.layers.globalAveragePooling1d().apply(h) as tf.SymbolicTensor;
    const losses = await toyTrainingLosses(x, pooled, { learningRate: 0.02, epochs: 15 });
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
  });
});

describeCustomLayer({
  name: 'MultiHeadAttention, cross-attention with masks and scores',
  make: () => multiHeadAttention({ numHeads: 2, keyDim: 3, valueDim: 2, returnAttentionScores: true }),
  fromConfig: (config) => MultiHeadAttention.fromConfig(MultiHeadAttention, config) as MultiHeadAttention,
  inputs: () => [rand([2, 3, 4], 11), rand([2, 4, 5], 12)],
  kwargs: () => ({
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
  }),
  outputShape: [
    [2, 3, 4],
    [2, 2, 3, 4],
  ],
});
