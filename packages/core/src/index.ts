/**
 * Shared foundations for every kornlp package. Only these exports are public.
 * @module @kornlp/core
 */
export {
  ArtifactError,
  ConfigError,
  DataFormatError,
  describeValue,
  KorNlpError,
  ShapeError,
} from './errors.js';
export { atomicWriteDir, atomicWriteFile } from './fs.js';
export { removeSaveLeftovers } from './leftovers.js';
export type { Progress, ProgressOptions } from './progress.js';
export { createProgress } from './progress.js';
