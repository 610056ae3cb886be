import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { atomicWriteFile } from '@kornlp/core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from './tf.js';

// tfjs-backend-wasm ships a threaded SIMD build (XNNPACK on a pthreadpool) but never uses it in
// Node: its feature flag says "no threads" there, and its loader hands Emscripten a Blob URL for
// the pthread worker script, which Node's worker_threads cannot load. This module loads the
// threaded build the Node way: the worker script is a real file that evaluates the package's own
// worker code, the main script is the package's factory file, and the core count Emscripten
// reports is set so that XNNPACK's pool gets the requested size (tfjs halves the count it reads
// and caps the pool at that half).

const require = createRequire(import.meta.url);
const FACTORY = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
const WORKER = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js';
const BINARY = 'tfjs-backend-wasm-threaded-simd.wasm';
const PRIORITY = 2; // tfjs-backend-wasm's own

interface EmscriptenModule {
  cwrap(name: string, ret: string | null, args: string[]): (...a: number[]) => number;
  PThread: { unusedWorkers: { unref(): void }[]; runningWorkers: { unref(): void }[] };
  tfjs?: Record<string, unknown>;
}
type Factory = (config: Record<string, unknown>) => Promise<EmscriptenModule>;
/** The part of the WebAssembly JS API used here (the repo's `lib` has no DOM typings). */
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: unknown): Promise<{ instance: unknown; module: unknown }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Writes (once per install) the pthread worker entry that runs tfjs's worker code under Node. */
async function workerScript(factoryPath: string, workerPath: string): Promise<string> {
  const source = [
    '"use strict";',
    "// Written by @kornlp/models: pthread worker for tfjs-backend-wasm's threaded build in Node.",
    'globalThis.require = require;',
    `globalThis.__filename = ${JSON.stringify(factoryPath)};`,
    `const { wasmWorkerContents } = require(${JSON.stringify(workerPath)});`,
    // The contents are a template literal whose \n escapes became real line breaks inside string
    // literals; tfjs escapes them again before use, and so must we.
    "(0, eval)(wasmWorkerContents.replace(/\\n/g, '\\\\n'));",
    '',
  ].join('\n');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const file = join(privateDir(), `wasm-pthread-${hash}.cjs`);
  if (!existsSync(file) || readFileSync(file, 'utf8') !== source) await atomicWriteFile(file, source);
  return file;
}

// The worker runs whatever that file holds, so it lives in a directory only this user can write:
// a shared temp directory would let another user plant it first.
function privateDir(): string {
  const uid = process.getuid?.();
  const shared = join(tmpdir(), `kornlp-wasm-${uid ?? 'user'}`);
  try {
    mkdirSync(shared, { recursive: true, mode: 0o700 });
    const st = lstatSync(shared);
    if (st.isDirectory() && (uid === undefined || st.uid === uid) && (st.mode & 0o022) === 0) return shared;
  } catch {
    // fall through to a fresh directory
  }
  return mkdtempSync(join(tmpdir(), 'kornlp-'));
}

async function createThreadedBackend(threads: number): Promise<BackendWasm> {
  const wasmPkg = (await import(
    '@tensorflow/tfjs-backend-wasm'
  )) as typeof import('@tensorflow/tfjs-backend-wasm');
  const factoryPath = require.resolve(FACTORY);
  const dir = dirname(factoryPath);
  const worker = await workerScript(factoryPath, require.resolve(WORKER));
  const factory = require(factoryPath) as Factory;
  // Emscripten reports load failures through onAbort or not at all: race them against the load.
  let fail: (e: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const loading = factory({
    locateFile: (path: string) => (path.endsWith('.worker.js') ? worker : join(dir, path)),
    mainScriptUrlOrBlob: factoryPath,
    instantiateWasm: (
      info: { env: Record<string, unknown> },
      receive: (instance: unknown, module: unknown) => void,
    ) => {
      info.env.emscripten_num_logical_cores = () => 2 * threads;
      wasmApi
        .instantiate(readFileSync(join(dir, BINARY)), info)
        .then((r) => receive(r.instance, r.module))
        .catch((e: Error) => fail(new Error(`threaded wasm build did not load: ${e.message}`)));
      return {};
    },
    onAbort: (what: unknown) => fail(new Error(`threaded wasm build aborted: ${String(what)}`)),
  });
  const module = await Promise.race([loading, failed]);
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  wasmPkg.setThreadsCount(threads);
  const backend = new wasmPkg.BackendWasm(module as never);
  // The pool's workers must not keep the process alive once the program is done.
  for (const w of [...module.PThread.unusedWorkers, ...module.PThread.runningWorkers]) w.unref();
  return backend;
}

let tfjsFactory: ReturnType<typeof tf.findBackendFactory> | undefined;
let configured: number | undefined;

/**
 * Makes the `wasm` backend tfjs creates next the threaded SIMD build with `threads` XNNPACK
 * threads, or for 1 tfjs's own single-threaded build again. When this changes the build, an
 * existing wasm backend is removed first (its tensors die with it).
 */
export async function useWasmThreads(threads: number): Promise<void> {
  if (threads === (configured ?? 1)) {
    configured = threads;
    return;
  }
  await import('@tensorflow/tfjs-backend-wasm');
  tfjsFactory ??= tf.findBackendFactory('wasm');
  if (!tfjsFactory) throw new Error('tfjs-backend-wasm registered no wasm backend');
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', threads > 1 ? () => createThreadedBackend(threads) : tfjsFactory, PRIORITY);
  configured = threads;
}

/** The thread count {@link useWasmThreads} last set up, or undefined before any call. */
export function configuredWasmThreads(): number | undefined {
  return configured;
}

/** XNNPACK threads of the active wasm backend (1 for the single-threaded build). */
export function wasmThreads(): number {
  const wasm = (tf.backend() as unknown as { wasm?: { tfjs?: { getThreadsCount(): number } } }).wasm;
  return wasm?.tfjs?.getThreadsCount() ?? 1;
}
