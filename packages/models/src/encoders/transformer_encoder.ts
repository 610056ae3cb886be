import { ConfigError } from '@kornlp/core';
import { tf } from '../backend/tf.js';
import { learnedPositionEmbedding } from '../layers/learned_position_embedding.js';
import { sinusoidalPositionEmbedding } from '../layers/sinusoidal_position_embedding.js';
import { transformerEncoderBlock } from '../layers/transformer_encoder_block.js';
import { type ResolvedEncoderOptions, registerEncoderExtension } from './encoder.js';

/**
 * The body of the `transformer` encoder kind — the reference model's Transformer with its flaws
 * fixed: position information is added to the (masked) embedding (sinusoidal by default, or
 * learned, or none), then `numLayers` {@link TransformerEncoderBlock}s with residual ADDITIONS,
 * layer normalization (`normFirst` picks pre- or post-norm; pre-norm stacks end with one more
 * LayerNormalization, as usual) and `dropout` inside every block; the padding mask reaches every
 * block and the (mean by default) pooling that follows.
 *
 * Layer names: `position_embedding`, `transformer_block`, `transformer_block_2`, …, `final_norm`
 * (each prefixed with `namePrefix`).
 *
 * @param x - the embedded, masked sequence `[batch, time, embeddingDim]`
 * @param options - the resolved encoder options
 * @returns `[batch, time, embeddingDim]`
 * @throws ConfigError for learned positions without a known sequence length
 * @example
 * ```ts
 * import { buildEncoder } from '@kornlp/models';
 * const enc = buildEncoder({ kind: 'transformer', vocabSize: 5000, maxLen: 100, numHeads: 4, ffDim: 256 });
 * console.log(enc.layers.map((l) => l.name)); // [ 'ids', 'embedding', 'position_embedding', 'transformer_block', 'mean_pooling' ]
 * ```
 */
export function transformerEncoderBody(
  x: tf.SymbolicTensor,
  options: ResolvedEncoderOptions,
): tf.SymbolicTensor {
  const p = options.namePrefix;
  let h = x;
  if (options.positionEmbedding === 'sinusoidal')
    h = sinusoidalPositionEmbedding({ name: `${p}position_embedding` }).apply(h) as tf.SymbolicTensor;
  else if (options.positionEmbedding === 'learned') {
    const maxLen = options.maxLen ?? x.shape[1];
    if (maxLen == null)
      throw new ConfigError(
        'buildEncoder',
        'positionEmbedding "learned" needs a fixed sequence length; set maxLen',
      );
    h = learnedPositionEmbedding({ maxLen, name: `${p}position_embedding` }).apply(h) as tf.SymbolicTensor;
  }
  for (let i = 0; i < options.numLayers; i++)
    h = transformerEncoderBlock({
      numHeads: options.numHeads,
      ffDim: options.ffDim,
      normFirst: options.normFirst,
      dropout: options.dropout,
      name: `${p}transformer_block${i === 0 ? '' : `_${i + 1}`}`,
    }).apply(h) as tf.SymbolicTensor;
  if (options.normFirst)
    h = tf.layers.layerNormalization({ epsilon: 1e-5, name: `${p}final_norm` }).apply(h) as tf.SymbolicTensor;
  return h;
}

registerEncoderExtension('transformer', transformerEncoderBody);
