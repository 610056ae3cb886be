import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ArtifactError } from '@kornlp/core';
import { Vocabulary } from '@kornlp/embeddings';
import { initBackend, loadModel } from '@kornlp/models';
import { createTokenizer, type Tokenizer } from '@kornlp/tokenizer';
import { SequenceClassifier } from '../heads/sequence_classifier.js';
import { SequenceTagger } from '../heads/sequence_tagger.js';
import { chunkTags } from '../labels/chunks.js';
import { readManifest } from './format.js';
import { needsTokenizer } from './segment.js';
import { TextClassifierPipeline } from './text_classifier.js';
import { featuresNeedTokenizer } from './token_features.js';
import { type SpanDecoder, TokenTaggerPipeline } from './token_tagger.js';

/** A loaded pipeline of either kind. */
export type Pipeline = TextClassifierPipeline | TokenTaggerPipeline;

async function readVocab(dir: string, name: string): Promise<Vocabulary> {
  const path = join(dir, 'vocab', `${name}.json`);
  try {
    return Vocabulary.fromJSON(JSON.parse(await readFile(path, 'utf8')), path);
  } catch (e) {
    if (e instanceof ArtifactError)
      throw new ArtifactError('loadPipeline', `${path}: ${e.message}`, { cause: e });
    throw new ArtifactError('loadPipeline', `cannot read vocabulary ${path}: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

let sharedTokenizer: Promise<Tokenizer> | undefined;
/**
 * The built-in analyzer, loaded once per process (its dictionary is large); pipelines share it.
 *
 * @example
 * ```ts
 * import { defaultTokenizer } from '@kornlp/tasks';
 * const tokenizer = await defaultTokenizer();
 * console.log(tokenizer.morphs('재밌어요')); // [ '재밌', '어요' ]
 * console.log(tokenizer === (await defaultTokenizer())); // true
 * ```
 */
export function defaultTokenizer(): Promise<Tokenizer> {
  sharedTokenizer ??= createTokenizer();
  return sharedTokenizer;
}

/** Options for {@link loadPipeline}. */
export interface LoadPipelineOptions {
  /** The analyzer to use instead of the built-in one. @default the built-in analyzer */
  tokenizer?: Tokenizer;
  /** Span extraction for NER pipelines. @default the BIO/BIOES decoder */
  spanDecoder?: SpanDecoder;
}

/**
 * Loads a pipeline saved by `kornlp train` (or a pipeline's `save`), ready to `predict`.
 *
 * @param dir - the pipeline directory
 * @param options - see {@link LoadPipelineOptions}
 * @returns a {@link TextClassifierPipeline} or {@link TokenTaggerPipeline}
 * @throws ArtifactError for a missing or incomplete directory, a newer format, or parts that do
 *   not fit together (e.g. a vocabulary of another model)
 * @example
 * ```ts
 * import { loadPipeline } from '@kornlp/tasks';
 * // A classifier saved with pipeline.save (see TextClassifierPipeline) or `kornlp train --out`:
 * const p = await loadPipeline('/tmp/kornlp-sentiment');
 * if (p.kind === 'classifier') console.log(p.predict(['정말 재밌어요 최고의 영화'])[0]!.label); // 1
 * ```
 */
export async function loadPipeline(dir: string, options: LoadPipelineOptions = {}): Promise<Pipeline> {
  const manifest = await readManifest(dir);
  await initBackend();
  const model = await loadModel(join(dir, 'model'));
  try {
    if (manifest.kind === 'classifier') {
      const vocab = await readVocab(dir, 'tokens');
      const tokenizer = needsTokenizer(manifest.featurizer.unit)
        ? (options.tokenizer ?? (await defaultTokenizer()))
        : null;
      return new TextClassifierPipeline(
        manifest,
        vocab,
        new SequenceClassifier(manifest.head, model),
        tokenizer,
      );
    }
    const vocabs: Record<string, Vocabulary> = {};
    for (const f of manifest.featurizer.features) vocabs[f] = await readVocab(dir, f);
    const useTokenizer =
      needsTokenizer(manifest.featurizer.unit) || featuresNeedTokenizer(manifest.featurizer.features);
    const tokenizer = useTokenizer ? (options.tokenizer ?? (await defaultTokenizer())) : null;
    return new TokenTaggerPipeline(
      manifest,
      vocabs,
      new SequenceTagger(manifest.head, model),
      tokenizer,
      options.spanDecoder ?? chunkTags,
    );
  } catch (e) {
    model.dispose();
    if (e instanceof ArtifactError && e.component === 'loadPipeline') throw e;
    // The heads and pipelines name the mismatch; say which directory holds the mismatched parts.
    throw new ArtifactError(
      'loadPipeline',
      `${dir}: the saved parts (pipeline.json, model/, vocab/) do not fit together: ${(e as Error).message}`,
      { cause: e },
    );
  }
}
