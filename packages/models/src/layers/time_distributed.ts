import { ConfigError, describeValue, ShapeError } from '@kornlp/core';
import { tf } from '../backend/tf.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Shape = Array<number | null>;
type Kwargs = Record<string, unknown>;

/** Options for {@link timeDistributed}. */
export interface TimeDistributedOptions extends LayerArgs {}

interface TimeDistributedArgs extends TimeDistributedOptions {
  layer: tf.layers.Layer;
}

/**
 * Applies one layer to every time step of `[batch, time, ...]`, as Keras's `TimeDistributed`. Unlike
 * tfjs's own wrapper, which loops over the time steps one by one (100 small matmuls and a stack per
 * call at length 100), it folds time into the batch — `[batch·time, ...]` — and calls the inner
 * layer once, so training costs one large matmul. The mask passes through. Weights are the inner
 * layer's, named `<wrapper>/kernel`, `<wrapper>/bias` as in tfjs.
 *
 * @example
 * ```ts
 * import { timeDistributed, tf } from '@kornlp/models';
 * const td = timeDistributed(tf.layers.dense({ units: 512, activation: 'relu' }));
 * const y = td.apply(tf.input({ shape: [100, 200] })) as tf.SymbolicTensor;
 * console.log(y.shape, td.countParams()); // [null, 100, 512] 102912
 * ```
 */
export class TimeDistributed extends tf.layers.Layer {
  /** The name tfjs serialization registers the class under. */
  static className = 'KornlpTimeDistributed';
  /** The wrapped layer. */
  readonly layer: tf.layers.Layer;

  /** @param args - the wrapped `layer` and the usual layer options */
  constructor(args: TimeDistributedArgs) {
    super(args);
    if (!(args.layer instanceof tf.layers.Layer))
      throw new ConfigError(
        'timeDistributed',
        `layer must be a tf.layers.Layer, got ${describeValue(args.layer)}`,
      );
    this.layer = args.layer;
    this.supportsMasking = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    if (s.length < 3)
      throw new ShapeError(
        'TimeDistributed',
        `input must be at least [batch, time, features], got ${describeValue(s)}`,
      );
    if (!this.layer.built) {
      this.layer.build([s[0] ?? null, ...s.slice(2)]);
      this.layer.built = true;
    }
    this.built = true;
  }

  /** The wrapped layer's trainable weights. */
  override get trainableWeights(): tf.LayerVariable[] {
    return this.trainable ? this.layer.trainableWeights : [];
  }

  /** The wrapped layer's frozen weights (all of them when the wrapper is not trainable). */
  override get nonTrainableWeights(): tf.LayerVariable[] {
    return this.trainable ? this.layer.nonTrainableWeights : this.layer.weights;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const [b, t, ...rest] = x.shape;
      const inner = this.layer.call(x.reshape([b * t!, ...rest]), { training: kwargs.training });
      const y = Array.isArray(inner) ? inner[0]! : inner;
      return y.reshape([b, t!, ...y.shape.slice(1)]);
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const inner = this.layer.computeOutputShape([s[0] ?? null, ...s.slice(2)]) as Shape;
    return [inner[0] ?? null, s[1] ?? null, ...inner.slice(1)];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      layer: { className: this.layer.getClassName(), config: this.layer.getConfig() },
      ...super.getConfig(),
    };
  }

  /**
   * Rebuilds the wrapper and its inner layer from {@link TimeDistributed.getConfig}'s output.
   *
   * @param cls - the class (tfjs's deserializer passes it)
   * @param config - the saved config, with the inner layer as `{ className, config }`
   */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const { layer, ...rest } = config as {
      layer: { className: string; config: tf.serialization.ConfigDict };
    };
    const entry = tf.serialization.SerializationMap.getMap().classNameMap[layer.className];
    if (!entry)
      throw new ConfigError('TimeDistributed', `unknown inner layer class ${describeValue(layer.className)}`);
    const [innerCls, fromConfig] = entry as unknown as [
      unknown,
      (c: unknown, config: tf.serialization.ConfigDict) => tf.layers.Layer,
    ];
    return new cls({ ...rest, layer: fromConfig(innerCls, layer.config) } as never);
  }
}
tf.serialization.registerClass(TimeDistributed);

/**
 * Wraps a layer so it runs on every time step (Keras `TimeDistributed`), e.g. a Dense layer on each
 * position of a sequence.
 *
 * @param layer - an unbuilt layer taking `[batch, ...features]`
 * @param options - layer options such as `name`
 * @default options `{}`
 * @returns the wrapper, `[batch, time, ...features]` → `[batch, time, ...outputFeatures]`
 * @throws ConfigError when `layer` is not a tfjs layer; ShapeError (when applied) for inputs below 3-D
 * @example
 * ```ts
 * import { timeDistributed, tf } from '@kornlp/models';
 * const td = timeDistributed(tf.layers.dense({ units: 2, useBias: false, kernelInitializer: 'ones' }));
 * console.log((td.apply(tf.ones([1, 3, 4])) as tf.Tensor).arraySync()); // [ [ [ 4, 4 ], [ 4, 4 ], [ 4, 4 ] ] ]
 * ```
 */
export function timeDistributed(
  layer: tf.layers.Layer,
  options: TimeDistributedOptions = {},
): TimeDistributed {
  return new TimeDistributed({ ...options, layer });
}
