import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWriteDir } from '@kornlp/core';
import type { Vocabulary } from '@kornlp/embeddings';
import { saveModel, type tf } from '@kornlp/models';
import { MANIFEST_FILE, type PipelineManifest } from './format.js';

/** Extra files saved beside a pipeline (training curves, reports), by relative path. */
export type PipelineExtras = Record<string, string | Uint8Array>;

/**
 * Writes a pipeline directory atomically: everything goes to a temporary sibling that replaces
 * `dir` only when complete, so an interrupted save leaves the previous pipeline intact.
 *
 * @param dir - the pipeline directory
 * @param parts - manifest, one vocabulary per channel, the model and extra files
 * @example
 * ```ts
 * import { loadPipeline, writePipeline } from '@kornlp/tasks';
 * const p = await loadPipeline('/tmp/kornlp-sentiment'); // a saved classifier (see readManifest)
 * if (p.kind === 'classifier') {
 *   const manifest = { ...p.manifest, task: 'sentiment-v2' };
 *   const parts = { manifest, vocabs: { tokens: p.vocab }, model: p.classifier.model };
 *   await writePipeline('/tmp/kornlp-sentiment-v2', parts);
 * }
 * console.log((await loadPipeline('/tmp/kornlp-sentiment-v2')).manifest.task); // sentiment-v2
 * ```
 */
export async function writePipeline(
  dir: string,
  parts: {
    manifest: PipelineManifest;
    vocabs: Record<string, Vocabulary>;
    model: tf.LayersModel;
    extras?: PipelineExtras;
  },
): Promise<void> {
  await atomicWriteDir(dir, async (tmp) => {
    await mkdir(join(tmp, 'vocab'));
    // @kornlp/models' format restores its own layers (fused recurrent, attention, CRF) by class name.
    await saveModel(parts.model, join(tmp, 'model'));
    for (const [name, vocab] of Object.entries(parts.vocabs)) {
      await writeFile(join(tmp, 'vocab', `${name}.json`), JSON.stringify(vocab.toJSON()));
    }
    for (const [name, data] of Object.entries(parts.extras ?? {})) await writeFile(join(tmp, name), data);
    // The manifest goes last: a directory with a manifest is complete.
    await writeFile(join(tmp, MANIFEST_FILE), `${JSON.stringify(parts.manifest, null, 2)}\n`);
  });
}
