import type { PresetDefinition } from './preset.js';
import { recurrentSeedPreset } from './seed_recurrent.js';

/**
 * `seed-simple-rnn`: an Embedding → SimpleRNN(128) → Dense(1, sigmoid) sentiment model, exactly the
 * reference Keras model (vocabulary 5,000, embedding 100, hidden 128; 529441 params). Like the
 * reference it does not mask padding (Keras's `Embedding` default).
 */
export const seedSimpleRnn: PresetDefinition = recurrentSeedPreset({
  name: 'seed-simple-rnn',
  kind: 'simple_rnn',
  layer: 'SimpleRNN(128)',
  totalParams: 529441,
});
