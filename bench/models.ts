// pnpm bench:models — training and inference samples/s of each kornlp preset (getPreset, Adam,
// binary cross-entropy, batch 64, length 30; seed-transformer length 100) next to the same model
// in PyTorch (Debian python3-torch), both at 1 thread and both at 2 threads, in this one run.
// PyTorch runs as a server process (bench/reference/torch_models.py --serve) so that kornlp's and
// PyTorch's timed blocks alternate: on a shared machine both sides then see the same load. Each
// side takes the fastest of 5 blocks after 2 warm-up steps (load on a shared machine comes in bursts).
//
//   BENCH_PRESETS  comma list of presets (default: all; those without a PyTorch mirror show —)
//   BENCH_THREADS  comma list of thread counts (default 1,2); kornlp's threads are OpenBLAS's
//                  with the native accelerator, else the threaded wasm build's (initBackend)
//   BENCH_BLOCKS   timed blocks per side (default 5)
//   BENCH_STEPS    steps per timed block (default 5; seed-transformer, ~10x slower, takes 2 fewer)
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type BackendInfo, getPreset, initBackend, listPresets, tf } from '@kornlp/models';

const B = 64;
const STEPS = Number(process.env.BENCH_STEPS ?? 5);
const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 5);
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
const THREADS = (process.env.BENCH_THREADS ?? '1,2').split(',').map(Number);

/** PyTorch as a request/response child process; undefined when it does not start. */
class Torch {
  private readonly lines: AsyncIterator<string>;
  private constructor(
    private readonly child: ReturnType<typeof spawn>,
    readonly version: string,
    lines: AsyncIterator<string>,
  ) {
    this.lines = lines;
  }

  static async start(): Promise<Torch | undefined> {
    const script = fileURLToPath(new URL('./reference/torch_models.py', import.meta.url));
    const child = spawn('/usr/bin/python3', [script, '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    try {
      const first = await lines.next();
      if (first.done) throw new Error('exited');
      return new Torch(child, (JSON.parse(first.value) as { torch: string }).torch, lines);
    } catch (e) {
      console.error(`PyTorch reference did not start (${(e as Error).message}); its columns show —`);
      child.kill();
      return undefined;
    }
  }

  /** Mean ms per step over one block of `steps` steps. */
  async block(model: string, threads: number, what: 'train' | 'infer', steps: number): Promise<number> {
    this.child.stdin!.write(`${JSON.stringify({ model, threads, what, steps })}\n`);
    const r = await this.lines.next();
    if (r.done) throw new Error('PyTorch reference exited');
    return (JSON.parse(r.value) as { ms: number }).ms;
  }

  close(): void {
    this.child.stdin!.end();
  }
}

async function timeBlock(fn: () => Promise<unknown>, steps: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await fn();
  return (performance.now() - t0) / steps;
}

/** Best ms per step of each side, their blocks alternating. */
async function race(
  ours: () => Promise<unknown>,
  theirs: ((steps: number) => Promise<number>) | undefined,
  steps: number,
): Promise<[number, number | undefined]> {
  await timeBlock(ours, 2);
  await theirs?.(2);
  let a = Number.POSITIVE_INFINITY;
  let b = Number.POSITIVE_INFINITY;
  for (let i = 0; i < BLOCKS; i++) {
    a = Math.min(a, await timeBlock(ours, steps));
    if (theirs) b = Math.min(b, await theirs(steps));
  }
  return [a, theirs ? b : undefined];
}

interface Row {
  preset: string;
  threads: number;
  len: number;
  train: [number, number | undefined];
  infer: [number, number | undefined];
}

async function measure(name: string, threads: number, torch: Torch | undefined): Promise<Row> {
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
  const mirrored = torch && TORCH_MODELS.includes(name) ? torch : undefined;
  const theirs = (what: 'train' | 'infer') =>
    mirrored ? (steps: number) => mirrored.block(name, threads, what, steps) : undefined;
  const steps = name === 'seed-transformer' ? Math.max(1, STEPS - 2) : STEPS;
  const train = await race(() => model.trainOnBatch(x, y), theirs('train'), steps);
  const infer = await race(
    async () => {
      const p = model.predict(x, { batchSize: B }) as tf.Tensor;
      await p.data();
      p.dispose();
    },
    theirs('infer'),
    steps,
  );
  tf.dispose([x, y]);
  model.dispose();
  return { preset: name, threads, len, train, infer };
}

function describe(info: BackendInfo): string {
  const accel = info.native
    ? `native accelerator on (${info.blas}); kornlp threads = OpenBLAS threads, wasm single-threaded`
    : `native accelerator off (${info.skipped.find((s) => s.startsWith('native:'))?.slice(8) ?? '?'}); kornlp threads = wasm XNNPACK threads`;
  return `backend: ${info.name}${info.simd ? ' (SIMD)' : ''}, ${accel}`;
}

const torch = await Torch.start();
const warn = console.warn;
console.warn = () => {}; // tfjs's orthogonal-initializer notices
const rows: Row[] = [];
let info: BackendInfo | undefined;
for (const threads of THREADS) {
  info = await initBackend({ threads });
  for (const name of PRESETS) rows.push(await measure(name, threads, torch));
}
console.warn = warn;
torch?.close();

const sps = (ms: number | undefined) => (ms === undefined ? '—' : ((B * 1000) / ms).toFixed(0));
const ratio = ([a, b]: [number, number | undefined]) => (b === undefined ? '—' : `${(b / a).toFixed(2)}x`);
console.log(describe(info!));
console.log(
  `kornlp vs PyTorch ${torch?.version ?? '(not run)'} at the same threads; batch ${B}, samples/s (best of ${BLOCKS} alternating blocks of ${STEPS} steps, seed-transformer ${Math.max(1, STEPS - 2)}); ratio = kornlp / torch; load average ${loadavg()[0]!.toFixed(1)}`,
);
const header = [
  'preset',
  'len',
  'threads',
  'train kornlp',
  'torch',
  'ratio',
  'infer kornlp',
  'torch',
  'ratio',
];
const cells = rows.map((r) => [
  r.preset,
  String(r.len),
  String(r.threads),
  sps(r.train[0]),
  sps(r.train[1]),
  ratio(r.train),
  sps(r.infer[0]),
  sps(r.infer[1]),
  ratio(r.infer),
]);
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] as string).length)));
for (const r of [header, ...cells]) console.log(r.map((c, i) => c.padStart(widths[i] as number)).join('  '));
