/**
 * Layers and encoders on TensorFlow.js, and the backend they run on. Only these exports are public.
 * @packageDocumentation
 */

export type { BackendInfo, BackendName, InitBackendOptions } from './backend/init.js';
export { BACKEND_NAMES, initBackend, registerWasmKernels } from './backend/init.js';
export { tf } from './backend/tf.js';
