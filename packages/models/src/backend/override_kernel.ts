import type { tf } from './tf.js';

/**
 * A copy of a registered kernel whose function is `impl`; `impl` receives the original kernel
 * function to hand back the cases it does not speed up.
 *
 * @param original - the kernel config registered by the backend
 * @param impl - the replacement, called with the kernel arguments and the original function
 * @returns the config to register in place of `original`
 * @internal
 */
export function overrideKernel<A>(
  original: tf.KernelConfig,
  impl: (args: A, original: tf.KernelFunc) => unknown,
): tf.KernelConfig {
  return {
    ...original,
    kernelFunc: ((args: A) => impl(args, original.kernelFunc)) as unknown as tf.KernelFunc,
  };
}
