import { ConfigError, describeValue } from '@kornlp/core';
import { Rng } from './rng.js';
import type { Vocabulary } from './vocabulary.js';
import type { WordVectors } from './word-vectors.js';
import { readWordVectors } from './word2vec-format.js';

/** Options of {@link embeddingMatrix}. */
export interface EmbeddingMatrixOptions {
  /** Rows of tokens without a pretrained vector: uniform random in ±`scale`, or zeros. @default 'random' */
  oov?: 'random' | 'zero';
  /** Range of random rows (Keras' Embedding initializer uses 0.05). @default 0.05 */
  scale?: number;
  /** Seed of random rows. @default 0 */
  seed?: number;
}

/** An embedding matrix aligned to a vocabulary; see {@link embeddingMatrix}. */
export interface EmbeddingMatrix {
  /** `vocab.size * dim` values, row `id` for token id `id`; row 0 (padding) is zeros. */
  matrix: Float32Array;
  /** `[vocab.size, dim]`: the Embedding layer's `[inputDim, outputDim]`. */
  shape: [number, number];
  /** Regular (non-special) tokens that got a pretrained vector. */
  found: number;
  /** Regular tokens in the vocabulary. */
  total: number;
  /** `found / total`. */
  coverage: number;
  /** Up to 20 of the most frequent tokens without a vector, for inspection. */
  missing: string[];
}

/**
 * Builds an embedding matrix whose row `i` is the pretrained vector of `vocab.token(i)`. Hand it to
 * an Embedding layer as initial (or frozen) weights, e.g. in `@kornlp/models`:
 * `tf.layers.embedding({ inputDim: shape[0], outputDim: shape[1], weights: [tf.tensor2d(matrix, shape)], trainable: false })`.
 *
 * @param vocab - the vocabulary
 * @param source - word vectors, or a path to a word2vec/fastText file (streamed; only vocabulary words kept)
 * @param options - see {@link EmbeddingMatrixOptions}
 * @returns the matrix, its shape and coverage
 * @example
 * ```ts
 * import { embeddingMatrix, Vocabulary, WordVectors } from '@kornlp/embeddings';
 * const vocab = await Vocabulary.build([['a', 'b']]);
 * const wv = new WordVectors(['a'], new Float32Array([0.5, 0.5]), 2);
 * const m = await embeddingMatrix(vocab, wv, { oov: 'zero' });
 * console.log(m.shape, Array.from(m.matrix), m.coverage);
 * // [ 4, 2 ] [ 0, 0, 0, 0, 0.5, 0.5, 0, 0 ] 0.5
 * ```
 */
export async function embeddingMatrix(
  vocab: Vocabulary,
  source: WordVectors | string,
  options: EmbeddingMatrixOptions = {},
): Promise<EmbeddingMatrix> {
  const { oov = 'random', scale = 0.05, seed = 0 } = options;
  if (oov !== 'random' && oov !== 'zero') {
    throw new ConfigError('embeddingMatrix', `oov must be "random" or "zero", got ${describeValue(oov)}`);
  }
  const wv =
    typeof source === 'string' ? await readWordVectors(source, { keep: (w) => vocab.has(w) }) : source;
  const dim = wv.dim;
  const matrix = new Float32Array(vocab.size * dim);
  const rng = new Rng(seed);
  const first = vocab.firstRegularId;
  let found = 0;
  const missing: string[] = [];
  for (let id = 1; id < vocab.size; id++) {
    const v = id >= first ? wv.vector(vocab.tokens[id]!) : undefined;
    // Draw for every row, so a row's values do not depend on which other rows were found.
    for (let c = 0; c < dim; c++) {
      const r = (rng.next() * 2 - 1) * scale;
      if (!v && oov === 'random') matrix[id * dim + c] = r;
    }
    if (v) {
      matrix.set(v, id * dim);
      found++;
    } else if (id >= first && missing.length < 20) missing.push(vocab.tokens[id]!);
  }
  const total = vocab.size - first;
  return {
    matrix,
    shape: [vocab.size, dim],
    found,
    total,
    coverage: total === 0 ? 0 : found / total,
    missing,
  };
}
