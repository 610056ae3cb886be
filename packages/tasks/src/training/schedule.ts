import { ConfigError } from '@kornlp/core';

/** Learning-rate schedules {@link learningRateAt} knows. */
export const SCHEDULE_KINDS = ['constant', 'linear', 'cosine', 'exponential'] as const;
/** A learning-rate schedule kind. */
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** A learning-rate schedule over optimizer steps. */
export interface LearningRateSchedule {
  /** The shape after warm-up. @default 'constant' */
  kind?: ScheduleKind;
  /** Steps of linear warm-up from 0 to the base rate. @default 0 */
  warmupSteps?: number;
  /** `exponential` only: the factor applied per epoch's worth of `decaySteps`. @default 0.5 */
  decayRate?: number;
  /** `exponential` only: steps per decay by `decayRate`. @default 1000 */
  decaySteps?: number;
  /** `linear`/`cosine`: the rate reached at the last step, as a fraction of the base. @default 0 */
  finalFraction?: number;
}

/**
 * The learning rate at an optimizer step.
 *
 * @param base - the peak learning rate, e.g. 1e-3
 * @param step - the 0-based step
 * @param totalSteps - steps in the whole run (for `linear` and `cosine`)
 * @param schedule - see {@link LearningRateSchedule}
 * @returns the rate to use for this step
 * @example
 * ```ts
 * learningRateAt(0.1, 5, 10, { kind: 'linear' }); // 0.05
 * learningRateAt(0.1, 0, 10, { warmupSteps: 2 }); // 0.05
 * ```
 */
export function learningRateAt(
  base: number,
  step: number,
  totalSteps: number,
  schedule: LearningRateSchedule = {},
): number {
  const {
    kind = 'constant',
    warmupSteps = 0,
    decayRate = 0.5,
    decaySteps = 1000,
    finalFraction = 0,
  } = schedule;
  if (!(SCHEDULE_KINDS as readonly string[]).includes(kind)) {
    throw new ConfigError(
      'learningRateAt',
      `unknown schedule ${JSON.stringify(kind)}; expected one of ${SCHEDULE_KINDS.join(', ')}`,
    );
  }
  if (warmupSteps > 0 && step < warmupSteps) return (base * (step + 1)) / warmupSteps;
  const span = Math.max(totalSteps - warmupSteps, 1);
  const t = Math.min(Math.max(step - warmupSteps, 0) / span, 1);
  switch (kind) {
    case 'linear':
      return base * (1 - (1 - finalFraction) * t);
    case 'cosine':
      return base * (finalFraction + (1 - finalFraction) * 0.5 * (1 + Math.cos(Math.PI * t)));
    case 'exponential':
      return base * decayRate ** (Math.max(step - warmupSteps, 0) / decaySteps);
    default:
      return base;
  }
}
