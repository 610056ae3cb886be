import { tf } from '../backend/tf.js';
import { MultiHeadAttention } from '../layers/multi_head_attention.js';
import { timeDistributed } from '../layers/time_distributed.js';
import type { PresetBuildOptions, PresetDefinition } from './preset.js';

/**
 * `seed-transformer`: the reference Keras "Transformer" sentiment model, layer for layer
 * (vocabulary 5,000, embedding 100, length 100; 1,081,933 params):
 *
 * `Embedding(5000, 100)` → `MultiHeadAttention(8 heads, keyDim 128)(emb, emb)` [412,772] →
 * `LayerNormalization` [200] → `Concatenate([emb, norm])` (200 wide) →
 * `TimeDistributed(Dense(512, relu))` [102,912] → `TimeDistributed(Dense(128, relu))` [65,664] →
 * `LayerNormalization` [256] → `TimeDistributed(Dense(1, sigmoid))` [129] →
 * `GlobalAveragePooling1D` → `[batch, 1]`.
 *
 * Reproduced with its flaws: no positional information (word order is invisible to it), the
 * "residual" is a concatenation instead of an addition, and no padding mask (Keras's Embedding
 * default). The `transformer` encoder kind of `buildEncoder` is the fixed design.
 */
export const seedTransformer: PresetDefinition = {
  name: 'seed-transformer',
  description:
    'the reference Keras Transformer: Embedding → MultiHeadAttention(8×128) → LayerNorm → Concatenate → TimeDistributed Dense 512/128 → LayerNorm → Dense(1, sigmoid) per step → average',
  totalParams: 1081933,
  build(options: PresetBuildOptions = {}): tf.LayersModel {
    const ids = tf.input({ shape: [options.maxLen ?? 100], dtype: 'int32', name: 'ids' });
    const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) =>
      layer.apply(x) as tf.SymbolicTensor;
    const emb = apply(tf.layers.embedding({ inputDim: 5000, outputDim: 100, name: 'embedding' }), ids);
    const attn = apply(new MultiHeadAttention({ numHeads: 8, keyDim: 128, name: 'multi_head_attention' }), [
      emb,
      emb,
    ]);
    const norm = apply(tf.layers.layerNormalization({ name: 'layer_normalization' }), attn);
    let x = apply(tf.layers.concatenate({ name: 'concatenate' }), [emb, norm]);
    x = apply(
      timeDistributed(tf.layers.dense({ units: 512, activation: 'relu', name: 'dense' }), {
        name: 'time_distributed',
      }),
      x,
    );
    x = apply(
      timeDistributed(tf.layers.dense({ units: 128, activation: 'relu', name: 'dense_1' }), {
        name: 'time_distributed_1',
      }),
      x,
    );
    x = apply(tf.layers.layerNormalization({ name: 'layer_normalization_1' }), x);
    x = apply(
      timeDistributed(tf.layers.dense({ units: 1, activation: 'sigmoid', name: 'dense_2' }), {
        name: 'time_distributed_2',
      }),
      x,
    );
    const out = apply(tf.layers.globalAveragePooling1d({ name: 'global_average_pooling1d' }), x);
    return tf.model({ inputs: ids, outputs: out, name: 'seed-transformer' });
  },
};
