// pnpm bench:models — training and inference samples/s of each kornlp preset (getPreset, Adam,
// binary cross-entropy, batch 64, length 30) on the chosen backend, next to the same model in
// PyTorch 1.13 (Debian python3-torch) with 1 thread (wasm is single-threaded) and 2 threads,
// all measured in this one run. Each side takes the fastest of 3 timed blocks after warm-up.
// BENCH_STEPS (default 5) sets the steps per block; BENCH_PRESETS a comma list of presets.
// KORNLP_THREADS=2 runs kornlp on wasm's threaded build; the ratio is then against torch 2 threads.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getPreset, initBackend, listPresets, tf } from '@kornlp/models';

const B = 64;
const STEPS = Number(process.env.BENCH_STEPS ?? 5);
// PyTorch mirrors of these presets exist in bench/reference/torch_models.py.
const TORCH_MODELS = [
  'seed-simple-rnn',
  'seed-lstm',
  'seed-gru',
  'seed-bi-gru',
  'seed-attention',
  'seed-transformer',
];
const PRESETS = (process.env.BENCH_PRESETS ?? listPresets().join(',')).split(',');

async function bestMs(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 2; i++) await fn();
  let best = Number.POSITIVE_INFINITY;
  for (let b = 0; b < 3; b++) {
    const t0 = performance.now();
    for (let i = 0; i < STEPS; i++) await fn();
    best = Math.min(best, (performance.now() - t0) / STEPS);
  }
  return best;
}

async function measure(name: string): Promise<{ len: number; trainMs: number; inferMs: number }> {
  const len = name === 'seed-transformer' ? 100 : 30;
  const model = getPreset(name, { maxLen: len });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'binaryCrossentropy' });
  const x = tf.tensor2d(
    Int32Array.from({ length: B * len }, (_, i) => (i * 7919) % 5000),
    [B, len],
    'int32',
  );
  const y = tf.tensor2d(
    Float32Array.from({ length: B }, (_, i) => i % 2),
    [B, 1],
  );
  const trainMs = await bestMs(() => model.trainOnBatch(x, y));
  const inferMs = await bestMs(async () => {
    const p = model.predict(x, { batchSize: B }) as tf.Tensor;
    await p.data();
    p.dispose();
  });
  tf.dispose([x, y]);
  model.dispose();
  return { len, trainMs, inferMs };
}

function torch(threads: number, models: string[]): Map<string, { trainMs: number; inferMs: number }> {
  const script = fileURLToPath(new URL('./reference/torch_models.py', import.meta.url));
  const r = spawnSync(
    '/usr/bin/python3',
    [script, '--threads', String(threads), '--steps', String(STEPS), '--models', models.join(',')],
    { encoding: 'utf8' },
  );
  const out = new Map<string, { trainMs: number; inferMs: number }>();
  if (r.status !== 0) {
    console.error(`PyTorch reference failed (${r.error?.message ?? r.stderr.trim().split('\n').pop()})`);
    return out;
  }
  for (const line of r.stdout.trim().split('\n')) {
    const j = JSON.parse(line) as { model: string; trainMs: number; inferMs: number };
    out.set(j.model, j);
  }
  return out;
}

const info = await initBackend();
const warn = console.warn;
console.warn = () => {}; // tfjs's orthogonal-initializer notices
const ours = new Map<string, { len: number; trainMs: number; inferMs: number }>();
for (const name of PRESETS) ours.set(name, await measure(name));
console.warn = warn;
const withTorch = PRESETS.filter((p) => TORCH_MODELS.includes(p));
const t1 = torch(1, withTorch);
const t2 = torch(2, withTorch);

const sps = (ms: number | undefined) => (ms === undefined ? '—' : ((B * 1000) / ms).toFixed(0));
// Compared with PyTorch on as many threads as kornlp uses.
const same = Math.min(info.threads, 2);
const ratio = (a: number, b: number | undefined) => (b === undefined ? '—' : `${(b / a).toFixed(2)}x`);
console.log(
  `kornlp presets on ${info.name}${info.simd ? ' (SIMD)' : ''}, ${info.threads} thread(s) vs PyTorch ${'1.13'}; batch ${B}, samples/s (best of 3 blocks of ${STEPS} steps); ratio = kornlp / torch(${same} thread${same > 1 ? 's' : ''})`,
);
const header = [
  'preset',
  'len',
  'train kornlp',
  'torch 1t',
  'torch 2t',
  'ratio',
  'infer kornlp',
  'torch 1t',
  'torch 2t',
  'ratio',
];
const rows = PRESETS.map((name) => {
  const o = ours.get(name)!;
  const a = t1.get(name);
  const b = t2.get(name);
  return [
    name,
    String(o.len),
    sps(o.trainMs),
    sps(a?.trainMs),
    sps(b?.trainMs),
    ratio(o.trainMs, (same > 1 ? b : a)?.trainMs),
    sps(o.inferMs),
    sps(a?.inferMs),
    sps(b?.inferMs),
    ratio(o.inferMs, (same > 1 ? b : a)?.inferMs),
  ];
});
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
for (const r of [header, ...rows]) console.log(r.map((c, i) => c.padStart(widths[i] as number)).join('  '));
