import { tf } from '../backend/tf.js';
import { applyEncoder } from '../encoders/encoder.js';
import type { PresetBuildOptions, PresetDefinition } from './preset.js';

/**
 * `seed-lstm`: an Embedding → LSTM(128) → Dense(1, sigmoid) sentiment model, exactly the
 * reference Keras model (vocabulary 5,000, embedding 100, hidden 128; 617377 params). Like the
 * reference it does not mask padding (Keras's `Embedding` default).
 */
export const seedLstm: PresetDefinition = {
  name: 'seed-lstm',
  description: 'an Embedding → LSTM(128) → Dense(1, sigmoid) sentiment model',
  totalParams: 617377,
  build(options: PresetBuildOptions = {}): tf.LayersModel {
    const ids = tf.input({ shape: [options.maxLen ?? 30], dtype: 'int32', name: 'ids' });
    const h = applyEncoder(ids, {
      kind: 'lstm',
      vocabSize: 5000,
      embeddingDim: 100,
      units: 128,
      maskZero: false,
    });
    const out = tf.layers
      .dense({ units: 1, activation: 'sigmoid', name: 'dense' })
      .apply(h) as tf.SymbolicTensor;
    return tf.model({ inputs: ids, outputs: out, name: 'seed-lstm' });
  },
};
