import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ArtifactError } from '@kornlp/core';
import { tf } from '@kornlp/models';

/**
 * Writes a Layers model into `dir` as TensorFlow.js Layers format (`model.json` with topology and
 * weights manifest, plus `weights.bin`), loadable by `tf.loadLayersModel` too.
 *
 * @param model - the model
 * @param dir - an existing directory (pipelines pass their temporary directory)
 */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightsManifest = [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }];
      const json = {
        modelTopology: artifacts.modelTopology,
        format: 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: null,
        weightsManifest,
      };
      const data = artifacts.weightData;
      const bytes =
        data === undefined
          ? new Uint8Array(0)
          : new Uint8Array(Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data);
      await writeFile(join(dir, 'weights.bin'), bytes);
      await writeFile(join(dir, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

/**
 * Reads a model written by {@link saveLayersModel}.
 *
 * @param dir - the directory holding `model.json` and `weights.bin`
 * @returns the model
 * @throws ArtifactError when a file is missing or does not parse
 */
export async function loadLayersModel(dir: string): Promise<tf.LayersModel> {
  const where = 'loadPipeline';
  let json: {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  let weights: Buffer;
  try {
    json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    weights = await readFile(join(dir, 'weights.bin'));
  } catch (e) {
    throw new ArtifactError(
      where,
      `cannot read the model in ${dir} (model.json + weights.bin): ${(e as Error).message}`,
      { cause: e },
    );
  }
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const expected = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (weights.byteLength !== expected) {
    throw new ArtifactError(
      where,
      `weights.bin in ${dir} has ${weights.byteLength} bytes, the manifest needs ${expected}: the file is truncated or from another model`,
    );
  }
  try {
    const weightData = weights.buffer.slice(
      weights.byteOffset,
      weights.byteOffset + weights.byteLength,
    ) as ArrayBuffer;
    return await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData }),
    );
  } catch (e) {
    throw new ArtifactError(where, `the model in ${dir} does not load: ${(e as Error).message}`, {
      cause: e,
    });
  }
}
