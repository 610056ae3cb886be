import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ArtifactError } from '@kornlp/core';
import type { SequenceClassifierConfig } from '../heads/sequence_classifier.js';
import type { SequenceTaggerConfig } from '../heads/sequence_tagger.js';
import type { TextUnit } from './segment.js';
import type { TokenFeature } from './token_features.js';

/**
 * The pipeline directory format this kornlp writes and the newest it reads. Version 2 saves the
 * model with `@kornlp/models`' `saveModel` (its layers by class name, weights in
 * `model/group1-shard{i}of{n}.bin`); version 1 (tfjs's own recurrent layers, one
 * `model/weights.bin`) still loads, as `model/model.json` lists its weight files.
 */
export const PIPELINE_FORMAT_VERSION = 2;

/** The file naming a directory as a pipeline. */
export const MANIFEST_FILE = 'pipeline.json';

/** How a classifier pipeline turns text into ids. */
export interface ClassifierFeaturizerConfig {
  /** The unit texts are cut into. */
  unit: TextUnit;
  /** Ids per text; longer texts keep their end (pre-truncation). */
  maxLen: number;
}

/** How a tagger pipeline turns text into tokens and per-token ids. */
export interface TaggerFeaturizerConfig {
  /** The unit that gets a tag: `word` (UD-style eojeol), `morph`, or `char`. */
  unit: TextUnit;
  /** The embedded features of each token, one input channel each. */
  features: TokenFeature[];
  /** Tokens per sentence; longer sentences are tagged in windows of this length. */
  maxLen: number;
  /** `BIO`/`BIOES` when tags mark entity spans (NER), else null (POS). */
  scheme: 'BIO' | 'BIOES' | null;
}

interface ManifestBase {
  /** Always `kornlp-pipeline`. */
  format: 'kornlp-pipeline';
  /** See {@link PIPELINE_FORMAT_VERSION}. */
  formatVersion: number;
  /** The kornlp version that wrote it. */
  kornlpVersion: string;
  /** The task name, e.g. `sentiment` or `ner`. */
  task: string;
  /** The labels (classifier) or tags (tagger, index 0 = padding) in id order. */
  labels: string[];
  /** Tokenizer settings the featurizer used, e.g. `{ engine: 'builtin' }`, or null when none is needed. */
  tokenizer: { engine: string } | null;
  /** The options training ran with. */
  training: Record<string, unknown>;
  /** Dev metrics of the saved weights. */
  metrics: Record<string, unknown>;
}

/** `pipeline.json` of a classifier. */
export interface ClassifierManifest extends ManifestBase {
  /** Always `classifier`. */
  kind: 'classifier';
  /** How texts become id rows: the unit and `maxLen`. */
  featurizer: ClassifierFeaturizerConfig;
  /** The {@link SequenceClassifier}'s config (encoder, pooling, sizes). */
  head: SequenceClassifierConfig;
}

/** `pipeline.json` of a tagger. */
export interface TaggerManifest extends ManifestBase {
  /** Always `tagger`. */
  kind: 'tagger';
  /** How texts become tokens and per-feature id rows: unit, features, `maxLen`, tag scheme. */
  featurizer: TaggerFeaturizerConfig;
  /** The {@link SequenceTagger}'s config (channels, encoder, decoder). */
  head: SequenceTaggerConfig;
}

/** Either manifest. */
export type PipelineManifest = ClassifierManifest | TaggerManifest;

// atomicWriteDir moves the old directory aside (`.<name>.<pid>.<random>.old`) just before it renames
// the new one into place; a crash between the two renames leaves only the aside copy.
async function interruptedSaveLeftover(dir: string): Promise<string | null> {
  const prefix = `.${basename(dir)}.`;
  let names: string[];
  try {
    names = await readdir(dirname(dir));
  } catch {
    return null;
  }
  const aside = names
    .filter((n) => n.startsWith(prefix) && n.endsWith('.old'))
    .map((n) => join(dirname(dir), n))
    .filter((p) => existsSync(join(p, MANIFEST_FILE)))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return aside[0] ?? null;
}

/**
 * Reads and checks `pipeline.json` and that the files it needs are present.
 *
 * @param dir - a pipeline directory
 * @returns the manifest
 * @throws ArtifactError for a missing directory or file, a foreign file, or a newer format
 * @example
 * ```ts
 * import { readManifest, readTextExamples, trainClassifier } from '@kornlp/tasks';
 * const examples = await readTextExamples('examples/data/sentiment.train.tsv');
 * const { pipeline } = await trainClassifier(examples, { epochs: 1 });
 * await pipeline.save('/tmp/kornlp-sentiment');
 * const m = await readManifest('/tmp/kornlp-sentiment');
 * console.log(m.kind, m.labels, m.formatVersion, m.kind === 'classifier' && m.featurizer.unit);
 * // classifier [ '0', '1' ] 2 morph_tag
 * ```
 */
export async function readManifest(dir: string): Promise<PipelineManifest> {
  const where = 'loadPipeline';
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(dir)) {
    const previous = await interruptedSaveLeftover(dir);
    if (previous)
      throw new ArtifactError(
        where,
        `no pipeline at ${dir}, but a save interrupted while swapping directories left the previous pipeline at ${previous}; move it back (mv '${previous}' '${dir}') or save again`,
      );
    throw new ArtifactError(where, `no pipeline at ${dir}: the directory does not exist`);
  }
  if (!existsSync(path))
    throw new ArtifactError(where, `${dir} is not a kornlp pipeline: ${MANIFEST_FILE} is missing`);
  let m: PipelineManifest;
  try {
    m = JSON.parse(await readFile(path, 'utf8')) as PipelineManifest;
  } catch (e) {
    throw new ArtifactError(where, `${path} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  if (m?.format !== 'kornlp-pipeline') {
    throw new ArtifactError(
      where,
      `${path} has format ${JSON.stringify(m?.format)}; expected "kornlp-pipeline"`,
    );
  }
  if (!Number.isInteger(m.formatVersion) || m.formatVersion < 1) {
    throw new ArtifactError(
      where,
      `${path} has formatVersion ${JSON.stringify(m.formatVersion)}; expected an integer ≥ 1`,
    );
  }
  if (m.formatVersion > PIPELINE_FORMAT_VERSION) {
    throw new ArtifactError(
      where,
      `${dir} uses pipeline format ${m.formatVersion}, newer than this kornlp reads (${PIPELINE_FORMAT_VERSION}, written by ${m.kornlpVersion}); upgrade @kornlp/tasks`,
    );
  }
  if (m.kind !== 'classifier' && m.kind !== 'tagger') {
    throw new ArtifactError(
      where,
      `${path} has kind ${JSON.stringify((m as { kind: unknown }).kind)}; expected "classifier" or "tagger"`,
    );
  }
  const channels = m.kind === 'classifier' ? ['tokens'] : m.featurizer.features;
  // model.json lists the weight shards; loadModel checks them.
  const needed = ['model/model.json', ...channels.map((c) => `vocab/${c}.json`)];
  const missing = needed.filter((f) => !existsSync(join(dir, f)));
  if (missing.length) throw new ArtifactError(where, `${dir} is incomplete: missing ${missing.join(', ')}`);
  return m;
}
