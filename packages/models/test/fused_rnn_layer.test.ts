import { beforeAll, describe, expect, it } from 'vitest';
import { FusedGRU, FusedLSTM, FusedSimpleRNN } from '../src/fused/fused_rnn_layer.js';
import { initBackend, tf } from '../src/index.js';

// The fused layers inside a tfjs-layers model (masking Embedding, trainOnBatch) against the same
// model built with tfjs-layers' own recurrent layers: same predictions, same weights after a step.

const V = 12;
const E = 4;
const U = 5;
const ids = tf.tensor2d(
  [
    [3, 4, 5, 0, 0],
    [1, 2, 3, 4, 5],
    [7, 0, 0, 0, 0],
  ],
  [3, 5],
  'int32',
);
const y = tf.tensor2d([[1], [0], [1]]);

function model(rnn: tf.layers.Layer): tf.LayersModel {
  const m = tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: V, outputDim: E, inputLength: 5, maskZero: true }),
      rnn,
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  m.compile({ optimizer: tf.train.sgd(0.5), loss: 'binaryCrossentropy' });
  return m;
}

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);
}

describe('FusedLSTM / FusedGRU / FusedSimpleRNN layers', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it.each([
    [
      'LSTM',
      () => new FusedLSTM({ units: U }),
      () => tf.layers.lstm({ units: U, recurrentActivation: 'sigmoid' }),
    ],
    [
      'GRU reset_before',
      () => new FusedGRU({ units: U, resetAfter: false }),
      () => tf.layers.gru({ units: U, recurrentActivation: 'sigmoid' }),
    ],
    ['SimpleRNN', () => new FusedSimpleRNN({ units: U }), () => tf.layers.simpleRNN({ units: U })],
  ])(
    '%s: same predictions and same weights after one masked SGD step as tfjs-layers',
    async (_name, fused, ref) => {
      const a = model(fused());
      const b = model(ref());
      b.setWeights(a.getWeights());
      const pa = a.predict(ids) as tf.Tensor;
      const pb = b.predict(ids) as tf.Tensor;
      expect(maxDiff(pa, pb)).toBeLessThan(1e-5);
      await a.trainOnBatch(ids, y);
      await b.trainOnBatch(ids, y);
      const wa = a.getWeights();
      const wb = b.getWeights();
      expect(wa.map((w) => w.shape)).toEqual(wb.map((w) => w.shape));
      for (const [i, w] of wa.entries()) expect(maxDiff(w, wb[i] as tf.Tensor)).toBeLessThan(1e-5);
      tf.dispose([pa, pb]);
      a.dispose();
      b.dispose();
    },
  );

  it.each([false, true])(
    'works inside tf.layers.bidirectional like tfjs-layers GRU (masked, returnSequences %s)',
    (returnSequences) => {
      const a = model(
        tf.layers.bidirectional({
          layer: new FusedGRU({ units: U, resetAfter: false, returnSequences }) as never,
        }),
      );
      const b = model(
        tf.layers.bidirectional({
          layer: tf.layers.gru({ units: U, recurrentActivation: 'sigmoid', returnSequences }) as never,
        }),
      );
      b.setWeights(a.getWeights());
      const pa = a.predict(ids) as tf.Tensor;
      const pb = b.predict(ids) as tf.Tensor;
      expect(pa.shape).toEqual(returnSequences ? [3, 5, 1] : [3, 1]);
      expect(maxDiff(pa, pb)).toBeLessThan(1e-5);
      tf.dispose([pa, pb]);
      a.dispose();
      b.dispose();
    },
  );

  it('round-trips its config and keeps Keras weight names and the GRU reset_after bias shape', () => {
    const layer = new FusedGRU({ units: U, returnSequences: true, goBackwards: true });
    const copy = FusedGRU.fromConfig(FusedGRU, layer.getConfig()) as FusedGRU;
    expect(copy.getConfig()).toEqual(layer.getConfig());
    const out = layer.apply(tf.ones([2, 3, E])) as tf.Tensor;
    expect(out.shape).toEqual([2, 3, U]);
    expect(layer.weights.map((w) => [w.name.split('/').pop(), w.shape])).toEqual([
      ['kernel', [E, 3 * U]],
      ['recurrent_kernel', [U, 3 * U]],
      ['bias', [2, 3 * U]],
    ]);
    out.dispose();
    layer.dispose();
  });

  it('initialises the LSTM forget-gate bias to 1 (Keras unit_forget_bias)', () => {
    const layer = new FusedLSTM({ units: 2 });
    tf.dispose(layer.apply(tf.ones([1, 3, E])) as tf.Tensor);
    expect(Array.from(layer.getWeights()[2]?.dataSync() ?? [])).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
    layer.dispose();
  });
});
