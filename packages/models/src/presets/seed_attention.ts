import { tf } from '../backend/tf.js';
import { weightedSum } from '../layers/weighted_sum.js';
import type { PresetBuildOptions, PresetDefinition } from './preset.js';
import { seedEncoder, seedIds, seedSigmoid } from './seed_recurrent.js';

/**
 * `seed-attention`: exactly the reference Keras attention model (677,154 params), flaw included:
 * Embedding(5000, 100) → Bidirectional(GRU(128, return_sequences)) [176,640] → Dense(1, tanh) per
 * time step [257] → softmax over the LAST axis → weighted sum over time → Dense(1, sigmoid) [257].
 *
 * The score axis has size 1, so the softmax makes every weight exactly 1: the "attention" is a
 * plain sum over time and the scoring Dense gets no gradient. Like the reference it does not mask
 * padding. Kept as is for parity; for the fixed design (softmax over time, padding masked) use
 * `buildEncoder({ kind: 'attention', ... })`.
 */
export const seedAttention: PresetDefinition = {
  name: 'seed-attention',
  description:
    'the reference Embedding → Bidirectional(GRU(128)) → Dense(1, tanh) → softmax → weighted sum → Dense(1, sigmoid) model (softmax over the size-1 axis, as the reference)',
  totalParams: 677154,
  build(options: PresetBuildOptions = {}): tf.LayersModel {
    const ids = seedIds(options);
    const seq = seedEncoder(ids, 'bi_gru', 'sequence');
    const scores = tf.layers
      .dense({ units: 1, activation: 'tanh', name: 'attention_score' })
      .apply(seq) as tf.SymbolicTensor;
    const weights = tf.layers
      .softmax({ axis: -1, name: 'attention_weights' })
      .apply(scores) as tf.SymbolicTensor;
    const context = weightedSum({ name: 'attention_context' }).apply([seq, weights]) as tf.SymbolicTensor;
    return tf.model({ inputs: ids, outputs: seedSigmoid(context), name: 'seed-attention' });
  },
};
