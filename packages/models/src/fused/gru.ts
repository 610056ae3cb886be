import { ShapeError } from '@kornlp/core';
import { tf } from '../backend/tf.js';
import { gruGradient } from './gru_grad.js';
import { FUSED_GRU, type GruAttrs } from './gru_kernels.js';
import { inputProjection } from './input_projection.js';
import { checkShapes, type FusedRecurrentOptions } from './options.js';
import { gruStep, runRecurrence } from './reference.js';
import { fusedKernelsAvailable, recordingGradients } from './register.js';

/** Options for {@link fusedGru}. */
export interface FusedGruOptions extends FusedRecurrentOptions {
  /**
   * Keras `reset_after`: the reset gate multiplies (h · U_h + b_rh) — the TF2 default, bias
   * `[2, 3·units]` (input bias, recurrent bias). With `false`, the original form: the reset gate
   * multiplies h before the matmul, bias `[3·units]`.
   * @default true
   */
  resetAfter?: boolean;
}

/**
 * A whole GRU layer's computation as a few large operations (see {@link fusedLstm}): one matmul for
 * the input projection, one fused recurrence kernel, a hand-written backward pass through time.
 * Keras weight layout: kernel `[features, 3·units]` and recurrentKernel `[units, 3·units]`, gate
 * order z, r, h; sigmoid gates, tanh activation.
 *
 * @param x - `[batch, time, features]`
 * @param kernel - `[features, 3·units]`
 * @param recurrentKernel - `[units, 3·units]`
 * @param bias - `[2, 3·units]` with `resetAfter` (default), `[3·units]` without, or `null`
 * @param options - see {@link FusedGruOptions}; initialState is `[h]`
 * @returns the output, or `[output, h]` with `returnState`
 * @example
 * ```ts
 * import { fusedGru, initBackend, tf } from '@kornlp/models';
 * await initBackend();
 * const y = fusedGru(tf.ones([2, 5, 3]), tf.ones([3, 6]), tf.zeros([2, 6]), null) as tf.Tensor;
 * console.log(y.shape); // [2, 2]
 * ```
 */
export function fusedGru(
  x: tf.Tensor,
  kernel: tf.Tensor,
  recurrentKernel: tf.Tensor,
  bias: tf.Tensor | null,
  options: FusedGruOptions = {},
): tf.Tensor | tf.Tensor[] {
  const {
    batch: B,
    time: T,
    inputDim,
    units: u,
  } = checkShapes('fusedGru', x, kernel, recurrentKernel, 3, options);
  const {
    returnSequences = false,
    returnState = false,
    goBackwards = false,
    zeroOutputForMask = false,
    resetAfter = true,
  } = options;
  const biasShape = resetAfter ? [2, 3 * u] : [3 * u];
  if (bias && (bias.rank !== biasShape.length || bias.shape.some((d, i) => d !== biasShape[i])))
    throw new ShapeError(
      'fusedGru',
      `bias must be [${biasShape}] with resetAfter=${resetAfter}, got shape [${bias.shape}]`,
    );
  const outs = tf.tidy(() => {
    const x2 = tf.reshape(x, [B * T, inputDim]) as tf.Tensor2D;
    const h0 = (options.initialState?.[0] ?? tf.zeros([B, u])) as tf.Tensor2D;
    const mask = options.mask ? (tf.cast(tf.notEqual(options.mask, 0), 'float32') as tf.Tensor2D) : undefined;
    let seq: tf.Tensor;
    let h: tf.Tensor;
    if (fusedKernelsAvailable()) {
      // The input projection without bias: the recurrence kernel adds both biases and sums their
      // gradients in its own loops (no broadcast add, slices or reductions around it).
      const xProj = tf.reshape(tf.matMul(x2, kernel as tf.Tensor2D), [B, T, 3 * u]);
      // One customGrad tape node with one packed output; nothing saved when no gradient is recorded.
      const attrs: GruAttrs = { goBackwards, zeroOutputForMask, resetAfter, save: recordingGradients() };
      const recurrence = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
        const [xp, rk, b, h0t, m, save] = args as [
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.GradSaveFunc,
        ];
        const [out, gates, hPrev, aux] = tf
          .engine()
          .runKernel(
            FUSED_GRU,
            { xProj: xp, recurrentKernel: rk, bias: b, h0: h0t, mask: m },
            attrs as unknown as tf.NamedAttrMap,
          ) as tf.Tensor[];
        save([rk, b, m, gates, hPrev, aux] as tf.Tensor[]);
        return {
          value: out as tf.Tensor,
          gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => gruGradient(dy, saved, attrs),
        };
      });
      const packed = recurrence(
        xProj,
        recurrentKernel,
        bias ?? tf.zeros([3 * u]),
        h0,
        mask ?? tf.ones([B, T]),
      );
      // Only what is returned is sliced out of the packed output.
      seq =
        returnSequences || (zeroOutputForMask && mask)
          ? tf.reshape(tf.slice(packed, [0, 0], [B, T * u]), [B, T, u])
          : packed;
      h = tf.slice(packed, [0, T * u], [B, u]);
    } else {
      // Slices of the flat bias (not reshaped slices): wasm's fused matmul reads the bias rank from
      // the buffer, which a reshape does not change.
      const flat = bias && resetAfter ? tf.reshape(bias, [6 * u]) : null;
      const inBias = flat ? tf.slice(flat, [0], [3 * u]) : bias;
      const recBias = flat ? (tf.slice(flat, [3 * u], [3 * u]) as tf.Tensor1D) : null;
      const xProj = tf.reshape(inputProjection(x2, kernel, inBias), [B, T, 3 * u]) as tf.Tensor3D;
      [seq, h] = runRecurrence(
        xProj,
        [h0],
        mask,
        { goBackwards, zeroOutputForMask },
        gruStep(recurrentKernel as tf.Tensor2D, recBias, resetAfter),
      ) as [tf.Tensor, tf.Tensor];
    }
    const output = returnSequences
      ? seq
      : zeroOutputForMask && mask
        ? tf.reshape(tf.slice(seq, [0, T - 1, 0], [B, 1, u]), [B, u])
        : h;
    return returnState ? [output, h] : [output];
  });
  return returnState ? outs : (outs[0] as tf.Tensor);
}
