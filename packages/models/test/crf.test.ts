import { beforeAll, describe, expect, it } from 'vitest';
import { CRF, type CRFArgs, crf, crfLoss, initBackend, tf } from '../src/index.js';
import { crfLogLikelihoodAutodiff } from './support/crf_autodiff.js';
import { maxAbsDiff, rand } from './support/custom_layer_suite.js';
import { torchFixture } from './support/torch_fixture.js';

interface CrfCase {
  name: string;
  numTags: number;
  emissions: number[][][];
  tags: number[][];
  mask: number[][];
  transitions: number[][];
  startTransitions: number[];
  endTransitions: number[];
  logLikelihood: number[];
  viterbi: number[][];
  viterbiScore: number[];
}

const fixture = torchFixture<{ cases: CrfCase[] }>('torch-attention/crf.json');

/** A built CRF with the given weights (transitions, start, end), or with `init(shape, i)` for weight i. */
function builtCrf(args: CRFArgs, weights: tf.Tensor[] | ((shape: number[], i: number) => tf.Tensor)): CRF {
  const layer = crf(args);
  tf.dispose(layer.apply(tf.zeros([1, 1, args.numTags])) as tf.Tensor);
  layer.setWeights(Array.isArray(weights) ? weights : layer.getWeights().map((w, i) => weights(w.shape, i)));
  return layer;
}

function layerWith(c: CrfCase): CRF {
  const weights = [c.transitions, c.startTransitions, c.endTransitions].map((w) => tf.tensor(w));
  return builtCrf({ numTags: c.numTags }, weights);
}

// Independent of both the layer and the fixture: every path of the unmasked positions, scored.
function bruteForce(em: number[][], trans: number[][], start: number[], end: number[]) {
  const n = trans.length;
  const t = em.length;
  let best = { tags: [] as number[], score: t === 0 ? 0 : Number.NEGATIVE_INFINITY };
  const scores: number[] = [];
  for (let code = 0; code < n ** t; code++) {
    const tags = Array.from({ length: t }, (_, i) => Math.floor(code / n ** (t - 1 - i)) % n);
    let s = start[tags[0]!]! + end[tags[t - 1]!]!;
    for (let i = 0; i < t; i++) s += em[i]![tags[i]!]! + (i > 0 ? trans[tags[i - 1]!]![tags[i]!]! : 0);
    scores.push(s);
    if (s > best.score) best = { tags, score: s };
  }
  return best;
}

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

describe('CRF against PyTorch forward algorithm and brute force (scripts/gen_torch_attention.py)', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: log-likelihood within 1e-5 (relative), Viterbi = brute force`, () => {
      const layer = layerWith(c);
      const em = tf.tensor(c.emissions);
      const tags = tf.tensor(c.tags, undefined, 'int32');
      const mask = tf.tensor(c.mask);
      const before = tf.memory().numTensors;
      const ll = layer.logLikelihood(em, tags, mask);
      const got = ll.dataSync();
      for (let i = 0; i < got.length; i++) {
        const want = c.logLikelihood[i]!;
        expect(Math.abs(got[i]! - want) / Math.max(1, Math.abs(want)), `row ${i}`).toBeLessThan(1e-5);
      }
      ll.dispose();
      expect(tf.memory().numTensors).toBe(before);
      const decoded = layer.decodeWithScores(em, mask);
      expect(tf.memory().numTensors).toBe(before);
      expect(decoded.map((d) => d.tags)).toEqual(c.viterbi);
      for (let i = 0; i < decoded.length; i++) {
        expect(decoded[i]!.score).toBeCloseTo(c.viterbiScore[i]!, 4);
        // And the TS brute force over the same unmasked positions.
        const kept = c.emissions[i]!.filter((_, j) => c.mask[i]![j] === 1);
        const bf = bruteForce(kept, c.transitions, c.startTransitions, c.endTransitions);
        expect(decoded[i]!.tags).toEqual(bf.tags);
      }
      tf.dispose([em, tags, mask]);
      layer.dispose();
    });
  }
});

describe('CRF', () => {
  it('passes emissions and mask through unchanged', () => {
    const layer = crf({ numTags: 3 });
    const x = rand([2, 4, 3], 3);
    const m = tf.tensor2d([
      [1, 1, 0, 0],
      [1, 1, 1, 1],
    ]);
    const y = layer.apply(x, { mask: m }) as tf.Tensor;
    expect(maxAbsDiff(x.dataSync(), y.dataSync())).toBe(0);
    expect(layer.computeMask(x, m)).toBe(m);
    expect(layer.countParams()).toBe(3 * 3 + 3 + 3);
    expect(crf({ numTags: 3, boundaryTransitions: false }).apply(x) && true).toBe(true);
    tf.dispose([x, m, y]);
  });

  it('crfLoss accepts one-hot targets (zero rows = padding) and tag ids (negative = padding) alike', () => {
    const c = fixture.cases[1]!;
    const layer = layerWith(c);
    const em = tf.tensor(c.emissions);
    const ids = c.tags.map((row, i) => row.map((t, j) => (c.mask[i]![j] ? t : -1)));
    const loss = crfLoss(layer);
    const fromIds = loss(tf.tensor(ids), em);
    const oneHot = tf.tidy(() => tf.oneHot(tf.tensor(ids, undefined, 'int32'), c.numTags).toFloat());
    const fromOneHot = loss(oneHot, em);
    expect(
      maxAbsDiff(
        fromIds.dataSync(),
        c.logLikelihood.map((v) => -v),
      ),
    ).toBeLessThan(1e-4);
    expect(maxAbsDiff(fromIds.dataSync(), fromOneHot.dataSync())).toBeLessThan(1e-6);
    expect(() => loss(tf.ones([3, 5, 2]), em)).toThrow(
      /targets must be one-hot \[3, 5, 3\] or tag ids \[3, 5\]/,
    );
    tf.dispose([em, fromIds, oneHot, fromOneHot]);
  });

  it('log-likelihood gradients match central finite differences (emissions and all transitions)', () => {
    const c = fixture.cases[2]!;
    const layer = layerWith(c);
    const em = tf.tensor(c.emissions);
    const tags = tf.tensor(c.tags, undefined, 'int32');
    const mask = tf.tensor(c.mask);
    const f = () => layer.logLikelihood(em, tags, mask).sum() as tf.Scalar;
    const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(f, vars);
    const gEm = tf.grad((e: tf.Tensor) => layer.logLikelihood(e, tags, mask).sum())(em);
    const eps = 1e-2;
    const check = (analytic: Float32Array, base: Float32Array, evalAt: (v: Float32Array) => number) => {
      for (let i = 0; i < base.length; i++) {
        const p = base.slice();
        p[i]! += eps;
        const m = base.slice();
        m[i]! -= eps;
        const numeric = (evalAt(p) - evalAt(m)) / (2 * eps);
        expect(Math.abs(analytic[i]! - numeric)).toBeLessThan(2e-3 + 1e-2 * Math.abs(numeric));
      }
    };
    check(gEm.dataSync() as Float32Array, em.dataSync() as Float32Array, (v) =>
      tf.tidy(() => layer.logLikelihood(tf.tensor(v, em.shape), tags, mask).sum().dataSync()[0]!),
    );
    for (const [k, w] of layer.trainableWeights.entries()) {
      const original = w.read().clone();
      check(grads[vars[k]!.name]!.dataSync() as Float32Array, original.dataSync() as Float32Array, (v) =>
        tf.tidy(() => {
          w.write(tf.tensor(v, original.shape));
          return f().dataSync()[0]!;
        }),
      );
      w.write(original);
      original.dispose();
    }
    // A fully masked row contributes nothing, so its emissions get no gradient.
    expect(maxAbsDiff(gEm.slice([2, 0, 0], [1, 4, 4]).dataSync(), new Float32Array(16))).toBe(0);
    tf.dispose([em, tags, mask, gEm, ...Object.values(grads)]);
  });

  for (const boundaryTransitions of [true, false]) {
    it(`forward-backward gradients = tfjs autodiff of the per-step forward algorithm within 1e-5 (random, masks with padding and holes, boundary ${boundaryTransitions})`, () => {
      const [b, t, n] = [6, 13, 7];
      const layer = builtCrf({ numTags: n, boundaryTransitions }, (shape, i) => rand(shape, 100 + i, 1.5));
      const em = rand([b, t, n], 7, 3);
      const tagRows = Array.from({ length: b }, (_, r) =>
        Array.from({ length: t }, (_, j) => (r * 5 + j * 3) % n),
      );
      const tags = tf.tensor2d(tagRows, undefined, 'int32');
      // Right padding, left padding, holes, a fully masked row, a one-token row, no padding.
      const maskRows = [
        Array.from({ length: t }, (_, j) => (j < 9 ? 1 : 0)),
        Array.from({ length: t }, (_, j) => (j >= 4 ? 1 : 0)),
        Array.from({ length: t }, (_, j) => (j % 3 === 1 ? 0 : 1)),
        new Array<number>(t).fill(0),
        Array.from({ length: t }, (_, j) => (j === 6 ? 1 : 0)),
        new Array<number>(t).fill(1),
      ];
      const mask = tf.tensor2d(maskRows);
      const gold = tf.tidy(() => tf.oneHot(tags, n).toFloat());
      // Unequal row weights, so each row's gradient is checked with its own upstream factor.
      const rowWeights = tf.tensor1d([1, -0.5, 2, 1, 0.25, 3]);
      const vars = [layer.transitions!, layer.startTransitions, layer.endTransitions];
      const weights = vars.map((v) => (v ? v.read() : tf.zeros([n])));
      const before = tf.memory().numTensors;
      const { grads: fastVarGrads, value: fastValue } = tf.variableGrads(
        () => tf.sum(tf.mul(layer.logLikelihood(em, tags, mask), rowWeights)) as tf.Scalar,
        vars.filter((v) => v !== null).map((v) => v.read() as tf.Variable),
      );
      const fastEm = tf.grad(
        (e: tf.Tensor) => tf.sum(tf.mul(layer.logLikelihood(e, tags, mask), rowWeights)) as tf.Scalar,
      )(em);
      const reference = tf.grads(
        (e: tf.Tensor, tr: tf.Tensor, st: tf.Tensor, en: tf.Tensor) =>
          tf.sum(tf.mul(crfLogLikelihoodAutodiff(e, gold, mask, tr, st, en), rowWeights)) as tf.Scalar,
      );
      const refValue = tf.tidy(() =>
        tf.sum(
          tf.mul(
            crfLogLikelihoodAutodiff(em, gold, mask, ...(weights as [tf.Tensor, tf.Tensor, tf.Tensor])),
            rowWeights,
          ),
        ),
      );
      const refGrads = reference([em, ...weights]);
      expect(Math.abs(fastValue.dataSync()[0]! - refValue.dataSync()[0]!)).toBeLessThan(
        1e-5 * Math.abs(refValue.dataSync()[0]!),
      );
      expect(maxAbsDiff(fastEm.dataSync(), refGrads[0]!.dataSync())).toBeLessThan(1e-5);
      vars.forEach((v, i) => {
        if (v)
          expect(
            maxAbsDiff(fastVarGrads[(v.read() as tf.Variable).name]!.dataSync(), refGrads[i + 1]!.dataSync()),
            v.name,
          ).toBeLessThan(1e-5);
      });
      // The fully masked row's emissions get exactly zero gradient.
      const maskedRow = tf.tidy(() => fastEm.slice([3, 0, 0], [1, t, n]).dataSync());
      expect(maxAbsDiff(maskedRow, new Float32Array(t * n))).toBe(0);
      tf.dispose([fastEm, fastValue, refValue, ...refGrads, ...Object.values(fastVarGrads)]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([em, tags, mask, gold, rowWeights]);
      if (!boundaryTransitions) tf.dispose(weights.slice(1));
      layer.dispose();
    });
  }

  it('crfLoss with soft (non-one-hot) targets matches the autodiff reference, value and gradients', () => {
    const [b, t, n] = [3, 8, 5];
    const layer = builtCrf({ numTags: n }, (shape, i) => rand(shape, 200 + i));
    const em = rand([b, t, n], 11, 2);
    // Label-smoothed targets: 0.8 on the tag, 0.05 elsewhere; the last 3 steps of row 1 are padding.
    const soft = tf.tidy(() => {
      const ids = tf.tensor2d(
        Array.from({ length: b }, (_, r) => Array.from({ length: t }, (_, j) => (r + 2 * j) % n)),
        undefined,
        'int32',
      );
      const pad = tf.tensor3d(
        Array.from({ length: b }, (_, r) => Array.from({ length: t }, (_, j) => [r === 1 && j >= 5 ? 0 : 1])),
      );
      return tf.mul(tf.add(tf.mul(tf.oneHot(ids, n).toFloat(), 0.75), 0.05), pad);
    });
    const mask = tf.tidy(() => tf.minimum(tf.sum(soft, 2), 1));
    const weights = layer.trainableWeights.map((w) => w.read());
    const loss = crfLoss(layer);
    const fast = tf.grad((e: tf.Tensor) => tf.sum(loss(soft, e)) as tf.Scalar)(em);
    const [ref] = tf.grads(
      (e: tf.Tensor) =>
        tf.neg(
          tf.sum(crfLogLikelihoodAutodiff(e, soft, mask, ...(weights as [tf.Tensor, tf.Tensor, tf.Tensor]))),
        ) as tf.Scalar,
    )([em]);
    const value = loss(soft, em);
    const refValue = tf.tidy(() =>
      tf.neg(crfLogLikelihoodAutodiff(em, soft, mask, ...(weights as [tf.Tensor, tf.Tensor, tf.Tensor]))),
    );
    expect(maxAbsDiff(value.dataSync(), refValue.dataSync())).toBeLessThan(1e-4);
    expect(maxAbsDiff(fast.dataSync(), ref!.dataSync())).toBeLessThan(1e-5);
    tf.dispose([em, soft, mask, fast, ref!, value, refValue]);
    layer.dispose();
  });

  it('hard constraints (−1e4 transitions) and 800-nat emission gaps: log-likelihood and gradients = brute-force marginals in float64', () => {
    // Row 0's forward mass sits on tag 0 (emission 800), whose every outgoing transition is −1e4:
    // the fast factored sums underflow (forward) and overflow (pair marginals) there and must fall
    // back to exact log-sum-exps. Row 2 does the same to the backward pass: its emission 800 is on
    // tag 1 at step 2, which no tag can reach.
    const n = 4;
    const t = 5;
    const trans = [
      [-1e4, -1e4, -1e4, -1e4],
      [0.25, -1e4, 0.5, 0],
      [0, -1e4, 0, 1],
      [-0.5, -1e4, 0.75, 0],
    ];
    const start = [0.5, -1e4, 0, 0.25];
    const end = [0, 0.5, -1e4, 0];
    const em = [
      [
        [800, 0, 1, 0],
        [0, 2, 1, 0.5],
        [1, 0, 3, 0],
        [0, 1, 0, 2],
        [1, 1, 0, 0],
      ],
      [
        [0, 1, 2, 3],
        [3, 2, 1, 0],
        [0, 0, 0, 0],
        [-800, 1, 0, 1],
        [2, 0, 1, 0],
      ],
      [
        [0, 1, 0, 1],
        [1, 0, 1, 2],
        [0, 800, 0, 0],
        [0, 1, 1, 0],
        [1, 0, 0, 1],
      ],
    ];
    const gold = [
      [3, 3, 2, 3, 0],
      [3, 2, 3, 2, 3],
      [3, 3, 2, 2, 3],
    ];
    const layer = builtCrf({ numTags: n }, [tf.tensor(trans), tf.tensor(start), tf.tensor(end)]);
    // Every path, in float64: log Z, node marginals, expected transition counts.
    const score = (em2: number[][], tags: number[]) => {
      let v = start[tags[0]!]! + end[tags[t - 1]!]!;
      for (let i = 0; i < t; i++) v += em2[i]![tags[i]!]! + (i > 0 ? trans[tags[i - 1]!]![tags[i]!]! : 0);
      return v;
    };
    const paths = Array.from({ length: n ** t }, (_, code) =>
      Array.from({ length: t }, (_, i) => Math.floor(code / n ** (t - 1 - i)) % n),
    );
    const wantEm: number[] = [];
    const wantTrans = new Array<number>(n * n).fill(0);
    const wantLl: number[] = [];
    em.forEach((rowEm, r) => {
      const scores = paths.map((path) => score(rowEm, path));
      const m = Math.max(...scores);
      const logZ = m + Math.log(scores.reduce((acc, v) => acc + Math.exp(v - m), 0));
      wantLl.push(score(rowEm, gold[r]!) - logZ);
      const node = Array.from({ length: t * n }, () => 0);
      paths.forEach((path, c) => {
        const pr = Math.exp(scores[c]! - logZ);
        path.forEach((tag, i) => {
          node[i * n + tag]! += pr;
          if (i > 0) wantTrans[path[i - 1]! * n + tag]! -= pr;
        });
      });
      for (let i = 0; i < t; i++) {
        for (let j = 0; j < n; j++) wantEm.push((gold[r]![i] === j ? 1 : 0) - node[i * n + j]!);
        if (i > 0) wantTrans[gold[r]![i - 1]! * n + gold[r]![i]!]! += 1;
      }
    });
    const emT = tf.tensor(em);
    const tags = tf.tensor(gold, undefined, 'int32');
    const ll = layer.logLikelihood(emT, tags);
    for (let r = 0; r < 2; r++)
      expect(Math.abs(ll.dataSync()[r]! - wantLl[r]!), `row ${r}`).toBeLessThan(1e-6);
    const gEm = tf.grad((e: tf.Tensor) => layer.logLikelihood(e, tags).sum() as tf.Scalar)(emT);
    expect(maxAbsDiff(gEm.dataSync(), wantEm)).toBeLessThan(1e-6);
    const transVar = layer.transitions!.read() as tf.Variable;
    const { grads } = tf.variableGrads(() => layer.logLikelihood(emT, tags).sum() as tf.Scalar, [transVar]);
    expect(maxAbsDiff(grads[transVar.name]!.dataSync(), wantTrans)).toBeLessThan(1e-6);
    tf.dispose([emT, tags, ll, gEm, ...Object.values(grads)]);
    layer.dispose();
  });

  it('trains a tiny tagger with model.fit on wasm: loss falls and decode recovers the tags', async () => {
    // Tag = token id mod 3, with padding id 0 masked out.
    const tagger = crf({ numTags: 3 });
    const input = tf.input({ shape: [6], dtype: 'int32' });
    const emb = tf.layers.embedding({ inputDim: 10, outputDim: 8, maskZero: true }).apply(input);
    const emissions = tf.layers.dense({ units: 3 }).apply(emb) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: tagger.apply(emissions) as tf.SymbolicTensor });
    model.compile({ optimizer: tf.train.adam(0.05), loss: crfLoss(tagger) });
    const rows = Array.from({ length: 32 }, (_, r) => {
      const len = 2 + (r % 5);
      return Array.from({ length: 6 }, (_, j) => (j < len ? 1 + ((r * 7 + j * 3) % 9) : 0));
    });
    const ids = tf.tensor2d(rows, undefined, 'int32');
    const gold = tf.tidy(() => {
      const tags = tf.tensor2d(
        rows.map((row) => row.map((id) => (id === 0 ? -1 : id % 3))),
        undefined,
        'int32',
      );
      return tf.oneHot(tags, 3).toFloat();
    });
    const hist = await model.fit(ids, gold, { epochs: 40, batchSize: 32, verbose: 0 });
    const losses = hist.history.loss as number[];
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! / 4);
    const out = model.predict(ids) as tf.Tensor;
    const mask = ids.notEqual(0);
    const decoded = tagger.decode(out, mask);
    expect(decoded).toEqual(rows.map((row) => row.filter((id) => id !== 0).map((id) => id % 3)));
    tf.dispose([ids, gold, out, mask]);
    model.dispose();
  });

  it('round-trips its config and rejects bad shapes with typed errors', () => {
    const layer = crf({ numTags: 4, boundaryTransitions: false, name: 'tags' });
    const copy = CRF.fromConfig(CRF, JSON.parse(JSON.stringify(layer.getConfig()))) as CRF;
    expect(copy.getConfig()).toEqual(layer.getConfig());
    expect(() => crf({ numTags: 0 })).toThrow(/numTags must be a positive integer, got 0/);
    expect(() => layer.apply(tf.ones([1, 2, 3]))).toThrow(
      /expected emissions \[batch, time, 4\], got \[1,2,3\]/,
    );
    const ok = crf({ numTags: 2 });
    expect(() => ok.logLikelihood(tf.ones([1, 3, 2]), tf.ones([1, 2]))).toThrow(/expected tags \[1, 3\]/);
    expect(() => ok.decode(tf.ones([1, 3, 2]), tf.ones([3]))).toThrow(/expected mask \[1, 3\]/);
  });
});
