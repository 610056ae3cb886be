import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ConfigError, createProgress, describeValue } from '@kornlp/core';
import { compareCodePoints } from './code-point-order.js';
import { Rng } from './rng.js';
import { type KernelArgs, sgnsKernel } from './sgns-kernel.js';
import {
  EXP_TABLE_SIZE,
  MAX_EXP,
  MAX_PAGES,
  type SgnsLayout,
  sgnsWasmBytes,
  strideFor,
  wasmApi,
} from './sgns-wasm.js';
import { checkSubwordOptions, hashNgram, type SubwordOptions, subwordNgrams } from './subwords.js';
import { WordVectors } from './word-vectors.js';

/** Options of {@link trainSkipGram}; defaults follow gensim's `Word2Vec(sg=1)`. */
export interface SkipGramOptions {
  /** Vector length. @default 100 */
  dim?: number;
  /** Largest distance between centre and context word (each centre draws a window of 1..window). @default 5 */
  window?: number;
  /** Negative samples per positive pair. @default 5 */
  negative?: number;
  /** Words seen fewer times are dropped before training. @default 5 */
  minCount?: number;
  /** Keep at most this many words (most frequent first). @default Infinity */
  maxVocab?: number;
  /** Subsampling threshold for frequent words (0 turns it off). @default 1e-3 */
  sample?: number;
  /** Initial learning rate, decayed linearly to `minAlpha` over all epochs. @default 0.025 */
  alpha?: number;
  /** Final learning rate. @default 0.0001 */
  minAlpha?: number;
  /** Passes over the corpus. @default 5 */
  epochs?: number;
  /** Seed of initialisation and sampling; one thread with the same seed gives the same vectors. @default 1 */
  seed?: number;
  /** Worker threads updating shared weights lock-free (Hogwild); 1 trains on the calling thread. @default 1 */
  threads?: number;
  /** Learn character or jamo n-gram vectors too (fastText), so unseen word forms get a vector. @default undefined (off) */
  subwords?: SubwordOptions;
  /** Show progress on stderr. @default true */
  progress?: boolean;
}

/** What a training run did; see {@link SkipGramModel.stats}. */
export interface SkipGramStats {
  /** In-vocabulary tokens per epoch. */
  corpusWords: number;
  /** Sentences with at least one in-vocabulary token. */
  sentences: number;
  /** Words kept after `minCount` and `maxVocab`. */
  vocabSize: number;
  /** Passes over the corpus. */
  epochs: number;
  /** Worker threads that trained (1 = deterministic for a given seed). */
  threads: number;
  /** Seconds spent in the training loop (counting and setup excluded). */
  trainSeconds: number;
  /**
   * CPU seconds of the whole process (all threads) during the training loop; on a busy machine
   * `trainSeconds` grows but this does not.
   */
  cpuSeconds: number;
  /** Words trained on after subsampling, over all epochs (gensim logs these as "effective words"). */
  effectiveWords: number;
  /** `corpusWords * epochs / trainSeconds`, the figure word2vec and gensim report. */
  wordsPerSecond: number;
}

/**
 * Trained skip-gram vectors. With subwords, {@link vector} also answers for words never seen in
 * training, from their n-grams. Made by {@link trainSkipGram}.
 *
 * @example
 * ```ts
 * import { trainSkipGram } from '@kornlp/embeddings';
 * const sentences = [
 *   ['영화', '가', '재밌', '다'],
 *   ['드라마', '가', '재밌', '다'],
 *   ['영화', '가', '지루', '하', '다'],
 * ];
 * const opts = { dim: 8, minCount: 1, threads: 1, progress: false };
 * const model = await trainSkipGram(sentences, opts);
 * const { vocabSize, corpusWords, epochs, threads } = model.stats;
 * console.log({ vocabSize, corpusWords, epochs, threads });
 * // { vocabSize: 7, corpusWords: 13, epochs: 5, threads: 1 }
 * console.log(model.vector('영화관')); // undefined (unseen, and no subwords)
 * const sub = await trainSkipGram(sentences, { ...opts, subwords: {} });
 * console.log(sub.subwords); // { unit: 'jamo', minN: 3, maxN: 6, buckets: 200000 }
 * console.log(sub.vector('영화관')?.length); // 8 (built from its jamo n-grams)
 * ```
 */
export class SkipGramModel extends WordVectors {
  /** What the training run did. */
  readonly stats: SkipGramStats;
  /** The subword settings, or null. */
  readonly subwords: Required<SubwordOptions> | null;
  private readonly buckets: Float32Array | null;

  /** @internal */
  constructor(
    words: readonly string[],
    vectors: Float32Array,
    dim: number,
    stats: SkipGramStats,
    subwords: Required<SubwordOptions> | null,
    buckets: Float32Array | null,
  ) {
    super(words, vectors, dim);
    this.stats = stats;
    this.subwords = subwords;
    this.buckets = buckets;
  }

  /**
   * The vector of a word; with subwords, unseen words get the mean of their n-gram vectors.
   *
   * @param word - a word
   * @returns its vector, or undefined
   */
  override vector(word: string): Float32Array | undefined {
    const own = super.vector(word);
    if (own || !this.subwords || !this.buckets) return own;
    const grams = subwordNgrams(word, this.subwords);
    if (grams.length === 0) return undefined;
    const dim = this.dim;
    const v = new Float32Array(dim);
    for (const g of grams) {
      const o = (hashNgram(g) % this.subwords.buckets) * dim;
      for (let c = 0; c < dim; c++) v[c]! += this.buckets[o + c]!;
    }
    for (let c = 0; c < dim; c++) v[c]! /= grams.length;
    return v;
  }
}

/** Words per unit of work a thread takes at a time (gensim's job size). */
const CHUNK_WORDS = 10_000;

type Sequences = Iterable<readonly string[]> | AsyncIterable<readonly string[]>;

function int(name: string, v: unknown, min: number, allowInf = false): number {
  if (
    typeof v !== 'number' ||
    v < min ||
    !(Number.isInteger(v) || (allowInf && v === Number.POSITIVE_INFINITY))
  ) {
    throw new ConfigError('trainSkipGram', `${name} must be an integer >= ${min}, got ${describeValue(v)}`);
  }
  return v;
}

function num(name: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
    throw new ConfigError('trainSkipGram', `${name} must be a number >= ${min}, got ${describeValue(v)}`);
  }
  return v;
}

/** A growable Int32Array. */
class IntList {
  data = new Int32Array(1 << 16);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = x;
  }
}

function shared<T extends Int32Array | Float32Array>(a: T, threads: number): T {
  if (threads === 1) return a;
  const Ctor = a.constructor as { new (b: SharedArrayBuffer): T };
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

const WORKER_SOURCE = (kernel: string) => `
const { parentPort, workerData } = require('node:worker_threads');
var __name = (f) => f;
const sgnsKernel = ${kernel};
const { module, memory, ...args } = workerData;
const wasm = new WebAssembly.Instance(module, { env: { memory } }).exports;
sgnsKernel({ ...args, wasm, f32: new Float32Array(memory.buffer) }, null);
parentPort.postMessage('done');
`;

/**
 * Trains word vectors with skip-gram and negative sampling (word2vec), on typed arrays with a
 * precomputed sigmoid table, a unigram^0.75 negative table, subsampling of frequent words and a
 * linear learning-rate decay. The corpus is read once and kept only as an Int32Array of ids.
 *
 * @param sequences - token sequences (e.g. morphemes per review), sync or async
 * @param options - see {@link SkipGramOptions}
 * @returns the model ({@link SkipGramModel}): `nearest`, `similarity`, `vector`, `stats`
 * @throws ConfigError for bad options or an empty vocabulary
 * @example
 * ```ts
 * import { readWordVectors, saveWordVectors, trainSkipGram } from '@kornlp/embeddings';
 * const sentences = [
 *   ['영화', '가', '재밌', '다'],
 *   ['드라마', '가', '재밌', '다'],
 *   ['영화', '가', '지루', '하', '다'],
 * ];
 * // On a real corpus: { dim: 100, threads: 2 } and the default minCount 5.
 * const options = { dim: 8, minCount: 1, epochs: 20, threads: 1, progress: false }; // 1 thread: deterministic
 * const model = await trainSkipGram(sentences, options);
 * console.log(model.nearest('영화', 2).map((n) => n.word)); // [ '재밌', '다' ]
 * await saveWordVectors('/tmp/kornlp-vectors.txt', model);
 * console.log((await readWordVectors('/tmp/kornlp-vectors.txt')).dim); // 8
 * ```
 */
export async function trainSkipGram(
  sequences: Sequences,
  options: SkipGramOptions = {},
): Promise<SkipGramModel> {
  const dim = int('dim', options.dim ?? 100, 1);
  const window = int('window', options.window ?? 5, 1);
  const negative = int('negative', options.negative ?? 5, 1);
  const minCount = int('minCount', options.minCount ?? 5, 1);
  const maxVocab = int('maxVocab', options.maxVocab ?? Number.POSITIVE_INFINITY, 1, true);
  const sample = num('sample', options.sample ?? 1e-3, 0);
  const alpha = num('alpha', options.alpha ?? 0.025, 0);
  const minAlpha = num('minAlpha', options.minAlpha ?? 0.0001, 0);
  const epochs = int('epochs', options.epochs ?? 5, 1);
  const seed = int('seed', options.seed ?? 1, 0);
  const threads = int('threads', options.threads ?? 1, 1);
  if (threads > Math.max(64, availableParallelism() * 4)) {
    throw new ConfigError(
      'trainSkipGram',
      `threads ${threads} is far above this machine's ${availableParallelism()} cores`,
    );
  }
  const sub = options.subwords ? checkSubwordOptions(options.subwords) : null;
  const showProgress = options.progress ?? true;

  // One pass: provisional ids by first appearance, counts, and the corpus as ids.
  const pid = new Map<string, number>();
  const pwords: string[] = [];
  const pcounts = new IntList();
  const corpus = new IntList();
  const offsets = new IntList();
  offsets.push(0);
  const reading = createProgress({ label: 'skip-gram: reading sequences', silent: !showProgress });
  for await (const seq of sequences as AsyncIterable<readonly string[]>) {
    if ((offsets.length & 1023) === 0) reading.tick(1024);
    for (const t of seq) {
      let id = pid.get(t);
      if (id === undefined) {
        id = pwords.length;
        pid.set(t, id);
        pwords.push(t);
        pcounts.push(0);
      }
      pcounts.data[id]!++;
      corpus.push(id);
    }
    offsets.push(corpus.length);
  }
  reading.done({ sequences: offsets.length - 1, tokens: corpus.length, types: pwords.length });

  // Vocabulary: count desc, then code-point order (deterministic), minCount, maxVocab.
  const order: number[] = [];
  for (let i = 0; i < pwords.length; i++) if (pcounts.data[i]! >= minCount) order.push(i);
  order.sort((a, b) => pcounts.data[b]! - pcounts.data[a]! || compareCodePoints(pwords[a]!, pwords[b]!));
  if (order.length > maxVocab) order.length = maxVocab;
  const V = order.length;
  if (V === 0) {
    throw new ConfigError(
      'trainSkipGram',
      `no word occurs at least minCount=${minCount} times in ${corpus.length} tokens; lower minCount`,
    );
  }
  const remap = new Int32Array(pwords.length).fill(-1);
  const words: string[] = [];
  const counts = new Float64Array(V);
  order.forEach((p, i) => {
    remap[p] = i;
    words.push(pwords[p]!);
    counts[i] = pcounts.data[p]!;
  });
  // Compact the corpus in place, dropping out-of-vocabulary tokens and empty sentences.
  const ids = corpus.data;
  const sentOffsets = new IntList();
  sentOffsets.push(0);
  let w = 0;
  let maxSentence = 0;
  for (let s = 0; s + 1 < offsets.length; s++) {
    const before = w;
    for (let k = offsets.data[s]!; k < offsets.data[s + 1]!; k++) {
      const id = remap[ids[k]!]!;
      if (id >= 0) ids[w++] = id;
    }
    if (w > before) {
      sentOffsets.push(w);
      if (w - before > maxSentence) maxSentence = w - before;
    }
  }
  const corpusWords = w;
  const sentences = sentOffsets.length - 1;

  // Subsampling (gensim's formula), negative table, sigmoid table.
  const keepProb = new Float32Array(V).fill(1);
  if (sample > 0) {
    const threshold = sample * corpusWords;
    for (let i = 0; i < V; i++) {
      const c = counts[i]!;
      keepProb[i] = Math.min(1, (Math.sqrt(c / threshold) + 1) * (threshold / c));
    }
  }
  const tableSize = Math.min(10_000_000, Math.max(1_000_000, V * 100));
  const table = new Int32Array(tableSize);
  {
    let norm = 0;
    for (let i = 0; i < V; i++) norm += counts[i]! ** 0.75;
    let i = 0;
    let cum = counts[0]! ** 0.75 / norm;
    for (let a = 0; a < tableSize; a++) {
      table[a] = i;
      if (a / tableSize > cum && i < V - 1) {
        i++;
        cum += counts[i]! ** 0.75 / norm;
      }
    }
  }
  // Subword rows: each word's own row, then its n-gram buckets.
  let subOffsets: Int32Array | null = null;
  let subIds: Int32Array | null = null;
  const rows = V + (sub ? sub.buckets : 0);
  if (sub) {
    subOffsets = new Int32Array(V + 1);
    const list = new IntList();
    for (let i = 0; i < V; i++) {
      list.push(i);
      for (const g of subwordNgrams(words[i]!, sub)) list.push(V + (hashNgram(g) % sub.buckets));
      subOffsets[i + 1] = list.length;
    }
    subIds = list.data.slice(0, list.length);
  }

  // One shared wasm memory: syn0 | syn1 | per-thread work and hidden rows | sigmoid table |
  // negative table | per-thread sentence buffers.
  const stride = strideFor(dim);
  const syn0Off = 0;
  const syn1Off = rows * stride;
  const scratchOff = syn1Off + V * stride;
  const expOff = scratchOff + threads * 2 * stride;
  const tableOff = expOff + EXP_TABLE_SIZE + 4;
  const senStride = Math.ceil((maxSentence + 1) / 4) * 4;
  const senOff = tableOff + tableSize;
  const floats = senOff + threads * senStride;
  const pages = Math.ceil((floats * 4) / 65536);
  if (pages > MAX_PAGES) {
    throw new ConfigError(
      'trainSkipGram',
      `${rows} rows × dim ${dim} need more than 4 GiB; lower dim, buckets or maxVocab`,
    );
  }
  const memory = new wasmApi.Memory({ initial: pages, maximum: pages, shared: true });
  const layout: SgnsLayout = {
    stride,
    negative,
    window,
    syn0: syn0Off * 4,
    syn1: syn1Off * 4,
    exp: expOff * 4,
    table: tableOff * 4,
    tableSize,
  };
  const wasmModule = new wasmApi.Module(sgnsWasmBytes(layout, MAX_PAGES));
  const wasm = new wasmApi.Instance(wasmModule, { env: { memory } }).exports as unknown as KernelArgs['wasm'];
  const f32 = new Float32Array(memory.buffer);
  new Int32Array(memory.buffer, tableOff * 4, tableSize).set(table);
  for (let i = 0; i <= EXP_TABLE_SIZE; i++) {
    const e = Math.exp(((i / EXP_TABLE_SIZE) * 2 - 1) * MAX_EXP);
    f32[expOff + i] = e / (e + 1);
  }
  const rng = new Rng(seed);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < dim; c++) f32[syn0Off + r * stride + c] = (rng.next() - 0.5) / dim;
  }
  const counter = new BigInt64Array(new SharedArrayBuffer(16));
  const seeds = Array.from({ length: threads }, () => rng.nextU32() | 1);
  const chunkStarts = new IntList();
  chunkStarts.push(0);
  for (let s = 0, words = 0; s < sentences; s++) {
    words += sentOffsets.data[s + 1]! - sentOffsets.data[s]!;
    if (words >= CHUNK_WORDS || s === sentences - 1) {
      chunkStarts.push(s + 1);
      words = 0;
    }
  }
  const totalWords = corpusWords * epochs;

  const base = {
    syn0Off,
    syn1Off,
    stride,
    corpus: shared(ids.subarray(0, corpusWords), threads),
    sentOffsets: shared(sentOffsets.data.slice(0, sentOffsets.length), threads),
    chunkStarts: shared(chunkStarts.data.slice(0, chunkStarts.length), threads),
    nextChunk: new Int32Array(new SharedArrayBuffer(4)),
    maxSentence,
    keepProb: shared(keepProb, threads),
    window,
    alpha,
    minAlpha,
    epochs,
    totalWords,
    counter,
    subOffsets: subOffsets && shared(subOffsets, threads),
    subIds: subIds && shared(subIds, threads),
  };
  const progress = createProgress({ total: totalWords, label: 'skip-gram words', silent: !showProgress });
  let shown = 0;
  const report = (done: number) => {
    progress.tick(done - shown);
    shown = done;
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  // The calling thread trains too; the other threads are workers. All of them take chunks of
  // ~CHUNK_WORDS words from a shared counter (gensim's job queue), so a thread that starts late or
  // gets less CPU on a busy machine simply takes fewer chunks.
  const scratchOf = (t: number) => ({
    workOff: scratchOff + 2 * t * stride,
    hiddenOff: scratchOff + (2 * t + 1) * stride,
    senOff: senOff + t * senStride,
  });
  const jobs: Promise<void>[] = [];
  if (threads > 1) {
    const source = WORKER_SOURCE(sgnsKernel.toString());
    for (let t = 1; t < threads; t++) {
      const args = { ...base, ...scratchOf(t), module: wasmModule, memory, seed: seeds[t]! };
      jobs.push(
        new Promise((resolve, reject) => {
          // execArgv: [] — the worker runs plain JS, so it skips loaders such as tsx (faster start).
          const worker = new Worker(source, { eval: true, workerData: args, execArgv: [] });
          worker.once('message', () => resolve());
          worker.once('error', reject);
          worker.once('exit', (code) => {
            if (code !== 0) reject(new Error(`skip-gram worker exited with code ${code}`));
          });
        }),
      );
    }
  }
  sgnsKernel({ ...base, ...scratchOf(0), f32, wasm, seed: seeds[0]! }, report);
  if (jobs.length > 0) {
    const timer = setInterval(() => report(Number(Atomics.load(counter, 0))), 500);
    try {
      await Promise.all(jobs);
    } finally {
      clearInterval(timer);
    }
    report(Number(Atomics.load(counter, 0)));
  }
  const trainSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const wordsPerSecond = totalWords / Math.max(trainSeconds, 1e-9);
  progress.done({ words_per_s: Math.round(wordsPerSecond) });

  // Word vectors: the word's own row, or with subwords the mean of all its rows (fastText).
  let vectors: Float32Array;
  let buckets: Float32Array | null = null;
  const row = (r: number) => f32.subarray(syn0Off + r * stride, syn0Off + r * stride + dim);
  const rowsOf = (from: number, to: number) => {
    const out = new Float32Array((to - from) * dim);
    for (let r = from; r < to; r++) out.set(row(r), (r - from) * dim);
    return out;
  };
  if (sub && subOffsets && subIds) {
    vectors = new Float32Array(V * dim);
    for (let i = 0; i < V; i++) {
      const r0 = subOffsets[i]!;
      const r1 = subOffsets[i + 1]!;
      for (let r = r0; r < r1; r++) {
        const v = row(subIds[r]!);
        for (let c = 0; c < dim; c++) vectors[i * dim + c]! += v[c]!;
      }
      for (let c = 0; c < dim; c++) vectors[i * dim + c]! /= r1 - r0;
    }
    buckets = rowsOf(V, rows);
  } else {
    vectors = rowsOf(0, V);
  }
  const stats: SkipGramStats = {
    corpusWords,
    sentences,
    vocabSize: V,
    epochs,
    threads,
    trainSeconds,
    cpuSeconds,
    effectiveWords: Number(counter[1]),
    wordsPerSecond,
  };
  return new SkipGramModel(words, vectors, dim, stats, sub, buckets);
}
