import { ConfigError, describeValue } from '@kornlp/core';
import type { tf } from '../backend/tf.js';
import type { PresetBuildOptions, PresetDefinition } from './preset.js';
import { seedAttention } from './seed_attention.js';
import { seedBiGru } from './seed_bi_gru.js';
import { seedGru } from './seed_gru.js';
import { seedLstm } from './seed_lstm.js';
import { seedSimpleRnn } from './seed_simple_rnn.js';
import { seedTransformer } from './seed_transformer.js';

/** Every registered preset, by name. Add to it with {@link registerPreset}. */
export const PRESETS: Record<string, PresetDefinition> = {};

/**
 * Registers a preset so {@link getPreset}, {@link listPresets} and `kornlp summary --preset` find it.
 *
 * @param preset - the definition; its `name` must not be taken yet
 * @example
 * ```ts
 * import { applyEncoder, getPreset, registerPreset, tf } from '@kornlp/models';
 * registerPreset({
 *   name: 'tiny-gru',
 *   description: 'Embedding(100, 8) → GRU(4) → Dense(1, sigmoid)',
 *   totalParams: 973,
 *   build: ({ maxLen = 20 } = {}) => {
 *     const ids = tf.input({ shape: [maxLen], dtype: 'int32' });
 *     const h = applyEncoder(ids, { kind: 'gru', vocabSize: 100, embeddingDim: 8, units: 4 });
 *     return tf.model({ inputs: ids, outputs: tf.layers.dense({ units: 1, activation: 'sigmoid' }).apply(h) as tf.SymbolicTensor });
 *   },
 * });
 * console.log(getPreset('tiny-gru').countParams()); // 973
 * ```
 */
export function registerPreset(preset: PresetDefinition): void {
  if (Object.hasOwn(PRESETS, preset.name))
    throw new ConfigError(
      'registerPreset',
      `a preset named ${describeValue(preset.name)} is already registered`,
    );
  PRESETS[preset.name] = preset;
}

/**
 * Names of the registered presets, sorted.
 *
 * @returns the preset names
 * @example
 * ```ts
 * import { listPresets } from '@kornlp/models';
 * console.log(listPresets()); // [ 'seed-attention', 'seed-bi-gru', 'seed-gru', ... ]
 * ```
 */
export function listPresets(): string[] {
  return Object.keys(PRESETS).sort();
}

/**
 * Builds a fresh model from a registered preset.
 *
 * @param name - a name from {@link listPresets}
 * @param options - see {@link PresetBuildOptions}
 * @returns an uncompiled `tf.LayersModel` from int32 ids `[batch, maxLen]` to a sigmoid probability `[batch, 1]`
 * @throws ConfigError for an unknown name, listing the valid ones
 * @example
 * ```ts
 * import { getPreset, initBackend } from '@kornlp/models';
 * await initBackend();
 * console.log(getPreset('seed-gru').countParams()); // 588449
 * ```
 */
export function getPreset(name: string, options: PresetBuildOptions = {}): tf.LayersModel {
  const preset = Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined;
  if (!preset)
    throw new ConfigError(
      'getPreset',
      `unknown preset ${describeValue(name)}; expected one of ${listPresets().join(', ')}`,
    );
  return preset.build(options);
}

export type { PresetBuildOptions, PresetDefinition };

// Built-in presets: one import and one registerPreset line each.
registerPreset(seedSimpleRnn);
registerPreset(seedLstm);
registerPreset(seedGru);
registerPreset(seedBiGru);
registerPreset(seedAttention);
registerPreset(seedTransformer);
