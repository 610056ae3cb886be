// The linear-chain CRF's log-likelihood and its exact gradient, on typed arrays in float64.
// With ~10–30 tags the work per token is a few hundred multiply-adds: far less than the dozens of
// tfjs ops (and tape nodes) per time step that autodiff over a per-step scan costs, so the CRF
// layer runs this inside one tf.customGrad node (see crf.ts).
//
// Notation: for a row, k = 0..K-1 runs over its unmasked positions in order, e_k = emissions there,
// y_k = gold weights there (one-hot for ordinary tags). alpha_k(j) = log Σ over paths ending in j at
// k; beta_k(i) = log Σ over continuations from i at k to the end; logZ = lse_j(alpha_{K-1}(j) + end_j).
// Gradients of ll = score(y) − logZ: ∂/∂e_k(j) = y_k(j) − μ_k(j) with node marginals
// μ_k(j) = exp(alpha_k(j) + beta_k(j) − logZ); ∂/∂T(i,j) = Σ_k y_{k−1}(i) y_k(j) − ξ_k(i,j) with pair
// marginals ξ_k(i,j) = exp(alpha_{k−1}(i) + T(i,j) + e_k(j) + beta_k(j) − logZ); ∂/∂start = y_0 − μ_0;
// ∂/∂end = y_{K−1} − μ_{K−1}.
//
// Speed: the log-sum-exps are factored so a token costs O(n) exp/log calls and O(n²) multiply-adds
// instead of O(n²) exps: with colMax_j = max_i T(i,j) and E(i,j) = exp(T(i,j) − colMax_j) (≤ 1,
// computed once per call), lse_i(a_i + T(i,j)) = max(a) + colMax_j + log Σ_i exp(a_i − max(a))·E(i,j).
// The sum is ≥ E(argmax a, j), so it only underflows when a column of T spans hundreds of nats
// (e.g. −1e4 "forbidden" transitions); such columns fall back to the exact log-sum-exp.

/** The CRF's scores, read once per call. */
export interface CrfWeights {
  /** Number of tags. */
  n: number;
  /** `[n, n]` row-major, row = previous tag. */
  transitions: ArrayLike<number>;
  /** `[n]`. */
  start: ArrayLike<number>;
  /** `[n]`. */
  end: ArrayLike<number>;
}

/** One batch: emissions, gold weights and mask, row-major. */
export interface CrfBatch {
  /** Rows. */
  b: number;
  /** Time steps. */
  t: number;
  /** `[b, t, n]`. */
  emissions: ArrayLike<number>;
  /** `[b, t, n]` gold tag weights (one-hot for hard tags). */
  gold: ArrayLike<number>;
  /** `[b, t]`; a position is a token when its value is not 0. */
  mask: ArrayLike<number>;
}

/** What the forward pass keeps for the backward pass. */
export interface CrfForward {
  /** `[b]` log p(gold | emissions); 0 for a fully masked row. */
  logLikelihood: Float64Array;
  /** Per row, its unmasked time steps in order. */
  positions: Int32Array[];
  /** `[b, t, n]`, alpha of row r's k-th unmasked position at `(r·t + k)·n`. */
  alpha: Float64Array;
  /** `[b]`. */
  logZ: Float64Array;
}

/** Gradients of Σ_r dy_r · ll_r. */
export interface CrfGradients {
  /** `[b, t, n]` (zero at masked positions). */
  emissions: Float32Array;
  /** `[n, n]`. */
  transitions: Float32Array;
  /** `[n]`. */
  start: Float32Array;
  /** `[n]`. */
  end: Float32Array;
}

/** Below this a factored sum may have lost precision to underflow: recompute exactly. */
const TINY = 1e-250;

/** log Σ_i exp(v[off + i·stride]) over i < n, stable for -Infinity entries. */
function logSumExp(v: ArrayLike<number>, off: number, n: number, stride: number): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const x = v[off + i * stride] as number;
    if (x > m) m = x;
  }
  if (m === Number.NEGATIVE_INFINITY) return m;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.exp((v[off + i * stride] as number) - m);
  return m + Math.log(s);
}

/** log Σ_i exp(a[aOff + i] + T(i, j)) by the plain (slow, exact) route. */
function lseColumn(
  a: ArrayLike<number>,
  aOff: number,
  trans: ArrayLike<number>,
  j: number,
  n: number,
  tmp: Float64Array,
): number {
  for (let i = 0; i < n; i++) tmp[i] = (a[aOff + i] as number) + (trans[i * n + j] as number);
  return logSumExp(tmp, 0, n, 1);
}

/** Max over each column (`byColumn`) or row of T, and exp(T − that max); a −∞ line gives zeros. */
function scaledTransitions(
  trans: ArrayLike<number>,
  n: number,
  byColumn: boolean,
): [Float64Array, Float64Array] {
  const max = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const k = byColumn ? j : i;
      const x = trans[i * n + j] as number;
      if (x > (max[k] as number)) max[k] = x;
    }
  const scaled = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const m = max[byColumn ? j : i] as number;
      scaled[i * n + j] = m === Number.NEGATIVE_INFINITY ? 0 : Math.exp((trans[i * n + j] as number) - m);
    }
  return [max, scaled];
}

/** Max of v[off .. off+n). */
function maxOf(v: ArrayLike<number>, off: number, n: number): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) if ((v[off + i] as number) > m) m = v[off + i] as number;
  return m;
}

/**
 * Forward algorithm and gold-path score per row.
 *
 * @param w - the CRF's weights
 * @param batch - emissions, gold weights and mask
 * @returns log-likelihoods and what {@link crfBackward} needs
 */
export function crfForward(w: CrfWeights, batch: CrfBatch): CrfForward {
  const { n, transitions: trans, start, end } = w;
  const { b, t, emissions: em, gold, mask } = batch;
  const alpha = new Float64Array(b * t * n);
  const logLikelihood = new Float64Array(b);
  const logZ = new Float64Array(b);
  const positions: Int32Array[] = [];
  const [colMax, expT] = scaledTransitions(trans, n, true);
  const p = new Float64Array(n);
  const sum = new Float64Array(n);
  const tmp = new Float64Array(n);
  const prevGold: number[] = [];
  const curGold: number[] = [];
  for (let r = 0; r < b; r++) {
    let count = 0;
    for (let i = 0; i < t; i++) if ((mask[r * t + i] as number) !== 0) count++;
    const pos = new Int32Array(count);
    for (let i = 0, k = 0; i < t; i++) if ((mask[r * t + i] as number) !== 0) pos[k++] = i;
    positions.push(pos);
    if (count === 0) continue;
    const rowAlpha = r * t * n;
    let score = 0;
    prevGold.length = 0;
    for (let k = 0; k < count; k++) {
      const e = (r * t + (pos[k] as number)) * n;
      const a = rowAlpha + k * n;
      curGold.length = 0;
      for (let j = 0; j < n; j++) {
        const y = gold[e + j] as number;
        if (y !== 0) {
          curGold.push(j);
          score += y * (em[e + j] as number);
        }
      }
      if (k === 0) {
        for (let j = 0; j < n; j++) alpha[a + j] = (start[j] as number) + (em[e + j] as number);
        for (const j of curGold) score += (gold[e + j] as number) * (start[j] as number);
      } else {
        const prev = a - n;
        const m = maxOf(alpha, prev, n);
        sum.fill(0);
        for (let i = 0; i < n; i++) {
          const pi = Math.exp((alpha[prev + i] as number) - m);
          p[i] = pi;
          if (pi === 0) continue;
          for (let j = 0; j < n; j++) sum[j] = (sum[j] as number) + pi * (expT[i * n + j] as number);
        }
        for (let j = 0; j < n; j++) {
          const sj = sum[j] as number;
          const lse =
            sj > TINY && m !== Number.NEGATIVE_INFINITY
              ? m + (colMax[j] as number) + Math.log(sj)
              : lseColumn(alpha, prev, trans, j, n, tmp);
          alpha[a + j] = lse + (em[e + j] as number);
        }
        const ePrev = (r * t + (pos[k - 1] as number)) * n;
        for (const i of prevGold) {
          const yi = gold[ePrev + i] as number;
          for (const j of curGold) score += yi * (gold[e + j] as number) * (trans[i * n + j] as number);
        }
      }
      prevGold.length = 0;
      prevGold.push(...curGold);
      if (k === count - 1) for (const j of curGold) score += (gold[e + j] as number) * (end[j] as number);
    }
    const last = rowAlpha + (count - 1) * n;
    for (let j = 0; j < n; j++) tmp[j] = (alpha[last + j] as number) + (end[j] as number);
    logZ[r] = logSumExp(tmp, 0, n, 1);
    logLikelihood[r] = score - (logZ[r] as number);
  }
  return { logLikelihood, positions, alpha, logZ };
}

/**
 * Backward algorithm and the gradients of `Σ_r dy[r] · ll[r]` from the marginals.
 *
 * @param w - the weights {@link crfForward} ran with
 * @param batch - the batch it ran on
 * @param fwd - its result
 * @param dy - `[b]` upstream gradient of each row's log-likelihood
 */
export function crfBackward(
  w: CrfWeights,
  batch: CrfBatch,
  fwd: CrfForward,
  dy: ArrayLike<number>,
): CrfGradients {
  const { n, transitions: trans, end } = w;
  const { b, t, emissions: em, gold } = batch;
  const dEm = new Float32Array(b * t * n);
  const dTrans = new Float64Array(n * n);
  const dStart = new Float64Array(n);
  const dEnd = new Float64Array(n);
  const beta = new Float64Array(t * n);
  const [colMax, expT] = scaledTransitions(trans, n, true);
  const [rowMax, expTr] = scaledTransitions(trans, n, false);
  const next = new Float64Array(n);
  const q = new Float64Array(n);
  const u = new Float64Array(n);
  const v = new Float64Array(n);
  const tmp = new Float64Array(n);
  const alpha = fwd.alpha;
  for (let r = 0; r < b; r++) {
    const pos = fwd.positions[r]!;
    const count = pos.length;
    const g = dy[r] as number;
    if (count === 0 || g === 0) continue;
    const z = fwd.logZ[r] as number;
    const rowAlpha = r * t * n;
    const emAt = (k: number) => (r * t + (pos[k] as number)) * n;
    // beta_{K-1} = end; beta_k(i) = lse_j(T(i,j) + next_j), next_j = e_{k+1}(j) + beta_{k+1}(j),
    // factored by rows of T like the forward pass is by columns.
    for (let i = 0; i < n; i++) beta[(count - 1) * n + i] = end[i] as number;
    for (let k = count - 2; k >= 0; k--) {
      const e1 = emAt(k + 1);
      for (let j = 0; j < n; j++) next[j] = (em[e1 + j] as number) + (beta[(k + 1) * n + j] as number);
      const m = maxOf(next, 0, n);
      for (let j = 0; j < n; j++) q[j] = Math.exp((next[j] as number) - m);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += (expTr[i * n + j] as number) * (q[j] as number);
        if (s > TINY && m !== Number.NEGATIVE_INFINITY)
          beta[k * n + i] = m + (rowMax[i] as number) + Math.log(s);
        else {
          for (let j = 0; j < n; j++) tmp[j] = (trans[i * n + j] as number) + (next[j] as number);
          beta[k * n + i] = logSumExp(tmp, 0, n, 1);
        }
      }
    }
    for (let k = 0; k < count; k++) {
      const e = emAt(k);
      const a = rowAlpha + k * n;
      for (let j = 0; j < n; j++) {
        const mu = Math.exp((alpha[a + j] as number) + (beta[k * n + j] as number) - z);
        const d = (gold[e + j] as number) - mu;
        dEm[e + j] = g * d;
        if (k === 0) dStart[j] = (dStart[j] as number) + g * d;
        if (k === count - 1) dEnd[j] = (dEnd[j] as number) + g * d;
      }
      if (k === 0) continue;
      // ξ_k(i,j) = u_i · E(i,j) · v_j with u_i = exp(alpha_{k−1}(i) − A), A = max alpha_{k−1},
      // v_j = exp(e_k(j) + beta_k(j) + colMax_j + A − logZ); v_j only overflows when column j of T
      // spans hundreds of nats, and then that column is summed exactly.
      const ePrev = emAt(k - 1);
      const aPrev = a - n;
      const top = maxOf(alpha, aPrev, n);
      for (let i = 0; i < n; i++) u[i] = Math.exp((alpha[aPrev + i] as number) - top);
      for (let j = 0; j < n; j++)
        v[j] = Math.exp(
          (em[e + j] as number) + (beta[k * n + j] as number) + (colMax[j] as number) + top - z,
        );
      for (let j = 0; j < n; j++) {
        const vj = v[j] as number;
        if (Number.isFinite(vj) && top !== Number.NEGATIVE_INFINITY) {
          const gv = g * vj;
          if (gv === 0) continue;
          for (let i = 0; i < n; i++)
            dTrans[i * n + j] =
              (dTrans[i * n + j] as number) - gv * (u[i] as number) * (expT[i * n + j] as number);
        } else {
          const rest = (em[e + j] as number) + (beta[k * n + j] as number) - z;
          for (let i = 0; i < n; i++) {
            const xi = Math.exp((alpha[aPrev + i] as number) + (trans[i * n + j] as number) + rest);
            dTrans[i * n + j] = (dTrans[i * n + j] as number) - g * xi;
          }
        }
      }
      // Observed transition counts (only the gold's nonzero pairs).
      for (let i = 0; i < n; i++) {
        const yi = gold[ePrev + i] as number;
        if (yi === 0) continue;
        for (let j = 0; j < n; j++) {
          const yj = gold[e + j] as number;
          if (yj !== 0) dTrans[i * n + j] = (dTrans[i * n + j] as number) + g * yi * yj;
        }
      }
    }
  }
  return {
    emissions: dEm,
    transitions: Float32Array.from(dTrans),
    start: Float32Array.from(dStart),
    end: Float32Array.from(dEnd),
  };
}
