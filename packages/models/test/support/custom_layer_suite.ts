// Checks every custom layer gets: output shapes, no tensor leaks, config round-trips and
// gradients against central finite differences (float32, so a few sampled coordinates per tensor
// and a tolerance that float32 rounding cannot fail by chance).
import { describe, expect, it } from 'vitest';
import { tf } from '../../src/index.js';

type Kwargs = Record<string, unknown>;

/** Deterministic uniform values in [-scale, scale). */
export function rand(shape: number[], seed: number, scale = 1): tf.Tensor {
  let s = seed >>> 0;
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 2 * scale;
  }
  return tf.tensor(out, shape);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

export interface LayerCase {
  /** Test-name suffix. */
  name: string;
  /** A fresh, unbuilt layer. */
  make: () => tf.layers.Layer;
  /** Rebuilds the layer from a config (the class's `fromConfig`). */
  fromConfig: (config: tf.serialization.ConfigDict) => tf.layers.Layer;
  /** Float inputs (one tensor, or several for multi-input layers). Gradients are checked for each. */
  inputs: () => tf.Tensor[];
  /** Call kwargs such as `mask`. */
  kwargs?: () => Kwargs;
  /** Expected output shape(s). */
  outputShape: number[] | number[][];
  /** Skip input gradients (e.g. integer inputs). @default false */
  noInputGradients?: boolean;
}

function asList<T>(x: T | T[]): T[] {
  return Array.isArray(x) ? x : [x];
}

function lossOf(out: tf.Tensor | tf.Tensor[]): tf.Scalar {
  // A fixed random projection of every output, so no gradient is symmetric by accident.
  return tf.tidy(() =>
    tf.addN(asList(out).map((o, k) => tf.sum(tf.mul(o, rand(o.shape, 977 + k))))),
  ) as tf.Scalar;
}

function apply(layer: tf.layers.Layer, xs: tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
  return layer.apply(xs.length === 1 ? xs[0]! : xs, kwargs) as tf.Tensor | tf.Tensor[];
}

/** Central differences at a few sampled coordinates of `x`, compared with the analytic gradient. */
function checkCoordinates(
  name: string,
  x: tf.Tensor,
  analytic: Float32Array,
  evalLoss: (perturbed: tf.Tensor) => number,
  samples = 6,
): void {
  const base = x.dataSync().slice();
  const n = base.length;
  const eps = 1e-2;
  const central = (i: number, h: number): number => {
    const plus = base.slice();
    plus[i] = (plus[i] as number) + h;
    const minus = base.slice();
    minus[i] = (minus[i] as number) - h;
    const fp = tf.tidy(() => evalLoss(tf.tensor(plus, x.shape)));
    const fm = tf.tidy(() => evalLoss(tf.tensor(minus, x.shape)));
    return (fp - fm) / (2 * h);
  };
  for (let s = 0; s < Math.min(samples, n); s++) {
    const i = Math.floor((((s * 2654435761) % 2 ** 32) / 2 ** 32) * n) % n;
    // Richardson extrapolation of two central differences cancels their O(eps²) error, which is
    // several percent for sharply curved layers (e.g. a LayerNormalization over 4 features).
    const numeric = (4 * central(i, eps / 2) - central(i, eps)) / 3;
    const a = analytic[i] as number;
    const tol = 5e-3 + 2e-2 * Math.max(Math.abs(a), Math.abs(numeric));
    expect(Math.abs(a - numeric), `${name}[${i}]: analytic ${a}, numeric ${numeric}`).toBeLessThan(tol);
  }
}

/** Registers the standard checks for one layer configuration. */
export function describeCustomLayer(c: LayerCase): void {
  describe(`custom layer contract: ${c.name}`, () => {
    it('produces the documented output shapes, matching computeOutputShape', () => {
      const layer = c.make();
      const xs = c.inputs();
      const out = asList(apply(layer, xs, c.kwargs?.() ?? {}));
      const expected = Array.isArray(c.outputShape[0])
        ? (c.outputShape as number[][])
        : [c.outputShape as number[]];
      expect(out.map((o) => o.shape)).toEqual(expected);
      const declared = layer.computeOutputShape(xs.length === 1 ? xs[0]!.shape : xs.map((x) => x.shape));
      const declaredList = Array.isArray(declared[0]) ? (declared as number[][]) : [declared as number[]];
      expect(declaredList.map((s) => s.slice(1))).toEqual(expected.map((s) => s.slice(1)));
      tf.dispose([...xs, ...out]);
      layer.dispose();
    });

    it('leaks no tensors across calls', () => {
      const layer = c.make();
      const xs = c.inputs();
      const kwargs = c.kwargs?.() ?? {};
      tf.dispose(apply(layer, xs, kwargs)); // builds the weights
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) tf.dispose(apply(layer, xs, kwargs));
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose(xs);
      layer.dispose();
    });

    it('round-trips its config: the rebuilt layer with the same weights gives the same output', () => {
      const layer = c.make();
      const xs = c.inputs();
      const kwargs = c.kwargs?.() ?? {};
      const out = asList(apply(layer, xs, kwargs));
      const config = JSON.parse(JSON.stringify(layer.getConfig())) as tf.serialization.ConfigDict;
      const copy = c.fromConfig(config);
      expect(copy.getConfig()).toEqual(layer.getConfig());
      tf.dispose(apply(copy, xs, kwargs));
      copy.setWeights(layer.getWeights());
      const again = asList(apply(copy, xs, kwargs));
      for (let i = 0; i < out.length; i++)
        expect(maxAbsDiff(out[i]!.dataSync(), again[i]!.dataSync())).toBe(0);
      tf.dispose([...xs, ...out, ...again]);
      layer.dispose();
      copy.dispose();
    });

    it('has gradients matching central finite differences (weights and inputs)', () => {
      const layer = c.make();
      const xs = c.inputs();
      const kwargs = c.kwargs?.() ?? {};
      tf.dispose(apply(layer, xs, kwargs));
      const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
      expect(vars.length).toBe(layer.trainableWeights.length);
      // A weightless layer (e.g. a fixed positional table) has only input gradients to check.
      const { grads } = vars.length
        ? tf.variableGrads(() => lossOf(apply(layer, xs, kwargs)), vars)
        : { grads: {} as Record<string, tf.Tensor> };
      for (const [k, w] of layer.trainableWeights.entries()) {
        const g = grads[vars[k]!.name];
        expect(g, `gradient of ${w.name}`).toBeDefined();
        const original = w.read().clone();
        checkCoordinates(w.name, original, g!.dataSync() as Float32Array, (p) => {
          w.write(p);
          return lossOf(apply(layer, xs, kwargs)).dataSync()[0] as number;
        });
        w.write(original);
        original.dispose();
      }
      tf.dispose(Object.values(grads));
      if (!c.noInputGradients) {
        const inputGrads = tf.grads((...ins: tf.Tensor[]) => lossOf(apply(layer, ins, kwargs)))(xs);
        for (const [k, x] of xs.entries()) {
          checkCoordinates(`input ${k}`, x, inputGrads[k]!.dataSync() as Float32Array, (p) => {
            const ins = xs.slice();
            ins[k] = p;
            return lossOf(apply(layer, ins, kwargs)).dataSync()[0] as number;
          });
        }
        tf.dispose(inputGrads);
      }
      tf.dispose(xs);
      layer.dispose();
    });
  });
}
