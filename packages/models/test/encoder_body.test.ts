import { ShapeError } from '@kornlp/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyEncoder, applyEncoderBody, buildEncoder, initBackend, tf } from '../src/index.js';
import { idsTensor, PADDED_IDS } from './support/ids.js';

beforeAll(async () => {
  await initBackend();
});

const ids = () => idsTensor(PADDED_IDS);

describe('applyEncoderBody', () => {
  it.each([
    ['gru', 'pooled', 'last'],
    ['bi_lstm', 'sequence', 'last'],
    ['simple_rnn', 'pooled', 'mean'],
  ] as const)(
    '%s (%s, %s): the same outputs as applyEncoder with the same weights',
    (kind, output, pooling) => {
      const options = { kind, units: 3, output, pooling, maxLen: 5 } as const;
      const whole = buildEncoder({ ...options, vocabSize: 10, embeddingDim: 4 });
      const input = tf.input({ shape: [5], dtype: 'int32' });
      const embedded = tf.layers
        .embedding({ inputDim: 10, outputDim: 4, maskZero: true })
        .apply(input) as tf.SymbolicTensor;
      const parts = tf.model({ inputs: input, outputs: applyEncoderBody(embedded, options) });
      parts.setWeights(whole.getWeights());
      const x = ids();
      const a = whole.predict(x) as tf.Tensor;
      const b = parts.predict(x) as tf.Tensor;
      expect(b.shape).toEqual(a.shape);
      const av = a.dataSync();
      const bv = b.dataSync();
      for (let i = 0; i < av.length; i++) expect(Math.abs(bv[i]! - av[i]!)).toBeLessThan(1e-6);
      tf.dispose([x, a, b]);
    },
  );

  it('takes the width from its input, e.g. two embedded channels concatenated', () => {
    const word = tf.input({ shape: [5], dtype: 'int32' });
    const tag = tf.input({ shape: [5], dtype: 'int32' });
    const x = tf.layers
      .concatenate()
      .apply([
        tf.layers.embedding({ inputDim: 10, outputDim: 4 }).apply(word) as tf.SymbolicTensor,
        tf.layers.embedding({ inputDim: 3, outputDim: 2 }).apply(tag) as tf.SymbolicTensor,
      ]) as tf.SymbolicTensor;
    const h = applyEncoderBody(x, { kind: 'gru', units: 3, output: 'sequence' });
    expect(h.shape).toEqual([null, 5, 3]);
    // GRU (reset_after) on 6-wide inputs: 3·u·(in + u) + 2·3·u = 3·3·9 + 18
    const model = tf.model({ inputs: [word, tag], outputs: h });
    expect(model.getLayer('gru').countParams()).toBe(99);
  });

  it('rejects inputs that are not [batch, time, width]', () => {
    const flat = tf.input({ shape: [5] });
    expect(() => applyEncoderBody(flat, { kind: 'gru' })).toThrow(ShapeError);
    expect(() => applyEncoderBody(flat, { kind: 'gru' })).toThrow(
      /expects embedded vectors \[batch, time, width\]/,
    );
  });
});

describe('numLayers for recurrent kinds', () => {
  it('stacks layers named gru, gru_2, … whose last one pools', () => {
    const enc = buildEncoder({
      kind: 'gru',
      vocabSize: 10,
      embeddingDim: 4,
      units: 3,
      numLayers: 2,
      maxLen: 5,
    });
    expect(enc.layers.map((l) => l.name)).toEqual(['ids', 'embedding', 'gru', 'gru_2']);
    // 3·3·(4 + 3) + 18 = 81 on the 4-wide embedding, 3·3·(3 + 3) + 18 = 72 on the first layer's states
    expect(enc.getLayer('gru').countParams()).toBe(81);
    expect(enc.getLayer('gru_2').countParams()).toBe(72);
    expect(enc.outputs[0]!.shape).toEqual([null, 3]);
    const seq = tf.input({ shape: [5], dtype: 'int32' });
    const h = applyEncoder(seq, {
      kind: 'bi_lstm',
      vocabSize: 10,
      embeddingDim: 4,
      units: 2,
      numLayers: 3,
      output: 'sequence',
    });
    expect(h.shape).toEqual([null, 5, 4]);
    const names = tf.model({ inputs: seq, outputs: h }).layers.map((l) => l.name);
    expect(names.slice(2)).toEqual(['bi_lstm', 'bi_lstm_2', 'bi_lstm_3']);
  });

  it('a two-layer encoder equals its two layers applied by hand', () => {
    const enc = buildEncoder({
      kind: 'lstm',
      vocabSize: 10,
      embeddingDim: 4,
      units: 3,
      numLayers: 2,
      maxLen: 5,
    });
    const first = tf.model({ inputs: enc.inputs, outputs: enc.getLayer('lstm').output as tf.SymbolicTensor });
    const x = ids();
    const states = first.predict(x) as tf.Tensor3D;
    // The second layer, fed the first's (masked) sequence, ends with the encoder's output.
    const mask = tf.notEqual(x, 0);
    const second = enc.getLayer('lstm_2').apply(states, { mask }) as tf.Tensor;
    const out = enc.predict(x) as tf.Tensor;
    const a = out.dataSync();
    const b = second.dataSync();
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-6);
    tf.dispose([x, states, mask, second, out]);
  });
});
