import type { PresetDefinition } from './preset.js';
import { recurrentSeedPreset } from './seed_recurrent.js';

/**
 * `seed-lstm`: an Embedding → LSTM(128) → Dense(1, sigmoid) sentiment model, exactly the
 * reference Keras model (vocabulary 5,000, embedding 100, hidden 128; 617377 params). Like the
 * reference it does not mask padding (Keras's `Embedding` default).
 */
export const seedLstm: PresetDefinition = recurrentSeedPreset({
  name: 'seed-lstm',
  kind: 'lstm',
  layer: 'LSTM(128)',
  totalParams: 617377,
});
