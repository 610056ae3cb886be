// POS tagging: UPOS per eojeol (UD style: punctuation split off), each eojeol described by its
// form, its first/last morpheme and tag sequence from our analyzer, and its first/last character,
// then a BiLSTM.
//   pnpm exec tsx --conditions=kornlp-source examples/pos.ts            (bundled CoNLL-U)
//   pnpm exec tsx --conditions=kornlp-source examples/pos.ts --real     (UD Korean GSD, official dev)
import { initBackend } from '@kornlp/models';
import { loadPipeline, readTaggedSentences, TASKS, trainTagger } from '@kornlp/tasks';
import { bundled, exampleArgs } from './lib/example.js';

const args = exampleArgs('pos');
await initBackend();
const gsd = `${args.dataDir}/ud-korean-gsd`;
const trainSet = await readTaggedSentences(
  args.train ?? (args.real ? `${gsd}/ko_gsd-ud-train.conllu` : bundled('pos.train.conllu')),
);
const dev = await readTaggedSentences(
  args.dev ?? (args.real ? `${gsd}/ko_gsd-ud-dev.conllu` : bundled('pos.dev.conllu')),
);
console.log(`training on ${trainSet.length} sentences, dev ${dev.length}`);
const { pipeline, result } = await trainTagger(trainSet, {
  task: 'pos',
  dev,
  unit: 'word',
  features: TASKS.pos.features!,
  ...(args.real
    ? {
        encoder: { kind: 'bi_lstm', units: 128 },
        batchSize: 32,
        learningRate: 2e-3,
        epochs: args.epochs ?? 5,
        patience: 2,
      }
    : {
        encoder: { kind: 'bi_lstm', units: 32 },
        embeddingDims: { form: 32 },
        batchSize: 16,
        learningRate: 5e-3,
        epochs: args.epochs ?? 4,
      }),
  progress: args.real ? { intervalMs: 30000 } : false,
  log: (line) => console.log(line),
});
console.log(
  `dev token accuracy ${result.best?.toFixed(4)} (epoch ${result.bestEpoch}), ${result.seconds.toFixed(0)}s`,
);
await pipeline.save(args.out);
const loaded = await loadPipeline(args.out);
if (loaded.kind !== 'tagger') throw new Error('expected a tagger pipeline');
for (const p of loaded.predict(['철수는 도서관에서 책을 읽었다.', '영희가 아주 예쁘다.'])) {
  console.log(p.tokens.map((t) => `${t.text}/${t.tag}`).join(' '));
}
