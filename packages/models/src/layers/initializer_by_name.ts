import { ConfigError } from '@kornlp/core';
import { tf } from '../backend/tf.js';
import { orthogonal } from './orthogonal.js';

/** A tfjs weight initializer. */
export type Initializer = ReturnType<typeof tf.initializers.zeros>;

/**
 * Resolves a tfjs initializer factory name (`glorotUniform`, `zeros`, `ones`, `randomNormal`, ...),
 * keeping layer configs plain JSON. `orthogonal` is kornlp's {@link orthogonal} (Keras's algorithm,
 * fast and silent). @internal
 */
export function initializerByName(component: string, name: string): Initializer {
  if (name === 'orthogonal') return orthogonal();
  const factory = (tf.initializers as unknown as Record<string, unknown>)[name];
  if (typeof factory !== 'function')
    throw new ConfigError(
      component,
      `unknown initializer ${JSON.stringify(name)}; expected a tf.initializers name such as glorotUniform, zeros, ones`,
    );
  return (factory as (args: object) => Initializer)({});
}
