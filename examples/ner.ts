// Named entities: a character-level bi-GRU + CRF tagger over KLUE-NER-style data (BIO tags, types
// PS LC OG DT TI QT), scored by entity-level F1 (seqeval default mode); spans come back with
// offsets into the input text. The saved pipeline directory also holds `curves.svg` (training
// curves) and `report.json` (split, settings, per-epoch history, per-type dev scores, timings).
//   pnpm exec tsx --conditions=kornlp-source examples/ner.ts            (bundled data)
//   pnpm exec tsx --conditions=kornlp-source examples/ner.ts --real     (KLUE-NER, 10% seeded dev)
import { initBackend } from '@kornlp/models';
import {
  devSplit,
  entityF1,
  entityReport,
  formatReport,
  historyPanels,
  loadPipeline,
  readTaggedSentences,
  TASKS,
  type TrainTaggerOptions,
  trainingCurvesSvg,
  trainTagger,
} from '@kornlp/tasks';
import { bundled, exampleArgs } from './lib/example.js';

const args = exampleArgs('ner');
const backend = await initBackend();
const trainFile =
  args.train ??
  (args.real ? `${args.dataDir}/klue-ner/klue-ner-v1.1_dev-4of5.tsv` : bundled('ner.train.tsv'));
const devFile = args.dev ?? (args.real ? undefined : bundled('ner.dev.tsv'));
const all = await readTaggedSentences(trainFile);
// Without a dev file, the dev set is the first 10% of a seeded permutation (devSplit, seed 42):
// the same split trainTagger would carve itself, made here so the script can score it per type.
const SPLIT_SEED = 42;
const { train: trainSet, dev } = devFile
  ? { train: all, dev: await readTaggedSentences(devFile) }
  : devSplit(all, 0.1, SPLIT_SEED);
const split = devFile
  ? `dev file ${devFile}`
  : `seeded 90/10 split of ${trainFile} (devSplit: first 10% of a seed-${SPLIT_SEED} permutation)`;
console.log(`train ${trainSet.length} / dev ${dev.length} sentences; ${split}; backend ${backend.name}`);

const settings: TrainTaggerOptions = {
  task: 'ner',
  unit: 'char',
  features: TASKS.ner.features!,
  scheme: 'BIO',
  decoder: TASKS.ner.decoder!,
  ...(args.real
    ? {
        encoder: { kind: 'bi_gru', units: 128 },
        embeddingDims: { form: 96, shape: 16 },
        batchSize: 32,
        learningRate: 4e-3,
        schedule: { kind: 'linear', finalFraction: 0.1 },
        epochs: args.epochs ?? 12,
        patience: 4,
        maxLen: 'auto',
      }
    : {
        encoder: { kind: 'bi_gru', units: 32 },
        embeddingDims: { form: 32 },
        batchSize: 16,
        learningRate: 1e-2,
        epochs: args.epochs ?? 5,
      }),
};
const started = Date.now();
const { pipeline, result, sizes } = await trainTagger(trainSet, {
  ...settings,
  dev,
  metric: entityF1,
  checkpointDir: process.env.CKPT,
  resume: process.env.RESUME === '1',
  progress: args.real ? { intervalMs: 60000 } : false,
  log: (line) => console.log(line),
});
const seconds = (Date.now() - started) / 1000;

// Per-type scores of the restored best weights on the dev set.
const gold = dev.map((s) => s.tags);
const predicted = pipeline.tagTokens(dev.map((s) => s.tokens)).map((s) => s.map((t) => t.tag));
const report = entityReport(gold, predicted);
console.log(`\ndev entity scores (seqeval default mode), best epoch ${result.bestEpoch}:`);
console.log(formatReport(report, 4));
console.log(
  `train ${sizes.train} / dev ${sizes.dev} sentences; dev entity micro F1 ${report.micro.f1.toFixed(4)}; ` +
    `${result.history.length} epochs, ${result.steps} steps, training ${result.seconds.toFixed(0)}s, total ${seconds.toFixed(0)}s`,
);

const summary = {
  command: `tsx --conditions=kornlp-source examples/ner.ts ${process.argv.slice(2).join(' ')}`.trim(),
  date: new Date().toISOString(),
  backend: backend.name,
  data: trainFile,
  split,
  sizes,
  settings: { ...settings, maxLen: pipeline.manifest.featurizer.maxLen },
  bestEpoch: result.bestEpoch,
  stoppedEarly: result.stoppedEarly,
  epochs: result.history.length,
  steps: result.steps,
  trainingSeconds: result.seconds,
  totalSeconds: seconds,
  history: result.history,
  dev: report,
};
await pipeline.save(args.out, {
  'curves.svg': trainingCurvesSvg(historyPanels(result.history), { title: 'NER: char bi-GRU + CRF' }),
  'report.json': `${JSON.stringify(summary, null, 2)}\n`,
});
console.log(`saved the pipeline to ${args.out} (with ${args.out}/curves.svg and ${args.out}/report.json)`);

const loaded = await loadPipeline(args.out);
if (loaded.kind !== 'tagger') throw new Error('expected a tagger pipeline');
for (const p of loaded.predict(['김철수는 내일 부산에 간다.', '오후 3시에 삼성전자에서 만나자.'])) {
  console.log(p.spans.map((s) => `${s.text}/${s.type}@${s.start}-${s.end}`).join(' ') || '(no entities)');
}
