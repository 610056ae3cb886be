// UPOS tagging of UD Korean GSD at the eojeol level, straight from trainTagger (experiment script;
// examples/pos.ts is the user-facing one). Features per eojeol come from our own analyzer.
//   pnpm exec tsx --conditions=kornlp-source examples/pos-quick.ts

import { readTaggedSentences } from '../packages/tasks/src/tasks/read_data.js';
import { TASKS } from '../packages/tasks/src/tasks/task.js';
import { trainTagger } from '../packages/tasks/src/tasks/train_tagger.js';

const dataDir = process.env.KORNLP_DATA ?? new URL('../../shared/data/', import.meta.url).pathname;
const train = await readTaggedSentences(`${dataDir}/ud-korean-gsd/ko_gsd-ud-train.conllu`);
const dev = await readTaggedSentences(`${dataDir}/ud-korean-gsd/ko_gsd-ud-dev.conllu`);
console.log(`train ${train.length} sentences, dev ${dev.length} (official dev file)`);
const { result, pipeline } = await trainTagger(train, {
  task: 'pos',
  dev,
  unit: 'word',
  features: TASKS.pos.features!,
  dataMorphs: process.env.DATA_MORPHS !== '0',
  epochs: Number(process.env.EPOCHS ?? 5),
  checkpointDir: process.env.CKPT ?? '/tmp/kornlp-pos-ckpt',
  resume: process.env.RESUME === '1',
  batchSize: 32,
  learningRate: 2e-3,
  patience: 2,
  encoder: { kind: 'bi_lstm', units: Number(process.env.UNITS ?? 128) },
  progress: { intervalMs: 30000 },
  log: (l) => console.log(l),
});
console.log(JSON.stringify({ best: result.best, bestEpoch: result.bestEpoch, seconds: result.seconds }));
await pipeline.save(process.env.OUT ?? '/tmp/kornlp-pos-gsd');
