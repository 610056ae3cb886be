import { tf } from '../backend/tf.js';
import { fusedGruKernels } from './gru_kernels.js';
import { fusedLstmKernels } from './lstm_kernels.js';
import { fusedSimpleRnnKernels } from './simple_rnn_kernels.js';

let registered = false;

/**
 * Whether the fused kernels can run on the active backend (wasm), registering them on first use
 * (their gradients are tf.customGrad closures, see lstm.ts). Other backends take the op-by-op path.
 */
export function fusedKernelsAvailable(): boolean {
  if (tf.getBackend() !== 'wasm') return false;
  if (!registered) {
    for (const k of [...fusedLstmKernels, ...fusedGruKernels, ...fusedSimpleRnnKernels])
      if (!tf.getKernel(k.kernelName, 'wasm')) tf.registerKernel(k);
    registered = true;
  }
  return true;
}

/** Whether the engine is recording gradients now (so the fused kernels must keep what backward needs). */
export function recordingGradients(): boolean {
  return (tf.engine() as unknown as { isTapeOn(): boolean }).isTapeOn();
}
