import { ConfigError, describeValue, ShapeError } from '@kornlp/core';
import { tf } from '../backend/tf.js';
import { DenseAttention, type DenseAttentionArgs } from './dense_attention.js';
import { initializerByName } from './initializer_by_name.js';

/** Options for {@link bahdanauAttention}. */
export interface BahdanauAttentionArgs extends DenseAttentionArgs {
  /**
   * Width of the learned query and key projections (Bahdanau et al. 2015:
   * `score = vᵀ·tanh(W_q·q + W_k·k)`). `null` scores the raw inputs as Keras's `AdditiveAttention`
   * does (`score = Σ scale·tanh(q + k)`), which needs query and key of the same width.
   * @default null
   */
  units?: number | null;
  /**
   * Learn the vector `scale` (Bahdanau's `v`) that weighs the tanh features; without it they are
   * summed.
   * @default true
   */
  useScale?: boolean;
  /**
   * Initializer of `scale` and the projection kernels.
   * @default 'glorotUniform'
   */
  kernelInitializer?: string;
}

/**
 * Additive (Bahdanau) attention: `softmax(Σ_f scale_f·tanh(q'_f + k'_f)) · value`, where `q'`, `k'`
 * are the query and key, or their projections `q·W_q`, `k·W_k` when `units` is set.
 *
 * With the defaults it is Keras's `AdditiveAttention(use_scale=True)` (weight `scale [width]`);
 * with `units` it is the original Bahdanau score (weights `query_kernel [dq, units]`,
 * `key_kernel [dk, units]`, `scale [units]`), which also lets query and key differ in width.
 * Inputs, masks and outputs: see {@link DenseAttention} — `query`, `[query, value]` or
 * `[query, value, key]`, each `[batch, time, width]`; the output is `[batch, queryLength,
 * valueWidth]`, plus the probabilities `[batch, queryLength, valueLength]` with
 * `returnAttentionScores`. Memory grows with `batch·tq·tk·width`.
 *
 * @example
 * ```ts
 * import { bahdanauAttention, tf } from '@kornlp/models';
 * const att = bahdanauAttention({ units: 8, returnAttentionScores: true });
 * const [context, probs] = att.apply([tf.ones([2, 3, 4]), tf.ones([2, 5, 6])]) as tf.Tensor[];
 * console.log(context!.shape, probs!.shape, att.countParams()); // [2, 3, 6] [2, 3, 5] 88
 * ```
 */
export class BahdanauAttention extends DenseAttention {
  /** The name tfjs serialization registers the class under. */
  static className = 'KornlpBahdanauAttention';
  /** Width of the learned query and key projections; null scores the raw inputs (Keras's form). */
  readonly units: number | null;
  /** Learn the vector `scale` (Bahdanau's `v`) that weighs the tanh features; without it they are summed. */
  readonly useScale: boolean;
  /** Initializer of `scale` and the projection kernels. */
  readonly kernelInitializer: string;
  private queryKernel: tf.LayerVariable | null = null;
  private keyKernel: tf.LayerVariable | null = null;
  private scale: tf.LayerVariable | null = null;

  /** @param args - see {@link BahdanauAttentionArgs} */
  constructor(args: BahdanauAttentionArgs = {}) {
    super(args);
    const units = args.units ?? null;
    if (units !== null && !(typeof units === 'number' && Number.isInteger(units) && units >= 1))
      throw new ConfigError(
        'BahdanauAttention',
        `units must be a positive integer or null, got ${describeValue(units)}`,
      );
    this.units = units;
    this.useScale = args.useScale ?? true;
    this.kernelInitializer = args.kernelInitializer ?? 'glorotUniform';
  }

  protected buildScores(dq: number, dk: number): void {
    const init = initializerByName('BahdanauAttention', this.kernelInitializer);
    if (this.units === null) {
      if (dq !== dk)
        throw new ShapeError(
          'BahdanauAttention',
          `without units, query and key need the same width, got ${dq} and ${dk}; set units to project them`,
        );
    } else {
      this.queryKernel = this.addWeight('query_kernel', [dq, this.units], 'float32', init);
      this.keyKernel = this.addWeight('key_kernel', [dk, this.units], 'float32', init);
    }
    if (this.useScale) this.scale = this.addWeight('scale', [this.units ?? dk], 'float32', init);
  }

  protected scores(query: tf.Tensor3D, key: tf.Tensor3D): tf.Tensor3D {
    const project = (x: tf.Tensor3D, w: tf.LayerVariable | null): tf.Tensor3D => {
      if (!w) return x;
      const [b, t, d] = x.shape;
      return tf.matMul(x.reshape([b * t, d]), w.read() as tf.Tensor2D).reshape([b, t, -1]);
    };
    const q = project(query, this.queryKernel).expandDims(2); // [b, tq, 1, f]
    const k = project(key, this.keyKernel).expandDims(1); // [b, 1, tk, f]
    let features = tf.tanh(tf.add(q, k)); // [b, tq, tk, f]
    if (this.scale) features = tf.mul(features, this.scale.read());
    return tf.sum(features, -1) as tf.Tensor3D;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      units: this.units,
      useScale: this.useScale,
      kernelInitializer: this.kernelInitializer,
      ...super.getConfig(),
    };
  }
}
tf.serialization.registerClass(BahdanauAttention);

/**
 * Creates a {@link BahdanauAttention} (additive attention) layer.
 *
 * @param args - see {@link BahdanauAttentionArgs}
 * @returns the layer
 * @example
 * ```ts
 * import { bahdanauAttention, tf } from '@kornlp/models';
 * const y = bahdanauAttention().apply([tf.ones([1, 2, 3]), tf.ones([1, 4, 3])]) as tf.Tensor;
 * console.log(y.shape); // [1, 2, 3]
 * ```
 */
export function bahdanauAttention(args: BahdanauAttentionArgs = {}): BahdanauAttention {
  return new BahdanauAttention(args);
}
