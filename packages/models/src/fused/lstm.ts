import { tf } from '../backend/tf.js';
import { lstmGradient } from './lstm_grad.js';
import { FUSED_LSTM } from './lstm_kernels.js';
import { checkShapes, type FusedRecurrentOptions } from './options.js';
import { lstmStep, runRecurrence } from './reference.js';
import { fusedKernelsAvailable, recordingGradients } from './register.js';

/**
 * A whole LSTM layer's computation as a few large operations: the input projection for every
 * step as one matmul, the recurrence as one kernel (one matmul and vectorised gates per step:
 * in C++ with OpenBLAS when the native accelerator is built, else in wasm), and a hand-written
 * backward pass through time registered as its gradient. Keras weight layout and numbers (gate
 * order i, f, c, o; sigmoid gates, tanh activation). On backends other than wasm it runs the same
 * computation op by op.
 *
 * @param x - `[batch, time, features]`
 * @param kernel - `[features, 4·units]`
 * @param recurrentKernel - `[units, 4·units]`
 * @param bias - `[4·units]`, or `null` for none
 * @param options - mask, returnSequences, returnState, goBackwards, initialState `[h, c]`; see {@link FusedRecurrentOptions}
 * @returns the output (`[batch, units]`, or `[batch, time, units]` with `returnSequences`), or
 *   `[output, h, c]` with `returnState`
 * @example
 * ```ts
 * import { fusedLstm, initBackend, tf } from '@kornlp/models';
 * await initBackend();
 * const x = tf.ones([2, 5, 3]);
 * const y = fusedLstm(x, tf.ones([3, 8]), tf.zeros([2, 8]), tf.zeros([8])) as tf.Tensor;
 * console.log(y.shape); // [2, 2]
 * ```
 */
export function fusedLstm(
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
  } = checkShapes('fusedLstm', x, kernel, recurrentKernel, 4, options);
  const {
    returnSequences = false,
    returnState = false,
    goBackwards = false,
    zeroOutputForMask = false,
  } = options;
  const outs = tf.tidy(() => {
    const x2 = tf.reshape(x, [B * T, inputDim]);
    const h0 = (options.initialState?.[0] ?? tf.zeros([B, u])) as tf.Tensor2D;
    const c0 = (options.initialState?.[1] ?? tf.zeros([B, u])) as tf.Tensor2D;
    const mask = options.mask ? (tf.cast(tf.notEqual(options.mask, 0), 'float32') as tf.Tensor2D) : undefined;
    let seq: tf.Tensor;
    let h: tf.Tensor;
    let c: tf.Tensor;
    if (fusedKernelsAvailable()) {
      // The bias is added (and its gradient summed) inside the recurrence kernels.
      const xProj = tf.reshape(tf.matMul(x2, kernel), [B, T, 4 * u]);
      const attrs = { goBackwards, zeroOutputForMask, save: recordingGradients() };
      // customGrad: the recurrence is one tape node with one output (seq | hT | cT packed per
      // row), so backprop neither sees the saved activations as outputs nor fills them with zeros.
      const recurrence = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
        const [xp, rk, bt, h0t, c0t, m, save] = args as [
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.GradSaveFunc,
        ];
        const [out, gates, tanhC, hPrev, cPrev] = tf
          .engine()
          .runKernel(
            FUSED_LSTM,
            { xProj: xp, recurrentKernel: rk, bias: bt, h0: h0t, c0: c0t, mask: m },
            attrs as unknown as tf.NamedAttrMap,
          ) as tf.Tensor[];
        save([rk, m, gates, tanhC, hPrev, cPrev] as tf.Tensor[]);
        return {
          value: out as tf.Tensor,
          gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => lstmGradient(dy, saved, attrs),
        };
      });
      const packed = recurrence(
        xProj,
        recurrentKernel,
        bias ?? tf.zeros([4 * u]),
        h0,
        c0,
        mask ?? tf.ones([B, T]),
      );
      // Only what is returned is sliced out of the packed output.
      seq =
        returnSequences || (zeroOutputForMask && mask)
          ? tf.reshape(tf.slice(packed, [0, 0], [B, T * u]), [B, T, u])
          : packed;
      h = tf.slice(packed, [0, T * u], [B, u]);
      c = tf.slice(packed, [0, (T + 1) * u], [B, u]);
    } else {
      const proj = bias ? tf.fused.matMul({ a: x2, b: kernel, bias }) : tf.matMul(x2, kernel);
      [seq, h, c] = runRecurrence(
        tf.reshape(proj, [B, T, 4 * u]),
        [h0, c0],
        mask,
        { goBackwards, zeroOutputForMask },
        lstmStep(recurrentKernel as tf.Tensor2D),
      ) as [tf.Tensor, tf.Tensor, tf.Tensor];
    }
    const output = returnSequences
      ? seq
      : zeroOutputForMask && mask
        ? tf.reshape(tf.slice(seq, [0, T - 1, 0], [B, 1, u]), [B, u])
        : h;
    return returnState ? [output, h, c] : [output];
  });
  return returnState ? outs : (outs[0] as tf.Tensor);
}
