import { describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { captureIo } from './support/cli_io.js';

// Reference Keras totals and per-layer counts of the seed models.
const CASES: Array<[string, string, string[]]> = [
  ['seed-simple-rnn', '529,441', ['simple_rnn \\(SimpleRNN\\) +\\(None, 128\\) +29312']],
  [
    'seed-bi-gru',
    '676,897',
    ['bi_gru \\(Bidirectional\\) +\\(None, 256\\) +176640', 'dense \\(Dense\\) +\\(None, 1\\) +257'],
  ],
  [
    'seed-attention',
    '677,154',
    [
      'bi_gru \\(Bidirectional\\) +\\(None, 30, 256\\) +176640',
      'attention_score \\(Dense\\) +\\(None, 30, 1\\) +257',
      'attention_weights \\(Softmax\\) +\\(None, 30, 1\\) +0',
      'dense \\(Dense\\) +\\(None, 1\\) +257',
    ],
  ],
  [
    'seed-transformer',
    '1,081,933',
    [
      'multi_head_attention \\(MultiHe… +\\(None, 100, 100\\) +412772',
      'concatenate \\(Concatenate\\) +\\(None, 100, 200\\) +0',
      'time_distributed \\(TimeDistrib… +\\(None, 100, 512\\) +102912',
      'layer_normalization_1 \\(LayerN… +\\(None, 100, 128\\) +256',
    ],
  ],
];

describe('kornlp summary', () => {
  it.each(CASES)('--preset %s prints the reference totals and layer rows', async (name, total, rows) => {
    const c = captureIo();
    expect(await runCli(['summary', '--preset', name], c.io)).toBe(0);
    expect(c.out).toContain(`Model: "${name}"`);
    expect(c.out).toContain(`Total params: ${total}`);
    for (const r of rows) expect(c.out).toMatch(new RegExp(r));
  });

  it('an unknown preset is a usage error listing the valid names', async () => {
    const c = captureIo();
    expect(await runCli(['summary', '--preset', 'seed-nope'], c.io)).toBe(2);
    expect(c.err).toMatch(/unknown preset "seed-nope"; expected one of .*seed-gru.*seed-lstm/);
  });
});
