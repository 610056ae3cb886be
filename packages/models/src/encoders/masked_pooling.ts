import { ConfigError, describeValue } from '@kornlp/core';
import { tf } from '../backend/tf.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** Options for {@link maskedPooling}. */
export interface MaskedPoolingArgs extends LayerArgs {
  /**
   * `mean` averages the unmasked steps; `max` takes the per-feature maximum over them.
   * @default 'mean'
   */
  mode?: 'mean' | 'max';
}

/**
 * Pools `[batch, time, d]` to `[batch, d]` over the time steps the incoming mask keeps (all steps
 * without a mask). A row whose steps are all masked pools to zeros. No weights.
 *
 * @example
 * ```ts
 * import { MaskedPooling, tf } from '@kornlp/models';
 * const x = tf.tensor3d([[[1, 10], [3, 30], [100, 100]]]);
 * const mask = tf.tensor2d([[1, 1, 0]]); // the third step is padding
 * const pool = (mode: 'mean' | 'max') => new MaskedPooling({ mode }).apply(x, { mask }) as tf.Tensor;
 * console.log(pool('mean').arraySync(), pool('max').arraySync()); // [ [ 2, 20 ] ] [ [ 3, 30 ] ]
 * ```
 */
export class MaskedPooling extends tf.layers.Layer {
  /** The name tfjs serialization registers the class under. */
  static className = 'KornlpMaskedPooling';
  /** `mean` averages the unmasked steps; `max` takes the per-feature maximum over them. */
  readonly mode: 'mean' | 'max';

  constructor(args: MaskedPoolingArgs = {}) {
    super(args);
    const mode = args.mode ?? 'mean';
    if (mode !== 'mean' && mode !== 'max')
      throw new ConfigError('MaskedPooling', `mode must be "mean" or "max", got ${describeValue(mode)}`);
    this.mode = mode;
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [s[0] as number, s[2] as number];
  }

  override computeMask(): tf.Tensor {
    return null as unknown as tf.Tensor;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { mask?: tf.Tensor | tf.Tensor[] }): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const maskIn = Array.isArray(kwargs?.mask) ? kwargs.mask[0] : kwargs?.mask;
      const m = maskIn
        ? tf.expandDims(tf.cast(maskIn, 'float32'), 2)
        : tf.onesLike(tf.slice(x, [0, 0, 0], [-1, -1, 1]));
      if (this.mode === 'mean') {
        const total = tf.sum(tf.mul(x, m), 1);
        return tf.div(total, tf.maximum(tf.sum(m, 1), 1));
      }
      // Masked steps get a very negative value so they never win; all-masked rows give zeros.
      const shifted = tf.add(tf.mul(x, m), tf.mul(tf.sub(1, m), -1e9));
      const any = tf.greater(tf.sum(m, 1), 0);
      return tf.where(
        tf.broadcastTo(any, [x.shape[0], x.shape[2]]),
        tf.max(shifted, 1),
        tf.zerosLike(tf.max(x, 1)),
      );
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode };
  }
}
tf.serialization.registerClass(MaskedPooling);

/**
 * Mask-aware mean or max pooling over time.
 *
 * @param args - see {@link MaskedPoolingArgs}
 * @returns the layer: `[batch, time, d]` → `[batch, d]`
 * @example
 * ```ts
 * import { maskedPooling, tf } from '@kornlp/models';
 * const y = maskedPooling({ mode: 'mean' }).apply(tf.tensor3d([[[1], [3]]])) as tf.Tensor;
 * y.print(); // [[2]]
 * ```
 */
export function maskedPooling(args: MaskedPoolingArgs = {}): MaskedPooling {
  return new MaskedPooling(args);
}
