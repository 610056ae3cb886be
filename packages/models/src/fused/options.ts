import { ShapeError } from '@kornlp/core';
import type { tf } from '../backend/tf.js';

/** Options shared by the fused recurrent functions ({@link fusedLstm}, {@link fusedGru}, {@link fusedSimpleRnn}). */
export interface FusedRecurrentOptions {
  /**
   * `[batch, time]` mask (bool, int or float; non-zero = a real step). At a masked step the state
   * is carried over unchanged and the output is the previous output (Keras semantics), or zeros
   * with `zeroOutputForMask`.
   * @default undefined (every step is real)
   */
  mask?: tf.Tensor;
  /**
   * Return the output of every step, `[batch, time, units]`, in processing order (reversed when
   * `goBackwards`, as Keras does), instead of the last output `[batch, units]`.
   * @default false
   */
  returnSequences?: boolean;
  /**
   * Also return the final states: `[output, h]` (SimpleRNN, GRU) or `[output, h, c]` (LSTM).
   * @default false
   */
  returnState?: boolean;
  /**
   * Process the sequence from the last step to the first (the backward half of a bidirectional layer).
   * @default false
   */
  goBackwards?: boolean;
  /**
   * Initial states, each `[batch, units]`: `[h]` or, for LSTM, `[h, c]`.
   * @default zeros
   */
  initialState?: tf.Tensor[];
  /**
   * Output zeros (not the previous output) at masked steps, as Keras's Bidirectional does for its
   * halves when it returns sequences.
   * @default false
   */
  zeroOutputForMask?: boolean;
}

/** Checks x [b,t,in], kernel [in, g·u], recurrentKernel [u, g·u], bias, and returns b, t, in, u. */
export function checkShapes(
  component: string,
  x: tf.Tensor,
  kernel: tf.Tensor,
  recurrentKernel: tf.Tensor,
  gates: number,
  options: FusedRecurrentOptions,
): { batch: number; time: number; inputDim: number; units: number } {
  if (x.rank !== 3)
    throw new ShapeError(component, `x must be [batch, time, features], got shape [${x.shape}]`);
  const [batch, time, inputDim] = x.shape as [number, number, number];
  const units = recurrentKernel.shape[0] as number;
  if (recurrentKernel.rank !== 2 || recurrentKernel.shape[1] !== gates * units)
    throw new ShapeError(
      component,
      `recurrentKernel must be [units, ${gates}·units], got shape [${recurrentKernel.shape}]`,
    );
  if (kernel.rank !== 2 || kernel.shape[0] !== inputDim || kernel.shape[1] !== gates * units)
    throw new ShapeError(
      component,
      `kernel must be [${inputDim}, ${gates * units}] for x [${x.shape}] and ${units} units, got shape [${kernel.shape}]`,
    );
  if (time === 0)
    throw new ShapeError(component, `x must have at least one time step, got shape [${x.shape}]`);
  const { mask } = options;
  if (mask && (mask.rank !== 2 || mask.shape[0] !== batch || mask.shape[1] !== time))
    throw new ShapeError(
      component,
      `mask must be [${batch}, ${time}] like x's first two dims, got shape [${mask.shape}]`,
    );
  for (const s of options.initialState ?? [])
    if (s.rank !== 2 || s.shape[0] !== batch || s.shape[1] !== units)
      throw new ShapeError(
        component,
        `each initial state must be [${batch}, ${units}], got shape [${s.shape}]`,
      );
  return { batch, time, inputDim, units };
}
