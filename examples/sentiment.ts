// Sentiment: train a morpheme + GRU classifier, save it as a pipeline, load it back and predict.
//   pnpm demo                                    (bundled data, well under a minute)
//   pnpm exec tsx --conditions=kornlp-source examples/sentiment.ts --real   (NSMC, 10% seeded dev)
import { initBackend } from '@kornlp/models';
import { readTextExamples, trainClassifier } from '@kornlp/tasks';
import { bundled, exampleArgs, saveAndReload } from './lib/example.js';

const args = exampleArgs('sentiment');
const info = await initBackend();
console.log(`backend: ${info.name}${info.simd ? ' (SIMD)' : ''}`);

const trainFile =
  args.train ?? (args.real ? `${args.dataDir}/nsmc/ratings_train.txt` : bundled('sentiment.train.tsv'));
const devFile = args.dev ?? (args.real ? undefined : bundled('sentiment.dev.tsv'));
const trainSet = await readTextExamples(trainFile);
const dev = devFile ? await readTextExamples(devFile) : undefined;
console.log(
  `training on ${trainSet.length} reviews from ${trainFile}${dev ? `, dev ${dev.length}` : ', dev = 10% held out (seed 42)'}`,
);

const { pipeline, result } = await trainClassifier(trainSet, {
  task: 'sentiment',
  dev,
  unit: 'morph_tag',
  ...(args.real
    ? {
        maxLen: 50,
        embeddingDim: 128,
        encoder: { kind: 'bi_gru', units: 128 },
        batchSize: 128,
        learningRate: 2e-3,
        epochs: args.epochs ?? 2,
      }
    : {
        embeddingDim: 32,
        encoder: { kind: 'gru', units: 32 },
        batchSize: 16,
        learningRate: 5e-3,
        epochs: args.epochs ?? 4,
      }),
  log: (line) => console.log(line),
  progress: args.real ? { intervalMs: 30000 } : false,
});
console.log(
  `dev accuracy ${result.best?.toFixed(4)} (epoch ${result.bestEpoch}), ${result.seconds.toFixed(1)}s`,
);

const loaded = await saveAndReload(pipeline, args.out);
const reviews = [
  '이 영화 정말 최고였다 강력 추천합니다',
  '시간 낭비였다 너무 지루하다',
  '배우들 연기가 훌륭하다',
  '돈 아깝다 ㅠㅠ',
];
for (const [i, p] of loaded.predict(reviews).entries()) {
  console.log(`${p.label === '1' ? 'positive' : 'negative'} ${p.probability.toFixed(3)}  ${reviews[i]}`);
}
console.log(
  `pipeline saved to ${args.out}; try: echo '정말 재밌어요' | pnpm exec kornlp predict --model ${args.out}`,
);
