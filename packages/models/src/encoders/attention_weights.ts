import { ConfigError, describeValue } from '@kornlp/core';
import { tf } from '../backend/tf.js';
import { AttentionPooling } from '../layers/attention_pooling.js';

/** Options for {@link attentionPoolingWeights}. */
export interface AttentionPoolingWeightsOptions {
  /**
   * Name of the {@link AttentionPooling} layer to read.
   * @default the model's first AttentionPooling layer (`attention_pooling` in encoders)
   */
  layerName?: string;
}

function findPooling(model: tf.LayersModel, layerName: string | undefined): AttentionPooling {
  const pools = model.layers.filter((l): l is AttentionPooling => l instanceof AttentionPooling);
  const layer = layerName === undefined ? pools[0] : pools.find((l) => l.name === layerName);
  if (!layer)
    throw new ConfigError(
      'attentionPoolingWeights',
      `${layerName === undefined ? 'the model has no AttentionPooling layer' : `no AttentionPooling layer named ${describeValue(layerName)}`}; ${pools.length ? `expected one of ${pools.map((l) => l.name).join(', ')}` : 'build it with pooling "attention" or kind "attention"'}`,
    );
  return layer;
}

/**
 * The attention weights `[batch, time]` an encoder's attention pooling gives each token of `ids`,
 * for heat maps (e.g. `attentionSvg` in `@kornlp/tasks`). Runs the model up to the pooling layer
 * and scores its input eagerly; padding (id 0) gets weight 0 when the model's embedding masks it
 * (`maskZero`, the encoders' default), exactly as in the model's own forward pass.
 *
 * @param model - a model containing an {@link AttentionPooling} layer, e.g. from
 *   `buildEncoder({ kind: 'attention', ... })` or a task model built on one
 * @param ids - int32 token ids `[batch, time]` (the model's input)
 * @param options - see {@link AttentionPoolingWeightsOptions}
 * @returns the weights; each row sums to 1 over the real tokens. The caller disposes it.
 * @throws ConfigError when the model has no such layer
 * @example
 * ```ts
 * import { attentionPoolingWeights, buildEncoder, tf } from '@kornlp/models';
 * const enc = buildEncoder({ kind: 'attention', vocabSize: 100, embeddingDim: 8, units: 4 });
 * const w = attentionPoolingWeights(enc, tf.tensor2d([[5, 9, 2, 0]], [1, 4], 'int32'));
 * console.log(w.shape, w.dataSync()[3]); // [ 1, 4 ] 0
 * ```
 */
export function attentionPoolingWeights(
  model: tf.LayersModel,
  ids: tf.Tensor,
  options: AttentionPoolingWeightsOptions = {},
): tf.Tensor2D {
  const layer = findPooling(model, options.layerName);
  const masksZero = model.layers.some((l) => l.getConfig().maskZero === true);
  const probe = tf.model({ inputs: model.inputs, outputs: layer.input as tf.SymbolicTensor });
  return tf.tidy(() => {
    const seq = probe.predict(ids) as tf.Tensor;
    return layer.attentionWeights(seq, masksZero ? tf.notEqual(ids, 0) : null);
  });
}
