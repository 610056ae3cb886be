/**
 * @kornlp/embeddings: from tokens to ids and tensors, and word vectors (pretrained or trained
 * with skip-gram). Only these exports are public.
 * @module @kornlp/embeddings
 */
export { type Batch, type BatchOptions, batches, toTensor } from './batches.js';
export { compareCodePoints } from './code-point-order.js';
export { type EmbeddingMatrix, type EmbeddingMatrixOptions, embeddingMatrix } from './embedding-matrix.js';
export { type LengthStats, lengthStats } from './length-stats.js';
export { type Int32Matrix, type PadOptions, padSequences } from './pad-sequences.js';
export { SkipGramModel, type SkipGramOptions, type SkipGramStats, trainSkipGram } from './skip-gram.js';
export { type SubwordOptions, subwordNgrams } from './subwords.js';
export {
  createUnitizer,
  type PosTokenizer,
  TOKEN_UNITS,
  type TokenUnit,
  tokensToUnits,
  type UnitizerOptions,
} from './units.js';
export {
  type Coverage,
  type DecodeOptions,
  type EncodeOptions,
  Vocabulary,
  type VocabularyJson,
  type VocabularyOptions,
  type VocabularySpecials,
  type VocabularyStats,
} from './vocabulary.js';
export { cosineSimilarity, type Neighbour, WordVectors } from './word-vectors.js';
export {
  type ReadVectorsOptions,
  readWordVectors,
  type SaveVectorsOptions,
  saveWordVectors,
} from './word2vec-format.js';
