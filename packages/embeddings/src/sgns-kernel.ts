/**
 * The skip-gram negative-sampling inner loop. It is self-contained on purpose (no imports, no
 * closures, no nested functions): worker threads receive it as source text via
 * `Function.prototype.toString`, so the same code runs in the main thread and in workers, from
 * TypeScript sources or a build.
 *
 * Weights are plain Float32Arrays (on a SharedArrayBuffer when several threads update them
 * lock-free, "Hogwild" style, like word2vec and gensim).
 *
 * @internal
 */
export interface KernelArgs {
  /** Input vectors: `rows × dim` (words, then subword buckets). */
  syn0: Float32Array;
  /** Output (context) vectors: `words × dim`. */
  syn1: Float32Array;
  dim: number;
  /** Word ids of the whole corpus, sentence after sentence. */
  corpus: Int32Array;
  /** Sentence `s` is `corpus[sentOffsets[s] .. sentOffsets[s + 1])`. */
  sentOffsets: Int32Array;
  /** This thread's sentences: `[sentFrom, sentTo)`. */
  sentFrom: number;
  sentTo: number;
  /** Longest sentence (scratch size). */
  maxSentence: number;
  /** Probability of keeping each word (subsampling); >= 1 keeps always. */
  keepProb: Float32Array;
  /** Negative-sampling table (unigram^0.75). */
  table: Int32Array;
  /** Sigmoid table over [-maxExp, maxExp]. */
  expTable: Float32Array;
  maxExp: number;
  window: number;
  negative: number;
  alpha: number;
  minAlpha: number;
  epochs: number;
  /** Words of all threads and epochs, for the learning-rate schedule. */
  totalWords: number;
  /** Shared counter `[0]`: words processed by all threads so far. */
  counter: BigInt64Array;
  seed: number;
  /** Subword rows of word `w`: `subIds[subOffsets[w] .. subOffsets[w + 1])`; null without subwords. */
  subOffsets: Int32Array | null;
  subIds: Int32Array | null;
}

/**
 * Trains on the thread's sentences for all epochs.
 *
 * @param a - see {@link KernelArgs}
 * @param onProgress - called with the global word count every ~10k words (main thread only)
 * @internal
 */
export function sgnsKernel(a: KernelArgs, onProgress: ((done: number) => void) | null): void {
  const syn0 = a.syn0;
  const syn1 = a.syn1;
  const dim = a.dim;
  const corpus = a.corpus;
  const offs = a.sentOffsets;
  const keep = a.keepProb;
  const table = a.table;
  const expTable = a.expTable;
  const maxExp = a.maxExp;
  const window = a.window;
  const negative = a.negative;
  const alpha0 = a.alpha;
  const minAlpha = a.minAlpha;
  const total = a.totalWords;
  const counter = a.counter;
  const subOff = a.subOffsets;
  const subIds = a.subIds;
  const work = new Float32Array(dim);
  const hidden = new Float32Array(dim);
  const sen = new Int32Array(a.maxSentence + 1);
  let rnd = a.seed | 0 || 0x2545f491;
  let alpha = alpha0;
  let pending = 0;
  for (let epoch = 0; epoch < a.epochs; epoch++) {
    for (let s = a.sentFrom; s < a.sentTo; s++) {
      const start = offs[s]!;
      const end = offs[s + 1]!;
      let len = 0;
      for (let k = start; k < end; k++) {
        const w = corpus[k]!;
        const p = keep[w]!;
        if (p < 1) {
          rnd ^= rnd << 13;
          rnd ^= rnd >>> 17;
          rnd ^= rnd << 5;
          if (p < (rnd >>> 0) * 2.3283064365386963e-10) continue;
        }
        sen[len++] = w;
      }
      pending += end - start;
      if (pending >= 10000) {
        const done = addWords(counter, pending, onProgress);
        pending = 0;
        alpha = alpha0 - ((alpha0 - minAlpha) * done) / total;
        if (alpha < minAlpha) alpha = minAlpha;
      }
      rnd =
        subOff === null
          ? trainSentence(
              sen,
              len,
              syn0,
              syn1,
              work,
              dim,
              table,
              expTable,
              maxExp,
              window,
              negative,
              alpha,
              rnd,
            )
          : trainSentenceSubwords(
              sen,
              len,
              syn0,
              syn1,
              work,
              hidden,
              dim,
              table,
              expTable,
              maxExp,
              window,
              negative,
              alpha,
              rnd,
              subOff,
              subIds!,
            );
    }
  }
  if (pending > 0) addWords(counter, pending, onProgress);
  // The per-sentence loops are separate functions (taking everything as arguments, capturing
  // nothing) so V8 optimizes them as ordinary hot functions instead of relying on on-stack
  // replacement of one long call.
  function addWords(ctr: BigInt64Array, n: number, cb: ((done: number) => void) | null): number {
    const done = Number(Atomics.add(ctr, 0, BigInt(n))) + n;
    if (cb !== null) cb(done);
    return done;
  }

  function trainSentence(
    sen: Int32Array,
    len: number,
    syn0: Float32Array,
    syn1: Float32Array,
    work: Float32Array,
    dim: number,
    table: Int32Array,
    expTable: Float32Array,
    maxExp: number,
    window: number,
    negative: number,
    alpha: number,
    rnd: number,
  ): number {
    const tableSize = table.length;
    const expScale = expTable.length / maxExp / 2;
    for (let i = 0; i < len; i++) {
      const word = sen[i]!;
      rnd ^= rnd << 13;
      rnd ^= rnd >>> 17;
      rnd ^= rnd << 5;
      const b = (rnd >>> 0) % window;
      const jFrom = Math.max(i - window + b, 0);
      const jTo = Math.min(i + window + 1 - b, len);
      // word2vec/gensim pairing: the context word's input vector predicts the centre word.
      for (let j = jFrom; j < jTo; j++) {
        if (j === i) continue;
        const l1 = sen[j]! * dim;
        for (let c = 0; c < dim; c++) work[c] = 0;
        for (let d = 0; d <= negative; d++) {
          let target: number;
          let label: number;
          if (d === 0) {
            target = word;
            label = 1;
          } else {
            rnd ^= rnd << 13;
            rnd ^= rnd >>> 17;
            rnd ^= rnd << 5;
            target = table[(rnd >>> 0) % tableSize]!;
            if (target === word) continue;
            label = 0;
          }
          const l2 = target * dim;
          let f = 0;
          for (let c = 0; c < dim; c++) f += syn0[l1 + c]! * syn1[l2 + c]!;
          if (f <= -maxExp || f >= maxExp) continue;
          const g = (label - expTable[((f + maxExp) * expScale) | 0]!) * alpha;
          for (let c = 0; c < dim; c++) {
            work[c]! += g * syn1[l2 + c]!;
            syn1[l2 + c]! += g * syn0[l1 + c]!;
          }
        }
        for (let c = 0; c < dim; c++) syn0[l1 + c]! += work[c]!;
      }
    }
    return rnd;
  }

  function trainSentenceSubwords(
    sen: Int32Array,
    len: number,
    syn0: Float32Array,
    syn1: Float32Array,
    work: Float32Array,
    hidden: Float32Array,
    dim: number,
    table: Int32Array,
    expTable: Float32Array,
    maxExp: number,
    window: number,
    negative: number,
    alpha: number,
    rnd: number,
    subOff: Int32Array,
    subIds: Int32Array,
  ): number {
    const tableSize = table.length;
    const expScale = expTable.length / maxExp / 2;
    for (let i = 0; i < len; i++) {
      const word = sen[i]!;
      rnd ^= rnd << 13;
      rnd ^= rnd >>> 17;
      rnd ^= rnd << 5;
      const b = (rnd >>> 0) % window;
      const jFrom = Math.max(i - window + b, 0);
      const jTo = Math.min(i + window + 1 - b, len);
      // fastText pairing: the centre word's rows (word + n-grams, averaged) predict each context word.
      const r0 = subOff[word]!;
      const r1 = subOff[word + 1]!;
      const inv = 1 / (r1 - r0);
      for (let j = jFrom; j < jTo; j++) {
        if (j === i) continue;
        const ctx = sen[j]!;
        for (let c = 0; c < dim; c++) hidden[c] = 0;
        for (let r = r0; r < r1; r++) {
          const o = subIds[r]! * dim;
          for (let c = 0; c < dim; c++) hidden[c]! += syn0[o + c]!;
        }
        for (let c = 0; c < dim; c++) {
          hidden[c]! *= inv;
          work[c] = 0;
        }
        for (let d = 0; d <= negative; d++) {
          let target: number;
          let label: number;
          if (d === 0) {
            target = ctx;
            label = 1;
          } else {
            rnd ^= rnd << 13;
            rnd ^= rnd >>> 17;
            rnd ^= rnd << 5;
            target = table[(rnd >>> 0) % tableSize]!;
            if (target === ctx) continue;
            label = 0;
          }
          const l2 = target * dim;
          let f = 0;
          for (let c = 0; c < dim; c++) f += hidden[c]! * syn1[l2 + c]!;
          if (f <= -maxExp || f >= maxExp) continue;
          const g = (label - expTable[((f + maxExp) * expScale) | 0]!) * alpha;
          for (let c = 0; c < dim; c++) {
            work[c]! += g * syn1[l2 + c]!;
            syn1[l2 + c]! += g * hidden[c]!;
          }
        }
        for (let r = r0; r < r1; r++) {
          const o = subIds[r]! * dim;
          for (let c = 0; c < dim; c++) syn0[o + c]! += work[c]!;
        }
      }
    }
    return rnd;
  }
}
