import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The functions of kornlp's optional native accelerator (`native/*.cc`, built at install time by
 * `scripts/build-native.mjs` with g++ and OpenBLAS). Every buffer argument is a Float32Array,
 * usually a view of the wasm heap, so nothing is copied.
 * @internal
 */
export interface NativeModule {
  /** `{ blas, threads }`: the BLAS build and its current thread count. */
  info(): { blas: string; threads: number };
  /** BLAS threads for every later call. */
  setThreads(n: number): void;
  /**
   * `c[i] = op(a[i % batchA]) · op(b[i % batchB]) + beta · c[i]` for `i < max(batchA, batchB)`;
   * `op(a)` is `[m,k]` (stored `[k,m]` when `transA`), `op(b)` is `[k,n]` (stored `[n,k]` when `transB`).
   */
  gemm(
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    batchA: number,
    batchB: number,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
    beta: number,
  ): void;
  /** Functions other native files add (see native/registry.h). */
  [name: string]: unknown;
}

const require = createRequire(import.meta.url);
// src/backend and dist/backend both sit two levels below the package root.
const MODULE_PATH = '../../native/build/kornlp_native.node';

let loaded: NativeModule | undefined;
let loadError: string | undefined;
let tried = false;
let enabled = true;

// OpenBLAS 0.3.21 (Debian 12) does not know AMD Zen 4 and runs its AVX2 (Haswell) kernels there;
// its AVX-512 (SkylakeX) kernels make sgemm ~1.7x faster on such a CPU. OpenBLAS reads
// OPENBLAS_CORETYPE once, when it loads, so it is set around the module's load only (child
// processes do not inherit it), and never over the user's own choice.
const AVX512 = ['avx512f', 'avx512dq', 'avx512cd', 'avx512bw', 'avx512vl'];

function coreTypeHint(): string | undefined {
  if (process.env.OPENBLAS_CORETYPE || process.platform !== 'linux' || process.arch !== 'x64')
    return undefined;
  try {
    const flags = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.split(/\s+/) ?? [];
    return AVX512.every((f) => flags.includes(f)) ? 'SkylakeX' : undefined;
  } catch {
    return undefined;
  }
}

function load(): void {
  if (tried) return;
  tried = true;
  if (process.env.KORNLP_NATIVE === '0') {
    loadError = 'disabled by KORNLP_NATIVE=0';
    return;
  }
  const hint = coreTypeHint();
  if (hint) process.env.OPENBLAS_CORETYPE = hint;
  try {
    loaded = require(MODULE_PATH) as NativeModule;
    loaded.setThreads(1);
  } catch (e) {
    loadError = `not built or not loadable (${(e as Error).message.split('\n')[0]}); build it with \`node packages/models/scripts/build-native.mjs\``;
  } finally {
    if (hint) delete process.env.OPENBLAS_CORETYPE;
  }
}

/**
 * The native accelerator when it is built, loadable and enabled; otherwise undefined (kernels then
 * take their wasm path).
 * @internal
 */
export function nativeModule(): NativeModule | undefined {
  load();
  return enabled ? loaded : undefined;
}

/**
 * Why {@link nativeModule} returns undefined, or undefined when it does not.
 * @internal
 */
export function nativeUnavailableReason(): string | undefined {
  load();
  if (!loaded) return loadError;
  return enabled ? undefined : 'turned off (initBackend({ native: false }))';
}

/**
 * Turns the native accelerator on or off for every later kernel call (tests compare both paths).
 * @param on - whether kernels may use the native module
 * @returns the previous setting
 * @internal
 */
export function setNativeEnabled(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}
