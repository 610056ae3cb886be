import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from './tf.js';

// tfjs-backend-wasm's Identity copies the buffer. The engine runs Identity for every tensor an op
// saves for its gradient (engine.clone), so training copied every saved activation once more
// (~8 ms of a 140 ms fused-LSTM train step in the profile). Tensors are immutable, so sharing the
// buffer under a reference count — what Reshape does on wasm and Identity does on cpu — suffices.
function identity(args: { inputs: { x: tf.TensorInfo }; backend: BackendWasm }): tf.TensorInfo {
  const { x } = args.inputs;
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Zero-copy Identity for the wasm backend, registered by {@link registerWasmKernels}. */
export const identityConfig: tf.KernelConfig = {
  kernelName: tf.Identity,
  backendName: 'wasm',
  kernelFunc: identity as unknown as tf.KernelFunc,
};
