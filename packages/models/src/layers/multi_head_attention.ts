import { ConfigError, describeValue, ShapeError } from '@kornlp/core';
import { tf } from '../backend/tf.js';
import { type Initializer, initializerByName } from './initializer_by_name.js';
import { maskAt, maskedSoftmax, queryOutputMask } from './masked_softmax.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Shape = Array<number | null>;
type Kwargs = Record<string, unknown>;

/** Options for {@link multiHeadAttention}; the names and defaults follow Keras's `MultiHeadAttention`. */
export interface MultiHeadAttentionArgs extends LayerArgs {
  /** Number of attention heads. */
  numHeads: number;
  /** Size of each head's query and key projection. */
  keyDim: number;
  /**
   * Size of each head's value projection.
   * @default keyDim
   */
  valueDim?: number | null;
  /**
   * Width of the output projection.
   * @default the query's last dimension
   */
  outputDim?: number | null;
  /**
   * Whether the four projections have biases.
   * @default true
   */
  useBias?: boolean;
  /**
   * Dropout rate on the attention probabilities (training only).
   * @default 0
   */
  dropout?: number;
  /**
   * Also return the attention probabilities, `[batch, numHeads, queryLength, valueLength]`, as a
   * second output.
   * @default false
   */
  returnAttentionScores?: boolean;
  /**
   * Let each query position attend only to value positions at or before it.
   * @default false
   */
  useCausalMask?: boolean;
  /**
   * Initializer of the kernels.
   * @default 'glorotUniform'
   */
  kernelInitializer?: string;
  /**
   * Initializer of the biases.
   * @default 'zeros'
   */
  biasInitializer?: string;
}

function shapesOf(inputShape: Shape | Shape[]): Shape[] {
  return Array.isArray(inputShape[0]) ? (inputShape as Shape[]) : [inputShape as Shape];
}

function positiveInt(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw new ConfigError(
      'MultiHeadAttention',
      `${name} must be a positive integer, got ${describeValue(value)}`,
    );
  return value;
}

/**
 * Multi-head scaled dot-product attention with Keras semantics and weight layout.
 *
 * Inputs: `query` alone (self-attention), `[query, value]` or `[query, value, key]`, each
 * `[batch, time, width]`. Weights, in Keras's order: `query/kernel [dq, heads, keyDim]`,
 * `query/bias [heads, keyDim]`, the same for `key` (`[dk, heads, keyDim]`) and `value`
 * (`[dv, heads, valueDim]`), `attention_output/kernel [heads, valueDim, outputDim]` and
 * `attention_output/bias [outputDim]`. Queries are scaled by `1/√keyDim` after projection.
 *
 * Masks: the query and value masks of the inputs (e.g. from an Embedding with `maskZero`) combine
 * into `[batch, tq, tv]`; an explicit `attentionMask` kwarg (`[batch, tq, tv]`, 1 = attend, eager
 * calls only) and `useCausalMask` are ANDed in. Masked scores get -1e9 before the softmax, as in
 * Keras. The output carries the query's mask.
 *
 * Built from reshape/transpose/matMul only (tfjs's `einsum` has no gradient), so it trains on every
 * backend.
 *
 * @example
 * ```ts
 * import { multiHeadAttention, tf } from '@kornlp/models';
 * const mha = multiHeadAttention({ numHeads: 8, keyDim: 128 });
 * const x = tf.input({ shape: [100, 100] });
 * const y = mha.apply([x, x]) as tf.SymbolicTensor;
 * console.log(y.shape, mha.countParams()); // [null, 100, 100] 412772
 * ```
 */
export class MultiHeadAttention extends tf.layers.Layer {
  /** The name tfjs serialization registers the class under. */
  static className = 'MultiHeadAttention';
  /** Number of attention heads. */
  readonly numHeads: number;
  /** Size of each head's query and key projection. */
  readonly keyDim: number;
  /** Size of each head's value projection. */
  readonly valueDim: number;
  /** Width of the output projection. */
  readonly outputDim: number | null;
  /** Whether the four projections have biases. */
  readonly useBias: boolean;
  /** Dropout rate on the attention probabilities (training only). */
  readonly dropout: number;
  /** Also return the attention probabilities `[batch, numHeads, queryLength, valueLength]`. */
  readonly returnAttentionScores: boolean;
  /** Let each query position attend only to value positions at or before it. */
  readonly useCausalMask: boolean;
  /** Initializer of the kernels. */
  readonly kernelInitializer: string;
  /** Initializer of the biases. */
  readonly biasInitializer: string;
  private weightsByName: Record<string, tf.LayerVariable> = {};
  private resolvedOutputDim = 0;

  /** @param args - see {@link MultiHeadAttentionArgs} */
  constructor(args: MultiHeadAttentionArgs) {
    super(args);
    this.numHeads = positiveInt('numHeads', args.numHeads);
    this.keyDim = positiveInt('keyDim', args.keyDim);
    this.valueDim = args.valueDim == null ? this.keyDim : positiveInt('valueDim', args.valueDim);
    this.outputDim = args.outputDim == null ? null : positiveInt('outputDim', args.outputDim);
    this.useBias = args.useBias ?? true;
    this.dropout = args.dropout ?? 0;
    if (!(this.dropout >= 0 && this.dropout < 1))
      throw new ConfigError(
        'MultiHeadAttention',
        `dropout must be in [0, 1), got ${describeValue(args.dropout)}`,
      );
    this.returnAttentionScores = args.returnAttentionScores ?? false;
    this.useCausalMask = args.useCausalMask ?? false;
    this.kernelInitializer = args.kernelInitializer ?? 'glorotUniform';
    this.biasInitializer = args.biasInitializer ?? 'zeros';
    this.supportsMasking = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shapes = shapesOf(inputShape);
    const [q, v, k] = [shapes[0]!, shapes[1] ?? shapes[0]!, shapes[2] ?? shapes[1] ?? shapes[0]!];
    const width = (s: Shape, what: string): number => {
      const d = s[s.length - 1];
      if (s.length !== 3 || d == null)
        throw new ShapeError(
          'MultiHeadAttention',
          `${what} must be [batch, time, width] with a known width, got ${describeValue(s)}`,
        );
      return d;
    };
    const dq = width(q, 'query');
    const dv = width(v, 'value');
    const dk = width(k, 'key');
    this.resolvedOutputDim = this.outputDim ?? dq;
    const kInit = initializerByName('MultiHeadAttention', this.kernelInitializer);
    const bInit = initializerByName('MultiHeadAttention', this.biasInitializer);
    const add = (name: string, shape: number[], init: Initializer) => {
      this.weightsByName[name] = this.addWeight(name, shape, 'float32', init);
    };
    const h = this.numHeads;
    for (const [name, dIn, dHead] of [
      ['query', dq, this.keyDim],
      ['key', dk, this.keyDim],
      ['value', dv, this.valueDim],
    ] as const) {
      add(`${name}/kernel`, [dIn, h, dHead], kInit);
      if (this.useBias) add(`${name}/bias`, [h, dHead], bInit);
    }
    add('attention_output/kernel', [h, this.valueDim, this.resolvedOutputDim], kInit);
    if (this.useBias) add('attention_output/bias', [this.resolvedOutputDim], bInit);
    this.built = true;
  }

  // [b, t, d] → [b, heads, t, dHead]
  private project(x: tf.Tensor, name: string, dHead: number): tf.Tensor {
    const [b, t, d] = x.shape as [number, number, number];
    const h = this.numHeads;
    const kernel = this.weightsByName[`${name}/kernel`]!.read().reshape([d, h * dHead]);
    let y = tf.matMul(x.reshape([b * t, d]), kernel);
    if (this.useBias) y = tf.add(y, this.weightsByName[`${name}/bias`]!.read().reshape([h * dHead]));
    return y.reshape([b, t, h, dHead]).transpose([0, 2, 1, 3]);
  }

  /** The combined `[batch, tq, tv]` keep-mask (1 = attend), or null when nothing is masked. */
  private attentionMaskFor(
    tq: number,
    tv: number,
    masks: Array<tf.Tensor | null>,
    explicit: tf.Tensor | null,
  ): tf.Tensor | null {
    let m: tf.Tensor | null = null;
    const and = (x: tf.Tensor) => {
      m = m == null ? x : tf.mul(m, x);
    };
    const [qm, vm, km] = masks;
    if (qm) and(qm.toFloat().reshape([-1, tq, 1]));
    if (vm) and(vm.toFloat().reshape([-1, 1, tv]));
    if (km) and(km.toFloat().reshape([-1, 1, tv]));
    if (explicit) and(explicit.toFloat());
    if (this.useCausalMask) and(tf.linalg.bandPart(tf.ones([tq, tv]), -1, 0).reshape([1, tq, tv]));
    return m;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      const query = list[0]!;
      const value = list[1] ?? query;
      const key = list[2] ?? value;
      const mask = kwargs.mask as tf.Tensor | tf.Tensor[] | undefined;
      const masks = [maskAt(mask, 0), list.length > 1 ? maskAt(mask, 1) : maskAt(mask, 0)];
      if (list.length > 2) masks.push(maskAt(mask, 2));
      const [b, tq] = query.shape as [number, number];
      const tv = value.shape[1]!;
      const q = tf.mul(this.project(query, 'query', this.keyDim), 1 / Math.sqrt(this.keyDim));
      const k = this.project(key, 'key', this.keyDim);
      const v = this.project(value, 'value', this.valueDim);
      const keep = this.attentionMaskFor(
        tq,
        tv,
        masks,
        (kwargs.attentionMask as tf.Tensor | undefined) ?? null,
      );
      const scores = tf.matMul(q, k, false, true); // [b, h, tq, tv]
      let probs = maskedSoftmax(scores, keep ? tf.expandDims(keep, 1) : null);
      const dropped = kwargs.training === true && this.dropout > 0 ? tf.dropout(probs, this.dropout) : probs;
      const h = this.numHeads;
      const context = tf
        .matMul(dropped, v) // [b, h, tq, vd]
        .transpose([0, 2, 1, 3])
        .reshape([b * tq, h * this.valueDim]);
      const out = this.resolvedOutputDim;
      let y = tf.matMul(
        context,
        this.weightsByName['attention_output/kernel']!.read().reshape([h * this.valueDim, out]),
      );
      if (this.useBias) y = tf.add(y, this.weightsByName['attention_output/bias']!.read());
      y = y.reshape([b, tq, out]);
      if (!this.returnAttentionScores) return y;
      probs = probs.clone();
      return [y, probs];
    });
  }

  /**
   * Self-attention written Keras-style, `apply([x, x])` (or `[x, x, x]`), is applied as `apply(x)`:
   * the same computation, but tfjs's graph executor frees a tensor fed twice to one layer as soon
   * as that layer has run, which breaks `predict` when `x` also feeds a later layer.
   *
   * @param inputs - `query`, or `[query, value]`, or `[query, value, key]`
   * @param kwargs - `mask` (one per input), `attentionMask [batch, queryLength, valueLength]`, `training`
   */
  override apply(
    inputs: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[],
    kwargs?: Kwargs,
  ): tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[] {
    const same = Array.isArray(inputs) && inputs.length > 1 && inputs.every((x) => x === inputs[0]);
    return super.apply(same ? inputs[0]! : inputs, kwargs);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const shapes = shapesOf(inputShape);
    const q = shapes[0]!;
    const v = shapes[1] ?? q;
    const out: Shape = [q[0] ?? null, q[1] ?? null, this.outputDim ?? q[2] ?? null];
    if (!this.returnAttentionScores) return out;
    return [out, [q[0] ?? null, this.numHeads, q[1] ?? null, v[1] ?? null]];
  }

  override computeMask(
    _inputs: tf.Tensor | tf.Tensor[],
    mask?: tf.Tensor | tf.Tensor[],
  ): tf.Tensor | tf.Tensor[] {
    return queryOutputMask(mask, this.returnAttentionScores);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      outputDim: this.outputDim,
      useBias: this.useBias,
      dropout: this.dropout,
      returnAttentionScores: this.returnAttentionScores,
      useCausalMask: this.useCausalMask,
      kernelInitializer: this.kernelInitializer,
      biasInitializer: this.biasInitializer,
      ...super.getConfig(),
    };
  }
}
tf.serialization.registerClass(MultiHeadAttention);

/**
 * Creates a {@link MultiHeadAttention} layer.
 *
 * @param args - see {@link MultiHeadAttentionArgs}
 * @returns the layer
 * @example
 * ```ts
 * const mha = multiHeadAttention({ numHeads: 2, keyDim: 4 });
 * const y = mha.apply(tf.ones([1, 3, 6])) as tf.Tensor;
 * console.log(y.shape); // [1, 3, 6]
 * ```
 */
export function multiHeadAttention(args: MultiHeadAttentionArgs): MultiHeadAttention {
  return new MultiHeadAttention(args);
}
