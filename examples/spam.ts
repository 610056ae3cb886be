// Spam filtering: a binary classifier with balanced class weights (spam is usually the minority).
// No public Korean spam corpus ships beside the checkout, so --train/--dev point it at your own
// JSONL ({"text","label"}) or NSMC-style TSV files.
//   pnpm exec tsx --conditions=kornlp-source examples/spam.ts [--train FILE --dev FILE]
import { initBackend } from '@kornlp/models';
import { trainClassifier } from '@kornlp/tasks';
import { exampleArgs, saveAndReload, textSplit } from './lib/example.js';

const args = exampleArgs('spam');
await initBackend();
const { train: trainSet, dev } = await textSplit(args, 'spam');
const { pipeline, result } = await trainClassifier(trainSet, {
  task: 'spam',
  dev,
  unit: 'morph_tag',
  classWeights: 'balanced',
  embeddingDim: 32,
  encoder: { kind: 'gru', units: 32 },
  batchSize: 16,
  learningRate: 5e-3,
  epochs: args.epochs ?? 4,
  progress: false,
  log: (line) => console.log(line),
});
console.log(`dev accuracy ${result.best?.toFixed(4)}`);
const loaded = await saveAndReload(pipeline, args.out);
const messages = [
  '[광고] 오늘만 90% 할인 지금 바로 클릭',
  '내일 회의 몇 시야?',
  '당첨되셨습니다 링크 확인',
  '엄마 생신 잊지 마',
];
for (const [i, p] of loaded.predict(messages).entries())
  console.log(`${p.label.padEnd(4)} ${p.probability.toFixed(3)}  ${messages[i]}`);
