import { describeValue, ShapeError } from '@kornlp/core';
import { tf } from '../backend/tf.js';
import type { Shape } from './dense_attention.js';
import { maskAt } from './masked_softmax.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Kwargs = Record<string, unknown>;

/** Options for {@link weightedSum}: only the standard layer options (`name`, ...). */
export type WeightedSumArgs = LayerArgs;

function shapesOf(inputShape: Shape | Shape[]): [Shape, Shape] {
  const list = Array.isArray(inputShape[0]) ? (inputShape as Shape[]) : [];
  const [values, weights] = list;
  if (list.length !== 2 || !values || !weights)
    throw new ShapeError('WeightedSum', 'expected two inputs, [values, weights]');
  if (values.length !== 3)
    throw new ShapeError('WeightedSum', `values must be [batch, time, width], got ${describeValue(values)}`);
  const ok = weights.length === 2 || (weights.length === 3 && weights[2] === 1);
  if (!ok || (weights[1] != null && values[1] != null && weights[1] !== values[1]))
    throw new ShapeError(
      'WeightedSum',
      `weights must be [batch, time] or [batch, time, 1] matching values ${describeValue(values)}, got ${describeValue(weights)}`,
    );
  return [values, weights];
}

/**
 * Sums `values` over time, each step scaled by its weight: `[values [batch, time, width],
 * weights [batch, time] or [batch, time, 1]]` → `[batch, width]`, `Σ_t w_t·v_t`. Steps masked in
 * `values` (its incoming mask) contribute nothing. No weights of its own: it is the last step of
 * an attention block whose weights come from elsewhere — e.g. the `seed-attention` preset, where
 * they come from a softmax over the size-1 axis and therefore all equal 1.
 *
 * @example
 * ```ts
 * import { tf, weightedSum } from '@kornlp/models';
 * const values = tf.tensor3d([[[1, 2], [3, 4]]]);
 * const y = weightedSum().apply([values, tf.tensor2d([[0.25, 0.75]])]) as tf.Tensor;
 * y.print(); // [[2.5, 3.5],]
 * ```
 */
export class WeightedSum extends tf.layers.Layer {
  /** The name tfjs serialization registers the class under. */
  static className = 'KornlpWeightedSum';

  /** @param args - see {@link WeightedSumArgs} */
  constructor(args: WeightedSumArgs = {}) {
    super(args);
    this.supportsMasking = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    shapesOf(inputShape);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const [values, weights] = inputs as [tf.Tensor3D, tf.Tensor];
      const [b, t, d] = values.shape;
      let w = weights.reshape([b, 1, t]);
      const mask = maskAt(kwargs.mask as tf.Tensor | tf.Tensor[] | undefined, 0);
      if (mask) w = tf.mul(w, mask.toFloat().reshape([b, 1, t]));
      return tf.matMul(w, values).reshape([b, d]);
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [values] = shapesOf(inputShape);
    return [values[0] ?? null, values[2] ?? null];
  }

  override computeMask(): tf.Tensor {
    return null as unknown as tf.Tensor;
  }
}
tf.serialization.registerClass(WeightedSum);

/**
 * Creates a {@link WeightedSum} layer (`Σ_t w_t·v_t` over time, masks respected).
 *
 * @param args - standard layer options such as `name`
 * @returns the layer: `[values, weights]` → `[batch, width]`
 * @example
 * ```ts
 * import { tf, weightedSum } from '@kornlp/models';
 * const v = tf.input({ shape: [30, 256] });
 * const w = tf.input({ shape: [30, 1] });
 * console.log((weightedSum().apply([v, w]) as tf.SymbolicTensor).shape); // [null, 256]
 * ```
 */
export function weightedSum(args: WeightedSumArgs = {}): WeightedSum {
  return new WeightedSum(args);
}
