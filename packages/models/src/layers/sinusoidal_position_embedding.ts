import { ConfigError, describeValue, ShapeError } from '@kornlp/core';
import { tf } from '../backend/tf.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Shape = Array<number | null>;
type Kwargs = Record<string, unknown>;

/** Options for {@link sinusoidalPositionEmbedding}. */
export interface SinusoidalPositionEmbeddingArgs extends LayerArgs {
  /**
   * The longest wavelength, `10000` in "Attention Is All You Need".
   * @default 10000
   */
  maxWavelength?: number;
}

/**
 * The fixed `[time, dim]` table of Vaswani et al.: `PE[p, 2i] = sin(p / w^(2i/dim))`,
 * `PE[p, 2i+1] = cos(p / w^(2i/dim))` with `w = maxWavelength`. Computed in float64, rounded once.
 * @internal
 */
export function sinusoidalTable(time: number, dim: number, maxWavelength = 10000): Float32Array {
  const out = new Float32Array(time * dim);
  for (let p = 0; p < time; p++)
    for (let j = 0; j < dim; j++) {
      const angle = p / maxWavelength ** ((2 * Math.floor(j / 2)) / dim);
      out[p * dim + j] = j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  return out;
}

/**
 * Adds the fixed sinusoidal position signal of "Attention Is All You Need" to a sequence
 * `[batch, time, dim]`: position `p`, feature `2i` gets `sin(p / 10000^(2i/dim))`, feature `2i+1`
 * gets `cos(p / 10000^(2i/dim))`. No weights, any sequence length; the input's mask (e.g. from an
 * Embedding with `maskZero`) passes through unchanged.
 *
 * @example
 * ```ts
 * import { sinusoidalPositionEmbedding, tf } from '@kornlp/models';
 * const pe = sinusoidalPositionEmbedding();
 * const y = pe.apply(tf.zeros([1, 2, 4])) as tf.Tensor;
 * console.log(y.arraySync()); // [ [ [ 0, 1, 0, 1 ], [ 0.8414709568023682, 0.5403022766113281, 0.009999833069741726, 0.9999499917030334 ] ] ]
 * ```
 */
export class SinusoidalPositionEmbedding extends tf.layers.Layer {
  /** The name tfjs serialization registers the class under. */
  static className = 'KornlpSinusoidalPositionEmbedding';
  /** The longest wavelength, `10000` in "Attention Is All You Need". */
  readonly maxWavelength: number;
  private cached: { time: number; dim: number; table: Float32Array } | null = null;

  /** @param args - see {@link SinusoidalPositionEmbeddingArgs} */
  constructor(args: SinusoidalPositionEmbeddingArgs = {}) {
    super(args);
    this.maxWavelength = args.maxWavelength ?? 10000;
    if (!(typeof this.maxWavelength === 'number' && this.maxWavelength > 1))
      throw new ConfigError(
        'SinusoidalPositionEmbedding',
        `maxWavelength must be a number > 1, got ${describeValue(args.maxWavelength)}`,
      );
    this.supportsMasking = true;
  }

  private table(time: number, dim: number): Float32Array {
    if (this.cached?.time !== time || this.cached.dim !== dim)
      this.cached = { time, dim, table: sinusoidalTable(time, dim, this.maxWavelength) };
    return this.cached.table;
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    if (s.length !== 3 || s[2] == null)
      throw new ShapeError(
        'SinusoidalPositionEmbedding',
        `input must be [batch, time, dim] with a known dim, got ${describeValue(s)}`,
      );
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const [, time, dim] = x.shape as [number, number, number];
      return tf.add(x, tf.tensor3d(this.table(time, dim), [1, time, dim]));
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { maxWavelength: this.maxWavelength, ...super.getConfig() };
  }
}
tf.serialization.registerClass(SinusoidalPositionEmbedding);

/**
 * Creates a {@link SinusoidalPositionEmbedding} layer: `x + PE` with the fixed sine/cosine table.
 *
 * @param args - see {@link SinusoidalPositionEmbeddingArgs}
 * @returns the layer, `[batch, time, dim]` → `[batch, time, dim]`
 * @throws ConfigError when `maxWavelength` is not a number above 1
 * @example
 * ```ts
 * import { embedding, sinusoidalPositionEmbedding, tf } from '@kornlp/models';
 * const ids = tf.input({ shape: [100], dtype: 'int32' });
 * const x = embedding({ vocabSize: 5000, embeddingDim: 100, maskZero: true }).apply(ids);
 * const y = sinusoidalPositionEmbedding().apply(x) as tf.SymbolicTensor;
 * console.log(y.shape); // [null, 100, 100]
 * ```
 */
export function sinusoidalPositionEmbedding(
  args: SinusoidalPositionEmbeddingArgs = {},
): SinusoidalPositionEmbedding {
  return new SinusoidalPositionEmbedding(args);
}
