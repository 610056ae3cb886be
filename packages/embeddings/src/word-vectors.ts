import { ConfigError, describeValue, ShapeError } from '@kornlp/core';

/** One neighbour from {@link WordVectors.nearest}. */
export interface Neighbour {
  /** The neighbouring word. */
  word: string;
  /** Cosine similarity, -1..1. */
  similarity: number;
}

/**
 * Cosine similarity of two vectors (0 when either is all zeros).
 *
 * @param a - a vector
 * @param b - a vector of the same length
 * @returns the cosine of the angle between them
 * @throws ShapeError when the lengths differ
 * @example
 * ```ts
 * import { cosineSimilarity } from '@kornlp/embeddings';
 * console.log(cosineSimilarity([1, 0], [1, 1]).toFixed(4)); // 0.7071
 * ```
 */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new ShapeError('cosineSimilarity', `vectors differ in length: ${a.length} vs ${b.length}`);
  }
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * Word vectors: a word list and a row-major `Float32Array` of `words.length × dim`, as read from a
 * word2vec/fastText file or trained by {@link trainSkipGram}.
 *
 * @example
 * ```ts
 * import { WordVectors } from '@kornlp/embeddings';
 * const wv = new WordVectors(['a', 'b', 'c'], new Float32Array([1, 0, 0.9, 0.1, 0, 1]), 2);
 * console.log(wv.nearest('a', 1)); // [ { word: 'b', similarity: 0.9938837289810181 } ]
 * ```
 */
export class WordVectors {
  /** The words; row `i` of {@link vectors} belongs to `words[i]`. */
  readonly words: readonly string[];
  /** `words.length * dim` values, row-major. */
  readonly vectors: Float32Array;
  /** Vector length. */
  readonly dim: number;
  private readonly index = new Map<string, number>();
  private unit: Float32Array | null = null;

  /**
   * @param words - distinct words
   * @param vectors - `words.length * dim` values
   * @param dim - vector length
   * @throws ShapeError when the sizes disagree; ConfigError for repeated words
   */
  constructor(words: readonly string[], vectors: Float32Array, dim: number) {
    if (!Number.isInteger(dim) || dim < 1 || vectors.length !== words.length * dim) {
      throw new ShapeError(
        'WordVectors',
        `${words.length} words × dim ${dim} needs ${words.length * dim} values, got ${vectors.length}`,
      );
    }
    this.words = words;
    this.vectors = vectors;
    this.dim = dim;
    words.forEach((w, i) => {
      if (this.index.has(w)) throw new ConfigError('WordVectors', `word ${describeValue(w)} appears twice`);
      this.index.set(w, i);
    });
  }

  /** Number of words. */
  get size(): number {
    return this.words.length;
  }

  /**
   * Whether the word has a row of its own.
   *
   * @param word - a word
   * @returns true when it does
   */
  has(word: string): boolean {
    return this.index.has(word);
  }

  /**
   * The row index of a word.
   *
   * @param word - a word
   * @returns its index, or -1
   */
  indexOf(word: string): number {
    return this.index.get(word) ?? -1;
  }

  /**
   * The vector of a word (a view, not a copy). Subword models also answer for unseen words.
   *
   * @param word - a word
   * @returns its vector, or undefined when there is none
   */
  vector(word: string): Float32Array | undefined {
    const i = this.index.get(word);
    return i === undefined ? undefined : this.vectors.subarray(i * this.dim, (i + 1) * this.dim);
  }

  /**
   * Cosine similarity of two words.
   *
   * @param a - a word
   * @param b - another word
   * @returns the similarity, or NaN when either has no vector
   */
  similarity(a: string, b: string): number {
    const va = this.vector(a);
    const vb = this.vector(b);
    return va && vb ? cosineSimilarity(va, vb) : Number.NaN;
  }

  /**
   * The `k` words most similar to a word or vector, by cosine similarity (the word itself excluded).
   *
   * @param query - a word, or a vector of length `dim`
   * @param k - how many @default 10
   * @returns neighbours, most similar first; empty when the word has no vector
   */
  nearest(query: string | ArrayLike<number>, k = 10): Neighbour[] {
    if (!Number.isInteger(k) || k < 1) {
      throw new ConfigError('WordVectors.nearest', `k must be a positive integer, got ${describeValue(k)}`);
    }
    const q = typeof query === 'string' ? this.vector(query) : query;
    if (!q) return [];
    if (q.length !== this.dim) {
      throw new ShapeError('WordVectors.nearest', `query has length ${q.length}, expected ${this.dim}`);
    }
    const self = typeof query === 'string' ? this.indexOf(query) : -1;
    const unit = this.normalized();
    let qn = 0;
    for (let c = 0; c < this.dim; c++) qn += q[c]! * q[c]!;
    qn = qn === 0 ? 1 : Math.sqrt(qn);
    const best: Neighbour[] = [];
    const dim = this.dim;
    for (let i = 0; i < this.words.length; i++) {
      if (i === self) continue;
      let s = 0;
      const o = i * dim;
      for (let c = 0; c < dim; c++) s += q[c]! * unit[o + c]!;
      s /= qn;
      if (best.length < k || s > best[best.length - 1]!.similarity) {
        let j = best.length < k ? best.length : k - 1;
        while (j > 0 && best[j - 1]!.similarity < s) {
          best[j] = best[j - 1]!;
          j--;
        }
        best[j] = { word: this.words[i]!, similarity: s };
      }
    }
    return best;
  }

  private normalized(): Float32Array {
    if (this.unit) return this.unit;
    const u = new Float32Array(this.vectors.length);
    const dim = this.dim;
    for (let i = 0; i < this.words.length; i++) {
      let n = 0;
      for (let c = 0; c < dim; c++) n += this.vectors[i * dim + c]! ** 2;
      n = n === 0 ? 1 : Math.sqrt(n);
      for (let c = 0; c < dim; c++) u[i * dim + c] = this.vectors[i * dim + c]! / n;
    }
    this.unit = u;
    return u;
  }
}
