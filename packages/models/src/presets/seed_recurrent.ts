import { tf } from '../backend/tf.js';
import { applyEncoder, type EncoderKind } from '../encoders/encoder.js';
import type { PresetBuildOptions, PresetDefinition } from './preset.js';

/** The reference Keras models' input: int32 token ids `[batch, maxLen]`, 30 steps by default. */
export function seedIds(options: PresetBuildOptions): tf.SymbolicTensor {
  return tf.input({ shape: [options.maxLen ?? 30], dtype: 'int32', name: 'ids' });
}

/**
 * The reference models' Embedding(5000, 100) → recurrent layer of 128 units. Like the reference it
 * does not mask padding (Keras's `Embedding` default).
 */
export function seedEncoder(
  ids: tf.SymbolicTensor,
  kind: EncoderKind,
  output: 'sequence' | 'pooled' = 'pooled',
): tf.SymbolicTensor {
  return applyEncoder(ids, { kind, vocabSize: 5000, embeddingDim: 100, units: 128, maskZero: false, output });
}

/** The reference models' output: one sigmoid unit, named `dense` as Keras names it. */
export function seedSigmoid(x: tf.SymbolicTensor): tf.SymbolicTensor {
  return tf.layers.dense({ units: 1, activation: 'sigmoid', name: 'dense' }).apply(x) as tf.SymbolicTensor;
}

/**
 * A reference "Embedding → `layer` → Dense(1, sigmoid)" sentiment preset, the shape every recurrent
 * seed model shares (vocabulary 5,000, embedding 100, hidden 128, no padding mask).
 */
export function recurrentSeedPreset(spec: {
  name: string;
  kind: EncoderKind;
  /** The recurrent layer as the description names it, e.g. `GRU(128, reset_after)`. */
  layer: string;
  totalParams: number;
}): PresetDefinition {
  const { name, kind, layer, totalParams } = spec;
  return {
    name,
    description: `an Embedding → ${layer} → Dense(1, sigmoid) sentiment model`,
    totalParams,
    build(options: PresetBuildOptions = {}): tf.LayersModel {
      const ids = seedIds(options);
      return tf.model({ inputs: ids, outputs: seedSigmoid(seedEncoder(ids, kind)), name });
    },
  };
}
