/**
 * Regenerates the pictures of the guides from real runs of the CLI:
 *   docs/images/training-curve.svg   — `kornlp train` on the bundled sentiment data (its epoch lines)
 *   docs/images/confusion-matrix.svg — `kornlp eval` of that model on the bundled dev set
 *   docs/images/attention-heatmap.svg — the attention weights of a `kornlp train --encoder attention`
 *                                       model over a Korean sentence it never saw
 * (docs/images/pipeline.svg is drawn by hand.)
 *
 * All are drawn by @kornlp/tasks's own chart renderers.
 *
 *   node --conditions=kornlp-source --import tsx docs/scripts/pictures.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AttentionPooling, tf } from '@kornlp/models';
import {
  attentionSvg,
  type ConfusionMatrix,
  confusionMatrixSvg,
  historyPanels,
  loadPipeline,
  trainingCurvesSvg,
} from '@kornlp/tasks';

const root = fileURLToPath(new URL('../../', import.meta.url));
const images = join(root, 'docs', 'images');
const kornlp = join(root, 'node_modules', '.bin', 'kornlp');
const work = mkdtempSync(join(tmpdir(), 'kornlp-pictures-'));
const model = join(work, 'sentiment');
const trainArgs = [
  'train',
  '--task',
  'sentiment',
  '--train',
  'examples/data/sentiment.train.tsv',
  '--dev',
  'examples/data/sentiment.dev.tsv',
  '--encoder',
  'gru',
  '--units',
  '32',
  '--epochs',
  '10',
  '--patience',
  '0',
  '--quiet',
  '--out',
  model,
];

const attentionModel = join(work, 'sentiment-attention');
const attentionArgs = [
  ...['train', '--task', 'sentiment', '--train', 'examples/data/sentiment.train.tsv'],
  ...['--dev', 'examples/data/sentiment.dev.tsv', '--encoder', 'attention', '--units', '32'],
  ...['--epochs', '12', '--lr', '0.005', '--patience', '0', '--quiet', '--out', attentionModel],
];
/** Not in the bundled data: the model has to generalize to it. */
const heatmapSentence = '스토리가 너무 지루하고 별로였다';

/**
 * The attention weights a trained `attention` classifier gives each unit of `text`: a copy of its
 * AttentionPooling layer, with the same weights, also returns its softmax-over-time weights.
 */
async function attentionWeights(dir: string, text: string): Promise<{ tokens: string[]; weights: number[] }> {
  const pipeline = await loadPipeline(dir);
  if (pipeline.kind !== 'classifier') throw new Error(`${dir} is not a classifier`);
  const model = pipeline.classifier.model;
  const pool = model.layers.find((l) => l instanceof AttentionPooling);
  if (!(pool instanceof AttentionPooling)) throw new Error(`${dir} has no AttentionPooling layer`);
  const probe = new AttentionPooling({ ...pool.getConfig(), name: 'probe', returnAttentionScores: true });
  const [, weights] = probe.apply(pool.input) as tf.SymbolicTensor[];
  probe.setWeights(pool.getWeights());
  const reader = tf.model({ inputs: model.inputs, outputs: weights! });
  const row = (
    reader.predict(tf.tensor2d(pipeline.encode([text]), undefined, 'int32')) as tf.Tensor
  ).arraySync() as number[][];
  const tokens = pipeline.tokens(text);
  const all = row[0]!;
  if (tokens.length > all.length) throw new Error(`"${text}" is longer than the model's maxLen`);
  // encode() pads on the left, so the text's units are the last ones.
  return { tokens, weights: all.slice(all.length - tokens.length) };
}

/** Per-epoch records from the `epoch i/n loss=… accuracy=…` lines `kornlp train` prints on stderr. */
function historyFromLog(log: string) {
  const rows = [...log.matchAll(/^epoch (\d+)\/\d+ loss=([\d.]+) accuracy=([\d.]+)/gm)].map((m) => ({
    epoch: Number(m[1]),
    loss: Number(m[2]),
    dev: { accuracy: Number(m[3]) },
  }));
  if (rows.length < 2) throw new Error(`expected epoch lines from kornlp train, got:\n${log}`);
  return rows;
}

/** `kornlp eval` reports the confusion as `{ labels, counts }` (rows gold, columns predicted). */
function confusionFromEval(json: string): ConfusionMatrix {
  const c = (JSON.parse(json) as { confusion: unknown }).confusion as Partial<ConfusionMatrix>;
  if (!Array.isArray(c.labels) || !Array.isArray(c.counts)) {
    throw new Error(`kornlp eval printed no { labels, counts } confusion: ${json.slice(0, 300)}`);
  }
  return { labels: c.labels, counts: c.counts };
}

try {
  // The epoch lines go to stderr, the final JSON summary to stdout.
  const run = spawnSync(kornlp, trainArgs, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (run.status !== 0) throw new Error(`kornlp train failed:\n${run.stderr}`);
  const log = run.stderr;
  writeFileSync(join(images, 'training-curve.svg'), trainingCurvesSvg(historyPanels(historyFromLog(log))));
  const evalJson = execFileSync(
    kornlp,
    ['eval', '--model', model, '--data', 'examples/data/sentiment.dev.tsv'],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  writeFileSync(
    join(images, 'confusion-matrix.svg'),
    confusionMatrixSvg(confusionFromEval(evalJson), { title: 'Sentiment dev set (kornlp eval)' }),
  );
  const att = spawnSync(kornlp, attentionArgs, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (att.status !== 0) throw new Error(`kornlp train --encoder attention failed:\n${att.stderr}`);
  const { tokens, weights } = await attentionWeights(attentionModel, heatmapSentence);
  writeFileSync(
    join(images, 'attention-heatmap.svg'),
    attentionSvg(tokens, weights, { title: `Attention pooling weights: ${heatmapSentence}` }),
  );
  console.log(`attention weights: ${tokens.map((t, i) => `${t} ${weights[i]!.toFixed(3)}`).join(', ')}`);
  console.log('wrote docs/images/training-curve.svg, confusion-matrix.svg and attention-heatmap.svg');
} finally {
  rmSync(work, { recursive: true, force: true });
}
