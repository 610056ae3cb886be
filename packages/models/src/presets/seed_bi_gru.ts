import type { PresetDefinition } from './preset.js';
import { recurrentSeedPreset } from './seed_recurrent.js';

/**
 * `seed-bi-gru`: an Embedding → Bidirectional(GRU(128)) → Dense(1, sigmoid) sentiment model, exactly the
 * reference Keras model (vocabulary 5,000, embedding 100, hidden 128; 676897 params). Like the
 * reference it does not mask padding (Keras's `Embedding` default).
 */
export const seedBiGru: PresetDefinition = recurrentSeedPreset({
  name: 'seed-bi-gru',
  kind: 'bi_gru',
  layer: 'Bidirectional(GRU(128))',
  totalParams: 676897,
});
