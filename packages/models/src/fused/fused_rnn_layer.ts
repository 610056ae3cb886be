import { ConfigError } from '@kornlp/core';
import { tf } from '../backend/tf.js';
import { orthogonal } from '../layers/orthogonal.js';
import { fusedGru } from './gru.js';
import { fusedLstm } from './lstm.js';
import { fusedSimpleRnn } from './simple_rnn.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** Constructor arguments of {@link FusedLSTM}, {@link FusedGRU} and {@link FusedSimpleRNN}. */
export interface FusedRNNArgs extends LayerArgs {
  /** Size of the hidden state. */
  units: number;
  /**
   * Output every step `[batch, time, units]` (in processing order) instead of the last `[batch, units]`.
   * @default false
   */
  returnSequences?: boolean;
  /**
   * Process the sequence backwards.
   * @default false
   */
  goBackwards?: boolean;
  /**
   * Output zeros at masked steps instead of the previous output (what Keras's Bidirectional sets).
   * @default false
   */
  zeroOutputForMask?: boolean;
  /**
   * GRU only — Keras `reset_after` (bias `[2, 3·units]`); `false` is the original form.
   * @default true
   */
  resetAfter?: boolean;
  /**
   * LSTM only — Keras `unit_forget_bias`: initialise the forget-gate bias to 1.
   * @default true
   */
  unitForgetBias?: boolean;
  /**
   * Initializer of the input kernel.
   * @default 'glorotUniform'
   */
  kernelInitializer?: string;
  /**
   * Initializer of the recurrent kernel.
   * @default 'orthogonal'
   */
  recurrentInitializer?: string;
  /**
   * Add a bias.
   * @default true
   */
  useBias?: boolean;
}

type Kind = 'lstm' | 'gru' | 'simpleRnn';
const GATES: Record<Kind, number> = { lstm: 4, gru: 3, simpleRnn: 1 };

function initializer(
  name: string,
  seed?: number,
): tf.serialization.Serializable & { apply(shape: number[]): tf.Tensor } {
  // kornlp's own: tfjs's orthogonal warns on every recurrent kernel and is ~7x slower.
  if (name === 'orthogonal') return orthogonal({ seed }) as never;
  const make = (
    tf.initializers as unknown as Record<string, (a: object) => { apply(shape: number[]): tf.Tensor }>
  )[name];
  if (!make)
    throw new ConfigError(
      'FusedRNN',
      `unknown initializer ${JSON.stringify(name)}; use a tf.initializers function name`,
    );
  return make({ seed }) as never;
}

/**
 * The shared body of the fused recurrent layers: Keras weight names and layout (`kernel`,
 * `recurrent_kernel`, `bias`), Keras masking, and the fused whole-sequence computation with a
 * hand-written backward pass (wasm; op by op elsewhere). Sigmoid gates and tanh activation only.
 */
abstract class FusedRNN extends tf.layers.Layer {
  protected abstract readonly kind: Kind;
  /** Size of the hidden state. */
  readonly units: number;
  /** Output every step `[batch, time, units]` (in processing order) instead of the last `[batch, units]`. */
  readonly returnSequences: boolean;
  /** Process the sequence backwards. */
  readonly goBackwards: boolean;
  /** Output zeros at masked steps instead of the previous output (what Keras's Bidirectional sets). */
  readonly zeroOutputForMask: boolean;
  /** GRU only — Keras `reset_after` (bias `[2, 3·units]`); `false` is the original form. */
  readonly resetAfter: boolean;
  /** LSTM only — Keras `unit_forget_bias`: initialise the forget-gate bias to 1. */
  readonly unitForgetBias: boolean;
  /** Add a bias. */
  readonly useBias: boolean;
  /** Initializer of the input kernel. */
  readonly kernelInitializer: string;
  /** Initializer of the recurrent kernel. */
  readonly recurrentInitializer: string;
  private kernel?: tf.LayerVariable;
  private recurrentKernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(args: FusedRNNArgs) {
    super(args);
    if (!Number.isInteger(args.units) || args.units < 1)
      throw new ConfigError(new.target.name, `units must be a positive integer, got ${args.units}`);
    this.units = args.units;
    this.returnSequences = args.returnSequences ?? false;
    this.goBackwards = args.goBackwards ?? false;
    this.zeroOutputForMask = args.zeroOutputForMask ?? false;
    this.resetAfter = args.resetAfter ?? true;
    this.unitForgetBias = args.unitForgetBias ?? true;
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = args.kernelInitializer ?? 'glorotUniform';
    this.recurrentInitializer = args.recurrentInitializer ?? 'orthogonal';
    this.supportsMasking = true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inputDim = shape[shape.length - 1] as number;
    const g = GATES[this.kind] * this.units;
    this.kernel = this.addWeight(
      'kernel',
      [inputDim, g],
      'float32',
      initializer(this.kernelInitializer) as never,
    );
    this.recurrentKernel = this.addWeight(
      'recurrent_kernel',
      [this.units, g],
      'float32',
      initializer(this.recurrentInitializer) as never,
    );
    if (this.useBias) {
      const u = this.units;
      const biasShape = this.kind === 'gru' && this.resetAfter ? [2, g] : [g];
      const init =
        this.kind === 'lstm' && this.unitForgetBias
          ? {
              apply: (s: number[]) =>
                tf.reshape(tf.concat([tf.zeros([u]), tf.ones([u]), tf.zeros([2 * u])]), s),
            }
          : tf.initializers.zeros();
      this.bias = this.addWeight('bias', biasShape, 'float32', init as never);
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return this.returnSequences
      ? [shape[0] as number, shape[1] as number, this.units]
      : [shape[0] as number, this.units];
  }

  override computeMask(
    _inputs: tf.Tensor | tf.Tensor[],
    mask?: tf.Tensor | tf.Tensor[],
  ): tf.Tensor | tf.Tensor[] {
    const m = Array.isArray(mask) ? mask[0] : mask;
    // tfjs-layers reads a null mask as "none"; its typings do not say so.
    return (this.returnSequences && m ? m : null) as unknown as tf.Tensor;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { mask?: tf.Tensor | tf.Tensor[] }): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
      const mask = Array.isArray(kwargs?.mask) ? kwargs.mask[0] : kwargs?.mask;
      const k = (this.kernel as tf.LayerVariable).read();
      const r = (this.recurrentKernel as tf.LayerVariable).read();
      const b = this.bias ? this.bias.read() : null;
      const options = {
        mask: mask ?? undefined,
        returnSequences: this.returnSequences,
        goBackwards: this.goBackwards,
        zeroOutputForMask: this.zeroOutputForMask,
      };
      if (this.kind === 'lstm') return fusedLstm(x, k, r, b, options) as tf.Tensor;
      if (this.kind === 'gru')
        return fusedGru(x, k, r, b, { ...options, resetAfter: this.resetAfter }) as tf.Tensor;
      return fusedSimpleRnn(x, k, r, b, options) as tf.Tensor;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      returnSequences: this.returnSequences,
      goBackwards: this.goBackwards,
      zeroOutputForMask: this.zeroOutputForMask,
      resetAfter: this.resetAfter,
      unitForgetBias: this.unitForgetBias,
      useBias: this.useBias,
      kernelInitializer: this.kernelInitializer,
      recurrentInitializer: this.recurrentInitializer,
    };
  }
}

/**
 * LSTM layer on the fused path ({@link fusedLstm}): Keras weights `kernel [in, 4u]`,
 * `recurrent_kernel [u, 4u]`, `bias [4u]`, gate order i, f, c, o; Keras masking.
 *
 * @example
 * ```ts
 * import { FusedLSTM, initBackend, tf } from '@kornlp/models';
 * await initBackend();
 * const layer = new FusedLSTM({ units: 8 });
 * console.log((layer.apply(tf.ones([2, 5, 3])) as tf.Tensor).shape); // [2, 8]
 * ```
 */
export class FusedLSTM extends FusedRNN {
  /** The name tfjs serialization registers the class under. */
  static readonly className = 'KornlpFusedLSTM';
  protected readonly kind = 'lstm' as const;
}

/**
 * GRU layer on the fused path ({@link fusedGru}): Keras weights, `resetAfter` (default) or the
 * original form; Keras masking.
 *
 * @example
 * ```ts
 * import { FusedGRU, initBackend, tf } from '@kornlp/models';
 * await initBackend();
 * const layer = new FusedGRU({ units: 8, returnSequences: true });
 * console.log((layer.apply(tf.ones([2, 5, 3])) as tf.Tensor).shape); // [2, 5, 8]
 * ```
 */
export class FusedGRU extends FusedRNN {
  /** The name tfjs serialization registers the class under. */
  static readonly className = 'KornlpFusedGRU';
  protected readonly kind = 'gru' as const;
}

/**
 * SimpleRNN layer (tanh) on the fused path ({@link fusedSimpleRnn}); Keras weights and masking.
 *
 * @example
 * ```ts
 * import { FusedSimpleRNN, initBackend, tf } from '@kornlp/models';
 * await initBackend();
 * console.log((new FusedSimpleRNN({ units: 4 }).apply(tf.ones([2, 5, 3])) as tf.Tensor).shape); // [2, 4]
 * ```
 */
export class FusedSimpleRNN extends FusedRNN {
  /** The name tfjs serialization registers the class under. */
  static readonly className = 'KornlpFusedSimpleRNN';
  protected readonly kind = 'simpleRnn' as const;
}

tf.serialization.registerClass(FusedLSTM);
tf.serialization.registerClass(FusedGRU);
tf.serialization.registerClass(FusedSimpleRNN);
