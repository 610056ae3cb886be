import { ConfigError, describeValue, ShapeError } from '@kornlp/core';
import { tf } from '../backend/tf.js';
import { maskAt } from './masked_softmax.js';
import { MultiHeadAttention } from './multi_head_attention.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Shape = Array<number | null>;
type Kwargs = Record<string, unknown>;
type ActivationName = NonNullable<Parameters<typeof tf.layers.dense>[0]['activation']>;

/** Options for {@link transformerEncoderBlock}; names follow PyTorch's `TransformerEncoderLayer`. */
export interface TransformerEncoderBlockArgs extends LayerArgs {
  /** Number of attention heads. */
  numHeads: number;
  /** Width of the feed-forward layer (PyTorch `dim_feedforward`). */
  ffDim: number;
  /**
   * Size of each head's query/key/value projection.
   * @default ceil(width / numHeads), i.e. width / numHeads when it divides, as in PyTorch
   */
  keyDim?: number | null;
  /**
   * Dropout rate (training only) on the attention probabilities, after the feed-forward activation,
   * and on each sub-layer's output before its residual addition, as PyTorch.
   * @default 0
   */
  dropout?: number;
  /**
   * `true`: pre-norm, `x + f(norm(x))` (stabler for deep stacks); `false`: post-norm,
   * `norm(x + f(x))` (Vaswani et al., PyTorch's default).
   * @default false
   */
  normFirst?: boolean;
  /**
   * Activation of the feed-forward layer's first projection (a tfjs activation name).
   * @default 'relu'
   */
  activation?: ActivationName;
  /**
   * Epsilon of both layer normalizations (PyTorch's and KerasNLP's default).
   * @default 1e-5
   */
  layerNormEpsilon?: number;
  /**
   * Initializer of every kernel (a tfjs initializer name).
   * @default 'glorotUniform'
   */
  kernelInitializer?: string;
}

function positiveInt(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw new ConfigError(
      'TransformerEncoderBlock',
      `${name} must be a positive integer, got ${describeValue(value)}`,
    );
  return value;
}

/**
 * One Transformer encoder layer: multi-head self-attention and a position-wise feed-forward
 * network (`width → ffDim → width`), each wrapped in a residual ADDITION, layer normalization and
 * dropout; post-norm (`normFirst: false`, Vaswani et al.) or pre-norm (`normFirst: true`):
 *
 * - post-norm: `x = norm1(x + drop(attn(x)))`, then `x = norm2(x + drop(ff(x)))`
 * - pre-norm: `x = x + drop(attn(norm1(x)))`, then `x = x + drop(ff(norm2(x)))`
 *
 * The same computation as PyTorch's `nn.TransformerEncoderLayer(batch_first=True)`, checked against
 * it numerically. The padding mask of the input (e.g. from an Embedding with `maskZero`) keeps
 * attention off padded keys (PyTorch's `src_key_padding_mask`) and passes through to the output;
 * outputs at padded positions are computed but meaningless, so pool with a masked pooling.
 *
 * Weights, in order: the {@link MultiHeadAttention} `self_attention` (8 tensors), the
 * `self_attention_norm` gamma/beta, the `feedforward_intermediate` and `feedforward_output` Dense
 * kernels/biases and the `feedforward_norm` gamma/beta.
 *
 * @example
 * ```ts
 * import { transformerEncoderBlock, tf } from '@kornlp/models';
 * const block = transformerEncoderBlock({ numHeads: 4, ffDim: 256 });
 * const y = block.apply(tf.input({ shape: [100, 128] })) as tf.SymbolicTensor;
 * console.log(y.shape, block.countParams()); // [null, 100, 128] 132480
 * ```
 */
export class TransformerEncoderBlock extends tf.layers.Layer {
  /** The name tfjs serialization registers the class under. */
  static className = 'KornlpTransformerEncoderBlock';
  /** Number of attention heads. */
  readonly numHeads: number;
  /** Width of the feed-forward layer (PyTorch `dim_feedforward`). */
  readonly ffDim: number;
  /** Size of each head's query/key/value projection. */
  readonly keyDim: number | null;
  /** Dropout rate (training only), applied where PyTorch's `TransformerEncoderLayer` applies it. */
  readonly dropout: number;
  /** `true`: pre-norm, `x + f(norm(x))`; `false`: post-norm, `norm(x + f(x))` (PyTorch's default). */
  readonly normFirst: boolean;
  /** Activation of the feed-forward layer's first projection (a tfjs activation name). */
  readonly activation: ActivationName;
  /** Epsilon of both layer normalizations (PyTorch's and KerasNLP's default). */
  readonly layerNormEpsilon: number;
  /** Initializer of every kernel (a tfjs initializer name). */
  readonly kernelInitializer: string;
  private parts: {
    attention: MultiHeadAttention;
    attentionNorm: tf.layers.Layer;
    intermediate: tf.layers.Layer;
    output: tf.layers.Layer;
    ffNorm: tf.layers.Layer;
  } | null = null;

  /** @param args - see {@link TransformerEncoderBlockArgs} */
  constructor(args: TransformerEncoderBlockArgs) {
    super(args);
    this.numHeads = positiveInt('numHeads', args.numHeads);
    this.ffDim = positiveInt('ffDim', args.ffDim);
    this.keyDim = args.keyDim == null ? null : positiveInt('keyDim', args.keyDim);
    this.dropout = args.dropout ?? 0;
    if (!(typeof this.dropout === 'number' && this.dropout >= 0 && this.dropout < 1))
      throw new ConfigError(
        'TransformerEncoderBlock',
        `dropout must be in [0, 1), got ${describeValue(args.dropout)}`,
      );
    this.normFirst = args.normFirst ?? false;
    this.activation = args.activation ?? 'relu';
    this.layerNormEpsilon = args.layerNormEpsilon ?? 1e-5;
    if (!(typeof this.layerNormEpsilon === 'number' && this.layerNormEpsilon > 0))
      throw new ConfigError(
        'TransformerEncoderBlock',
        `layerNormEpsilon must be a positive number, got ${describeValue(args.layerNormEpsilon)}`,
      );
    this.kernelInitializer = args.kernelInitializer ?? 'glorotUniform';
    this.supportsMasking = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const width = s[2];
    if (s.length !== 3 || width == null)
      throw new ShapeError(
        'TransformerEncoderBlock',
        `input must be [batch, time, width] with a known width, got ${describeValue(s)}`,
      );
    const kernelInitializer = this.kernelInitializer as 'glorotUniform';
    const norm = (name: string) => tf.layers.layerNormalization({ name, epsilon: this.layerNormEpsilon });
    this.parts = {
      attention: new MultiHeadAttention({
        name: 'self_attention',
        numHeads: this.numHeads,
        keyDim: this.keyDim ?? Math.ceil(width / this.numHeads),
        dropout: this.dropout,
        kernelInitializer: this.kernelInitializer,
      }),
      attentionNorm: norm('self_attention_norm'),
      intermediate: tf.layers.dense({
        name: 'feedforward_intermediate',
        units: this.ffDim,
        activation: this.activation,
        kernelInitializer,
      }),
      output: tf.layers.dense({ name: 'feedforward_output', units: width, kernelInitializer }),
      ffNorm: norm('feedforward_norm'),
    };
    // Building through `apply` puts each part's weights under its own name scope
    // (`block/self_attention/query/kernel`, ...), so saved weight names are unique and stable.
    tf.tidy(() => {
      const p = this.parts!;
      const probe = tf.zeros([1, 1, width]);
      p.attention.apply([probe, probe]);
      p.attentionNorm.apply(probe);
      p.output.apply(p.intermediate.apply(probe) as tf.Tensor);
      p.ffNorm.apply(probe);
    });
    this.built = true;
  }

  private sublayers(): tf.layers.Layer[] {
    const p = this.parts;
    return p ? [p.attention, p.attentionNorm, p.intermediate, p.output, p.ffNorm] : [];
  }

  /** The sub-layers' trainable weights (attention, norms, feed-forward), in a fixed order. */
  override get trainableWeights(): tf.LayerVariable[] {
    return this.trainable ? this.sublayers().flatMap((l) => l.trainableWeights) : [];
  }

  /** Frozen weights: all sub-layer weights when `trainable` is false, else their non-trainable ones. */
  override get nonTrainableWeights(): tf.LayerVariable[] {
    const all = this.sublayers().flatMap((l) => [...l.trainableWeights, ...l.nonTrainableWeights]);
    return this.trainable ? this.sublayers().flatMap((l) => l.nonTrainableWeights) : all;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const p = this.parts!;
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const mask = maskAt(kwargs.mask as tf.Tensor | tf.Tensor[] | undefined, 0);
      const training = kwargs.training === true;
      const drop = (t: tf.Tensor) => (training && this.dropout > 0 ? tf.dropout(t, this.dropout) : t);
      const one = (l: tf.layers.Layer, t: tf.Tensor, kw: Kwargs = {}) => l.call(t, kw) as tf.Tensor;
      // Keys only: padded positions are never attended to, but still attend (as in PyTorch).
      const attend = (t: tf.Tensor) =>
        drop(p.attention.call([t, t], { mask: [null, mask], training }) as tf.Tensor);
      const feedForward = (t: tf.Tensor) => drop(one(p.output, drop(one(p.intermediate, t))));
      if (this.normFirst) {
        const h = tf.add(x, attend(one(p.attentionNorm, x)));
        return tf.add(h, feedForward(one(p.ffNorm, h)));
      }
      const h = one(p.attentionNorm, tf.add(x, attend(x)));
      return one(p.ffNorm, tf.add(h, feedForward(h)));
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      numHeads: this.numHeads,
      ffDim: this.ffDim,
      keyDim: this.keyDim,
      dropout: this.dropout,
      normFirst: this.normFirst,
      activation: this.activation,
      layerNormEpsilon: this.layerNormEpsilon,
      kernelInitializer: this.kernelInitializer,
      ...super.getConfig(),
    };
  }
}
tf.serialization.registerClass(TransformerEncoderBlock);

/**
 * Creates a {@link TransformerEncoderBlock}: self-attention + feed-forward with residual additions,
 * layer normalization (post- or pre-norm) and dropout.
 *
 * @param args - see {@link TransformerEncoderBlockArgs}
 * @returns the layer, `[batch, time, width]` → `[batch, time, width]`
 * @throws ConfigError for non-positive sizes or a dropout outside [0, 1)
 * @example
 * ```ts
 * import { transformerEncoderBlock, tf } from '@kornlp/models';
 * const block = transformerEncoderBlock({ numHeads: 2, ffDim: 8, normFirst: true });
 * const y = block.apply(tf.ones([1, 3, 4])) as tf.Tensor;
 * console.log(y.shape); // [1, 3, 4]
 * ```
 */
export function transformerEncoderBlock(args: TransformerEncoderBlockArgs): TransformerEncoderBlock {
  return new TransformerEncoderBlock(args);
}
