import { createRequire } from 'node:module';
import { ConfigError } from '@kornlp/core';
import { makeFastBatchMatMul } from './batch_matmul.js';
import { makeRowGather } from './gather.js';
import { identityConfig } from './identity.js';
import { makeHeapSlice } from './slice.js';
import { makeLeadingAxisSum } from './sum.js';
import { tf } from './tf.js';
import { makeHeapTile } from './tile.js';
import { unsortedSegmentSumConfig } from './unsorted_segment_sum.js';
import { configuredWasmThreads, useWasmThreads, wasmThreads } from './wasm_threads.js';

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
   * wasm only: XNNPACK threads. Above 1, kornlp loads tfjs-backend-wasm's threaded SIMD build
   * (which tfjs itself never uses in Node) with a pool of that many worker threads, so every
   * matmul and convolution uses that many cores. Changing it after the wasm backend started
   * replaces that backend (existing wasm tensors die with it); leaving it out keeps the current
   * setting.
   * @default the current setting; at first the environment variable `KORNLP_THREADS`, else 1
   */
  threads?: number;
}

/** What {@link initBackend} chose. */
export interface BackendInfo {
  /** The active backend. */
  name: BackendName;
  /** wasm only: whether the SIMD build is in use. */
  simd: boolean;
  /** XNNPACK threads of the wasm backend (see {@link InitBackendOptions.threads}); 1 on other backends. */
  threads: number;
  /** wasm only: whether kornlp's kernels (UnsortedSegmentSum, fast BatchMatMul, Sum, GatherV2, ...) are registered. */
  kernels: boolean;
  /** Why faster backends were skipped, one line each. */
  skipped: string[];
}

const require = createRequire(import.meta.url);
let wasmKernelsRegistered = false;
let current: Promise<BackendInfo> | undefined;
let currentPrefer: string | undefined;

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
 * faster `Identity`, `Slice`, `Sum`, `GatherV2` and `Tile`); safe to call more than once. {@link initBackend}
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
  wasmKernelsRegistered = true;
}

async function tryWasm(skipped: string[], threads: number): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    await useWasmThreads(threads);
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
  for (const name of order) {
    if (name === 'tensorflow') {
      if (tryTensorflow(skipped) && (await tf.setBackend('tensorflow'))) {
        return { name, simd: false, threads: 1, kernels: false, skipped };
      }
    } else if (name === 'wasm') {
      if (await tryWasm(skipped, threads)) {
        const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
        return { name, simd, threads: wasmThreads(), kernels: true, skipped };
      }
    } else if (await tf.setBackend('cpu')) {
      return { name, simd: false, threads: 1, kernels: false, skipped };
    }
  }
  throw new ConfigError(
    'initBackend',
    `backend ${JSON.stringify(prefer)} could not start: ${skipped.join('; ')}`,
  );
}

/**
 * Picks and starts the TensorFlow.js backend: the fastest that really loads, unless told which.
 * Call it once before building models; later calls with the same preference return the same
 * result.
 *
 * @param options - see {@link InitBackendOptions}
 * @returns which backend is active and why others were skipped
 * @example
 * ```ts
 * import { initBackend } from '@kornlp/models';
 * const info = await initBackend();
 * console.log(info.name, info.simd); // wasm true   (on a machine without tfjs-node)
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
  const threads = options.threads ?? configuredWasmThreads() ?? fromEnvThreads ?? 1;
  if (!Number.isInteger(threads) || threads < 1 || threads > 8) {
    throw new ConfigError(
      'initBackend',
      `threads must be an integer from 1 to 8 (XNNPACK's pool limit), got ${JSON.stringify(options.threads ?? process.env.KORNLP_THREADS)}`,
    );
  }
  const key = `${prefer}/${threads}`;
  if (current && currentPrefer === key) return current;
  currentPrefer = key;
  current = choose(prefer, threads);
  try {
    return await current;
  } catch (e) {
    current = undefined;
    throw e;
  }
}
