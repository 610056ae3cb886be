/**
 * Layers and encoders on TensorFlow.js, and the backend they run on. Only these exports are public.
 * @packageDocumentation
 */

export type { BackendInfo, BackendName, InitBackendOptions } from './backend/init.js';
export { BACKEND_NAMES, initBackend, registerWasmKernels } from './backend/init.js';
export { tf } from './backend/tf.js';
export type { FusedRNNArgs } from './fused/fused_rnn_layer.js';
export { FusedGRU, FusedLSTM, FusedSimpleRNN } from './fused/fused_rnn_layer.js';
export type { FusedGruOptions } from './fused/gru.js';
export { fusedGru } from './fused/gru.js';
export { fusedLstm } from './fused/lstm.js';
export type { FusedRecurrentOptions } from './fused/options.js';
export type { BucketedModel, PredictBucketedOptions } from './fused/predict_bucketed.js';
export { predictBucketed } from './fused/predict_bucketed.js';
export { fusedSimpleRnn } from './fused/simple_rnn.js';
export type { PresetBuildOptions, PresetDefinition } from './presets/index.js';
export { getPreset, listPresets, PRESETS, registerPreset } from './presets/index.js';
