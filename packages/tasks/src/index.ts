/**
 * Task heads, training, evaluation, saved pipelines and the `kornlp` CLI. Only these exports are public.
 * @packageDocumentation
 */

export type { CliIo, Command } from './cli/command.js';
export { UsageError } from './cli/command.js';
export { main as runCli, VERSION } from './cli/main.js';
