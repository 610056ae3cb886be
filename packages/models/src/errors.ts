// The models package raises core's typed errors; re-exported here so callers can catch them from
// '@kornlp/models' too.
export { ArtifactError, ConfigError, KorNlpError, ShapeError } from '@kornlp/core';
