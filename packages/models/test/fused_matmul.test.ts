import { beforeAll, describe, expect, it } from 'vitest';
import { nativeModule, nativeUnavailableReason, setNativeEnabled } from '../src/backend/native.js';
import { initBackend, tf } from '../src/index.js';

// _FusedMatMul (what Dense layers run) on wasm — native gemm plus bias/activation when the
// accelerator is on, XNNPACK otherwise — against tfjs's cpu backend: values and gradients.
const available = nativeUnavailableReason() === undefined;

function rand(shape: number[], seed: number): tf.Tensor {
  let s = seed >>> 0;
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return (s / 2 ** 32 - 0.5) * 4;
    }),
    shape,
  );
}

function maxRelDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  const scale = Math.max(1, ...Array.from(a, Math.abs));
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m / scale;
}

type Act = 'linear' | 'relu' | 'relu6' | 'sigmoid' | 'leakyrelu' | 'elu';
const cases: Array<{ a: number[]; b: number[]; ta?: boolean; tb?: boolean; bias: boolean; act: Act }> = [
  { a: [64, 100], b: [100, 48], bias: true, act: 'linear' },
  { a: [64, 100], b: [100, 48], bias: true, act: 'relu' },
  { a: [30, 20], b: [20, 10], bias: false, act: 'relu6' },
  { a: [2, 30, 20], b: [2, 20, 10], bias: true, act: 'sigmoid' },
  { a: [20, 30], b: [10, 20], ta: true, tb: true, bias: true, act: 'leakyrelu' },
  { a: [30, 20], b: [10, 20], tb: true, bias: true, act: 'elu' },
];

describe('_FusedMatMul on wasm', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it.skipIf(!available)(
    'runs natively when the accelerator is on (needs the accelerator built)',
    async () => {
      await tf.setBackend('wasm');
      const a = rand([8, 6], 1);
      const b = rand([6, 4], 2);
      const mod = nativeModule() as unknown as Record<string, (...args: unknown[]) => void>;
      const real = mod.biasActivation!;
      let calls = 0;
      mod.biasActivation = (...args: unknown[]) => {
        calls++;
        real(...args);
      };
      const y = tf.fused.matMul({ a, b, activation: 'relu' });
      mod.biasActivation = real;
      expect(calls).toBe(1);
      expect(Math.min(...y.dataSync())).toBeGreaterThanOrEqual(0);
      tf.dispose([a, b, y]);
    },
  );

  // Both paths: tfjs-backend-wasm's own kernel is wrong for batched and transposed operands, which
  // kornlp's wasm path routes around.
  for (const native of available ? [true, false] : [false])
    for (const [k, c] of cases.entries()) {
      it(`${native ? 'native' : 'wasm'}: ${JSON.stringify(c.a)}${c.ta ? 'ᵀ' : ''} × ${JSON.stringify(c.b)}${c.tb ? 'ᵀ' : ''}${c.bias ? ' + bias' : ''}, ${c.act}: values and gradients as the cpu backend`, async () => {
        const run = () =>
          tf.tidy(() => {
            const a = rand(c.a, 10 + k);
            const b = rand(c.b, 20 + k);
            const n = c.tb ? (c.b[c.b.length - 2] as number) : (c.b[c.b.length - 1] as number);
            const bias = c.bias ? rand([n], 30 + k) : undefined;
            const f = (x: tf.Tensor, y: tf.Tensor) =>
              tf.fused
                .matMul({
                  a: x,
                  b: y,
                  transposeA: c.ta ?? false,
                  transposeB: c.tb ?? false,
                  ...(bias ? { bias } : {}),
                  activation: c.act,
                })
                .square()
                .sum();
            const out = tf.fused.matMul({
              a,
              b,
              transposeA: c.ta ?? false,
              transposeB: c.tb ?? false,
              ...(bias ? { bias } : {}),
              activation: c.act,
            });
            const [ga, gb] = tf.grads(f)([a, b]);
            return [out.dataSync().slice(), ga!.dataSync().slice(), gb!.dataSync().slice()] as Float32Array[];
          });
        await tf.setBackend('cpu');
        const cpu = run();
        await tf.setBackend('wasm');
        setNativeEnabled(native);
        const before = tf.memory().numTensors;
        const wasm = run();
        setNativeEnabled(true);
        expect(tf.memory().numTensors).toBe(before);
        for (let i = 0; i < 3; i++) expect(maxRelDiff(cpu[i]!, wasm[i]!)).toBeLessThan(1e-5);
      });
    }
});
