// Topic classification: four classes (sports, economy, politics, tech), multi-class softmax over a
// bi-GRU. --train/--dev take your own JSONL ({"text","label"}) or TSV files.
//   pnpm exec tsx --conditions=kornlp-source examples/topic.ts [--train FILE --dev FILE]
import { initBackend } from '@kornlp/models';
import { trainClassifier } from '@kornlp/tasks';
import { exampleArgs, saveAndReload, textSplit } from './lib/example.js';

const args = exampleArgs('topic');
await initBackend();
const { train: trainSet, dev } = await textSplit(args, 'topic');
const { pipeline, result } = await trainClassifier(trainSet, {
  task: 'topic',
  dev,
  unit: 'morph_tag',
  embeddingDim: 32,
  encoder: { kind: 'bi_gru', units: 32 },
  batchSize: 16,
  learningRate: 5e-3,
  epochs: args.epochs ?? 6,
  progress: false,
  log: (line) => console.log(line),
});
console.log(`dev accuracy ${result.best?.toFixed(4)}`);
const loaded = await saveAndReload(pipeline, args.out);
const news = [
  '대표팀이 결승전에서 역전승을 거뒀다',
  '한국은행이 기준금리를 동결했다',
  '국회가 예산안을 처리했다',
  '연구진이 새 배터리를 개발했다',
];
for (const [i, p] of loaded.predict(news).entries())
  console.log(`${p.label.padEnd(8)} ${p.probability.toFixed(3)}  ${news[i]}`);
