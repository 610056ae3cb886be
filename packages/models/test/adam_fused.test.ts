import { describe, expect, it } from 'vitest';
import { nativeUnavailableReason, setNativeEnabled } from '../src/backend/native.js';
import { initBackend, tf } from '../src/index.js';

// With the native accelerator, tf.train.adam steps run as one native pass per variable
// (backend/adam.ts). They must give exactly tfjs's numbers: both paths run here from the same
// start and are compared bit for bit.
const available = nativeUnavailableReason() === undefined;
// tfjs types the map form as variables; any tensors work.
type Gradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];
const named = (m: Record<string, tf.Tensor>) => m as Gradients;

function rand(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

const SHAPES = [[300, 20], [20, 7], [7], [1]];

/** Five Adam steps (map and array forms, one variable without a gradient); final values and moments. */
async function steps(
  native: boolean,
): Promise<{ values: Float32Array[]; moments: Float32Array[]; leaked: number }> {
  setNativeEnabled(native);
  const vars = SHAPES.map((s, i) =>
    tf.variable(
      tf.tensor(
        rand(
          s.reduce((a, b) => a * b, 1),
          i + 1,
        ),
        s,
      ),
    ),
  );
  const opt = tf.train.adam(0.01, 0.8, 0.95, 1e-6);
  const before = tf.memory().numTensors;
  for (let k = 0; k < 5; k++) {
    const grads = SHAPES.map((s, i) =>
      tf.tensor(
        rand(
          s.reduce((a, b) => a * b, 1),
          100 * k + i,
        ),
        s,
      ),
    );
    // The last variable gets no gradient on odd steps: it keeps its value and moments.
    if (k % 2 === 0) opt.applyGradients(named(Object.fromEntries(vars.map((v, i) => [v.name, grads[i]!]))));
    else opt.applyGradients(vars.slice(0, -1).map((v, i) => ({ name: v.name, tensor: grads[i]! })));
    tf.dispose(grads);
  }
  // The optimizer's own moment variables (4 m, 4 v) and its two accBeta scalars existed after step 1.
  const leaked = tf.memory().numTensors - before - 2 * SHAPES.length;
  const weights = await opt.getWeights();
  const moments = weights.slice(1).map((w) => w.tensor.dataSync().slice() as Float32Array);
  const values = vars.map((v) => v.dataSync().slice() as Float32Array);
  opt.dispose();
  tf.dispose(vars);
  setNativeEnabled(true);
  return { values, moments, leaked };
}

describe('tf.train.adam with the native accelerator', () => {
  it.skipIf(!available)(
    'gives tfjs’s exact values and moments, map and array gradients, a missing gradient, no leaks (needs the accelerator built)',
    async () => {
      await initBackend({ prefer: 'wasm' });
      const reference = await steps(false);
      const fused = await steps(true);
      expect(fused.leaked).toBe(0);
      expect(reference.leaked).toBe(0);
      expect(fused.moments.length).toBe(2 * SHAPES.length);
      for (let i = 0; i < SHAPES.length; i++) expect(fused.values[i]).toEqual(reference.values[i]);
      for (let i = 0; i < fused.moments.length; i++) expect(fused.moments[i]).toEqual(reference.moments[i]);
      // The native path really ran: one kernel per variable instead of tfjs's dozen.
      const v = tf.variable(tf.zeros([4, 3]));
      const opt = tf.train.adam();
      const g = tf.ones([4, 3]);
      const profile = await tf.profile(() => opt.applyGradients(named({ [v.name]: g })));
      expect(profile.kernelNames).toContain('KornlpAdam');
      expect(profile.kernelNames).not.toContain('Sqrt');
      tf.dispose([v, g]);
      opt.dispose();
      // The values really moved (the comparison is not between two untouched copies).
      expect(fused.values[0]![0]).not.toBe(rand(6000, 1)[0]);
    },
  );

  it('falls back to tfjs’s step on other backends', async () => {
    await initBackend({ prefer: 'cpu' });
    const v = tf.variable(tf.tensor1d([1, 2]));
    const opt = tf.train.adam(0.1);
    opt.applyGradients(named({ [v.name]: tf.tensor1d([0.5, -0.5]) }));
    // First Adam step moves each value by about the learning rate against the gradient's sign.
    const got = Array.from(v.dataSync());
    expect(got[0]).toBeCloseTo(0.9, 5);
    expect(got[1]).toBeCloseTo(2.1, 5);
    opt.dispose();
    v.dispose();
    await initBackend({ prefer: 'wasm' });
  });
});
