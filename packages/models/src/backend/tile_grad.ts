import type { tf } from './tf.js';

/**
 * A gradient for `Tile` that costs one reshape and one sum. tfjs's own adds one slice per
 * repetition: a tfjs `LayerNormalization` on `[64, 100, 128]` tiles its gamma and beta 6,400 times
 * each, so its backward pass issued ~26,000 Slice and Add kernels per training step.
 *
 * `y = tile(x, reps)` has `y[r·s + j] = x[j]` on every axis, so viewing `dy` as
 * `[reps0, s0, reps1, s1, ...]` and summing the `reps` axes gives `dx`.
 * @internal
 */
export function makeTileGradConfig(t: typeof tf): tf.GradConfig {
  return {
    kernelName: t.Tile,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as tf.Tensor[];
      const reps = (attrs as unknown as { reps: number[] }).reps;
      return {
        x: () => {
          const shape = x!.shape;
          const split: number[] = [];
          const axes: number[] = [];
          // Size-1 axes are left out so the sum runs over leading or trailing axes where it can
          // (a LayerNormalization's mean: [64, 100, 1] tiled by [1, 1, 128] sums the last axis).
          shape.forEach((s, i) => {
            const r = reps[i] ?? 1;
            if (r > 1) {
              axes.push(split.length);
              split.push(r);
            }
            if (s !== 1) split.push(s);
          });
          const grad = (dy as tf.Tensor).reshape(split);
          return (axes.length ? grad.sum(axes) : grad).reshape(shape);
        },
      };
    },
  };
}
