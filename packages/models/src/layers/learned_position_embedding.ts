import { ConfigError, describeValue, ShapeError } from '@kornlp/core';
import { tf } from '../backend/tf.js';
import { initializerByName } from './initializer_by_name.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Shape = Array<number | null>;
type Kwargs = Record<string, unknown>;

/** Options for {@link learnedPositionEmbedding}. */
export interface LearnedPositionEmbeddingArgs extends LayerArgs {
  /** The longest sequence the layer accepts: the table has one trained vector per position. */
  maxLen: number;
  /**
   * Initializer of the `[maxLen, dim]` table (a tfjs initializer name).
   * @default 'glorotUniform'
   */
  initializer?: string;
}

/**
 * Adds a trained vector per position to a sequence `[batch, time, dim]` (BERT/GPT style): the
 * weight `embeddings` is `[maxLen, dim]` and a sequence of length `time ≤ maxLen` gets its first
 * `time` rows. The input's mask passes through unchanged.
 *
 * @example
 * ```ts
 * import { learnedPositionEmbedding, tf } from '@kornlp/models';
 * const pe = learnedPositionEmbedding({ maxLen: 100 });
 * pe.apply(tf.input({ shape: [100, 64] }));
 * console.log(pe.countParams()); // 6400
 * ```
 */
export class LearnedPositionEmbedding extends tf.layers.Layer {
  /** The name tfjs serialization registers the class under. */
  static className = 'KornlpLearnedPositionEmbedding';
  /** The longest sequence the layer accepts: the table has one trained vector per position. */
  readonly maxLen: number;
  /** Initializer of the `[maxLen, dim]` table (a tfjs initializer name). */
  readonly initializer: string;
  private table: tf.LayerVariable | null = null;

  /** @param args - see {@link LearnedPositionEmbeddingArgs} */
  constructor(args: LearnedPositionEmbeddingArgs) {
    super(args);
    if (typeof args.maxLen !== 'number' || !Number.isInteger(args.maxLen) || args.maxLen < 1)
      throw new ConfigError(
        'LearnedPositionEmbedding',
        `maxLen must be a positive integer, got ${describeValue(args.maxLen)}`,
      );
    this.maxLen = args.maxLen;
    this.initializer = args.initializer ?? 'glorotUniform';
    this.supportsMasking = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const dim = s[2];
    if (s.length !== 3 || dim == null)
      throw new ShapeError(
        'LearnedPositionEmbedding',
        `input must be [batch, time, dim] with a known dim, got ${describeValue(s)}`,
      );
    if (s[1] != null && s[1] > this.maxLen)
      throw new ShapeError(
        'LearnedPositionEmbedding',
        `sequence length ${s[1]} exceeds maxLen ${this.maxLen}; build the layer with a larger maxLen`,
      );
    this.table = this.addWeight(
      'embeddings',
      [this.maxLen, dim],
      'float32',
      initializerByName('LearnedPositionEmbedding', this.initializer),
    );
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const [, time, dim] = x.shape as [number, number, number];
      if (time > this.maxLen)
        throw new ShapeError(
          'LearnedPositionEmbedding',
          `sequence length ${time} exceeds maxLen ${this.maxLen}; pad or truncate to at most ${this.maxLen}`,
        );
      const t = this.table!.read();
      const rows = time === this.maxLen ? t : tf.slice(t, [0, 0], [time, dim]);
      return tf.add(x, rows.reshape([1, time, dim]));
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { maxLen: this.maxLen, initializer: this.initializer, ...super.getConfig() };
  }
}
tf.serialization.registerClass(LearnedPositionEmbedding);

/**
 * Creates a {@link LearnedPositionEmbedding} layer: `x + P[:time]` with a trained `[maxLen, dim]`
 * table.
 *
 * @param args - see {@link LearnedPositionEmbeddingArgs}
 * @returns the layer, `[batch, time, dim]` → `[batch, time, dim]`
 * @throws ConfigError for a non-positive `maxLen`; ShapeError (when applied) for a longer sequence
 * @example
 * ```ts
 * import { learnedPositionEmbedding, tf } from '@kornlp/models';
 * const pe = learnedPositionEmbedding({ maxLen: 3, initializer: 'ones' });
 * console.log((pe.apply(tf.zeros([1, 2, 2])) as tf.Tensor).arraySync()); // [ [ [ 1, 1 ], [ 1, 1 ] ] ]
 * ```
 */
export function learnedPositionEmbedding(args: LearnedPositionEmbeddingArgs): LearnedPositionEmbedding {
  return new LearnedPositionEmbedding(args);
}
