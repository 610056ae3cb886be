import { tf } from '../backend/tf.js';
import { FUSED_GRU, FUSED_GRU_GRAD, type GruAttrs } from './gru_kernels.js';

// Gradient of the fused GRU kernel: per-step work in one backward kernel; the recurrent kernel's
// gradient as one or two matmuls over all steps.
export const fusedGruGradConfig: tf.GradConfig = {
  kernelName: FUSED_GRU,
  inputsToSave: ['recurrentKernel', 'mask'],
  outputsToSave: [false, false, true, true, true],
  gradFunc: (dy, saved, attrs) => {
    const [dSeq, dhT] = dy as tf.Tensor[];
    const [recurrentKernel, mask, gates, hPrev, aux] = saved as tf.Tensor[] as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
    ];
    const { resetAfter } = attrs as unknown as GruAttrs;
    const [B, T, G] = gates.shape as [number, number, number];
    const u = G / 3;
    const [dX, dM, dh0] = tf.engine().runKernel(
      FUSED_GRU_GRAD,
      {
        ...(dSeq ? { dSeq } : {}),
        dhT: dhT ?? tf.zeros([B, u]),
        recurrentKernel,
        gates,
        hPrev,
        aux,
        mask,
      },
      attrs as tf.NamedAttrMap,
    ) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const dM2 = tf.reshape(dM, [B * T, G]);
    const hp2 = tf.reshape(hPrev, [B * T, u]);
    return {
      xProj: () => dX,
      recurrentKernel: () =>
        resetAfter
          ? tf.matMul(hp2, dM2, true, false)
          : tf.concat(
              [
                tf.matMul(hp2, tf.slice(dM2, [0, 0], [B * T, 2 * u]), true, false),
                tf.matMul(tf.reshape(aux, [B * T, u]), tf.slice(dM2, [0, 2 * u], [B * T, u]), true, false),
              ],
              1,
            ),
      recurrentBias: () => (resetAfter ? tf.sum(dM2, 0) : tf.zeros([G])),
      h0: () => dh0,
      mask: () => tf.zerosLike(mask),
    };
  },
};
