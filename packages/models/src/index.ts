/**
 * Layers and encoders on TensorFlow.js, and the backend they run on. Only these exports are public.
 * @module @kornlp/models
 */

export type { BackendInfo, BackendName, InitBackendOptions } from './backend/init.js';
export { BACKEND_NAMES, initBackend, registerWasmKernels } from './backend/init.js';
export { tf } from './backend/tf.js';
export { attentionEncoderBody, attentionPoolingExtension } from './encoders/attention_encoder.js';
export type { AttentionPoolingWeightsOptions } from './encoders/attention_weights.js';
export { attentionPoolingWeights } from './encoders/attention_weights.js';
export type {
  EncoderBodyOptions,
  EncoderExtension,
  EncoderKind,
  EncoderOptions,
  Pooling,
  ResolvedEncoderOptions,
} from './encoders/encoder.js';
export {
  applyEncoder,
  applyEncoderBody,
  buildEncoder,
  ENCODER_KINDS,
  registerEncoderExtension,
} from './encoders/encoder.js';
export type { MaskedPoolingArgs } from './encoders/masked_pooling.js';
export { MaskedPooling, maskedPooling } from './encoders/masked_pooling.js';
export { transformerEncoderBody } from './encoders/transformer_encoder.js';
export { ArtifactError, ConfigError, KorNlpError, ShapeError } from './errors.js';
export type { FusedRNNArgs } from './fused/fused_rnn_layer.js';
export { FusedGRU, FusedLSTM, FusedSimpleRNN } from './fused/fused_rnn_layer.js';
export type { FusedGruOptions } from './fused/gru.js';
export { fusedGru } from './fused/gru.js';
export { fusedLstm } from './fused/lstm.js';
export type { FusedRecurrentOptions } from './fused/options.js';
export type { BucketedModel, PredictBucketedOptions } from './fused/predict_bucketed.js';
export { predictBucketed } from './fused/predict_bucketed.js';
export { fusedSimpleRnn } from './fused/simple_rnn.js';
export { fileSystemHandler, loadModel, MODEL_JSON, saveModel } from './io/file_system.js';
export type { AttentionPoolingArgs } from './layers/attention_pooling.js';
export { AttentionPooling, attentionPooling } from './layers/attention_pooling.js';
export type { BahdanauAttentionArgs } from './layers/bahdanau_attention.js';
export { BahdanauAttention, bahdanauAttention } from './layers/bahdanau_attention.js';
export type { BidirectionalOptions, MergeMode } from './layers/bidirectional.js';
export { bidirectional } from './layers/bidirectional.js';
export type { CRFArgs } from './layers/crf.js';
export { CRF, crf, crfLoss } from './layers/crf.js';
export type { DenseAttentionArgs } from './layers/dense_attention.js';
export { DenseAttention } from './layers/dense_attention.js';
export type { EmbeddingArgs } from './layers/embedding.js';
export { embedding } from './layers/embedding.js';
export type { LearnedPositionEmbeddingArgs } from './layers/learned_position_embedding.js';
export { LearnedPositionEmbedding, learnedPositionEmbedding } from './layers/learned_position_embedding.js';
export type { LuongAttentionArgs, LuongScore } from './layers/luong_attention.js';
export { LuongAttention, luongAttention } from './layers/luong_attention.js';
export type { MultiHeadAttentionArgs } from './layers/multi_head_attention.js';
export { MultiHeadAttention, multiHeadAttention } from './layers/multi_head_attention.js';
export type { OrthogonalArgs } from './layers/orthogonal.js';
export { Orthogonal, orthogonal } from './layers/orthogonal.js';
export type { RecurrentArgs } from './layers/recurrent.js';
export { gru, lstm, simpleRnn } from './layers/recurrent.js';
export type { SinusoidalPositionEmbeddingArgs } from './layers/sinusoidal_position_embedding.js';
export {
  SinusoidalPositionEmbedding,
  sinusoidalPositionEmbedding,
} from './layers/sinusoidal_position_embedding.js';
export type { TimeDistributedOptions } from './layers/time_distributed.js';
export { TimeDistributed, timeDistributed } from './layers/time_distributed.js';
export type { TransformerEncoderBlockArgs } from './layers/transformer_encoder_block.js';
export { TransformerEncoderBlock, transformerEncoderBlock } from './layers/transformer_encoder_block.js';
export type { WeightedSumArgs } from './layers/weighted_sum.js';
export { WeightedSum, weightedSum } from './layers/weighted_sum.js';
export type { PresetBuildOptions, PresetDefinition } from './presets/index.js';
export { getPreset, listPresets, PRESETS, registerPreset } from './presets/index.js';
export type { SummaryOptions } from './summary.js';
export { paramCounts, summary } from './summary.js';
