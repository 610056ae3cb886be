import { tf } from '../backend/tf.js';
import { FUSED_LSTM, FUSED_LSTM_GRAD, type RecurrenceAttrs } from './lstm_kernels.js';

// Gradient of the fused LSTM kernel: the per-step work runs in one backward kernel, and the
// recurrent kernel's gradient is a single matmul over all steps, hPrevᵀ · dGates.
export const fusedLstmGradConfig: tf.GradConfig = {
  kernelName: FUSED_LSTM,
  inputsToSave: ['recurrentKernel', 'mask'],
  outputsToSave: [false, false, false, true, true, true, true],
  gradFunc: (dy, saved, attrs) => {
    const [dSeq, dhT, dcT] = dy as tf.Tensor[];
    // The mask is always passed (ones when the caller has none): the engine cannot save a missing input.
    const [recurrentKernel, mask, gates, tanhC, hPrev, cPrev] = saved as tf.Tensor[] as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
    ];
    const [B, T, G] = gates.shape as [number, number, number];
    const u = G / 4;
    const inputs: tf.NamedTensorMap = {
      dhT: dhT ?? tf.zeros([B, u]),
      dcT: dcT ?? tf.zeros([B, u]),
      recurrentKernel,
      gates,
      tanhC,
      cPrev,
      mask,
    };
    // No output gradient when only the last state is used: the kernel then skips it (no zeros).
    if (dSeq) inputs.dSeq = dSeq;
    const [dGates, dh0, dc0] = tf
      .engine()
      .runKernel(
        FUSED_LSTM_GRAD,
        inputs,
        attrs as unknown as tf.NamedAttrMap & RecurrenceAttrs,
      ) as tf.Tensor[];
    return {
      xProj: () => dGates as tf.Tensor,
      recurrentKernel: () =>
        tf.matMul(tf.reshape(hPrev, [B * T, u]), tf.reshape(dGates as tf.Tensor, [B * T, G]), true, false),
      h0: () => dh0 as tf.Tensor,
      c0: () => dc0 as tf.Tensor,
      mask: () => tf.zerosLike(mask),
    };
  },
};
