import type { tf } from '../backend/tf.js';
import { attentionPooling } from '../layers/attention_pooling.js';
import { bidirectional } from '../layers/bidirectional.js';
import { gru } from '../layers/recurrent.js';
import { type EncoderExtension, registerEncoderExtension } from './encoder.js';

// The `attention` encoder kind is the FIXED design of the reference Keras attention model. The
// reference (kept as the `seed-attention` preset) has two flaws fixed here: (1) its softmax runs over
// the size-1 score axis, so every weight is 1 and "attention" is a plain sum over time — here the
// softmax runs over the time axis; (2) it does not mask padding, so pad steps are summed in — here
// the embedding masks id 0 (`maskZero`, default true), the bi-GRU zeroes masked steps and the
// pooling gives them weight 0.

/**
 * The body of the `attention` encoder kind (registered when `@kornlp/models` loads): `numLayers`
 * stacked bidirectional GRUs (`units` per direction, `resetAfter`, `mergeMode`) returning the whole
 * sequence, masked steps zeroed. Layers are named `${namePrefix}bi_gru`, then `…_2`, `…_3`.
 *
 * @param x - the embedded (and masked) ids, `[batch, time, embeddingDim]`
 * @param options - the resolved encoder options
 * @returns `[batch, time, 2·units]` (`concat`) or `[batch, time, units]`
 * @example
 * ```ts
 * import { buildEncoder } from '@kornlp/models';
 * const enc = buildEncoder({ kind: 'attention', vocabSize: 5000, output: 'sequence', maxLen: 30 });
 * console.log(enc.outputs[0]!.shape); // [null, 30, 256]
 * ```
 */
export const attentionEncoderBody: EncoderExtension = (x, options) => {
  let h = x;
  for (let i = 0; i < options.numLayers; i++) {
    const suffix = i === 0 ? '' : `_${i + 1}`;
    const layer = gru({
      units: options.units,
      returnSequences: true,
      resetAfter: options.resetAfter,
      name: `${options.namePrefix}gru${suffix}`,
    });
    h = bidirectional(layer, {
      mergeMode: options.mergeMode,
      name: `${options.namePrefix}bi_gru${suffix}`,
    }).apply(h) as tf.SymbolicTensor;
  }
  return h;
};

/**
 * The `attention` pooling of {@link buildEncoder} (`pooling: 'attention'`, the default of the
 * `attention` kind): an {@link AttentionPooling} layer with `units` hidden scoring units, named
 * `${namePrefix}attention_pooling`. It fixes the reference Keras model's pooling, whose softmax ran
 * over the size-1 score axis so every weight was 1: here the softmax runs over TIME and masked
 * (padding) steps get weight 0, so the pooled vector is a learned weighted mean of the real steps.
 *
 * @param x - the sequence, `[batch, time, width]`
 * @param options - the resolved encoder options
 * @returns `[batch, width]`
 * @example
 * ```ts
 * import { buildEncoder } from '@kornlp/models';
 * const enc = buildEncoder({ kind: 'lstm', vocabSize: 100, embeddingDim: 8, units: 4, pooling: 'attention' });
 * console.log(enc.getLayer('attention_pooling').countParams()); // 24
 * ```
 */
export const attentionPoolingExtension: EncoderExtension = (x, options) =>
  attentionPooling({ units: options.units, name: `${options.namePrefix}attention_pooling` }).apply(
    x,
  ) as tf.SymbolicTensor;

registerEncoderExtension('attention', attentionEncoderBody);
registerEncoderExtension('attentionPooling', attentionPoolingExtension);
