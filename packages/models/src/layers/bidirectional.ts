import { ConfigError, describeValue } from '@kornlp/core';
import { tf } from '../backend/tf.js';

/** How {@link bidirectional} combines the forward and backward outputs. */
export type MergeMode = 'concat' | 'sum' | 'ave' | 'mul';
const MERGE_MODES: readonly MergeMode[] = ['concat', 'sum', 'ave', 'mul'];

/** Options for {@link bidirectional}. */
export interface BidirectionalOptions {
  /**
   * How to merge: `concat` doubles the width; `sum`, `ave`, `mul` keep it.
   * @default 'concat'
   */
  mergeMode?: MergeMode;
  /**
   * Layer name.
   * @default 'bi_' + the wrapped layer's name, e.g. `bi_gru`
   */
  name?: string;
}

/**
 * Runs a recurrent layer forwards and (a copy of it) backwards over the sequence and merges the two,
 * as Keras's `Bidirectional` (tfjs's own wrapper, so saved models stay standard). With
 * `returnSequences`, masked steps output zeros in both directions (Keras sets
 * `zero_output_for_mask`), and the backward outputs are re-aligned to the input's time order.
 *
 * @param layer - an unbuilt recurrent layer from {@link lstm}, {@link gru} or {@link simpleRnn}
 * @param options - see {@link BidirectionalOptions}
 * @returns the wrapper layer, named from its part (`bi_gru`)
 * @throws ConfigError for an unknown merge mode
 * @example
 * ```ts
 * import { bidirectional, gru, tf } from '@kornlp/models';
 * const bi = bidirectional(gru({ units: 128 }));
 * bi.apply(tf.input({ shape: [30, 100] }));
 * console.log(bi.name, bi.countParams()); // bi_gru 176640
 * ```
 */
export function bidirectional(layer: tf.layers.Layer, options: BidirectionalOptions = {}): tf.layers.Layer {
  const { mergeMode = 'concat', name = `bi_${layer.name}` } = options;
  if (!MERGE_MODES.includes(mergeMode))
    throw new ConfigError(
      'bidirectional',
      `unknown mergeMode ${describeValue(mergeMode)}; expected one of ${MERGE_MODES.join(', ')}`,
    );
  const config = layer.getConfig();
  let inner = layer as tf.layers.RNN;
  if (config.returnSequences === true && config.zeroOutputForMask !== true) {
    const cls = tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()];
    if (!cls) throw new ConfigError('bidirectional', `layer class ${layer.getClassName()} is not registered`);
    inner = new (cls[0] as unknown as new (c: object) => tf.layers.RNN)({
      ...config,
      zeroOutputForMask: true,
    });
  }
  return tf.layers.bidirectional({ layer: inner, mergeMode, name });
}
