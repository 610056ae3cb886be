import { ConfigError } from '@kornlp/core';
import type { DecoderKind } from '../heads/sequence_tagger.js';
import type { TextUnit } from '../pipeline/segment.js';
import type { TokenFeature } from '../pipeline/token_features.js';

/** The tasks `kornlp train` knows. */
export const TASK_NAMES = ['sentiment', 'spam', 'topic', 'pos', 'ner'] as const;
/** A task name. */
export type TaskName = (typeof TASK_NAMES)[number];

/** What a task is and the defaults it trains with. */
export interface TaskSpec {
  /** `classifier` (one label per text) or `tagger` (one tag per token). */
  kind: 'classifier' | 'tagger';
  /** The unit the model reads (classifier) or tags (tagger). */
  unit: TextUnit;
  /** Tagger only: the per-token features. */
  features?: TokenFeature[];
  /** Tagger only: `BIO` when tags mark entity spans. */
  scheme?: 'BIO' | 'BIOES' | null;
  /** Tagger only: how tags are decoded. */
  decoder?: DecoderKind;
  /** The dev metric early stopping watches. */
  monitor: 'accuracy' | 'f1';
}

/** Each task's defaults; every one can be overridden per run. */
export const TASKS: Record<TaskName, TaskSpec> = {
  sentiment: { kind: 'classifier', unit: 'morph_tag', monitor: 'accuracy' },
  spam: { kind: 'classifier', unit: 'morph_tag', monitor: 'accuracy' },
  topic: { kind: 'classifier', unit: 'morph_tag', monitor: 'accuracy' },
  pos: {
    kind: 'tagger',
    unit: 'word',
    features: ['form', 'first_morph', 'last_morph', 'tags', 'last_tag', 'first_char', 'last_char', 'shape'],
    scheme: null,
    monitor: 'accuracy',
  },
  ner: {
    kind: 'tagger',
    unit: 'char',
    features: ['form', 'shape'],
    scheme: 'BIO',
    decoder: 'crf',
    monitor: 'f1',
  },
};

/**
 * Looks up a task's spec.
 *
 * @param name - a task name
 * @throws ConfigError naming the valid tasks
 * @example
 * ```ts
 * import { taskSpec } from '@kornlp/tasks';
 * console.log(taskSpec('sentiment')); // { kind: 'classifier', unit: 'morph_tag', monitor: 'accuracy' }
 * taskSpec('sentimnet');
 * // throws ConfigError: [task] unknown task "sentimnet"; expected one of sentiment, spam, topic, pos, ner
 * ```
 */
export function taskSpec(name: string): TaskSpec {
  const spec = TASKS[name as TaskName];
  if (!spec)
    throw new ConfigError(
      'task',
      `unknown task ${JSON.stringify(name)}; expected one of ${TASK_NAMES.join(', ')}`,
    );
  return spec;
}
