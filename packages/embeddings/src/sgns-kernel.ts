/**
 * The skip-gram negative-sampling inner loop. It is self-contained on purpose (no imports, no
 * closures, no nested functions): worker threads receive it as source text via
 * `Function.prototype.toString`, so the same code runs in the main thread and in workers, from
 * TypeScript sources or a build.
 *
 * Weights live in a shared WebAssembly memory; the pairs of a sentence run in the SIMD module
 * (sgns-wasm.ts) and this loop does the subsampling and the learning-rate schedule. Several
 * threads update the same weights lock-free ("Hogwild"), like word2vec and gensim.
 *
 * @internal
 */
export interface KernelArgs {
  /** A view over the whole (shared) wasm memory. Offsets below are in floats. */
  f32: Float32Array;
  /** The SIMD functions (see sgns-wasm.ts), instantiated over the same memory. */
  wasm: {
    sentence: (sen: number, len: number, alpha: number, rnd: number) => number;
    hiddenPair: (hidden: number, work: number, target: number, alpha: number, rnd: number) => number;
    add: (dst: number, src: number) => void;
  };
  /** Input vectors: `rows × stride` (words, then subword buckets). */
  syn0Off: number;
  /** Output (context) vectors: `words × stride`. */
  syn1Off: number;
  /** This thread's scratch rows. */
  workOff: number;
  hiddenOff: number;
  /** Row length: `dim` rounded up by strideFor (the padding stays zero). */
  stride: number;
  /** Word ids of the whole corpus, sentence after sentence. */
  corpus: Int32Array;
  /** Sentence `s` is `corpus[sentOffsets[s] .. sentOffsets[s + 1])`. */
  sentOffsets: Int32Array;
  /** Chunk `c` is sentences `[chunkStarts[c], chunkStarts[c + 1])`. */
  chunkStarts: Int32Array;
  /** Shared counter `[0]`: the next chunk to take, counting over all epochs. */
  nextChunk: Int32Array;
  /** Longest sentence (scratch size). */
  maxSentence: number;
  /** Probability of keeping each word (subsampling); >= 1 keeps always. */
  keepProb: Float32Array;
  /** This thread's sentence buffer (int32s, `maxSentence` long). */
  senOff: number;
  window: number;
  alpha: number;
  minAlpha: number;
  epochs: number;
  /** Words of all threads and epochs, for the learning-rate schedule. */
  totalWords: number;
  /** Shared counters: `[0]` words processed by all threads so far, `[1]` of them kept by subsampling. */
  counter: BigInt64Array;
  seed: number;
  /** Subword rows of word `w`: `subIds[subOffsets[w] .. subOffsets[w + 1])`; null without subwords. */
  subOffsets: Int32Array | null;
  subIds: Int32Array | null;
}

/**
 * Trains on chunks of sentences taken from the shared counter until all epochs are done.
 *
 * @param a - see {@link KernelArgs}
 * @param onProgress - called with the global word count every ~10k words (main thread only)
 * @internal
 */
export function sgnsKernel(a: KernelArgs, onProgress: ((done: number) => void) | null): void {
  const f32 = a.f32;
  const wasm = a.wasm;
  const corpus = a.corpus;
  const offs = a.sentOffsets;
  const keep = a.keepProb;
  const sen = new Int32Array(f32.buffer, a.senOff * 4, a.maxSentence + 1);
  const senB = a.senOff * 4;
  const alpha0 = a.alpha;
  const minAlpha = a.minAlpha;
  const total = a.totalWords;
  const counter = a.counter;
  const subOff = a.subOffsets;
  const subIds = a.subIds;
  let rnd = a.seed | 0 || 0x2545f491;
  let alpha = alpha0;
  let pending = 0;
  let kept = 0;
  const starts = a.chunkStarts;
  const chunks = starts.length - 1;
  const totalChunks = chunks * a.epochs;
  for (;;) {
    const c = Atomics.add(a.nextChunk, 0, 1);
    if (c >= totalChunks) break;
    const to = starts[(c % chunks) + 1]!;
    for (let s = starts[c % chunks]!; s < to; s++) {
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
      kept += len;
      if (pending >= 10000) {
        const done = addWords(counter, pending, kept, onProgress);
        pending = 0;
        kept = 0;
        alpha = alpha0 - ((alpha0 - minAlpha) * done) / total;
        if (alpha < minAlpha) alpha = minAlpha;
      }
      if (subOff === null) rnd = wasm.sentence(senB, len, alpha, rnd);
      else
        rnd = trainSentenceSubwords(
          sen,
          len,
          f32,
          wasm,
          a.syn0Off,
          a.workOff,
          a.hiddenOff,
          a.stride,
          a.window,
          alpha,
          rnd,
          subOff,
          subIds!,
        );
    }
  }
  if (pending > 0) addWords(counter, pending, kept, onProgress);

  // The per-sentence loop is a separate function (taking everything as arguments, capturing
  // nothing) so V8 optimizes it as an ordinary hot function instead of relying on on-stack
  // replacement of one long call. Addresses passed to wasm are byte offsets.
  function addWords(
    ctr: BigInt64Array,
    n: number,
    kept: number,
    cb: ((done: number) => void) | null,
  ): number {
    Atomics.add(ctr, 1, BigInt(kept));
    const done = Number(Atomics.add(ctr, 0, BigInt(n))) + n;
    if (cb !== null) cb(done);
    return done;
  }

  function trainSentenceSubwords(
    sen: Int32Array,
    len: number,
    f32: Float32Array,
    wasm: KernelArgs['wasm'],
    syn0Off: number,
    workOff: number,
    hiddenOff: number,
    stride: number,
    window: number,
    alpha: number,
    rnd: number,
    subOff: Int32Array,
    subIds: Int32Array,
  ): number {
    const workB = workOff * 4;
    const hiddenB = hiddenOff * 4;
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
        f32.fill(0, hiddenOff, hiddenOff + stride);
        for (let r = r0; r < r1; r++) wasm.add(hiddenB, (syn0Off + subIds[r]! * stride) * 4);
        for (let c = hiddenOff; c < hiddenOff + stride; c++) f32[c]! *= inv;
        rnd = wasm.hiddenPair(hiddenB, workB, sen[j]!, alpha, rnd);
        for (let r = r0; r < r1; r++) wasm.add((syn0Off + subIds[r]! * stride) * 4, workB);
      }
    }
    return rnd;
  }
}
