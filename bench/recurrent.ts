// pnpm bench:recurrent — train and inference speed of preset-shaped recurrent classifiers
// (Embedding 5000×100 → RNN 128 → Dense 1 sigmoid, batch 64, length 30, Adam, binary
// cross-entropy) on wasm: kornlp's fused layers (FusedLSTM / FusedGRU / Bidirectional(FusedGRU))
// vs tfjs-layers' own recurrent layers, both as tf.sequential models driven by trainOnBatch /
// predict, vs PyTorch 1.13 with 1 and 2 threads, all measured interleaved in this one run.
// Besides samples/s (wall clock, best of 3 blocks), it prints CPU ms per step: on a shared
// machine that is the steadier figure (PyTorch with 2 threads spends CPU on both cores).
// BENCH_THREADS (default 1) lists the wasm thread counts to run the fused layers with, e.g. 1,2
// (initBackend's `threads`: tfjs-backend-wasm's threaded SIMD build); tfjs-layers runs on the first.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FusedGRU, FusedLSTM, initBackend, tf } from '@kornlp/models';

const B = 64;
const T = 30;
const V = 5000;
const E = 100;
const U = 128;
const STEPS = Number(process.env.BENCH_STEPS ?? 10);
const MODELS = (process.env.BENCH_MODELS ?? 'lstm,gru,bigru').split(',') as Kind[];
const THREADS = (process.env.BENCH_THREADS ?? '1').split(',').map(Number);
type Kind = 'lstm' | 'gru' | 'bigru';

/** Wall and CPU milliseconds per call. */
interface Cost {
  ms: number;
  cpuMs: number;
}
interface Timing {
  train: Cost;
  infer: Cost;
}

// Made per measurement: switching the wasm build (threads) disposes every wasm tensor.
function batch(): [tf.Tensor, tf.Tensor] {
  const ids = tf.tensor2d(
    Int32Array.from({ length: B * T }, (_, i) => 1 + ((i * 7919) % (V - 1))),
    [B, T],
    'int32',
  );
  const labels = tf.tensor2d(
    Float32Array.from({ length: B }, (_, i) => i % 2),
    [B, 1],
  );
  return [ids, labels];
}

/** Cost per call: the fastest of 3 timed blocks of STEPS calls, after a warm-up (the machine is shared). */
async function time(fn: () => unknown): Promise<Cost> {
  for (let i = 0; i < 2; i++) await fn(); // warm-up: wasm compilation, XNNPACK weight packing
  let best: Cost = { ms: Number.POSITIVE_INFINITY, cpuMs: Number.POSITIVE_INFINITY };
  for (let block = 0; block < 3; block++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let i = 0; i < STEPS; i++) await fn();
    const ms = (performance.now() - t0) / STEPS;
    const c = process.cpuUsage(c0);
    if (ms < best.ms) best = { ms, cpuMs: (c.user + c.system) / 1000 / STEPS };
  }
  return best;
}

function rnnLayer(kind: Kind, fused: boolean): tf.layers.Layer {
  const gru = () =>
    fused ? new FusedGRU({ units: U }) : tf.layers.gru({ units: U, recurrentActivation: 'sigmoid' });
  if (kind === 'lstm')
    return fused ? new FusedLSTM({ units: U }) : tf.layers.lstm({ units: U, recurrentActivation: 'sigmoid' });
  if (kind === 'gru') return gru();
  return tf.layers.bidirectional({ layer: gru() as never });
}

async function measure(kind: Kind, fused: boolean, threads: number): Promise<Timing> {
  await initBackend({ prefer: 'wasm', threads });
  const [ids, labels] = batch();
  const model = tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: V, outputDim: E, inputLength: T }),
      rnnLayer(kind, fused),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'binaryCrossentropy' });
  const train = await time(() => model.trainOnBatch(ids, labels));
  const infer = await time(() => {
    const p = model.predict(ids, { batchSize: B }) as tf.Tensor;
    p.dataSync();
    p.dispose();
  });
  model.dispose();
  tf.dispose([ids, labels]);
  return { train, infer };
}

function torch(threads: number, kind: Kind): Timing | undefined {
  const script = fileURLToPath(new URL('./reference/recurrent_torch.py', import.meta.url));
  const r = spawnSync(
    '/usr/bin/python3',
    [script, '--threads', String(threads), '--steps', String(STEPS), '--models', kind],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) {
    const why = (r.stderr || r.error?.message || '').trim().split('\n').pop();
    console.log(`  (PyTorch ${threads}-thread reference failed: ${why})`);
    return undefined;
  }
  const j = JSON.parse(r.stdout.trim()) as Record<string, number>;
  return {
    train: { ms: j.train_ms as number, cpuMs: j.train_cpu_ms as number },
    infer: { ms: j.infer_ms as number, cpuMs: j.infer_cpu_ms as number },
  };
}

const sps = (c: Cost | undefined) => (c ? (B * 1000) / c.ms : Number.NaN);
const num = (x: number | undefined, width = 7) =>
  x !== undefined && Number.isFinite(x) ? x.toFixed(0).padStart(width) : '–'.padStart(width);
const ratio = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && Number.isFinite(a / b) ? `${(a / b).toFixed(2)}x` : '–';

console.log(
  `Embedding(${V},${E}) → RNN(${U}) → Dense(1), batch ${B}, length ${T}; best of 3 × ${STEPS} steps`,
);
// Interleaved per model, so every contender sees about the same machine load.
for (const kind of MODELS) {
  const p1 = torch(1, kind);
  const fusedBy = new Map<number, Timing>();
  for (const t of THREADS) fusedBy.set(t, await measure(kind, true, t));
  const fused = fusedBy.get(THREADS[0] as number) as Timing;
  const p2 = torch(2, kind);
  const layers = await measure(kind, false, THREADS[0] as number);
  console.log(`\n${kind}                      train/s  infer/s  train CPU ms  infer CPU ms`);
  const row = (name: string, t: Timing | undefined) =>
    console.log(
      `  ${name.padEnd(22)} ${num(sps(t?.train))}  ${num(sps(t?.infer))}  ${num(t?.train.cpuMs, 12)}  ${num(t?.infer.cpuMs, 12)}`,
    );
  for (const [t, timing] of fusedBy) row(`fused (kornlp, wasm ${t}t)`, timing);
  row(`tfjs-layers (wasm ${THREADS[0]}t)`, layers);
  row('PyTorch 1 thread', p1);
  row('PyTorch 2 threads', p2);
  const line = (name: string, t: Timing | undefined) =>
    console.log(
      `  fused vs ${name.padEnd(13)} samples/s: train ${ratio(t?.train.ms, fused.train.ms)}, infer ${ratio(t?.infer.ms, fused.infer.ms)}` +
        `   per CPU-ms: train ${ratio(t?.train.cpuMs, fused.train.cpuMs)}, infer ${ratio(t?.infer.cpuMs, fused.infer.cpuMs)}`,
    );
  line('tfjs-layers', layers);
  line('PyTorch 1t', p1);
  line('PyTorch 2t', p2);
  for (const [t, timing] of fusedBy)
    if (t > 1)
      console.log(
        `  fused ${t}t vs PyTorch 2t    samples/s: train ${ratio(p2?.train.ms, timing.train.ms)}, infer ${ratio(p2?.infer.ms, timing.infer.ms)}`,
      );
}
