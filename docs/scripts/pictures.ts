/**
 * Regenerates the pictures of the guides from real runs of the CLI:
 *   docs/images/training-curve.svg   — `kornlp train` on the bundled sentiment data (its epoch lines)
 *   docs/images/confusion-matrix.svg — `kornlp eval` of that model on the bundled dev set
 * (docs/images/pipeline.svg is drawn by hand.)
 *
 * Both are drawn by @kornlp/tasks's own chart renderers.
 *
 *   node --conditions=kornlp-source --import tsx docs/scripts/pictures.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ConfusionMatrix, confusionMatrixSvg, historyPanels, trainingCurvesSvg } from '@kornlp/tasks';

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
  console.log('wrote docs/images/training-curve.svg and docs/images/confusion-matrix.svg');
} finally {
  rmSync(work, { recursive: true, force: true });
}
