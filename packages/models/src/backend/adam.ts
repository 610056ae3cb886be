import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { nativeModule } from './native.js';
import { tf } from './tf.js';

// tfjs's AdamOptimizer.applyGradients issues ~12 kernels per variable, each a full pass over the
// variable (the embedding table is the biggest). With the native accelerator on wasm, one kernel
// (native/adam.cc) does the whole step per variable, with the same float32 operations in the
// same order, so the numbers equal tfjs's. Every other case runs tfjs's own method.

const KERNEL = 'KornlpAdam';

interface AdamNative {
  adamUpdate(
    value: Float32Array,
    m: Float32Array,
    v: Float32Array,
    g: Float32Array,
    outValue: Float32Array,
    outM: Float32Array,
    outV: Float32Array,
    p: Float32Array,
  ): void;
}

function adamNative(): AdamNative | undefined {
  const native = nativeModule() as Partial<AdamNative> | undefined;
  return native?.adamUpdate ? (native as AdamNative) : undefined;
}

const adamKernel: tf.KernelConfig = {
  kernelName: KERNEL,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { value, m, v, g } = inputs as Record<'value' | 'm' | 'v' | 'g', tf.TensorInfo>;
    const wasm = backend as BackendWasm;
    const outs = [0, 1, 2].map(() => wasm.makeOutput(value.shape, 'float32'));
    // Views only after every allocation: growing the heap detaches older views.
    const view = (t: tf.TensorInfo) => wasm.typedArrayFromHeap(t) as Float32Array;
    (adamNative() as AdamNative).adamUpdate(
      view(value),
      view(m),
      view(v),
      view(g),
      ...(outs.map(view) as [Float32Array, Float32Array, Float32Array]),
      (attrs as unknown as { p: Float32Array }).p,
    );
    return outs;
  },
};

/** The AdamOptimizer fields applyGradients uses (public in tfjs's JavaScript, not in its types). */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
  incrementIterations(): void;
}

type Gradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];
type NamedTensors = Extract<Gradients, unknown[]>;

let installed = false;

/**
 * Makes every `tf.train.adam` optimizer take one native pass per variable on wasm when the
 * accelerator is on (tfjs's own step otherwise). Safe to call more than once.
 */
export function installFusedAdam(): void {
  if (installed) return;
  installed = true;
  tf.registerKernel(adamKernel);
  const proto = tf.AdamOptimizer.prototype;
  const original = proto.applyGradients;
  proto.applyGradients = function (this: tf.AdamOptimizer, gradients: Gradients): void {
    const named = Array.isArray(gradients) ? (gradients as NamedTensors) : undefined;
    const names = named ? named.map((g) => g.name) : Object.keys(gradients);
    const grad = (i: number, name: string) =>
      named ? named[i]?.tensor : (gradients as Record<string, tf.Tensor | undefined>)[name];
    const vars = tf.engine().registeredVariables;
    if (
      tf.getBackend() !== 'wasm' ||
      !adamNative() ||
      names.some(
        (name, i) => vars[name]?.dtype !== 'float32' || (grad(i, name)?.dtype ?? 'float32') !== 'float32',
      )
    ) {
      original.call(this, gradients);
      return;
    }
    const self = this as unknown as AdamState;
    tf.tidy(() => {
      const acc1 = self.accBeta1.dataSync()[0] as number;
      const acc2 = self.accBeta2.dataSync()[0] as number;
      // Float32 like tfjs's scalars; 1 - acc is exact in double, so rounding it equals tfjs's sub.
      const p = Float32Array.of(
        self.beta1,
        1 - self.beta1,
        self.beta2,
        1 - self.beta2,
        1 - acc1,
        1 - acc2,
        self.epsilon,
        -self.learningRate,
      );
      names.forEach((name, i) => {
        const value = vars[name] as tf.Variable;
        self.accumulatedFirstMoment[i] ??= {
          originalName: `${name}/m`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        self.accumulatedSecondMoment[i] ??= {
          originalName: `${name}/v`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        const g = grad(i, name);
        if (!g) return;
        const m = self.accumulatedFirstMoment[i].variable;
        const v = self.accumulatedSecondMoment[i].variable;
        const [nextValue, nextM, nextV] = tf
          .engine()
          .runKernel(KERNEL, { value, m, v, g }, { p } as never) as tf.Tensor[];
        m.assign(nextM as tf.Tensor);
        v.assign(nextV as tf.Tensor);
        value.assign(nextValue as tf.Tensor);
      });
      self.accBeta1.assign(tf.mul(self.accBeta1, self.beta1));
      self.accBeta2.assign(tf.mul(self.accBeta2, self.beta2));
    });
    self.incrementIterations();
  };
}
