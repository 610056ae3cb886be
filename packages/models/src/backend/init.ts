import { createRequire } from 'node:module';
import { ConfigError } from '@kornlp/core';
import { installFusedAdam } from './adam.js';
import { makeFastBatchMatMul, makeFastFusedMatMul } from './batch_matmul.js';
import { makeRowGather } from './gather.js';
import { identityConfig } from './identity.js';
import { nativeModule, nativeUnavailableReason, setNativeEnabled } from './native.js';
import { makeBlockReverse } from './reverse.js';
import { makeHeapSlice } from './slice.js';
import { makeLeadingAxisSum } from './sum.js';
import { tf } from './tf.js';
import { makeHeapTile } from './tile.js';
import { unsortedSegmentSumConfig } from './unsorted_segment_sum.js';
import { useWasmThreads, wasmThreads } from './wasm_threads.js';

/** Backends {@link initBackend} can choose, fastest first. */
export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;
/** A TensorFlow.js backend kornlp can run on. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Options for {@link initBackend}. */
export interface InitBackendOptions {
  /**
   * The backend to use, or `auto` to take the fastest that really loads: `tensorflow`
   * (`@tensorflow/tfjs-node`, optional), then `wasm` (with SIMD), then `cpu`. The environment
   * variable `KORNLP_BACKEND` overrides `auto`.
   * @default 'auto'
   */
  prefer?: BackendName | 'auto';
  /**
   * Compute threads. With the native accelerator these are OpenBLAS's threads (every matmul and
   * recurrence) and the wasm build stays single-threaded; without it, above 1 kornlp loads
   * tfjs-backend-wasm's threaded SIMD build (which tfjs itself never uses in Node) with an XNNPACK
   * pool of that many worker threads. Changing the wasm build replaces that backend (existing wasm
   * tensors die with it); leaving the option out keeps the current setting, so a library's own
   * `initBackend()` call never undoes an application's choice.
   * @default the current setting; at first the environment variable `KORNLP_THREADS`, else 1
   */
  threads?: number;
  /**
   * Whether the wasm backend may hand matmuls, whole recurrences and Adam steps to kornlp's native
   * accelerator (C++ and OpenBLAS, built at `pnpm install` when g++ and libopenblas-dev are
   * present). `true` fails with a {@link ConfigError} saying why when it is not available; leaving
   * the option out keeps the current setting. The environment variable `KORNLP_NATIVE=0` keeps the
   * module from ever loading (and from being built).
   * @default the current setting; at first `true` when the module is built and loads
   */
  native?: boolean;
}

/** What {@link initBackend} chose. */
export interface BackendInfo {
  /** The active backend. */
  name: BackendName;
  /** wasm only: whether the SIMD build is in use. */
  simd: boolean;
  /**
   * Compute threads (see {@link InitBackendOptions.threads}): OpenBLAS's when `native`, else the
   * wasm build's XNNPACK threads; 1 on other backends.
   */
  threads: number;
  /** Whether the native accelerator (C++ and OpenBLAS on the wasm heap) runs matmuls and recurrences. */
  native: boolean;
  /** With `native`: the OpenBLAS build, e.g. `OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64`. */
  blas?: string;
  /** wasm only: whether kornlp's kernels (UnsortedSegmentSum, fast BatchMatMul, Sum, GatherV2, ...) are registered. */
  kernels: boolean;
  /** Why faster backends (and the native accelerator) were skipped, one line each. */
  skipped: string[];
}

const require = createRequire(import.meta.url);
let wasmKernelsRegistered = false;
let current: Promise<BackendInfo> | undefined;
let currentKey: string | undefined;
/** The compute threads last set up (see {@link InitBackendOptions.threads}). */
let computeThreads: number | undefined;

function tryTensorflow(skipped: string[]): boolean {
  try {
    // The package may be linked without its native binary; requiring it then throws (or loads a
    // stub that cannot create the backend), so the whole load is guarded.
    require('@tensorflow/tfjs-node');
    if (!tf.findBackendFactory('tensorflow')) throw new Error('no tensorflow backend registered');
    return true;
  } catch (e) {
    skipped.push(`tensorflow: @tensorflow/tfjs-node did not load (${(e as Error).message.split('\n')[0]})`);
    return false;
  }
}

/**
 * Registers kornlp's wasm kernels (a `BatchMatMul` that transposes first, `UnsortedSegmentSum`, and
 * faster `Identity`, `Slice`, `Sum`, `GatherV2`, `Tile` and `Reverse`) and, for when the native accelerator is
 * on, a native `_FusedMatMul` (Dense layers) and a one-pass step for `tf.train.adam` optimizers; safe to call more than once. {@link initBackend}
 * calls it; call it yourself only when you set up the wasm backend without `initBackend`.
 *
 * @throws ConfigError when `@tensorflow/tfjs-backend-wasm` has not been imported
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-wasm';
 * import { registerWasmKernels, tf } from '@kornlp/models';
 * registerWasmKernels(); // before the first wasm op; a second call does nothing
 * await tf.setBackend('wasm');
 * console.log(tf.getBackend(), tf.getKernel('UnsortedSegmentSum', 'wasm') !== undefined); // wasm true
 * ```
 */
export function registerWasmKernels(): void {
  if (wasmKernelsRegistered) return;
  const original = tf.getKernel(tf.BatchMatMul, 'wasm');
  const transpose = tf.getKernel(tf.Transpose, 'wasm');
  if (!original || !transpose)
    throw new ConfigError('initBackend', 'wasm kernels BatchMatMul/Transpose not found');
  tf.unregisterKernel(tf.BatchMatMul, 'wasm');
  tf.registerKernel(makeFastBatchMatMul(original, transpose));
  if (!tf.getKernel(tf.UnsortedSegmentSum, 'wasm')) tf.registerKernel(unsortedSegmentSumConfig);
  tf.unregisterKernel(tf.Identity, 'wasm');
  tf.registerKernel(identityConfig);
  const replace = (name: string, make: (k: tf.KernelConfig) => tf.KernelConfig) => {
    const k = tf.getKernel(name, 'wasm');
    if (!k) return;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(make(k));
  };
  replace(tf.Slice, makeHeapSlice);
  replace(tf.Sum, makeLeadingAxisSum);
  replace(tf.GatherV2, makeRowGather);
  replace(tf.Tile, makeHeapTile);
  replace(tf.Reverse, makeBlockReverse);
  replace(tf._FusedMatMul, makeFastFusedMatMul);
  installFusedAdam();
  wasmKernelsRegistered = true;
}

async function tryWasm(skipped: string[], wasmThreadCount: number): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    await useWasmThreads(wasmThreadCount);
    registerWasmKernels();
    if (!(await tf.setBackend('wasm'))) throw new Error('setBackend returned false');
    return true;
  } catch (e) {
    skipped.push(`wasm: ${(e as Error).message.split('\n')[0]}`);
    return false;
  }
}

async function choose(prefer: BackendName | 'auto', threads: number): Promise<BackendInfo> {
  const skipped: string[] = [];
  const order: BackendName[] = prefer === 'auto' ? [...BACKEND_NAMES] : [prefer];
  const base = { simd: false, threads: 1, kernels: false, native: false };
  for (const name of order) {
    if (name === 'tensorflow') {
      if (tryTensorflow(skipped) && (await tf.setBackend('tensorflow'))) {
        skipped.push('native: the accelerator works on the wasm backend only');
        return { name, ...base, skipped };
      }
    } else if (name === 'wasm') {
      const native = nativeModule();
      // With the accelerator the heavy products run in OpenBLAS; a threaded wasm build would only
      // add idle pool threads competing for the same cores.
      if (await tryWasm(skipped, native ? 1 : threads)) {
        const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
        if (!native) {
          skipped.push(`native: ${nativeUnavailableReason()}`);
          return { name, ...base, simd, threads: wasmThreads(), kernels: true, skipped };
        }
        native.setThreads(threads);
        const { blas, threads: blasThreads } = native.info();
        return { name, simd, threads: blasThreads, kernels: true, native: true, blas, skipped };
      }
    } else if (await tf.setBackend('cpu')) {
      skipped.push('native: the accelerator works on the wasm backend only');
      return { name, ...base, skipped };
    }
  }
  throw new ConfigError(
    'initBackend',
    `backend ${JSON.stringify(prefer)} could not start: ${skipped.join('; ')}`,
  );
}

/**
 * Picks and starts the TensorFlow.js backend: the fastest that really loads, unless told which,
 * with kornlp's native accelerator when it is built. Call it once before building models; later
 * calls with the same options return the same result.
 *
 * @param options - see {@link InitBackendOptions}
 * @returns which backend is active, with how many threads, and why faster options were skipped
 * @throws ConfigError for an unknown backend or thread count, a backend that cannot start, or
 *   `native: true` without the accelerator
 * @example
 * ```ts
 * import { initBackend } from '@kornlp/models';
 * const info = await initBackend({ threads: 2 });
 * console.log(info.name, info.simd, info.native, info.threads); // wasm true true 2
 * console.log(info.blas); // OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64
 * // Without g++/libopenblas-dev (or with KORNLP_NATIVE=0): wasm true false 2, and info.skipped says why:
 * // [ 'tensorflow: @tensorflow/tfjs-node did not load (...)', 'native: disabled by KORNLP_NATIVE=0' ]
 * ```
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const fromEnv = process.env.KORNLP_BACKEND;
  const prefer = options.prefer ?? (fromEnv as BackendName | undefined) ?? 'auto';
  if (prefer !== 'auto' && !(BACKEND_NAMES as readonly string[]).includes(prefer)) {
    throw new ConfigError(
      'initBackend',
      `unknown backend ${JSON.stringify(prefer)}; expected one of auto, ${BACKEND_NAMES.join(', ')}`,
    );
  }
  // Unspecified keeps what is set up: a library's own initBackend() call must not swap the build
  // (and so dispose every wasm tensor) under an application that asked for threads.
  const fromEnvThreads = process.env.KORNLP_THREADS ? Number(process.env.KORNLP_THREADS) : undefined;
  const threads = options.threads ?? computeThreads ?? fromEnvThreads ?? 1;
  if (!Number.isInteger(threads) || threads < 1 || threads > 8) {
    throw new ConfigError(
      'initBackend',
      `threads must be an integer from 1 to 8, got ${JSON.stringify(options.threads ?? process.env.KORNLP_THREADS)}`,
    );
  }
  if (options.native !== undefined) {
    if (options.native) {
      setNativeEnabled(true);
      const why = nativeUnavailableReason();
      if (why) throw new ConfigError('initBackend', `native: true, but the native accelerator is ${why}`);
    } else setNativeEnabled(false);
  }
  const key = `${prefer}/${threads}/${nativeModule() ? 'native' : 'wasm'}`;
  if (current && currentKey === key) return current;
  currentKey = key;
  computeThreads = threads;
  current = choose(prefer, threads);
  try {
    return await current;
  } catch (e) {
    current = undefined;
    throw e;
  }
}
