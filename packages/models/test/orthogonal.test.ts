import { ConfigError, ShapeError } from '@kornlp/core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend, Orthogonal, orthogonal, tf } from '../src/index.js';
import { initializerByName } from '../src/layers/initializer_by_name.js';
import { signedThinQ } from '../src/layers/orthogonal.js';

beforeAll(async () => {
  await initBackend();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The row-major values of `apply(shape)` as a rows × cols matrix (leading axes flattened). */
function matrix(init: Orthogonal, shape: number[]): { rows: number; cols: number; v: Float32Array } {
  const t = init.apply(shape);
  const v = t.dataSync() as Float32Array;
  t.dispose();
  const cols = shape[shape.length - 1]!;
  return { rows: v.length / cols, cols, v };
}

/** Largest |G − gain²·I| where G is the Gram matrix of the smaller side (rows if rows ≤ cols). */
function gramError(m: { rows: number; cols: number; v: Float32Array }, gain = 1): number {
  const { rows, cols, v } = m;
  const byRows = rows <= cols;
  const n = byRows ? rows : cols;
  const len = byRows ? cols : rows;
  const at = (vec: number, i: number) => (byRows ? v[vec * cols + i]! : v[i * cols + vec]!);
  let worst = 0;
  for (let a = 0; a < n; a++)
    for (let b = a; b < n; b++) {
      let dot = 0;
      for (let i = 0; i < len; i++) dot += at(a, i) * at(b, i);
      worst = Math.max(worst, Math.abs(dot - (a === b ? gain * gain : 0)));
    }
  return worst;
}

describe('orthogonal initializer', () => {
  it.each([
    ['square', [64, 64]],
    ['tall (orthonormal columns)', [300, 40]],
    ['wide, an LSTM recurrent kernel (orthonormal rows)', [128, 512]],
    ['rank 3, flattened to [32, 16] as Keras does', [4, 8, 16]],
    ['a single row', [1, 9]],
  ])('QᵀQ = I within 1e-5: %s %j', (_, shape) => {
    const m = matrix(orthogonal({ seed: 11 }), shape);
    expect(m.v.length).toBe(shape.reduce((a, b) => a * b, 1));
    expect(gramError(m)).toBeLessThan(1e-5);
  });

  it('gain scales the matrix: QᵀQ = gain²·I', () => {
    expect(gramError(matrix(orthogonal({ gain: 3, seed: 2 }), [20, 50]), 3)).toBeLessThan(1e-4);
  });

  it('is Q of a QR with a positive R diagonal: R = QᵀA is upper triangular, diag(R) > 0', () => {
    // A fixed, non-random 9 × 6 matrix; the columns are independent.
    const m = 9;
    const n = 6;
    const a = new Float64Array(m * n).map((_, k) => Math.sin(1.3 * k + 0.7) + (k % 7 === 0 ? 2 : 0));
    const q = signedThinQ(a.slice(), m, n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let r = 0;
        for (let k = 0; k < m; k++) r += q[i * m + k]! * a[j * m + k]!;
        if (i > j) expect(Math.abs(r)).toBeLessThan(1e-12);
        if (i === j) expect(r).toBeGreaterThan(1e-3);
      }
    // And QR reproduces A: A = Q·(QᵀA) because A's columns lie in Q's span.
    for (let j = 0; j < n; j++)
      for (let k = 0; k < m; k++) {
        let back = 0;
        for (let i = 0; i < n; i++) {
          let r = 0;
          for (let l = 0; l < m; l++) r += q[i * m + l]! * a[j * m + l]!;
          back += q[i * m + k]! * r;
        }
        expect(back).toBeCloseTo(a[j * m + k]!, 12);
      }
  });

  it('is deterministic under a seed, different across seeds, and takes unseeded draws from Math.random', () => {
    const a = matrix(orthogonal({ seed: 5 }), [16, 48]).v;
    expect(matrix(orthogonal({ seed: 5 }), [16, 48]).v).toEqual(a);
    expect(matrix(orthogonal({ seed: 6 }), [16, 48]).v).not.toEqual(a);
    const init = orthogonal();
    const first = matrix(init, [8, 8]).v;
    expect(matrix(init, [8, 8]).v).not.toEqual(first);
    // tasks' seeded builds replace Math.random; the unseeded initializer must follow it.
    vi.spyOn(Math, 'random').mockReturnValue(0.25);
    const b = matrix(orthogonal(), [8, 8]).v;
    expect(matrix(orthogonal(), [8, 8]).v).toEqual(b);
  });

  it('has the distribution of a uniformly random orthogonal matrix (mean 0, variance gain²/max side)', () => {
    const gain = 2;
    const { v } = matrix(orthogonal({ gain, seed: 9 }), [128, 512]);
    let sum = 0;
    let sq = 0;
    for (const x of v) {
      sum += x;
      sq += x * x;
    }
    const mean = sum / v.length;
    const variance = sq / v.length - mean * mean;
    // 65,536 entries: the mean's standard error is ~0.0004.
    expect(Math.abs(mean)).toBeLessThan(0.003);
    expect(variance).toBeCloseTo((gain * gain) / 512, 4);
    // Without the sign correction Householder's Q[0][0] would always have one sign; with it the
    // sign is a fair coin (400 draws: 200 ± 10 expected, 5 standard deviations allowed).
    let positive = 0;
    for (let seed = 0; seed < 400; seed++) if (matrix(orthogonal({ seed }), [6, 6]).v[0]! > 0) positive++;
    expect(positive).toBeGreaterThan(150);
    expect(positive).toBeLessThan(250);
  });

  it('prints nothing and leaks nothing', () => {
    const warn = vi.spyOn(console, 'warn');
    const before = tf.memory().numTensors;
    const t = orthogonal().apply([128, 512]);
    expect(tf.memory().numTensors).toBe(before + 1);
    t.dispose();
    expect(warn).not.toHaveBeenCalled();
  });

  it('round-trips its config and is restored by class name from a saved topology', async () => {
    const init = orthogonal({ gain: 0.5, seed: 4 });
    expect(init.getConfig()).toEqual({ gain: 0.5, seed: 4 });
    const back = Orthogonal.fromConfig(Orthogonal, init.getConfig()) as Orthogonal;
    expect(matrix(back, [5, 7]).v).toEqual(matrix(init, [5, 7]).v);
    const model = tf.sequential({
      layers: [tf.layers.dense({ units: 6, inputShape: [6], kernelInitializer: init })],
    });
    const topology = model.toJSON(undefined, false) as { config: { layers: { config: object }[] } };
    expect(topology.config.layers[0]!.config).toMatchObject({
      kernel_initializer: { class_name: 'KornlpOrthogonal', config: { gain: 0.5, seed: 4 } },
    });
    const restored = await tf.models.modelFromJSON({ modelTopology: topology as never });
    const restoredInit = (restored.layers[0] as unknown as { kernelInitializer: unknown }).kernelInitializer;
    expect(restoredInit).toBeInstanceOf(Orthogonal);
    expect(restoredInit).toMatchObject({ gain: 0.5, seed: 4 });
    // Built from the same seed, the restored kernel is the original's.
    expect(restored.getWeights()[0]!.dataSync()).toEqual(model.getWeights()[0]!.dataSync());
    model.dispose();
    restored.dispose();
  });

  it('is what initializerByName gives for "orthogonal"', () => {
    expect(initializerByName('Test', 'orthogonal')).toBeInstanceOf(Orthogonal);
  });

  it('rejects a rank-1 shape, a non-float dtype and a bad gain or seed, naming the value', () => {
    expect(() => orthogonal().apply([5])).toThrow(ShapeError);
    expect(() => orthogonal().apply([5])).toThrow(/rank 2 or more, got \[5\]/);
    expect(() => orthogonal().apply([2, 2], 'int32')).toThrow(/float32 weights only, got dtype "int32"/);
    expect(() => orthogonal({ gain: Number.NaN })).toThrow(ConfigError);
    expect(() => orthogonal({ seed: Number.POSITIVE_INFINITY })).toThrow(
      /seed must be a finite number, got Infinity/,
    );
  });
});
