// pnpm bench:wasm-kernels — kornlp's wasm kernels against the tfjs-backend-wasm kernels they
// replace, in one run: each kernel alone (fastest of many calls), then whole training and
// inference steps of the recurrent presets (batch 64, length 30, Adam) with either set
// registered. Step costs are CPU milliseconds (the fastest step of several): on a shared machine
// that is steadier than wall time. Covered: the leading-axis Sum (bias gradients) and the
// row-copying GatherV2 (Embedding lookups). BENCH_PRESETS picks the presets.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { getPreset, initBackend, tf } from '@kornlp/models';

const REPLACED = [tf.Sum, tf.GatherV2];
// The backend is @kornlp/models' dependency: load that very copy to read its stock kernels first.
const fromModels = createRequire(new URL('../packages/models/package.json', import.meta.url));
await import(pathToFileURL(fromModels.resolve('@tensorflow/tfjs-backend-wasm')).href);
const stock = REPLACED.map((name) => tf.getKernel(name, 'wasm') as tf.KernelConfig);
await initBackend({ prefer: 'wasm' });
const ours = REPLACED.map((name) => tf.getKernel(name, 'wasm') as tf.KernelConfig);
const use = (configs: tf.KernelConfig[]) => {
  for (const c of configs) {
    tf.unregisterKernel(c.kernelName, 'wasm');
    tf.registerKernel(c);
  }
};
const backend = tf.backend();

function fastestMs(fn: () => void, calls = 30): number {
  for (let i = 0; i < 3; i++) fn();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

console.log('kernel (fastest call, ms)               tfjs   kornlp  speed-up');
const kernelCase = (label: string, i: number, inputs: Record<string, tf.Tensor>, attrs: object) => {
  const run = (k: tf.KernelConfig) => () => {
    const out = k.kernelFunc({ inputs, backend, attrs } as never) as tf.TensorInfo;
    backend.disposeData(out.dataId);
  };
  let a = Number.POSITIVE_INFINITY;
  let b = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    a = Math.min(a, fastestMs(run(stock[i] as tf.KernelConfig)));
    b = Math.min(b, fastestMs(run(ours[i] as tf.KernelConfig)));
  }
  console.log(
    `${label.padEnd(38)} ${a.toFixed(3).padStart(6)}  ${b.toFixed(3).padStart(6)}  ${(a / b).toFixed(1)}x`,
  );
};
const table = tf.randomNormal([5000, 100]);
const ids = tf.tensor2d(
  Int32Array.from({ length: 64 * 30 }, (_, i) => (i * 7919) % 5000),
  [64, 30],
  'int32',
);
const grad = tf.randomNormal([1920, 512]);
kernelCase('GatherV2 [5000,100] by [64,30] ids', 1, { x: table, indices: ids }, { axis: 0, batchDims: 0 });
kernelCase('Sum over rows of [1920,512]', 0, { x: grad }, { axis: [0], keepDims: false });
kernelCase(
  'Sum over axes 0,1 of [64,30,384]',
  0,
  { x: tf.randomNormal([64, 30, 384]) },
  { axis: [0, 1], keepDims: false },
);

const B = 64;
const T = 30;
const y = tf.tensor2d(
  Float32Array.from({ length: B }, (_, i) => i % 2),
  [B, 1],
);
async function fastestCpuMs(fn: () => Promise<void>, steps: number): Promise<number> {
  for (let i = 0; i < 2; i++) await fn();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < steps; i++) {
    const c0 = process.cpuUsage();
    await fn();
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1000);
  }
  return best;
}
const warn = console.warn;
console.warn = () => {}; // tfjs's orthogonal-initializer notices
console.log('\npreset step (fastest, CPU ms)   train tfjs  kornlp  saved   infer tfjs  kornlp  saved');
for (const name of (process.env.BENCH_PRESETS ?? 'seed-lstm,seed-gru,seed-bi-gru').split(',')) {
  const model = getPreset(name, { maxLen: T });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'binaryCrossentropy' });
  const train = async () => {
    await model.trainOnBatch(ids, y);
  };
  const infer = async () => {
    const p = model.predict(ids, { batchSize: B }) as tf.Tensor;
    await p.data();
    p.dispose();
  };
  const best = { trainStock: Infinity, trainOurs: Infinity, inferStock: Infinity, inferOurs: Infinity };
  // Interleaved rounds, so both kernel sets see about the same machine load.
  for (let round = 0; round < 3; round++) {
    use(stock);
    best.trainStock = Math.min(best.trainStock, await fastestCpuMs(train, 5));
    best.inferStock = Math.min(best.inferStock, await fastestCpuMs(infer, 8));
    use(ours);
    best.trainOurs = Math.min(best.trainOurs, await fastestCpuMs(train, 5));
    best.inferOurs = Math.min(best.inferOurs, await fastestCpuMs(infer, 8));
  }
  const saved = (a: number, b: number) => `${(((a - b) / a) * 100).toFixed(0)}%`.padStart(5);
  console.log(
    `${name.padEnd(30)} ${best.trainStock.toFixed(1).padStart(10)}  ${best.trainOurs.toFixed(1).padStart(6)}  ${saved(best.trainStock, best.trainOurs)}   ${best.inferStock.toFixed(1).padStart(10)}  ${best.inferOurs.toFixed(1).padStart(6)}  ${saved(best.inferStock, best.inferOurs)}`,
  );
  model.dispose();
}
console.warn = warn;
tf.dispose([table, ids, grad, y]);
