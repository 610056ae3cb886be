// pnpm bench:backend — train-step time of the reference LSTM model on wasm (with kornlp's kernels)
// against tfjs's cpu backend, both measured in this one run.
import { initBackend, tf } from '@kornlp/models';

const BATCH = 64;
const LEN = 30;
const VOCAB = 5000;

function buildModel(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: VOCAB, outputDim: 100, inputLength: LEN }),
      tf.layers.lstm({ units: 128 }),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'binaryCrossentropy' });
  return model;
}

async function timeSteps(backend: 'wasm' | 'cpu', steps: number, warmup: boolean): Promise<number> {
  await initBackend({ prefer: backend });
  tf.setBackend(backend);
  const model = buildModel();
  const ids = Int32Array.from({ length: BATCH * LEN }, (_, i) => (i * 7919) % VOCAB);
  const x = tf.tensor2d(ids, [BATCH, LEN], 'int32');
  const y = tf.tensor2d(
    Float32Array.from({ length: BATCH }, (_, i) => i % 2),
    [BATCH, 1],
  );
  if (warmup) await model.trainOnBatch(x, y); // kernel setup, wasm compilation
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
  const ms = (performance.now() - t0) / steps;
  tf.dispose([x, y]);
  model.dispose();
  return ms;
}

const wasmSteps = Number(process.env.BENCH_STEPS ?? 10);
const wasm = await timeSteps('wasm', wasmSteps, true);
// The cpu backend's UnsortedSegmentSum (the Embedding gradient) is O(vocab × batch × len × dim):
// one step takes minutes, so it is timed once, without warm-up (it has nothing to compile).
const cpu = await timeSteps('cpu', Number(process.env.BENCH_CPU_STEPS ?? 1), false);
console.log('Embedding(5000,100) → LSTM(128) → Dense(1), batch 64, length 30, one train step');
console.log(
  `  wasm + kornlp kernels : ${wasm.toFixed(1)} ms/step (${((BATCH * 1000) / wasm).toFixed(0)} samples/s)`,
);
console.log(
  `  cpu (tfjs reference)  : ${cpu.toFixed(1)} ms/step (${((BATCH * 1000) / cpu).toFixed(0)} samples/s)`,
);
console.log(`  ratio (wasm speed / cpu speed): ${(cpu / wasm).toFixed(2)}x`);
