import type { tf } from '../backend/tf.js';

/** Options every preset accepts when it builds its model. */
export interface PresetBuildOptions {
  /**
   * Sequence length of the model's input, `[batch, maxLen]` int32 token ids. Parameter counts do
   * not depend on it.
   * @default the preset's own length (30 for the recurrent presets, 100 for the Transformer)
   */
  maxLen?: number;
}

/** A named, ready-to-train model that reproduces one of the reference Keras models. */
export interface PresetDefinition {
  /** The name used by `getPreset` and `kornlp summary --preset`, e.g. `seed-gru`. */
  name: string;
  /** One line saying what the model is. */
  description: string;
  /** Total parameter count of the reference Keras model (tests check the built model against it). */
  totalParams: number;
  /** Builds a fresh, uncompiled model. */
  build(options?: PresetBuildOptions): tf.LayersModel;
}
