import { createHash } from 'node:crypto';
import type { Vocabulary } from '@kornlp/embeddings';
import type { PipelineManifest } from './format.js';

/**
 * A short hash of what a pipeline's weights mean: the labels, the featurizer, the head's
 * configuration and every vocabulary's tokens in id order. Two training runs share it exactly
 * when their checkpoints are interchangeable, so `--resume` can refuse a checkpoint of another run.
 *
 * @param manifest - the pipeline's manifest (its `training` and `metrics` are ignored)
 * @param vocabs - the vocabularies by channel name
 * @returns 16 hex digits
 * @example
 * ```ts
 * const id = pipelineFingerprint(pipeline.manifest, { tokens: pipeline.vocab });
 * console.log(id.length); // 16
 * ```
 */
export function pipelineFingerprint(manifest: PipelineManifest, vocabs: Record<string, Vocabulary>): string {
  const hash = createHash('sha256');
  const { kind, task, labels, featurizer, head } = manifest;
  hash.update(JSON.stringify({ kind, task, labels, featurizer, head }));
  for (const name of Object.keys(vocabs).sort()) {
    hash.update(`\n${name}\n`);
    hash.update(JSON.stringify(vocabs[name]!.tokens));
  }
  return hash.digest('hex').slice(0, 16);
}
