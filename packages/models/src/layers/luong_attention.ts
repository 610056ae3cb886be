import { ConfigError, describeValue, ShapeError } from '@kornlp/core';
import { tf } from '../backend/tf.js';
import { DenseAttention, type DenseAttentionArgs } from './dense_attention.js';
import { initializerByName } from './initializer_by_name.js';

/** How {@link luongAttention} scores a query against a key (Luong et al. 2015). */
export type LuongScore = 'dot' | 'general';
const LUONG_SCORES: readonly LuongScore[] = ['dot', 'general'];

/** Options for {@link luongAttention}. */
export interface LuongAttentionArgs extends DenseAttentionArgs {
  /**
   * `dot`: `score = q·kᵀ` (query and key of the same width); `general`: `score = q·W·kᵀ` with a
   * learned `kernel [dq, dk]`.
   * @default 'dot'
   */
  scoreMode?: LuongScore;
  /**
   * Multiply the scores by a learned scalar `scale` (initialised to 1), as Keras's `use_scale`.
   * @default false
   */
  useScale?: boolean;
  /**
   * Initializer of the `general` kernel.
   * @default 'glorotUniform'
   */
  kernelInitializer?: string;
}

/**
 * Multiplicative (Luong) attention: `softmax(scale · score(q, k)) · value` with the `dot` or
 * `general` score. `scoreMode: 'dot'` is Keras's `Attention` layer (weight `scale []` only with
 * `useScale`); `general` adds `kernel [dq, dk]`, so query and key may differ in width.
 * Inputs, masks and outputs: see {@link DenseAttention} — `query`, `[query, value]` or
 * `[query, value, key]`, each `[batch, time, width]`; the output is `[batch, queryLength,
 * valueWidth]`, plus the probabilities `[batch, queryLength, valueLength]` with
 * `returnAttentionScores`.
 *
 * @example
 * ```ts
 * import { luongAttention, tf } from '@kornlp/models';
 * const att = luongAttention({ scoreMode: 'general', returnAttentionScores: true });
 * const [context, probs] = att.apply([tf.ones([2, 3, 4]), tf.ones([2, 5, 6])]) as tf.Tensor[];
 * console.log(context!.shape, probs!.shape, att.countParams()); // [2, 3, 6] [2, 3, 5] 24
 * ```
 */
export class LuongAttention extends DenseAttention {
  /** The name tfjs serialization registers the class under. */
  static className = 'KornlpLuongAttention';
  /** `dot`: `score = q·kᵀ`; `general`: `score = q·W·kᵀ` with a learned `kernel [dq, dk]`. */
  readonly scoreMode: LuongScore;
  /** Multiply the scores by a learned scalar `scale` (initialised to 1), as Keras's `use_scale`. */
  readonly useScale: boolean;
  /** Initializer of the `general` kernel. */
  readonly kernelInitializer: string;
  private kernel: tf.LayerVariable | null = null;
  private scale: tf.LayerVariable | null = null;

  /** @param args - see {@link LuongAttentionArgs} */
  constructor(args: LuongAttentionArgs = {}) {
    super(args);
    this.scoreMode = args.scoreMode ?? 'dot';
    if (!LUONG_SCORES.includes(this.scoreMode))
      throw new ConfigError(
        'LuongAttention',
        `unknown scoreMode ${describeValue(this.scoreMode)}; expected one of ${LUONG_SCORES.join(', ')}`,
      );
    this.useScale = args.useScale ?? false;
    this.kernelInitializer = args.kernelInitializer ?? 'glorotUniform';
  }

  protected buildScores(dq: number, dk: number): void {
    if (this.scoreMode === 'general') {
      const init = initializerByName('LuongAttention', this.kernelInitializer);
      this.kernel = this.addWeight('kernel', [dq, dk], 'float32', init);
    } else if (dq !== dk) {
      throw new ShapeError(
        'LuongAttention',
        `scoreMode "dot" needs query and key of the same width, got ${dq} and ${dk}; use scoreMode "general"`,
      );
    }
    if (this.useScale) this.scale = this.addWeight('scale', [], 'float32', tf.initializers.ones());
  }

  protected scores(query: tf.Tensor3D, key: tf.Tensor3D): tf.Tensor3D {
    let q: tf.Tensor3D = query;
    if (this.kernel) {
      const [b, t, d] = query.shape;
      q = tf.matMul(query.reshape([b * t, d]), this.kernel.read() as tf.Tensor2D).reshape([b, t, -1]);
    }
    const s: tf.Tensor3D = tf.matMul(q, key, false, true);
    return this.scale ? (tf.mul(s, this.scale.read()) as tf.Tensor3D) : s;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      scoreMode: this.scoreMode,
      useScale: this.useScale,
      kernelInitializer: this.kernelInitializer,
      ...super.getConfig(),
    };
  }
}
tf.serialization.registerClass(LuongAttention);

/**
 * Creates a {@link LuongAttention} (dot or general multiplicative attention) layer.
 *
 * @param args - see {@link LuongAttentionArgs}
 * @returns the layer
 * @example
 * ```ts
 * import { luongAttention, tf } from '@kornlp/models';
 * const y = luongAttention().apply([tf.ones([1, 2, 3]), tf.ones([1, 4, 3])]) as tf.Tensor;
 * console.log(y.shape); // [1, 2, 3]
 * ```
 */
export function luongAttention(args: LuongAttentionArgs = {}): LuongAttention {
  return new LuongAttention(args);
}
