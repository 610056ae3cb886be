import { tf } from '../backend/tf.js';
import { FUSED_SIMPLE_RNN, FUSED_SIMPLE_RNN_GRAD } from './simple_rnn_kernels.js';

// Gradient of the fused SimpleRNN kernel: per-step work in one backward kernel, dU = hPrevᵀ · dX.
export const fusedSimpleRnnGradConfig: tf.GradConfig = {
  kernelName: FUSED_SIMPLE_RNN,
  inputsToSave: ['recurrentKernel', 'mask'],
  outputsToSave: [false, false, true, true],
  gradFunc: (dy, saved, attrs) => {
    const [dSeq, dhT] = dy as tf.Tensor[];
    const [recurrentKernel, mask, hNew, hPrev] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const [B, T, u] = hNew.shape as [number, number, number];
    const [dX, dh0] = tf
      .engine()
      .runKernel(
        FUSED_SIMPLE_RNN_GRAD,
        { ...(dSeq ? { dSeq } : {}), dhT: dhT ?? tf.zeros([B, u]), recurrentKernel, hNew, mask },
        attrs as tf.NamedAttrMap,
      ) as [tf.Tensor, tf.Tensor];
    return {
      xProj: () => dX,
      recurrentKernel: () =>
        tf.matMul(tf.reshape(hPrev, [B * T, u]), tf.reshape(dX, [B * T, u]), true, false),
      h0: () => dh0,
      mask: () => tf.zerosLike(mask),
    };
  },
};
