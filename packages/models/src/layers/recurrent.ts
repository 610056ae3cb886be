import { FusedGRU, FusedLSTM, type FusedRNNArgs, FusedSimpleRNN } from '../fused/fused_rnn_layer.js';

/** Options for {@link lstm}, {@link gru} and {@link simpleRnn}; see {@link FusedRNNArgs} for each field's default. */
export type RecurrentArgs = FusedRNNArgs;

/**
 * An LSTM layer with Keras's weights (`kernel [in, 4u]`, `recurrent_kernel [u, 4u]`, `bias [4u]`,
 * gates i, f, c, o; forget bias initialised to 1), Keras masking, and the fused wasm recurrence.
 * `units: 128` on 100-wide inputs has 117,248 params, as Keras.
 *
 * @param args - `units`, `returnSequences` (default false), `goBackwards`, initializers; see {@link FusedRNNArgs}
 * @returns the layer: `[batch, time, in]` → `[batch, units]`, or `[batch, time, units]` with `returnSequences`
 * @example
 * ```ts
 * import { lstm, tf } from '@kornlp/models';
 * const layer = lstm({ units: 128 });
 * layer.apply(tf.input({ shape: [30, 100] }));
 * console.log(layer.countParams()); // 117248
 * ```
 */
export function lstm(args: RecurrentArgs): FusedLSTM {
  return new FusedLSTM({ name: 'lstm', ...args });
}

/**
 * A GRU layer with Keras's weights (`kernel [in, 3u]`, `recurrent_kernel [u, 3u]`, gates z, r, h).
 * With `resetAfter` (default, Keras 2 and cuDNN/PyTorch's form) the bias is `[2, 3u]` (input and
 * recurrent) and the reset gate multiplies `h·U_h + b_rh`; with `resetAfter: false` it is the
 * original form (bias `[3u]`, reset applied to `h` before the product). `units: 128` on 100-wide
 * inputs: 88,320 params (87,936 in the original form).
 *
 * @param args - `units`, `resetAfter` (default true), `returnSequences` (default false); see {@link FusedRNNArgs}
 * @returns the layer
 * @example
 * ```ts
 * import { gru, tf } from '@kornlp/models';
 * const layer = gru({ units: 128 });
 * layer.apply(tf.input({ shape: [30, 100] }));
 * console.log(layer.countParams()); // 88320
 * ```
 */
export function gru(args: RecurrentArgs): FusedGRU {
  return new FusedGRU({ name: 'gru', ...args });
}

/**
 * A SimpleRNN layer (tanh) with Keras's weights (`kernel [in, u]`, `recurrent_kernel [u, u]`,
 * `bias [u]`) and masking. `units: 128` on 100-wide inputs: 29,312 params.
 *
 * @param args - `units`, `returnSequences` (default false); see {@link FusedRNNArgs}
 * @returns the layer
 * @example
 * ```ts
 * import { simpleRnn, tf } from '@kornlp/models';
 * const layer = simpleRnn({ units: 128 });
 * layer.apply(tf.input({ shape: [30, 100] }));
 * console.log(layer.countParams()); // 29312
 * ```
 */
export function simpleRnn(args: RecurrentArgs): FusedSimpleRNN {
  return new FusedSimpleRNN({ name: 'simple_rnn', ...args });
}
