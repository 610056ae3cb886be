// Reading option values of `kornlp` commands: one place for the checks and their error messages.
import { UsageError } from './command.js';

function integerAtLeast(min: number): string {
  if (min === 0) return 'a non-negative integer';
  if (min === 1) return 'a positive integer';
  return `an integer >= ${min}`;
}

/**
 * The integer given as `--name`, or undefined when absent.
 *
 * @throws UsageError naming the flag, the value and the bound when it is not an integer >= `min`
 */
export function intFlag(values: Record<string, unknown>, name: string, min: number): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be ${integerAtLeast(min)}, got ${JSON.stringify(raw)}`);
  return n;
}

/**
 * The non-negative number given as `--name`, or undefined when absent.
 *
 * @throws UsageError naming the flag and the value when it is not a finite number >= 0
 */
export function numberFlag(values: Record<string, unknown>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0)
    throw new UsageError(`--${name} must be a non-negative number, got ${JSON.stringify(raw)}`);
  return n;
}

/**
 * The value of `--name` when it is one of `allowed`, or undefined when absent.
 *
 * @throws UsageError listing the allowed values when it is another
 */
export function oneOfFlag<T extends string>(
  values: Record<string, unknown>,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (!(allowed as readonly unknown[]).includes(raw))
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
  return raw as T;
}
