// pnpm bench:crf — cost of the linear-chain CRF on wasm at KLUE-NER character-level shapes
// (batch 32, length 100, 14 tags = <pad> + O + B/I × 6 types), measured interleaved in one run:
//   1. the CRF negative log-likelihood with its gradients (emissions, transitions, start, end):
//      CRF.logLikelihood (forward algorithm + forward-backward gradient on typed arrays) vs the
//      same objective as per-time-step tfjs ops differentiated by tfjs autodiff (the reference in
//      packages/models/test/support/crf_autodiff.ts, which was CRF's implementation before);
//   2. a whole training step (Adam) of the NER example's tagger (form + shape embeddings 64+16 →
//      bi-GRU 64 → Dense → CRF) with each CRF path, and with a softmax decoder for scale;
//   3. Viterbi decoding of the batch.
// Prints ms per call (wall, best of 3 blocks) and CPU ms per call (steadier on a shared machine).
import { type CRF, crf, initBackend, tf } from '@kornlp/models';
import { SequenceTagger } from '@kornlp/tasks';
import { crfLogLikelihoodAutodiff } from '../packages/models/test/support/crf_autodiff.js';

const B = 32;
const T = 100;
const N = 14;
const STEPS = Number(process.env.BENCH_STEPS ?? 5);

interface Cost {
  ms: number;
  cpuMs: number;
}

/** Cost per call: the fastest of 3 timed blocks of `steps` calls, after a warm-up (the machine is shared). */
function time(fn: () => void, steps = STEPS): Cost {
  for (let i = 0; i < 2; i++) fn();
  let best: Cost = { ms: Number.POSITIVE_INFINITY, cpuMs: Number.POSITIVE_INFINITY };
  for (let block = 0; block < 3; block++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let i = 0; i < steps; i++) fn();
    const ms = (performance.now() - t0) / steps;
    const c = process.cpuUsage(c0);
    if (ms < best.ms) best = { ms, cpuMs: (c.user + c.system) / 1000 / steps };
  }
  return best;
}

// Deterministic data: sentence lengths 40..100 (right padding), tags 1..N-1, char ids 1..1999.
let s = 12345;
const rnd = () => {
  s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
  return s / 2 ** 32;
};
const lengths = Array.from({ length: B }, () => 40 + Math.floor(rnd() * 61));
const maskRows = lengths.map((len) => Array.from({ length: T }, (_, j) => (j < len ? 1 : 0)));
const tagRows = maskRows.map((row) => row.map((on) => (on ? 1 + Math.floor(rnd() * (N - 1)) : 0)));
const charRows = maskRows.map((row) => row.map((on) => (on ? 1 + Math.floor(rnd() * 1999) : 0)));
const shapeRows = charRows.map((row) => row.map((id) => (id ? 1 + (id % 7) : 0)));

await initBackend({ prefer: 'wasm' });
const mask = tf.tensor2d(maskRows);
const tags = tf.tensor2d(tagRows, undefined, 'int32');
const gold = tf.tidy(() => tf.oneHot(tags, N).toFloat());
const emissions = tf.randomNormal([B, T, N], 0, 2, 'float32', 7);
const layer = crf({ numTags: N });
tf.dispose(layer.apply(tf.zeros([1, 1, N])) as tf.Tensor);
const boundary = (l: CRF) => [l.transitions!.read(), l.startTransitions!.read(), l.endTransitions!.read()];

// 1. NLL + gradients alone.
const crfGrad = (f: (e: tf.Tensor, tr: tf.Tensor, st: tf.Tensor, en: tf.Tensor) => tf.Tensor) => () => {
  const g = tf.grads((e, tr, st, en) => tf.neg(tf.sum(f(e, tr, st, en))) as tf.Scalar);
  const out = g([emissions, ...boundary(layer)]);
  for (const x of out) x.dataSync();
  tf.dispose(out);
};
const fastNll = crfGrad((e) => layer.logLikelihood(e, tags, mask));
const autodiffNll = crfGrad((e, tr, st, en) => crfLogLikelihoodAutodiff(e, gold, mask, tr, st, en));

// 2. Training steps of the NER tagger.
const xs = [tf.tensor2d(charRows, undefined, 'int32'), tf.tensor2d(shapeRows, undefined, 'int32')];
const makeTagger = (decoder: 'crf' | 'softmax') =>
  new SequenceTagger({
    channels: [
      { name: 'form', vocabSize: 2000, dim: 64 },
      { name: 'shape', vocabSize: 8, dim: 16 },
    ],
    numTags: N,
    maxLen: T,
    encoder: { kind: 'bi_gru', units: 64 },
    decoder,
  });
const crfTagger = makeTagger('crf');
const softmaxTagger = makeTagger('softmax');
const optimizers: tf.Optimizer[] = [];
// As the trainer does it: gradients of the model's own weights, then one Adam update (Adam keeps
// its moments by position, so one optimizer per contender).
const stepWith = (tagger: SequenceTagger, loss: () => tf.Scalar) => {
  const optimizer = tf.train.adam(1e-3);
  optimizers.push(optimizer);
  return () => {
    const variables = tagger.model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(loss, variables);
    optimizer.applyGradients(variables.map((v) => ({ name: v.name, tensor: grads[v.name]! })));
    value.dataSync();
    tf.dispose([value, grads]);
  };
};
const fastStep = stepWith(crfTagger, () => crfTagger.loss(xs, tags, true));
const autodiffStep = stepWith(crfTagger, () => {
  // SequenceTagger.loss with the CRF term computed by the autodiff reference.
  const logits = crfTagger.model.apply(xs, { training: true }) as tf.Tensor;
  const c = crfTagger.crf!;
  const ll = crfLogLikelihoodAutodiff(
    logits,
    gold,
    mask,
    ...(boundary(c) as [tf.Tensor, tf.Tensor, tf.Tensor]),
  );
  return tf.div(tf.neg(tf.sum(ll)), tf.sum(mask)) as tf.Scalar;
});
const softmaxStep = stepWith(softmaxTagger, () => softmaxTagger.loss(xs, tags, true));

// 3. Viterbi.
const decode = () => {
  layer.decode(emissions, mask);
};

console.log(
  `CRF on wasm: batch ${B}, length ${T} (40–100 tokens, right-padded), ${N} tags; best of 3 × ${STEPS}`,
);
const before = tf.memory().numTensors;
const rows: [string, Cost][] = [];
const measure = (name: string, fn: () => void, steps?: number) => {
  const c = time(fn, steps);
  rows.push([name, c]);
  console.log(
    `  ${name.padEnd(52)} ${c.ms.toFixed(1).padStart(8)} ms  ${c.cpuMs.toFixed(1).padStart(8)} CPU ms`,
  );
  return c;
};
const nllFast = measure('NLL + grads: CRF.logLikelihood (forward-backward)', fastNll, STEPS * 4);
const nllAuto = measure('NLL + grads: per-step tfjs ops + autodiff', autodiffNll);
const stepFast = measure('train step, bi-GRU 64 + CRF (forward-backward)', fastStep);
const stepAuto = measure('train step, bi-GRU 64 + CRF (per-step autodiff)', autodiffStep);
const stepSoftmax = measure('train step, bi-GRU 64 + softmax (no CRF)', softmaxStep);
measure('Viterbi decode (CRF.decode)', decode, STEPS * 4);
const ratio = (a: Cost, b: Cost) =>
  `${(a.ms / b.ms).toFixed(1)}x wall, ${(a.cpuMs / b.cpuMs).toFixed(1)}x CPU`;
console.log(`\n  NLL + grads: forward-backward is ${ratio(nllAuto, nllFast)} faster than autodiff`);
console.log(`  train step:  forward-backward is ${ratio(stepAuto, stepFast)} faster than autodiff`);
console.log(`  train step:  CRF costs ${ratio(stepFast, stepSoftmax)} of a softmax tagger's step`);
tf.dispose([mask, tags, gold, emissions, ...xs]);
crfTagger.dispose();
softmaxTagger.dispose();
layer.dispose();
for (const o of optimizers) o.dispose();
const leaked = tf.memory().numTensors - before;
if (leaked > 20) console.log(`  (warning: ${leaked} tensors not freed)`);
