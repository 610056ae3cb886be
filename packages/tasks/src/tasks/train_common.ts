// What trainClassifier and trainTagger share beyond the trainer itself: the `maxLen: 'auto'` rule
// and the training record saved in pipeline.json.
import { ConfigError } from '@kornlp/core';
import type { TrainResult } from '../training/trainer.js';

/**
 * The sequence length to train with: `maxLen`, or for `'auto'` the 95th percentile of the training
 * lengths, kept within [1, cap].
 */
export function resolveMaxLen(
  where: string,
  maxLen: number | 'auto',
  lengths: number[],
  cap: number,
): number {
  let len: number;
  if (maxLen === 'auto') {
    const sorted = [...lengths].sort((a, b) => a - b);
    len = Math.min(Math.max(sorted[Math.floor(sorted.length * 0.95)] ?? 1, 1), cap);
  } else len = maxLen;
  if (!Number.isInteger(len) || len < 1)
    throw new ConfigError(where, `maxLen must be a positive integer or "auto", got ${maxLen}`);
  return len;
}

/**
 * The `training` record of a pipeline manifest: the trainer options as given (callbacks and the
 * progress setting dropped), the task's own `settings`, the split sizes and what the run took.
 */
export function trainingRecord(
  trainOptions: object,
  settings: Record<string, unknown>,
  sizes: { train: number; dev: number },
  result: TrainResult,
): Record<string, unknown> {
  return {
    ...trainOptions,
    progress: undefined,
    log: undefined,
    onEpochEnd: undefined,
    ...settings,
    trainSize: sizes.train,
    devSize: sizes.dev,
    steps: result.steps,
    seconds: result.seconds,
    history: result.history,
  };
}
