import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nativeModule, nativeUnavailableReason, setNativeEnabled } from '../src/backend/native.js';
import { wasmThreads } from '../src/backend/wasm_threads.js';
import { ConfigError, FusedGRU, initBackend, tf } from '../src/index.js';

// initBackend's native accelerator fields and options. Its own file: it changes the process's
// thread settings. Runs with and without the accelerator (KORNLP_NATIVE=0); the cases that need
// one state or the other say so.
const available = nativeUnavailableReason() === undefined;
const avx512 =
  process.platform === 'linux' &&
  process.arch === 'x64' &&
  ['avx512f', 'avx512dq', 'avx512cd', 'avx512bw', 'avx512vl'].every((f) =>
    new RegExp(`^flags\\s*:.* ${f}( |$)`, 'm').test(readFileSync('/proc/cpuinfo', 'utf8')),
  );

/** The BLAS build string a fresh process reports, with OPENBLAS_CORETYPE as given (or unset). */
function blasIn(coreType: string | undefined): { blas: string; inherited: string } {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  if (coreType) env.OPENBLAS_CORETYPE = coreType;
  const native = fileURLToPath(new URL('../src/backend/native.ts', import.meta.url));
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `import(${JSON.stringify(native)}).then(({ nativeModule }) => console.log(JSON.stringify({
         blas: nativeModule().info().blas, inherited: String(process.env.OPENBLAS_CORETYPE) })))`,
    ],
    { encoding: 'utf8', env },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { blas: string; inherited: string };
}

function rand(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

/** A large product and one Adam step of a small GRU classifier: the numbers to compare. */
function compute(): { product: Float32Array; loss: number; kernel: Float32Array } {
  return tf.tidy(() => {
    const product = tf
      .matMul(tf.tensor2d(rand(300 * 200, 1), [300, 200]), tf.tensor2d(rand(200 * 150, 2), [200, 150]))
      .dataSync()
      .slice() as Float32Array;
    const layer = new FusedGRU({ units: 16 });
    layer.build([8, 12, 10]);
    layer.setWeights([
      tf.tensor2d(rand(10 * 48, 4), [10, 48]),
      tf.tensor2d(rand(16 * 48, 5), [16, 48]),
      tf.tensor2d(rand(2 * 48, 6), [2, 48]),
    ]);
    const x = tf.tensor3d(rand(8 * 12 * 10, 3), [8, 12, 10]);
    const opt = tf.train.adam(0.01);
    const loss = opt.minimize(() => (layer.apply(x) as tf.Tensor).square().mean() as tf.Scalar, true)!;
    const kernel = layer.getWeights()[0]!.dataSync().slice() as Float32Array;
    const out = { product, loss: loss.dataSync()[0] as number, kernel };
    opt.dispose();
    for (const w of layer.weights) w.dispose();
    return out;
  });
}

describe('initBackend and the native accelerator', () => {
  it.skipIf(!available)(
    'reports native, the BLAS build and BLAS threads; the wasm build stays single-threaded (needs the accelerator built)',
    async () => {
      const one = await initBackend({ prefer: 'wasm', threads: 1, native: true });
      expect(one).toMatchObject({ name: 'wasm', simd: true, kernels: true, native: true, threads: 1 });
      expect(one.blas).toMatch(/OpenBLAS/);
      expect(one.skipped.some((s) => s.startsWith('native:'))).toBe(false);
      const reference = compute();
      const two = await initBackend({ prefer: 'wasm', threads: 2 });
      expect(two).toMatchObject({ name: 'wasm', native: true, threads: 2 });
      expect(nativeModule()!.info().threads).toBe(2);
      expect(wasmThreads()).toBe(1);
      const before = tf.memory().numTensors;
      const got = compute();
      expect(tf.memory().numTensors).toBe(before);
      expect(maxAbsDiff(got.product, reference.product)).toBeLessThan(1e-4);
      expect(Math.abs(got.loss - reference.loss)).toBeLessThan(1e-6);
      expect(maxAbsDiff(got.kernel, reference.kernel)).toBeLessThan(1e-6);
      // A library's own initBackend() keeps the application's threads and native setting.
      expect(await initBackend({ prefer: 'wasm' })).toMatchObject({ native: true, threads: 2 });
      expect((await initBackend({ prefer: 'wasm', threads: 1 })).threads).toBe(1);
      expect(nativeModule()!.info().threads).toBe(1);
    },
  );

  it.skipIf(!available)(
    'native: false and setNativeEnabled switch kernels to wasm and back, with the same numbers (needs the accelerator built)',
    async () => {
      const on = await initBackend({ prefer: 'wasm', threads: 1, native: true });
      expect(on.native).toBe(true);
      const withNative = compute();
      const off = await initBackend({ prefer: 'wasm', native: false });
      expect(off).toMatchObject({ name: 'wasm', native: false, threads: 1 });
      expect(off.blas).toBeUndefined();
      expect(off.skipped).toContain('native: turned off (initBackend({ native: false }))');
      expect(nativeModule()).toBeUndefined();
      const withWasm = compute();
      expect(maxAbsDiff(withWasm.product, withNative.product)).toBeLessThan(1e-4);
      expect(Math.abs(withWasm.loss - withNative.loss)).toBeLessThan(1e-5);
      expect(maxAbsDiff(withWasm.kernel, withNative.kernel)).toBeLessThan(1e-5);
      // The internal switch the tests use is what initBackend reports next.
      expect(setNativeEnabled(true)).toBe(false);
      expect((await initBackend({ prefer: 'wasm' })).native).toBe(true);
      expect(setNativeEnabled(false)).toBe(true);
      expect((await initBackend({ prefer: 'wasm' })).native).toBe(false);
      setNativeEnabled(true);
    },
  );

  it.skipIf(available)(
    'without the accelerator: native false with the reason in skipped, and native: true is a ConfigError (needs KORNLP_NATIVE=0 or no build)',
    async () => {
      const info = await initBackend({ prefer: 'wasm', threads: 1 });
      expect(info.native).toBe(false);
      expect(info.skipped.some((s) => s.startsWith('native: '))).toBe(true);
      await expect(initBackend({ prefer: 'wasm', native: true })).rejects.toThrow(ConfigError);
      await expect(initBackend({ prefer: 'wasm', native: true })).rejects.toThrow(
        /native: true, but the native accelerator is (disabled by KORNLP_NATIVE=0|not built)/,
      );
    },
  );

  it.skipIf(!available || !avx512)(
    'picks OpenBLAS’s AVX-512 kernels on an AVX-512 CPU unless OPENBLAS_CORETYPE says otherwise, without leaking the variable (needs the accelerator and AVX-512)',
    () => {
      expect(blasIn(undefined)).toEqual({
        blas: expect.stringMatching(/ SkylakeX /),
        inherited: 'undefined',
      });
      expect(blasIn('Haswell')).toEqual({ blas: expect.stringMatching(/ Haswell /), inherited: 'Haswell' });
    },
    60_000,
  );

  it.skipIf(!available)(
    'Embedding lookups (GatherV2) and their gradient (UnsortedSegmentSum) equal the JS kernels exactly (needs the accelerator built)',
    async () => {
      await initBackend({ prefer: 'wasm' });
      const run = (native: boolean) => {
        setNativeEnabled(native);
        return tf.tidy(() => {
          const table = tf.tensor2d(rand(50 * 7, 9), [50, 7]);
          const ids = tf.tensor2d([3, 3, 0, 49, 7, 12], [2, 3], 'int32');
          const looked = tf.gather(table, ids).dataSync().slice();
          // Repeated ids add up; -1 and 50 are dropped, as TensorFlow does.
          const rows = tf.tensor2d(rand(6 * 7, 10), [6, 7]);
          const seg = tf.tensor1d([3, 3, -1, 49, 50, 0], 'int32');
          const summed = tf.unsortedSegmentSum(rows, seg, 50).dataSync().slice();
          const emb = tf.variable(table, true, `emb_${native}`);
          const { grads } = tf.variableGrads(() => tf.gather(emb, ids).square().sum() as tf.Scalar, [emb]);
          const grad = Object.values(grads)[0]!.dataSync().slice();
          emb.dispose();
          return [looked, summed, grad];
        });
      };
      const js = run(false);
      const native = run(true);
      for (let i = 0; i < 3; i++) expect(native[i]).toEqual(js[i]);
      // Row 3 was summed twice, by hand; rows 49's and 0's once.
      const r = rand(6 * 7, 10);
      expect(native[1]![3 * 7]).toBeCloseTo((r[0] as number) + (r[7] as number), 6);
      expect(native[1]![49 * 7 + 2]).toBeCloseTo(r[3 * 7 + 2] as number, 6);
      expect(() => tf.gather(tf.tensor2d([1, 2], [2, 1]), tf.tensor1d([2], 'int32'))).toThrow(
        /index value 2/,
      );
    },
  );

  it('the cpu backend never uses the accelerator and says so', async () => {
    const info = await initBackend({ prefer: 'cpu' });
    expect(info).toMatchObject({ name: 'cpu', native: false, threads: 1 });
    expect(info.skipped).toContain('native: the accelerator works on the wasm backend only');
    await initBackend({ prefer: 'wasm' });
  });
});
