import { ConfigError, ShapeError } from '@kornlp/core';
import { tf } from '../backend/tf.js';

/** Options for {@link orthogonal}. */
export interface OrthogonalArgs {
  /**
   * Multiplies the orthogonal matrix.
   * @default 1
   */
  gain?: number;
  /**
   * Seed of the normal draws: the same seed gives the same matrix for the same shape. Without one,
   * each call draws its seed from `Math.random` (so a seeded `Math.random` still makes builds repeat).
   * @default undefined
   */
  seed?: number;
}

type Initializer = ReturnType<typeof tf.initializers.zeros>;

// tfjs layers take an initializer object only if it is an instance of tfjs's Initializer class,
// which tfjs does not export; it is the parent class of every initializer tfjs makes.
const InitializerBase = Object.getPrototypeOf(
  tf.initializers.zeros().constructor,
) as (abstract new () => Initializer) & Pick<typeof tf.serialization.Serializable, 'fromConfig'>;

// splitmix32: a small, well-mixed 32-bit generator; two outputs make one 53-bit double.
function uniforms(seed: number): () => number {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  return () => ((next() >>> 5) * 67108864 + (next() >>> 6) + 0.5) / 9007199254740992; // in (0, 1)
}

function normals(count: number, seed: number): Float64Array {
  const u = uniforms(seed);
  const out = new Float64Array(count);
  // Box–Muller, both outputs used.
  for (let i = 0; i < count; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u()));
    const t = 2 * Math.PI * u();
    out[i] = r * Math.cos(t);
    if (i + 1 < count) out[i + 1] = r * Math.sin(t);
  }
  return out;
}

/**
 * The Q of a thin QR factorisation of `a` (`m × n`, m ≥ n, column-major) whose R has a positive
 * diagonal, as Keras and PyTorch make it (they multiply Householder's Q by the signs of R's
 * diagonal): that Q is unique and, for a normal `a`, uniformly distributed over the orthogonal
 * matrices. Modified Gram–Schmidt in Float64, whose R diagonal (the norms) is positive by
 * construction, with a second pass for any column that lost more than half its norm to the
 * projections ("twice is enough", Kahan–Parlett), so Q stays orthogonal to rounding even for
 * ill-conditioned `a`. Works in place: returns `a`, overwritten by Q (column-major). @internal
 */
export function signedThinQ(a: Float64Array, m: number, n: number): Float64Array {
  if (m < n) throw new ShapeError('orthogonal', `signedThinQ needs rows >= columns, got ${m} × ${n}`);
  for (let j = 0; j < n; j++) {
    const cj = j * m;
    let before = norm(a, cj, m);
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        const qi = a.subarray(i * m, i * m + m);
        const aj = a.subarray(cj, cj + m);
        // Four partial sums: independent chains the CPU can overlap.
        let d0 = 0;
        let d1 = 0;
        let d2 = 0;
        let d3 = 0;
        let k = 0;
        for (; k + 3 < m; k += 4) {
          d0 += qi[k]! * aj[k]!;
          d1 += qi[k + 1]! * aj[k + 1]!;
          d2 += qi[k + 2]! * aj[k + 2]!;
          d3 += qi[k + 3]! * aj[k + 3]!;
        }
        for (; k < m; k++) d0 += qi[k]! * aj[k]!;
        const dot = d0 + d1 + d2 + d3;
        for (k = 0; k < m; k++) aj[k]! -= dot * qi[k]!;
      }
      const after = norm(a, cj, m);
      if (after > 0.5 * before) break;
      before = after;
    }
    const len = norm(a, cj, m);
    if (!(len > 0))
      throw new ShapeError(
        'orthogonal',
        `column ${j} of the ${m} × ${n} matrix is dependent on the ones before it`,
      );
    const scale = 1 / len;
    for (let k = 0; k < m; k++) a[cj + k]! *= scale;
  }
  return a;
}

function norm(a: Float64Array, from: number, length: number): number {
  let s = 0;
  for (let k = from; k < from + length; k++) s += a[k]! * a[k]!;
  return Math.sqrt(s);
}

/**
 * A `rows × cols` matrix (row-major) with orthonormal rows (rows ≤ cols) or columns (rows ≥ cols),
 * times `gain`: Keras's orthogonal initialisation of a normal matrix. @internal
 */
export function orthogonalMatrix(rows: number, cols: number, gain: number, seed: number): Float32Array {
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  const q = signedThinQ(normals(m * n, seed), m, n);
  const out = new Float32Array(rows * cols);
  // q is m × n column-major. rows ≥ cols: the result is q itself (row-major: out[i][j] = q[j*m+i]);
  // rows < cols: it is qᵀ, whose row-major layout is q's column-major one.
  if (rows >= cols) {
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = gain * q[j * m + i]!;
  } else for (let i = 0; i < q.length; i++) out[i] = gain * q[i]!;
  return out;
}

/**
 * Keras's orthogonal initializer (the sign-corrected Q of a QR factorisation of a normal matrix),
 * computed in Float64 in plain JavaScript: orthogonal to float32 precision, silent (tfjs's own
 * prints "Slowness may result" for every matrix above 2,000 elements), and several times faster
 * than tfjs's — an LSTM(128) recurrent kernel `[128, 512]` took 21 ms against tfjs's 153 ms in one
 * run on a busy machine. The values are not Keras's (another random generator); their distribution
 * is. Shapes of rank > 2 are flattened to `[prod(shape[:-1]), shape[-1]]` as Keras does. tfjs
 * layers accept it as any initializer, and a saved topology names it `KornlpOrthogonal`.
 *
 * @example
 * ```ts
 * import { Orthogonal, tf } from '@kornlp/models';
 * const w = new Orthogonal({ seed: 1 }).apply([128, 512]); // an LSTM(128) recurrent kernel
 * const error = tf.matMul(w, w, false, true).sub(tf.eye(128)).abs().max();
 * console.log(error.dataSync()[0]! < 1e-6); // true: w·wᵀ = I
 * ```
 */
export class Orthogonal extends InitializerBase {
  /** @internal */
  static className = 'KornlpOrthogonal';
  /** Multiplies the orthogonal matrix. */
  readonly gain: number;
  /** Seed of the normal draws, if fixed. */
  readonly seed: number | undefined;

  constructor(args: OrthogonalArgs = {}) {
    super();
    const { gain = 1, seed } = args;
    if (!Number.isFinite(gain))
      throw new ConfigError('Orthogonal', `gain must be a finite number, got ${gain}`);
    if (seed !== undefined && !Number.isFinite(seed))
      throw new ConfigError('Orthogonal', `seed must be a finite number, got ${seed}`);
    this.gain = gain;
    this.seed = seed;
  }

  /**
   * A new orthogonal tensor.
   *
   * @param shape - at least 2-D; `[in, out]` for a kernel
   * @param dtype - only `float32`
   * @returns the tensor
   */
  override apply(shape: number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    if (shape.length < 2)
      throw new ShapeError('Orthogonal', `needs a shape of rank 2 or more, got [${shape.join(', ')}]`);
    if (dtype !== 'float32')
      throw new ConfigError('Orthogonal', `makes float32 weights only, got dtype ${JSON.stringify(dtype)}`);
    const cols = shape[shape.length - 1]!;
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const seed = this.seed ?? Math.floor(Math.random() * 2 ** 32);
    return tf.tensor(orthogonalMatrix(rows, cols, this.gain, seed), shape, 'float32');
  }

  /** The config `fromConfig` rebuilds this initializer from. */
  override getConfig(): tf.serialization.ConfigDict {
    return this.seed === undefined ? { gain: this.gain } : { gain: this.gain, seed: this.seed };
  }
}
tf.serialization.registerClass(Orthogonal);

/**
 * Keras's orthogonal initializer without tfjs's slowness or its console warning; see {@link Orthogonal}.
 *
 * @param args - `gain` (default 1) and `seed` (default: drawn from `Math.random` on each call)
 * @returns the initializer, for `addWeight` or a layer's `kernelInitializer`
 * @example
 * ```ts
 * import { orthogonal } from '@kornlp/models';
 * console.log(orthogonal({ gain: 2, seed: 7 }).apply([2, 4]).shape); // [ 2, 4 ]
 * ```
 */
export function orthogonal(args: OrthogonalArgs = {}): Orthogonal {
  return new Orthogonal(args);
}
