/**
 * Task heads, training, evaluation, saved pipelines and the `kornlp` CLI. Only these exports are public.
 * @module @kornlp/tasks
 */

export type { AttentionSvgOptions } from './charts/attention_svg.js';
export { attentionSvg } from './charts/attention_svg.js';
export type { ConfusionMatrixSvgOptions } from './charts/confusion_svg.js';
export { confusionMatrixSvg } from './charts/confusion_svg.js';
export { escapeXml, niceTicks } from './charts/svg.js';
export type {
  CurveHistoryRecord,
  CurvePanel,
  CurveSeries,
  TrainingCurvesOptions,
} from './charts/training_curves.js';
export { historyPanels, trainingCurvesSvg } from './charts/training_curves.js';
export type { CliIo, Command } from './cli/command.js';
export { UsageError } from './cli/command.js';
export { main as runCli, VERSION } from './cli/main.js';

// Heads, training loop, pipelines and task training (heads/, training/, pipeline/, tasks/).
export type { EncoderKind, EncoderSpec } from './heads/encoder.js';
export { ENCODER_KINDS } from './heads/encoder.js';
export { softmaxCrossEntropy } from './heads/losses.js';
export type { PoolingKind, SequenceClassifierConfig } from './heads/sequence_classifier.js';
export { POOLING_KINDS, SequenceClassifier } from './heads/sequence_classifier.js';
export type { DecoderKind, SequenceTaggerConfig, TaggerChannel } from './heads/sequence_tagger.js';
export { DECODER_KINDS, SequenceTagger } from './heads/sequence_tagger.js';
export type { ParsedTag, TagScheme } from './labels/bio.js';
export {
  bioesToBio,
  bioToBioes,
  bioToSpans,
  isWellFormed,
  parseTag,
  repairTags,
  spansToTags,
  TAG_SCHEMES,
} from './labels/bio.js';
export type { ChunkOptions, TagSpan } from './labels/chunks.js';
export { chunkTags } from './labels/chunks.js';
export type { LabelSetConfig } from './labels/label_set.js';
export { LabelSet } from './labels/label_set.js';
export type { CharRange, CharSpan } from './labels/offsets.js';
export { alignSpans, tokenOffsets } from './labels/offsets.js';
export type { ClassificationReport, ClassificationReportOptions } from './metrics/classification.js';
export { accuracy, classificationReport } from './metrics/classification.js';
export type { ConfusionMatrix, ConfusionMatrixOptions } from './metrics/confusion.js';
export { confusionMatrix, formatConfusionMatrix } from './metrics/confusion.js';
export type { EntityScoresOptions } from './metrics/entity.js';
export { corpusEntities, entityReport, entityScores } from './metrics/entity.js';
export type { Prf, PrfReport } from './metrics/scores.js';
export { formatReport } from './metrics/scores.js';
export type {
  ClassifierFeaturizerConfig,
  ClassifierManifest,
  PipelineManifest,
  TaggerFeaturizerConfig,
  TaggerManifest,
} from './pipeline/format.js';
export { PIPELINE_FORMAT_VERSION, readManifest } from './pipeline/format.js';
export { idRows } from './pipeline/id_rows.js';
export type { LoadPipelineOptions, Pipeline } from './pipeline/load.js';
export { defaultTokenizer, loadPipeline } from './pipeline/load.js';
export type { Segment, TextUnit } from './pipeline/segment.js';
export { segment, TEXT_UNITS } from './pipeline/segment.js';
export type { ClassificationPrediction } from './pipeline/text_classifier.js';
export { TextClassifierPipeline } from './pipeline/text_classifier.js';
export type { Morph, TokenFeature } from './pipeline/token_features.js';
export { TOKEN_FEATURES, tokenFeatures } from './pipeline/token_features.js';
export type { EntitySpan, SpanDecoder, TaggedToken, TaggingPrediction } from './pipeline/token_tagger.js';
export { TokenTaggerPipeline } from './pipeline/token_tagger.js';
export type { PipelineExtras } from './pipeline/write.js';
export { writePipeline } from './pipeline/write.js';
export type { TaggedTokens } from './readers/conll_bio.js';
export { readConllBio, streamConllBio } from './readers/conll_bio.js';
export type { ConlluMorpheme, ConlluOptions, ConlluSentence, ConlluToken } from './readers/conllu.js';
export { readConllu, splitMorphemes, streamConllu } from './readers/conllu.js';
export type { TextLabelRecord } from './readers/jsonl.js';
export { readJsonlTagged, readJsonlText, streamJsonlTagged, streamJsonlText } from './readers/jsonl.js';
export type { KlueNerSentence } from './readers/klue_ner.js';
export { readKlueNer, streamKlueNer, stripKlueMarkup } from './readers/klue_ner.js';
export type { ConlluToTaggedOptions } from './readers/tagged.js';
export { conlluToTagged, klueToTagged } from './readers/tagged.js';
export type { TsvOptions, TsvRecord } from './readers/tsv.js';
export { readNsmc, readTsv, streamTsv } from './readers/tsv.js';
export { entityF1 } from './tasks/entity_f1.js';
export { readTaggedSentences, readTaskData, readTextExamples, requireExamples } from './tasks/read_data.js';
export { devSplit } from './tasks/split.js';
export type { TaskName, TaskSpec } from './tasks/task.js';
export { TASK_NAMES, TASKS, taskSpec } from './tasks/task.js';
export type { TextExample, TrainClassifierOptions, TrainedClassifier } from './tasks/train_classifier.js';
export { trainClassifier } from './tasks/train_classifier.js';
export type { TaggedSentence, TagMetric, TrainedTagger, TrainTaggerOptions } from './tasks/train_tagger.js';
export { tokenAccuracy, trainTagger } from './tasks/train_tagger.js';
export type { CheckpointContents, EpochRecord, TrainerState } from './training/checkpoint.js';
export { loadCheckpoint, saveCheckpoint } from './training/checkpoint.js';
export { clipByGlobalNorm } from './training/clip.js';
export type { Trainable, TrainingDataset } from './training/dataset.js';
export { SeededRandom } from './training/random.js';
export type { LearningRateSchedule, ScheduleKind } from './training/schedule.js';
export { learningRateAt, SCHEDULE_KINDS } from './training/schedule.js';
export type { TrainOptions, TrainResult } from './training/trainer.js';
export { train } from './training/trainer.js';
