import { tf } from '../backend/tf.js';
import { checkShapes, type FusedRecurrentOptions } from './options.js';
import { runRecurrence, simpleRnnStep } from './reference.js';
import { fusedKernelsAvailable, recordingGradients } from './register.js';
import { simpleRnnGradient } from './simple_rnn_grad.js';
import { FUSED_SIMPLE_RNN } from './simple_rnn_kernels.js';

/**
 * A whole SimpleRNN layer's computation (tanh activation) as a few large operations (see
 * {@link fusedLstm}). Keras weight layout: kernel `[features, units]`, recurrentKernel
 * `[units, units]`, bias `[units]`.
 *
 * @param x - `[batch, time, features]`
 * @param kernel - `[features, units]`
 * @param recurrentKernel - `[units, units]`
 * @param bias - `[units]`, or `null`
 * @param options - see {@link FusedRecurrentOptions}; initialState is `[h]`
 * @returns the output, or `[output, h]` with `returnState`
 * @example
 * ```ts
 * import { fusedSimpleRnn, initBackend, tf } from '@kornlp/models';
 * await initBackend();
 * const y = fusedSimpleRnn(tf.ones([2, 5, 3]), tf.ones([3, 4]), tf.zeros([4, 4]), null) as tf.Tensor;
 * console.log(y.shape); // [2, 4]
 * ```
 */
export function fusedSimpleRnn(
  x: tf.Tensor,
  kernel: tf.Tensor,
  recurrentKernel: tf.Tensor,
  bias: tf.Tensor | null,
  options: FusedRecurrentOptions = {},
): tf.Tensor | tf.Tensor[] {
  const {
    batch: B,
    time: T,
    inputDim,
    units: u,
  } = checkShapes('fusedSimpleRnn', x, kernel, recurrentKernel, 1, options);
  const {
    returnSequences = false,
    returnState = false,
    goBackwards = false,
    zeroOutputForMask = false,
  } = options;
  const outs = tf.tidy(() => {
    const x2 = tf.reshape(x, [B * T, inputDim]);
    const h0 = (options.initialState?.[0] ?? tf.zeros([B, u])) as tf.Tensor2D;
    const mask = options.mask ? (tf.cast(tf.notEqual(options.mask, 0), 'float32') as tf.Tensor2D) : undefined;
    let seq: tf.Tensor;
    let h: tf.Tensor;
    if (fusedKernelsAvailable()) {
      // The bias is added (and its gradient summed) inside the recurrence kernels.
      const xProj = tf.reshape(tf.matMul(x2, kernel), [B, T, u]);
      const attrs = { goBackwards, zeroOutputForMask, save: recordingGradients() };
      const recurrence = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
        const [xp, rk, bt, h0t, m, save] = args as [
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.GradSaveFunc,
        ];
        const [out, hNew, hPrev] = tf
          .engine()
          .runKernel(
            FUSED_SIMPLE_RNN,
            { xProj: xp, recurrentKernel: rk, bias: bt, h0: h0t, mask: m },
            attrs as unknown as tf.NamedAttrMap,
          ) as tf.Tensor[];
        save([rk, m, hNew, hPrev] as tf.Tensor[]);
        return {
          value: out as tf.Tensor,
          gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => simpleRnnGradient(dy, saved, attrs),
        };
      });
      const packed = recurrence(xProj, recurrentKernel, bias ?? tf.zeros([u]), h0, mask ?? tf.ones([B, T]));
      // Only what is returned is sliced out of the packed output.
      seq =
        returnSequences || (zeroOutputForMask && mask)
          ? tf.reshape(tf.slice(packed, [0, 0], [B, T * u]), [B, T, u])
          : packed;
      h = tf.slice(packed, [0, T * u], [B, u]);
    } else {
      const proj = bias ? tf.fused.matMul({ a: x2, b: kernel, bias }) : tf.matMul(x2, kernel);
      [seq, h] = runRecurrence(
        tf.reshape(proj, [B, T, u]),
        [h0],
        mask,
        { goBackwards, zeroOutputForMask },
        simpleRnnStep(recurrentKernel as tf.Tensor2D),
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
