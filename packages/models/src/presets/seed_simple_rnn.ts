import { tf } from '../backend/tf.js';
import { applyEncoder } from '../encoders/encoder.js';
import type { PresetBuildOptions, PresetDefinition } from './preset.js';

/**
 * `seed-simple-rnn`: an Embedding → SimpleRNN(128) → Dense(1, sigmoid) sentiment model, exactly the
 * reference Keras model (vocabulary 5,000, embedding 100, hidden 128; 529441 params). Like the
 * reference it does not mask padding (Keras's `Embedding` default).
 */
export const seedSimpleRnn: PresetDefinition = {
  name: 'seed-simple-rnn',
  description: 'an Embedding → SimpleRNN(128) → Dense(1, sigmoid) sentiment model',
  totalParams: 529441,
  build(options: PresetBuildOptions = {}): tf.LayersModel {
    const ids = tf.input({ shape: [options.maxLen ?? 30], dtype: 'int32', name: 'ids' });
    const h = applyEncoder(ids, {
      kind: 'simple_rnn',
      vocabSize: 5000,
      embeddingDim: 100,
      units: 128,
      maskZero: false,
    });
    const out = tf.layers
      .dense({ units: 1, activation: 'sigmoid', name: 'dense' })
      .apply(h) as tf.SymbolicTensor;
    return tf.model({ inputs: ids, outputs: out, name: 'seed-simple-rnn' });
  },
};
