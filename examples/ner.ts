// Named entities: a character-level BiGRU tagger over KLUE-NER-style data (BIO tags, types PS LC
// OG DT TI QT), scored by entity-level F1; spans come back with offsets into the input text.
//   pnpm exec tsx --conditions=kornlp-source examples/ner.ts            (bundled data)
//   pnpm exec tsx --conditions=kornlp-source examples/ner.ts --real     (KLUE-NER, 10% seeded dev)
import { initBackend } from '@kornlp/models';
import { entityF1, loadPipeline, readTaggedSentences, TASKS, trainTagger } from '@kornlp/tasks';
import { bundled, exampleArgs } from './lib/example.js';

const args = exampleArgs('ner');
await initBackend();
const trainFile =
  args.train ??
  (args.real ? `${args.dataDir}/klue-ner/klue-ner-v1.1_dev-4of5.tsv` : bundled('ner.train.tsv'));
const devFile = args.dev ?? (args.real ? undefined : bundled('ner.dev.tsv'));
const trainSet = await readTaggedSentences(trainFile);
const dev = devFile ? await readTaggedSentences(devFile) : undefined;
console.log(
  `training on ${trainSet.length} sentences from ${trainFile}${dev ? `, dev ${dev.length}` : ', dev = 10% held out (seed 42)'}`,
);
const started = Date.now();
const { pipeline, result, sizes } = await trainTagger(trainSet, {
  task: 'ner',
  dev,
  unit: 'char',
  features: TASKS.ner.features!,
  scheme: 'BIO',
  metric: entityF1,
  ...(args.real
    ? {
        encoder: { kind: 'bi_gru', units: 64 },
        embeddingDims: { form: 64 },
        batchSize: 32,
        learningRate: 3e-3,
        epochs: args.epochs ?? 2,
        maxLen: 128,
      }
    : {
        encoder: { kind: 'bi_gru', units: 32 },
        embeddingDims: { form: 32 },
        batchSize: 16,
        learningRate: 1e-2,
        epochs: args.epochs ?? 5,
      }),
  checkpointDir: process.env.CKPT,
  resume: process.env.RESUME === '1',
  progress: args.real ? { intervalMs: 30000 } : false,
  log: (line) => console.log(line),
});
const dt = (Date.now() - started) / 1000;
console.log(
  `train ${sizes.train} / dev ${sizes.dev} sentences; dev entity F1 ${result.best?.toFixed(4)} (epoch ${result.bestEpoch}); training ${result.seconds.toFixed(0)}s, total ${dt.toFixed(0)}s`,
);
await pipeline.save(args.out);
const loaded = await loadPipeline(args.out);
if (loaded.kind !== 'tagger') throw new Error('expected a tagger pipeline');
for (const p of loaded.predict(['김철수는 내일 부산에 간다.', '오후 3시에 삼성전자에서 만나자.'])) {
  console.log(p.spans.map((s) => `${s.text}/${s.type}@${s.start}-${s.end}`).join(' ') || '(no entities)');
}
