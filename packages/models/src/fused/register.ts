import { tf } from '../backend/tf.js';
import { fusedGruGradConfig } from './gru_grad.js';
import { fusedGruKernels } from './gru_kernels.js';
import { fusedLstmGradConfig } from './lstm_grad.js';
import { fusedLstmKernels } from './lstm_kernels.js';
import { fusedSimpleRnnGradConfig } from './simple_rnn_grad.js';
import { fusedSimpleRnnKernels } from './simple_rnn_kernels.js';

let registered = false;

/**
 * Whether the fused kernels can run on the active backend (wasm), registering them and their
 * gradients on first use. Other backends take the op-by-op path.
 */
export function fusedKernelsAvailable(): boolean {
  if (tf.getBackend() !== 'wasm') return false;
  if (!registered) {
    for (const k of [...fusedLstmKernels, ...fusedGruKernels, ...fusedSimpleRnnKernels])
      if (!tf.getKernel(k.kernelName, 'wasm')) tf.registerKernel(k);
    for (const g of [fusedLstmGradConfig, fusedGruGradConfig, fusedSimpleRnnGradConfig])
      tf.registerGradient(g);
    registered = true;
  }
  return true;
}
