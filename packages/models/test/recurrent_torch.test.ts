import { beforeAll, describe, expect, it } from 'vitest';
import { bidirectional, gru, initBackend, lstm, simpleRnn, tf } from '../src/index.js';
import { torchFixture } from './support/torch_fixture.js';

// Forward outputs against PyTorch (fixtures from scripts/gen_torch_recurrent.py, weights converted
// to Keras layout there), masked and unmasked, and bidirectional merges. Tolerance 1e-5.
interface Fixture {
  kind: 'lstm' | 'gru' | 'simple_rnn';
  batch: number;
  time: number;
  inputDim: number;
  units: number;
  lengths: number[];
  x: number[];
  kernel: number[];
  recurrentKernel: number[];
  bias: number[];
  biasShape: number[];
  unmaskedSequence: number[];
  maskedSequence: number[];
  maskedLast: number[];
  biConcatLast: number[];
  biSumSequence: number[];
}

const load = (kind: string) => torchFixture<Fixture>(`torch-recurrent/${kind}.json`);

const TOL = 1e-5;
const factory = { lstm, gru, simple_rnn: simpleRnn };
const GATES = { lstm: 4, gru: 3, simple_rnn: 1 };

function maxDiff(a: tf.Tensor, b: number[]): number {
  const v = a.dataSync();
  expect(v.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs((v[i] as number) - (b[i] as number)));
  return m;
}

function weightsOf(f: Fixture): tf.Tensor[] {
  const g = GATES[f.kind] * f.units;
  return [
    tf.tensor2d(f.kernel, [f.inputDim, g]),
    tf.tensor2d(f.recurrentKernel, [f.units, g]),
    tf.tensor(f.bias, f.biasShape),
  ];
}

function inputs(f: Fixture) {
  const x = tf.tensor3d(f.x, [f.batch, f.time, f.inputDim]);
  const mask = tf.tensor2d(
    f.lengths.flatMap((L) => Array.from({ length: f.time }, (_, t) => (t < L ? 1 : 0))),
    [f.batch, f.time],
    'bool',
  );
  return { x, mask };
}

describe.each(['lstm', 'gru', 'simple_rnn'] as const)('%s matches PyTorch', (kind) => {
  const f = load(kind);
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it(`unmasked sequence within ${TOL}`, () => {
    const layer = factory[kind]({ units: f.units, returnSequences: true });
    const { x, mask } = inputs(f);
    layer.apply(x);
    layer.setWeights(weightsOf(f));
    const y = layer.apply(x) as tf.Tensor;
    expect(maxDiff(y, f.unmaskedSequence)).toBeLessThan(TOL);
    tf.dispose([x, mask, y]);
  });

  it(`masked sequence and last state within ${TOL} (Keras masking: masked steps keep the state)`, () => {
    const { x, mask } = inputs(f);
    const seqLayer = factory[kind]({ units: f.units, returnSequences: true });
    const lastLayer = factory[kind]({ units: f.units });
    for (const l of [seqLayer, lastLayer]) {
      l.apply(x);
      l.setWeights(weightsOf(f));
    }
    const seq = seqLayer.apply(x, { mask }) as tf.Tensor;
    const last = lastLayer.apply(x, { mask }) as tf.Tensor;
    expect(maxDiff(seq, f.maskedSequence)).toBeLessThan(TOL);
    expect(maxDiff(last, f.maskedLast)).toBeLessThan(TOL);
    tf.dispose([x, mask, seq, last]);
  });

  it(`bidirectional concat (last) and sum (sequence) within ${TOL}`, () => {
    const { x, mask } = inputs(f);
    const cat = bidirectional(factory[kind]({ units: f.units }));
    const sum = bidirectional(factory[kind]({ units: f.units, returnSequences: true }), { mergeMode: 'sum' });
    for (const l of [cat, sum]) {
      l.apply(x);
      l.setWeights([...weightsOf(f), ...weightsOf(f)]);
    }
    expect(cat.name).toBe(`bi_${kind}`);
    const a = cat.apply(x, { mask }) as tf.Tensor;
    const b = sum.apply(x, { mask }) as tf.Tensor;
    expect(a.shape).toEqual([f.batch, 2 * f.units]);
    expect(maxDiff(a, f.biConcatLast)).toBeLessThan(TOL);
    expect(maxDiff(b, f.biSumSequence)).toBeLessThan(TOL);
    tf.dispose([x, mask, a, b]);
  });
});

describe('GRU original form (resetAfter: false)', () => {
  it('matches a hand-written step-by-step reference within 1e-5', () => {
    const [B, T, D, U] = [2, 4, 3, 5];
    const rnd = (n: number, seed: number) => {
      let s = seed;
      return Array.from({ length: n }, () => {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        return s / 2 ** 32 - 0.5;
      });
    };
    const xs = rnd(B * T * D, 1);
    const k = rnd(D * 3 * U, 2);
    const r = rnd(U * 3 * U, 3);
    const b = rnd(3 * U, 4);
    const layer = gru({ units: U, resetAfter: false });
    const x = tf.tensor3d(xs, [B, T, D]);
    layer.apply(x);
    expect(layer.getWeights().map((w) => w.shape)).toEqual([[D, 3 * U], [U, 3 * U], [3 * U]]);
    layer.setWeights([tf.tensor2d(k, [D, 3 * U]), tf.tensor2d(r, [U, 3 * U]), tf.tensor1d(b)]);
    const y = (layer.apply(x) as tf.Tensor).dataSync();
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    for (let n = 0; n < B; n++) {
      let h = new Array<number>(U).fill(0);
      for (let t = 0; t < T; t++) {
        const xt = xs.slice((n * T + t) * D, (n * T + t + 1) * D);
        const proj = (w: number[], v: number[], _rows: number, col: number) =>
          v.reduce((acc, vi, i) => acc + vi * (w[i * 3 * U + col] as number), 0);
        const z = h.map((_, j) => sig(proj(k, xt, D, j) + proj(r, h, U, j) + (b[j] as number)));
        const rg = h.map((_, j) => sig(proj(k, xt, D, U + j) + proj(r, h, U, U + j) + (b[U + j] as number)));
        const rh = h.map((hj, j) => hj * (rg[j] as number));
        const hh = h.map((_, j) =>
          Math.tanh(proj(k, xt, D, 2 * U + j) + proj(r, rh, U, 2 * U + j) + (b[2 * U + j] as number)),
        );
        h = h.map((hj, j) => (z[j] as number) * hj + (1 - (z[j] as number)) * (hh[j] as number));
      }
      for (let j = 0; j < U; j++)
        expect(Math.abs((y[n * U + j] as number) - (h[j] as number))).toBeLessThan(1e-5);
    }
  });
});
