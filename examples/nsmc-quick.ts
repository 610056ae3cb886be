// NSMC sentiment straight from the heads and trainer (morphemes + a recurrent encoder). Used to get
// the accuracy number early; `examples/sentiment.ts` does the same through a saved pipeline.
//   KORNLP_DATA=../shared/data pnpm exec tsx --conditions=kornlp-source examples/nsmc-quick.ts
import { readFileSync } from 'node:fs';
import { initBackend, tf } from '@kornlp/models';
import { createTokenizer } from '@kornlp/tokenizer';
import { SequenceClassifier } from '../packages/tasks/src/heads/sequence_classifier.js';
import { SeededRandom } from '../packages/tasks/src/training/random.js';
import { train } from '../packages/tasks/src/training/trainer.js';

const env = (k: string, d: string) => process.env[k] ?? d;
const dataDir = env('KORNLP_DATA', new URL('../../shared/data/', import.meta.url).pathname);
const limit = Number(env('LIMIT', '0'));
const maxLen = Number(env('MAXLEN', '50'));
const vocabSize = Number(env('VOCAB', '30000'));
const epochs = Number(env('EPOCHS', '3'));
const kind = env('ENCODER', 'bi_gru') as 'gru';
const devSize = Number(env('DEV', '15000'));
const seed = 42;

const info = await initBackend();
console.log(`backend ${info.name} simd=${info.simd}`);
const tok = await createTokenizer();
let rows = readFileSync(`${dataDir}/nsmc/ratings_train.txt`, 'utf8')
  .split('\n')
  .slice(1)
  .filter((l) => l.length)
  .map((l) => {
    const [, doc = '', label = ''] = l.split('\t');
    return { text: doc, label: Number(label) };
  });
const order = new SeededRandom(seed).permutation(rows.length);
rows = order.map((i) => rows[i]!);
const dev = rows.slice(0, devSize);
let trn = rows.slice(devSize);
if (limit) trn = trn.slice(0, limit);
console.log(`train ${trn.length} dev ${dev.length} (seed ${seed}, first ${devSize} of a seeded permutation)`);
const t0 = Date.now();
const toks = (t: string) => tok.pos(t).map((x) => `${x.surface}/${x.pos}`);
const trnToks = trn.map((r) => toks(r.text));
const devToks = dev.map((r) => toks(r.text));
console.log(`tokenized in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
const counts = new Map<string, number>();
for (const ts of trnToks) for (const t of ts) counts.set(t, (counts.get(t) ?? 0) + 1);
const vocab = new Map<string, number>();
[...counts.entries()]
  .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  .slice(0, vocabSize - 2)
  .forEach(([t], i) => {
    vocab.set(t, i + 2);
  });
const lens = trnToks.map((t) => t.length).sort((a, b) => a - b);
console.log(`vocab ${vocab.size + 2}; p95 length ${lens[Math.floor(lens.length * 0.95)]}`);
// pre-padding and pre-truncation (Keras defaults), 0 = pad, 1 = unk
const encode = (ts: string[]) => {
  const ids = ts.map((t) => vocab.get(t) ?? 1).slice(-maxLen);
  return [...new Array(maxLen - ids.length).fill(0), ...ids];
};
const trnIds = trnToks.map(encode);
const devIds = devToks.map(encode);
const clf = new SequenceClassifier({
  vocabSize: vocab.size + 2,
  numClasses: 2,
  maxLen,
  embeddingDim: 128,
  encoder: { kind, units: 128 },
  dropout: 0.3,
  seed,
});
const data = {
  size: trn.length,
  batch: (idx: readonly number[]) => ({
    xs: [
      tf.tensor2d(
        idx.map((i) => trnIds[i]!),
        undefined,
        'int32',
      ),
    ],
    y: tf.tensor1d(
      idx.map((i) => trn[i]!.label),
      'int32',
    ),
  }),
};
const evaluate = async () => {
  const probs = clf.predictProba(devIds, 512);
  let ok = 0;
  probs.forEach((p, i) => {
    ok += Number((p[1]! > p[0]! ? 1 : 0) === dev[i]!.label);
  });
  return { accuracy: ok / dev.length };
};
const result = await train(clf, data, {
  epochs,
  batchSize: Number(env('BATCH', '64')),
  learningRate: 1e-3,
  evaluate,
  patience: 2,
  seed,
  checkpointDir: env('CKPT', '/tmp/kornlp-nsmc-ckpt'),
  resume: process.env.RESUME === '1',
  progress: { intervalMs: 30000 },
  log: (l) => console.log(l),
});
console.log(
  JSON.stringify({
    best: result.best,
    bestEpoch: result.bestEpoch,
    seconds: result.seconds,
    steps: result.steps,
  }),
);
