import type { PresetDefinition } from './preset.js';
import { recurrentSeedPreset } from './seed_recurrent.js';

/**
 * `seed-gru`: an Embedding → GRU(128, reset_after) → Dense(1, sigmoid) sentiment model, exactly the
 * reference Keras model (vocabulary 5,000, embedding 100, hidden 128; 588449 params). Like the
 * reference it does not mask padding (Keras's `Embedding` default).
 */
export const seedGru: PresetDefinition = recurrentSeedPreset({
  name: 'seed-gru',
  kind: 'gru',
  layer: 'GRU(128, reset_after)',
  totalParams: 588449,
});
