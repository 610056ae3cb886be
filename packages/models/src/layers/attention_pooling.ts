import { ConfigError, describeValue, ShapeError } from '@kornlp/core';
import { tf } from '../backend/tf.js';
import type { Shape } from './dense_attention.js';
import { initializerByName } from './initializer_by_name.js';
import { maskAt, maskedSoftmax } from './masked_softmax.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Kwargs = Record<string, unknown>;

/** Options for {@link attentionPooling}. */
export interface AttentionPoolingArgs extends LayerArgs {
  /**
   * Width of the hidden scoring layer (`hidden/kernel [width, units]`).
   * @default the input's width
   */
  units?: number | null;
  /**
   * Whether the hidden scoring layer has a bias.
   * @default true
   */
  useBias?: boolean;
  /**
   * Also return the attention weights `[batch, time]` as a second output (for heat maps).
   * @default false
   */
  returnAttentionScores?: boolean;
  /**
   * Initializer of the two kernels.
   * @default 'glorotUniform'
   */
  kernelInitializer?: string;
  /**
   * Initializer of the hidden bias.
   * @default 'zeros'
   */
  biasInitializer?: string;
}

/**
 * Attention pooling over time (Yang et al. 2016): scores each time step with a small MLP,
 * `s_t = tanh(x_t·W + b)·u` (a `Dense(units, tanh)` then a `Dense(1)` without bias, since a bias
 * cannot change a softmax over time), turns the scores into weights with a softmax OVER THE TIME
 * AXIS, and returns the weighted sum `Σ_t a_t·x_t`: `[batch, time, width]` → `[batch, width]`.
 *
 * Masked steps (the incoming mask, e.g. from an Embedding with `maskZero`) get weight exactly 0;
 * a row whose steps are all masked gets all-zero weights and pools to zeros. With
 * `returnAttentionScores` the layer has a second output, the weights `[batch, time]` (each row sums
 * to 1), ready for a heat map. Weights: `hidden/kernel [width, units]`, `hidden/bias [units]`,
 * `score/kernel [units, 1]`.
 *
 * This is the fixed form of the reference model's pooling, which applied its softmax to the
 * size-1 score axis (see the `seed-attention` preset).
 *
 * @example
 * ```ts
 * import { attentionPooling, tf } from '@kornlp/models';
 * const pool = attentionPooling({ units: 8, returnAttentionScores: true });
 * const x = tf.ones([2, 5, 16]);
 * const mask = tf.tensor2d([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]]);
 * const [pooled, weights] = pool.apply(x, { mask }) as tf.Tensor[];
 * console.log(pooled!.shape, weights!.arraySync()[0]); // [2, 16] [ 0.3333333432674408, 0.3333333432674408, 0.3333333432674408, 0, 0 ]
 * ```
 */
export class AttentionPooling extends tf.layers.Layer {
  /** The name tfjs serialization registers the class under. */
  static className = 'KornlpAttentionPooling';
  /** Width of the hidden scoring layer (`hidden/kernel [width, units]`). */
  readonly units: number | null;
  /** Whether the hidden scoring layer has a bias. */
  readonly useBias: boolean;
  /** Also return the attention weights `[batch, time]` as a second output (for heat maps). */
  readonly returnAttentionScores: boolean;
  /** Initializer of the two kernels. */
  readonly kernelInitializer: string;
  /** Initializer of the hidden bias. */
  readonly biasInitializer: string;
  private hiddenKernel: tf.LayerVariable | null = null;
  private hiddenBias: tf.LayerVariable | null = null;
  private scoreKernel: tf.LayerVariable | null = null;

  /** @param args - see {@link AttentionPoolingArgs} */
  constructor(args: AttentionPoolingArgs = {}) {
    super(args);
    const units = args.units ?? null;
    if (units !== null && !(typeof units === 'number' && Number.isInteger(units) && units >= 1))
      throw new ConfigError(
        'AttentionPooling',
        `units must be a positive integer or null, got ${describeValue(units)}`,
      );
    this.units = units;
    this.useBias = args.useBias ?? true;
    this.returnAttentionScores = args.returnAttentionScores ?? false;
    this.kernelInitializer = args.kernelInitializer ?? 'glorotUniform';
    this.biasInitializer = args.biasInitializer ?? 'zeros';
    this.supportsMasking = true;
  }

  private inputShapeOf(inputShape: Shape | Shape[]): Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    if (s.length !== 3 || s[2] == null)
      throw new ShapeError(
        'AttentionPooling',
        `input must be [batch, time, width] with a known width, got ${describeValue(s)}`,
      );
    return s;
  }

  override build(inputShape: Shape | Shape[]): void {
    const d = this.inputShapeOf(inputShape)[2]!;
    const units = this.units ?? d;
    const kInit = initializerByName('AttentionPooling', this.kernelInitializer);
    this.hiddenKernel = this.addWeight('hidden/kernel', [d, units], 'float32', kInit);
    if (this.useBias)
      this.hiddenBias = this.addWeight(
        'hidden/bias',
        [units],
        'float32',
        initializerByName('AttentionPooling', this.biasInitializer),
      );
    this.scoreKernel = this.addWeight('score/kernel', [units, 1], 'float32', kInit);
    this.built = true;
  }

  /**
   * The attention weights `[batch, time]` this layer gives the sequence `x` (softmax over time;
   * masked steps 0), computed eagerly — for heat maps of a model built without
   * `returnAttentionScores`. See also {@link attentionPoolingWeights}.
   *
   * @param x - the layer's input, `[batch, time, width]` (the layer must be built)
   * @param mask - keep-mask `[batch, time]` (1/true = real step)
   * @default mask null (every step counts)
   * @returns the weights; each row sums to 1 (0 for a fully masked row)
   * @example
   * ```ts
   * import { attentionPooling, tf } from '@kornlp/models';
   * const pool = attentionPooling({ units: 4 });
   * const x = tf.ones([1, 3, 2]);
   * pool.apply(x);
   * pool.attentionWeights(x, tf.tensor2d([[1, 1, 0]])).print(); // [[0.5, 0.5, 0],]
   * ```
   */
  attentionWeights(x: tf.Tensor, mask: tf.Tensor | null = null): tf.Tensor2D {
    if (!this.built || !this.hiddenKernel)
      throw new ConfigError(
        'AttentionPooling',
        'attentionWeights needs a built layer; apply it to an input first',
      );
    if (x.rank !== 3)
      throw new ShapeError(
        'AttentionPooling',
        `attentionWeights expects [batch, time, width], got ${describeValue(x.shape)}`,
      );
    return tf.tidy(() => {
      const [b, t, d] = x.shape as [number, number, number];
      let h = tf.matMul(x.reshape([b * t, d]), this.hiddenKernel!.read() as tf.Tensor2D);
      if (this.hiddenBias) h = tf.add(h, this.hiddenBias.read());
      const scores = tf.matMul(tf.tanh(h), this.scoreKernel!.read() as tf.Tensor2D).reshape([b, t]);
      if (!mask) return tf.softmax(scores) as tf.Tensor2D;
      const keep = mask.toFloat().reshape([b, t]);
      // Multiplying by the mask again turns the uniform row of a fully masked sequence into zeros.
      return tf.mul(maskedSoftmax(scores, keep), keep) as tf.Tensor2D;
    });
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const [b, , d] = x.shape;
      const weights = this.attentionWeights(x, maskAt(kwargs.mask as tf.Tensor | tf.Tensor[] | undefined, 0));
      const pooled = tf.matMul(weights.reshape([b, 1, -1]), x).reshape([b, d]);
      return this.returnAttentionScores ? [pooled, weights] : pooled;
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const s = this.inputShapeOf(inputShape);
    const pooled: Shape = [s[0] ?? null, s[2] ?? null];
    return this.returnAttentionScores ? [pooled, [s[0] ?? null, s[1] ?? null]] : pooled;
  }

  override computeMask(): tf.Tensor | tf.Tensor[] {
    return (this.returnAttentionScores ? [null, null] : null) as unknown as tf.Tensor;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      units: this.units,
      useBias: this.useBias,
      returnAttentionScores: this.returnAttentionScores,
      kernelInitializer: this.kernelInitializer,
      biasInitializer: this.biasInitializer,
      ...super.getConfig(),
    };
  }
}
tf.serialization.registerClass(AttentionPooling);

/**
 * Creates an {@link AttentionPooling} layer: learned scores, softmax over time (masked steps get
 * weight 0), weighted sum. To draw the weights, build it with `returnAttentionScores: true` and
 * read its second output.
 *
 * @param args - see {@link AttentionPoolingArgs}
 * @returns the layer: `[batch, time, width]` → `[batch, width]` (and `[batch, time]` weights)
 * @example
 * ```ts
 * import { attentionPooling, tf } from '@kornlp/models';
 * const pool = attentionPooling({ units: 64 });
 * const y = pool.apply(tf.input({ shape: [30, 256] })) as tf.SymbolicTensor;
 * console.log(y.shape, pool.countParams()); // [null, 256] 16512
 * ```
 */
export function attentionPooling(args: AttentionPoolingArgs = {}): AttentionPooling {
  return new AttentionPooling(args);
}
