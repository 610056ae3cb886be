import { ConfigError, describeValue, ShapeError } from '@kornlp/core';
import { tf } from '../backend/tf.js';
import { maskAt, maskedSoftmax, queryOutputMask } from './masked_softmax.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
/** A tfjs shape with unknown dimensions as null. @internal */
export type Shape = Array<number | null>;
type Kwargs = Record<string, unknown>;

/** Options shared by {@link bahdanauAttention} and {@link luongAttention} (Keras's `BaseDenseAttention`). */
export interface DenseAttentionArgs extends LayerArgs {
  /**
   * Also return the attention probabilities, `[batch, queryLength, valueLength]`, as a second
   * output (before dropout).
   * @default false
   */
  returnAttentionScores?: boolean;
  /**
   * Let each query position attend only to value positions at or before it.
   * @default false
   */
  useCausalMask?: boolean;
  /**
   * Dropout rate on the attention probabilities (training only).
   * @default 0
   */
  dropout?: number;
}

/** Splits one shape or a list of shapes into `[query, value, key]` shapes. @internal */
export function attentionShapes(component: string, inputShape: Shape | Shape[]): [Shape, Shape, Shape] {
  const shapes = Array.isArray(inputShape[0]) ? (inputShape as Shape[]) : [inputShape as Shape];
  if (shapes.length > 3)
    throw new ShapeError(
      component,
      `expected query, [query, value] or [query, value, key], got ${shapes.length} inputs`,
    );
  const q = shapes[0]!;
  const v = shapes[1] ?? q;
  const k = shapes[2] ?? v;
  for (const [what, s] of [
    ['query', q],
    ['value', v],
    ['key', k],
  ] as const)
    if (s.length !== 3 || s[2] == null)
      throw new ShapeError(
        component,
        `${what} must be [batch, time, width] with a known width, got ${describeValue(s)}`,
      );
  if (k[1] != null && v[1] != null && k[1] !== v[1])
    throw new ShapeError(component, `key and value must have the same length, got ${k[1]} and ${v[1]}`);
  return [q, v, k];
}

/**
 * Keras's dense (single-head) attention: `softmax(score(query, key)) · value`. Subclasses define the
 * score; this class does masks, causality, dropout, the optional second output and (de)serialization.
 *
 * Inputs: `query` alone (self-attention), `[query, value]` (key = value) or `[query, value, key]`,
 * each `[batch, time, width]`. Masks as in Keras: value positions whose mask is 0 get the score
 * -1e9 before the softmax (a fully masked row becomes uniform, as Keras), and output rows of
 * masked query positions are zeroed; the output carries the query's mask.
 *
 * Two tfjs limits inside a `tf.LayersModel` (its `predict`/`fit`/`evaluate` executor), which
 * eager calls and `model.apply` do not have: (1) a multi-input layer receives only the FIRST
 * input's mask, so with `[query, value]` the value's padding is not masked there — for
 * self-attention pass the one tensor (then its mask is the value mask too), and for
 * cross-attention over padded values build the model so the values carry no padding, or call the
 * layer eagerly; (2) listing the same tensor twice (`[h, h]`) makes tfjs dispose it early
 * ("Tensor is disposed") — pass `h` alone instead.
 *
 * @example
 * ```ts
 * import { DenseAttention, tf } from '@kornlp/models';
 * // Scaled dot-product scores, 1/√width, no weights.
 * class ScaledDot extends DenseAttention {
 *   static className = 'ScaledDot';
 *   protected buildScores(): void {}
 *   protected scores(q: tf.Tensor3D, k: tf.Tensor3D): tf.Tensor3D {
 *     return tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(q.shape[2]));
 *   }
 * }
 * tf.serialization.registerClass(ScaledDot);
 * const y = new ScaledDot().apply([tf.ones([1, 2, 4]), tf.ones([1, 3, 4])]) as tf.Tensor;
 * console.log(y.shape); // [1, 2, 4]
 * ```
 */
export abstract class DenseAttention extends tf.layers.Layer {
  /** Also return the attention probabilities `[batch, queryLength, valueLength]` (before dropout). */
  readonly returnAttentionScores: boolean;
  /** Let each query position attend only to value positions at or before it. */
  readonly useCausalMask: boolean;
  /** Dropout rate on the attention probabilities (training only). */
  readonly dropout: number;

  /** @param args - see {@link DenseAttentionArgs} */
  constructor(args: DenseAttentionArgs = {}) {
    super(args);
    this.returnAttentionScores = args.returnAttentionScores ?? false;
    this.useCausalMask = args.useCausalMask ?? false;
    this.dropout = args.dropout ?? 0;
    if (!(typeof this.dropout === 'number' && this.dropout >= 0 && this.dropout < 1))
      throw new ConfigError(
        this.getClassName().replace(/^Kornlp/, ''),
        `dropout must be in [0, 1), got ${describeValue(args.dropout)}`,
      );
    this.supportsMasking = true;
  }

  /** The component name used in error messages. */
  protected get component(): string {
    return this.getClassName().replace(/^Kornlp/, '');
  }

  /** Creates the score weights for query width `dq` and key width `dk`. */
  protected abstract buildScores(dq: number, dk: number): void;

  /** Raw scores `[batch, tq, tk]` for query `[batch, tq, dq]` and key `[batch, tk, dk]`. */
  protected abstract scores(query: tf.Tensor3D, key: tf.Tensor3D): tf.Tensor3D;

  override build(inputShape: Shape | Shape[]): void {
    const [q, , k] = attentionShapes(this.component, inputShape);
    this.buildScores(q[2]!, k[2]!);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      const query = list[0] as tf.Tensor3D;
      const value = (list[1] ?? query) as tf.Tensor3D;
      const key = (list[2] ?? value) as tf.Tensor3D;
      const mask = kwargs.mask as tf.Tensor | tf.Tensor[] | undefined;
      const queryMask = maskAt(mask, 0);
      const valueMask = list.length > 1 ? maskAt(mask, 1) : queryMask;
      const [, tq] = query.shape;
      const tv = value.shape[1];
      let keep: tf.Tensor | null = valueMask ? valueMask.toFloat().reshape([-1, 1, tv]) : null;
      if (this.useCausalMask) {
        const causal = tf.linalg.bandPart(tf.ones([tq, tv]), -1, 0).reshape([1, tq, tv]);
        keep = keep ? tf.mul(keep, causal) : causal;
      }
      const probs = maskedSoftmax(this.scores(query, key), keep);
      const dropped = kwargs.training === true && this.dropout > 0 ? tf.dropout(probs, this.dropout) : probs;
      let out = tf.matMul(dropped, value);
      if (queryMask) out = tf.mul(out, queryMask.toFloat().reshape([-1, tq, 1]));
      return this.returnAttentionScores ? [out, probs.clone()] : out;
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const [q, v] = attentionShapes(this.component, inputShape);
    const out: Shape = [q[0] ?? null, q[1] ?? null, v[2] ?? null];
    return this.returnAttentionScores ? [out, [q[0] ?? null, q[1] ?? null, v[1] ?? null]] : out;
  }

  override computeMask(
    _inputs: tf.Tensor | tf.Tensor[],
    mask?: tf.Tensor | tf.Tensor[],
  ): tf.Tensor | tf.Tensor[] {
    return queryOutputMask(mask, this.returnAttentionScores);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      returnAttentionScores: this.returnAttentionScores,
      useCausalMask: this.useCausalMask,
      dropout: this.dropout,
      ...super.getConfig(),
    };
  }
}
