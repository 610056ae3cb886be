import { ConfigError, describeValue, ShapeError } from '@kornlp/core';
import { tf } from '../backend/tf.js';
import { type CrfBatch, type CrfWeights, crfBackward, crfForward } from './crf_forward_backward.js';
import { initializerByName } from './initializer_by_name.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Shape = Array<number | null>;
type Kwargs = Record<string, unknown>;

/** Options for {@link crf}. */
export interface CRFArgs extends LayerArgs {
  /** Number of tags (the last dimension of the emissions this layer receives). */
  numTags: number;
  /**
   * Learn start and end transitions (`startTransitions[j]`: score of a sequence starting with tag
   * j; `endTransitions[i]`: of one ending with tag i), as in `torchcrf` and the original linear-chain
   * CRF. Without them the first and last tags are scored by their emissions only.
   * @default true
   */
  boundaryTransitions?: boolean;
  /**
   * Initializer of the `[numTags, numTags]` transition matrix.
   * @default 'glorotUniform'
   */
  transitionsInitializer?: string;
}

/**
 * A linear-chain conditional random field for sequence taggers.
 *
 * The layer sits on top of per-token tag scores ("emissions", `[batch, time, numTags]`, usually a
 * `Dense(numTags)` without activation) and passes them through unchanged, mask included. It owns
 * the tag-to-tag scores: `transitions[i][j]` is the score of tag i followed by tag j, plus
 * `startTransitions` and `endTransitions` (see {@link CRFArgs.boundaryTransitions}).
 *
 * A path's score is `start[y₁] + Σₜ emission[t][yₜ] + Σₜ transitions[yₜ₋₁][yₜ] + end[y_T]`, and
 * its log-likelihood is that score minus the log-sum-exp over all paths (forward algorithm, in log
 * space). Masked positions (mask 0) are dropped: a sequence is its unmasked positions in order, so
 * right padding, left padding and holes all work; a fully masked sequence has log-likelihood 0.
 *
 * Training: compile with {@link crfLoss} (`model.compile({ loss: crfLoss(layer), ... })`) or call
 * {@link CRF.logLikelihood} in a custom loop. Prediction: {@link CRF.decode} (Viterbi).
 *
 * @example
 * ```ts
 * import { crf, crfLoss, tf } from '@kornlp/models';
 * const tagger = crf({ numTags: 5 });
 * const input = tf.input({ shape: [20], dtype: 'int32' });
 * const emb = tf.layers.embedding({ inputDim: 1000, outputDim: 32, maskZero: true }).apply(input);
 * const emissions = tf.layers.dense({ units: 5 }).apply(emb);
 * const model = tf.model({ inputs: input, outputs: tagger.apply(emissions) as tf.SymbolicTensor });
 * model.compile({ optimizer: 'adam', loss: crfLoss(tagger) }); // targets: one-hot [batch, 20, 5]
 * const tags = tagger.decode(model.predict(ids) as tf.Tensor3D, ids.notEqual(0)); // number[][]
 * ```
 */
export class CRF extends tf.layers.Layer {
  /** The name tfjs serialization registers the class under. */
  static className = 'CRF';
  /** Number of tags (the last dimension of the emissions this layer receives). */
  readonly numTags: number;
  /** Learn start and end transitions (`startTransitions`, `endTransitions`), as `torchcrf` does. */
  readonly boundaryTransitions: boolean;
  /** Initializer of the `[numTags, numTags]` transition matrix. */
  readonly transitionsInitializer: string;
  /** `[numTags, numTags]`: row = previous tag, column = next tag. Set by `build`. */
  transitions: tf.LayerVariable | null = null;
  /** `[numTags]`, or null without boundary transitions. Set by `build`. */
  startTransitions: tf.LayerVariable | null = null;
  /** `[numTags]`, or null without boundary transitions. Set by `build`. */
  endTransitions: tf.LayerVariable | null = null;

  /** @param args - see {@link CRFArgs} */
  constructor(args: CRFArgs) {
    super(args);
    if (!Number.isInteger(args.numTags) || args.numTags < 1)
      throw new ConfigError('CRF', `numTags must be a positive integer, got ${describeValue(args.numTags)}`);
    this.numTags = args.numTags;
    this.boundaryTransitions = args.boundaryTransitions ?? true;
    this.transitionsInitializer = args.transitionsInitializer ?? 'glorotUniform';
    this.supportsMasking = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    if (shape.length !== 3 || shape[2] !== this.numTags)
      throw new ShapeError(
        'CRF',
        `expected emissions [batch, time, ${this.numTags}], got ${describeValue(shape)}`,
      );
    const n = this.numTags;
    this.transitions = this.addWeight(
      'transitions',
      [n, n],
      'float32',
      initializerByName('CRF', this.transitionsInitializer),
    );
    if (this.boundaryTransitions) {
      this.startTransitions = this.addWeight('start_transitions', [n], 'float32', tf.initializers.zeros());
      this.endTransitions = this.addWeight('end_transitions', [n], 'float32', tf.initializers.zeros());
    }
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => (Array.isArray(inputs) ? inputs[0]! : inputs).clone());
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
  }

  override computeMask(
    _inputs: tf.Tensor | tf.Tensor[],
    mask?: tf.Tensor | tf.Tensor[],
  ): tf.Tensor | tf.Tensor[] {
    return (Array.isArray(mask) ? mask[0] : mask) as tf.Tensor;
  }

  private checkEmissions(emissions: tf.Tensor, what: string): [number, number] {
    if (!this.built) this.build(emissions.shape);
    if (emissions.rank !== 3 || emissions.shape[2] !== this.numTags)
      throw new ShapeError(
        `CRF.${what}`,
        `expected emissions [batch, time, ${this.numTags}], got ${describeValue(emissions.shape)}`,
      );
    return [emissions.shape[0]!, emissions.shape[1]!];
  }

  private checkMask(mask: tf.Tensor | null | undefined, b: number, t: number, what: string): tf.Tensor {
    if (mask == null) return tf.ones([b, t]);
    if (mask.rank !== 2 || mask.shape[0] !== b || mask.shape[1] !== t)
      throw new ShapeError(`CRF.${what}`, `expected mask [${b}, ${t}], got ${describeValue(mask.shape)}`);
    return mask.toFloat();
  }

  /**
   * Log-likelihood of each gold tag sequence; differentiable with respect to the emissions and
   * the transitions (the training objective is its negative mean).
   *
   * The forward algorithm and, for gradients, forward-backward marginals run on typed arrays in
   * float64 inside one `tf.customGrad` node, so the cost does not grow with tfjs ops per time step.
   *
   * @param emissions - `[batch, time, numTags]` tag scores
   * @param tags - `[batch, time]` gold tag ids (any value at masked positions)
   * @param mask - `[batch, time]`, nonzero/true where a token is; @default all ones
   * @returns `[batch]` log p(tags | emissions)
   * @example
   * ```ts
   * const layer = crf({ numTags: 3 });
   * const emissions = tf.tensor3d([[[1, 0, 2], [3, 0, 0], [0, 1, 0]]]);
   * layer.apply(emissions); // builds the transitions
   * layer.setWeights(layer.getWeights().map((w) => tf.zerosLike(w))); // no transition preferences
   * layer.logLikelihood(emissions, tf.tensor2d([[2, 0, 1]], [1, 3], 'int32')).print();
   * // [-1.0539737]  (= 2 + 3 + 1 − Σ_t logsumexp(emissions_t): without transitions, steps are independent)
   * ```
   */
  logLikelihood(emissions: tf.Tensor, tags: tf.Tensor, mask?: tf.Tensor | null): tf.Tensor1D {
    const [b, t] = this.checkEmissions(emissions, 'logLikelihood');
    if (tags.rank !== 2 || tags.shape[0] !== b || tags.shape[1] !== t)
      throw new ShapeError(
        'CRF.logLikelihood',
        `expected tags [${b}, ${t}], got ${describeValue(tags.shape)}`,
      );
    const keep =
      mask == null
        ? new Float32Array(b * t).fill(1)
        : tf.tidy(() => this.checkMask(mask, b, t, 'logLikelihood').dataSync());
    return this.scoreSequences(emissions, this.oneHotGold(tags.dataSync()), keep);
  }

  /** One-hot gold weights `[b·t·n]` from tag ids (truncated, clipped into range like `oneHot`). */
  private oneHotGold(ids: ArrayLike<number>): Float32Array {
    const n = this.numTags;
    const gold = new Float32Array(ids.length * n);
    for (let i = 0; i < ids.length; i++) {
      const id = Math.min(Math.max(Math.trunc(ids[i] as number), 0), n - 1);
      gold[i * n + id] = 1;
    }
    return gold;
  }

  /** log p(gold) from gold weights `[b·t·n]` and a mask `[b·t]` (nonzero = token). */
  private scoreSequences(
    emissions: tf.Tensor,
    gold: ArrayLike<number>,
    mask: ArrayLike<number>,
  ): tf.Tensor1D {
    const [b, t] = emissions.shape as [number, number, number];
    const n = this.numTags;
    return tf.tidy(() => {
      const trans = this.transitions!.read();
      const start = this.startTransitions ? this.startTransitions.read() : tf.zeros([n]);
      const end = this.endTransitions ? this.endTransitions.read() : tf.zeros([n]);
      const nll = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
        const [em, tr, st, en] = args as tf.Tensor[];
        const weights: CrfWeights = {
          n,
          transitions: tr!.dataSync(),
          start: st!.dataSync(),
          end: en!.dataSync(),
        };
        const batch: CrfBatch = { b, t, emissions: em!.dataSync(), gold, mask };
        const fwd = crfForward(weights, batch);
        return {
          value: tf.tensor1d(Float32Array.from(fwd.logLikelihood)),
          gradFunc: (dy: tf.Tensor) => {
            const g = crfBackward(weights, batch, fwd, dy.dataSync());
            return [
              tf.tensor3d(g.emissions, [b, t, n]),
              tf.tensor2d(g.transitions, [n, n]),
              tf.tensor1d(g.start),
              tf.tensor1d(g.end),
            ];
          },
        };
      });
      return nll(emissions.toFloat(), trans, start, end) as tf.Tensor1D;
    });
  }

  /**
   * The negative log-likelihood per sequence, taking targets in the two forms {@link crfLoss}
   * accepts. @internal
   */
  negativeLogLikelihood(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor1D {
    const [b, t] = this.checkEmissions(yPred, 'loss');
    const n = this.numTags;
    let gold: ArrayLike<number>;
    const mask = new Float32Array(b * t);
    if (yTrue.rank === 3 && yTrue.shape[2] === n) {
      gold = yTrue.dataSync();
      // An all-zero target row is padding.
      for (let i = 0; i < b * t; i++)
        for (let j = 0; j < n; j++) if ((gold[i * n + j] as number) !== 0) mask[i] = 1;
    } else if ((yTrue.rank === 2 || (yTrue.rank === 3 && yTrue.shape[2] === 1)) && yTrue.size === b * t) {
      const ids = yTrue.dataSync();
      for (let i = 0; i < b * t; i++) mask[i] = (ids[i] as number) >= 0 ? 1 : 0;
      gold = this.oneHotGold(ids);
    } else {
      throw new ShapeError(
        'crfLoss',
        `targets must be one-hot [${b}, ${t}, ${n}] or tag ids [${b}, ${t}], got ${describeValue(yTrue.shape)}`,
      );
    }
    return tf.tidy(() => tf.neg(this.scoreSequences(yPred, gold, mask)) as tf.Tensor1D);
  }

  /**
   * The most likely tag sequence of each row (Viterbi), computed on the CPU in float64.
   *
   * @param emissions - `[batch, time, numTags]` tag scores
   * @param mask - `[batch, time]`, 1/true where a token is; @default all ones
   * @returns per row, the tags of its unmasked positions in order (empty for a fully masked row)
   * @example
   * ```ts
   * // layer and emissions as in the logLikelihood example (zero transitions: per-step argmax)
   * console.log(layer.decode(emissions, tf.tensor2d([[1, 1, 0]]))); // [ [ 2, 0 ] ]
   * ```
   */
  decode(emissions: tf.Tensor, mask?: tf.Tensor | null): number[][] {
    return this.decodeWithScores(emissions, mask).map((r) => r.tags);
  }

  /**
   * Like {@link CRF.decode}, with each best path's unnormalised score.
   *
   * @param emissions - `[batch, time, numTags]` tag scores
   * @param mask - `[batch, time]`; @default all ones
   * @returns per row `{ tags, score }`
   * @example
   * ```ts
   * // layer and emissions as in the logLikelihood example
   * const [{ tags, score }] = layer.decodeWithScores(emissions);
   * console.log(tags, score); // [ 2, 0, 1 ] 6
   * ```
   */
  decodeWithScores(emissions: tf.Tensor, mask?: tf.Tensor | null): Array<{ tags: number[]; score: number }> {
    const [b, t] = this.checkEmissions(emissions, 'decode');
    const n = this.numTags;
    const em = emissions.dataSync();
    const keep = mask == null ? null : tf.tidy(() => this.checkMask(mask, b, t, 'decode').dataSync());
    const trans = this.transitions!.read().dataSync();
    const start = this.startTransitions?.read().dataSync() ?? new Float32Array(n);
    const end = this.endTransitions?.read().dataSync() ?? new Float32Array(n);
    const out: Array<{ tags: number[]; score: number }> = [];
    for (let r = 0; r < b; r++) {
      const positions: number[] = [];
      for (let i = 0; i < t; i++) if (keep == null || (keep[r * t + i] as number) !== 0) positions.push(i);
      if (positions.length === 0) {
        out.push({ tags: [], score: 0 });
        continue;
      }
      const back: Int32Array[] = [];
      let delta = new Float64Array(n);
      const first = (r * t + positions[0]!) * n;
      for (let j = 0; j < n; j++) delta[j] = (start[j] as number) + (em[first + j] as number);
      for (let p = 1; p < positions.length; p++) {
        const base = (r * t + positions[p]!) * n;
        const next = new Float64Array(n);
        const ptr = new Int32Array(n);
        for (let j = 0; j < n; j++) {
          let best = Number.NEGATIVE_INFINITY;
          let arg = 0;
          for (let i = 0; i < n; i++) {
            const s = (delta[i] as number) + (trans[i * n + j] as number);
            if (s > best) {
              best = s;
              arg = i;
            }
          }
          next[j] = best + (em[base + j] as number);
          ptr[j] = arg;
        }
        back.push(ptr);
        delta = next;
      }
      let last = 0;
      let best = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < n; j++) {
        const s = (delta[j] as number) + (end[j] as number);
        if (s > best) {
          best = s;
          last = j;
        }
      }
      const tags = [last];
      for (let p = back.length - 1; p >= 0; p--) tags.push(back[p]![tags[tags.length - 1]!]!);
      tags.reverse();
      out.push({ tags, score: best });
    }
    return out;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      numTags: this.numTags,
      boundaryTransitions: this.boundaryTransitions,
      transitionsInitializer: this.transitionsInitializer,
      ...super.getConfig(),
    };
  }
}
tf.serialization.registerClass(CRF);

/**
 * Creates a {@link CRF} layer.
 *
 * @param args - see {@link CRFArgs}
 * @returns the layer
 * @example
 * ```ts
 * const layer = crf({ numTags: 9 });
 * ```
 */
export function crf(args: CRFArgs): CRF {
  return new CRF(args);
}

/**
 * The CRF training loss for `model.compile` or a custom loop: the negative log-likelihood of each
 * sequence under `layer` (tfjs then averages over the batch). The model's output must be the
 * CRF layer's output (the emissions).
 *
 * Targets come in either form, which also carries the mask (tfjs does not pass masks to losses):
 * - one-hot `[batch, time, numTags]` (the form `model.fit` accepts, since it matches the output
 *   shape); an all-zero row marks a padded position;
 * - tag ids `[batch, time]` (or `[batch, time, 1]`); a negative id marks a padded position.
 *
 * @param layer - the CRF layer whose transitions score the paths
 * @returns `(yTrue, yPred) => Tensor1D` of per-sequence negative log-likelihoods
 * @example
 * ```ts
 * model.compile({ optimizer: tf.train.adam(1e-2), loss: crfLoss(layer) });
 * await model.fit(ids, tf.oneHot(goldTags, numTags), { epochs: 5 });
 * ```
 */
export function crfLoss(layer: CRF): (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor {
  return (yTrue, yPred) => layer.negativeLogLikelihood(yTrue, yPred);
}
