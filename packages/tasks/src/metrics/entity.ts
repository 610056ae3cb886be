import { ConfigError, DataFormatError, ShapeError } from '@kornlp/core';
import { type ChunkOptions, chunkTags, type TagSpan } from '../labels/chunks.js';
import { type ClassCounts, type Prf, type PrfReport, reportFromCounts } from './scores.js';

function check(
  gold: readonly (readonly string[])[],
  pred: readonly (readonly string[])[],
  who: string,
): void {
  if (gold.length !== pred.length) {
    throw new ShapeError(who, `gold has ${gold.length} sentences but predictions have ${pred.length}`);
  }
  gold.forEach((g, i) => {
    const p = pred[i] as readonly string[];
    if (g.length !== p.length) {
      throw new ShapeError(
        who,
        `sentence ${i}: gold has ${g.length} tags but the prediction has ${p.length}`,
      );
    }
    for (const t of [...g, ...p]) {
      if (typeof t !== 'string' || t === '') {
        throw new DataFormatError(
          who,
          `sentence ${i} has a tag ${JSON.stringify(t)}; tags must be non-empty strings`,
        );
      }
    }
  });
}

/**
 * Entity chunks of a corpus as seqeval sees it: sentences joined with an `O` between them, so
 * indices are corpus-wide (sentence `k`'s token `j` sits at `sum(len(s) + 1 for s before k) + j`).
 *
 * @param sentences - tags per sentence
 * @param options - see {@link ChunkOptions}
 * @example
 * ```ts
 * corpusEntities([['B-PS'], ['I-PS']]);
 * // [ { type: 'PS', start: 0, end: 1 }, { type: 'PS', start: 2, end: 3 } ]
 * ```
 */
export function corpusEntities(
  sentences: readonly (readonly string[])[],
  options: ChunkOptions = {},
): TagSpan[] {
  const flat: string[] = [];
  for (const s of sentences) flat.push(...s, 'O');
  return chunkTags(flat, options);
}

function counts(
  gold: readonly (readonly string[])[],
  pred: readonly (readonly string[])[],
  options: ChunkOptions,
) {
  const bucket = (sents: readonly (readonly string[])[]) => {
    const m = new Map<string, Set<string>>();
    for (const e of corpusEntities(sents, options)) {
      let s = m.get(e.type);
      if (!s) m.set(e.type, (s = new Set()));
      s.add(`${e.start},${e.end}`);
    }
    return m;
  };
  const g = bucket(gold);
  const p = bucket(pred);
  const out: ClassCounts[] = [];
  for (const label of new Set([...g.keys(), ...p.keys()])) {
    const gs = g.get(label) ?? new Set<string>();
    const ps = p.get(label) ?? new Set<string>();
    let tp = 0;
    for (const x of ps) if (gs.has(x)) tp++;
    out.push({ label, tp, predicted: ps.size, actual: gs.size });
  }
  return out;
}

/**
 * Entity-level precision/recall/F1 per type and averaged, agreeing exactly with seqeval's default
 * mode (`seqeval.metrics.classification_report` / `precision_recall_fscore_support` without
 * `mode='strict'`): entities are read by {@link chunkTags} (lenient conlleval rules, BIO or
 * BIOES/IOBES), an entity counts only if its type, start and end all match, zero divisions give 0,
 * and types come from gold and predictions alike.
 *
 * @param gold - gold tags per sentence
 * @param pred - predicted tags per sentence, same shape
 * @param options - see {@link ChunkOptions}
 * @throws ShapeError when the shapes differ; DataFormatError for an empty tag
 * @example
 * ```ts
 * const r = entityReport([['B-PS', 'I-PS', 'O', 'B-LC']], [['B-PS', 'I-PS', 'O', 'B-OG']]);
 * r.micro;    // { precision: 0.5, recall: 0.5, f1: 0.5, support: 2 }
 * r.perClass.map((c) => [c.label, c.f1]); // [ ['LC', 0], ['OG', 0], ['PS', 1] ]
 * ```
 */
export function entityReport(
  gold: readonly (readonly string[])[],
  pred: readonly (readonly string[])[],
  options: ChunkOptions = {},
): PrfReport {
  check(gold, pred, 'entityReport');
  return reportFromCounts(counts(gold, pred, options));
}

/** Options of {@link entityScores}. */
export interface EntityScoresOptions extends ChunkOptions {
  /**
   * Which average: seqeval's `average=` argument.
   * @default 'micro'
   */
  average?: 'micro' | 'macro' | 'weighted';
}

/**
 * Entity-level precision, recall and F1 with seqeval's default-mode semantics: the same numbers as
 * `seqeval.metrics.precision_score` / `recall_score` / `f1_score` with the given `average`.
 *
 * @param gold - gold tags per sentence
 * @param pred - predicted tags per sentence, same shape
 * @param options - see {@link EntityScoresOptions}
 * @example
 * ```ts
 * entityScores([['O', 'I-PS', 'I-PS']], [['O', 'B-PS', 'I-PS']]);
 * // { precision: 1, recall: 1, f1: 1, support: 1 }
 * ```
 */
export function entityScores(
  gold: readonly (readonly string[])[],
  pred: readonly (readonly string[])[],
  options: EntityScoresOptions = {},
): Prf {
  const { average = 'micro', ...chunk } = options;
  if (average !== 'micro' && average !== 'macro' && average !== 'weighted') {
    throw new ConfigError(
      'entityScores',
      `average must be micro, macro or weighted, got ${JSON.stringify(average)}`,
    );
  }
  return entityReport(gold, pred, chunk)[average];
}
