import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ArtifactError, atomicWriteDir, describeValue } from '@kornlp/core';
import { tf } from '../backend/tf.js';

/** The model file's name inside a saved model directory (as tfjs's `file://` and browser handlers). */
export const MODEL_JSON = 'model.json';
// tfjs's converter and browser handlers shard at 4 MB; browsers fetch shards in parallel.
const SHARD_BYTES = 4 * 1024 * 1024;

type WeightsManifest = Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;

function concatWeightData(data: ArrayBuffer | ArrayBuffer[]): Uint8Array {
  if (!Array.isArray(data)) return new Uint8Array(data);
  const total = data.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  return out;
}

function expectedBytes(specs: tf.io.WeightsManifestEntry[]): number {
  const size: Record<string, number> = { float32: 4, int32: 4, bool: 1 };
  return specs.reduce((n, s) => {
    const per = s.quantization ? (s.quantization.dtype === 'uint8' ? 1 : 2) : (size[s.dtype] ?? 4);
    return n + s.shape.reduce((a, b) => a * b, 1) * per;
  }, 0);
}

/**
 * A tfjs `IOHandler` for a directory on the local file system, in the TensorFlow.js Layers format:
 * `model.json` (topology + weights manifest) and `group1-shard{i}of{n}.bin` weight shards of at most
 * 4 MB. Saving writes the files directly into `dir` (use {@link saveModel} for an atomic save).
 *
 * @param dir - the model directory
 * @returns the handler, for `model.save(handler)` / `tf.loadLayersModel(handler)`
 * @example
 * ```ts
 * import { fileSystemHandler, tf } from '@kornlp/models';
 * const model = await tf.loadLayersModel(fileSystemHandler('/tmp/my-model'));
 * ```
 */
export function fileSystemHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const { writeFile } = await import('node:fs/promises');
      const bytes = artifacts.weightData ? concatWeightData(artifacts.weightData) : new Uint8Array(0);
      const n = Math.max(1, Math.ceil(bytes.byteLength / SHARD_BYTES));
      const paths: string[] = [];
      for (let i = 0; i < n; i++) {
        const path = `group1-shard${i + 1}of${n}.bin`;
        paths.push(path);
        await writeFile(join(dir, path), bytes.subarray(i * SHARD_BYTES, (i + 1) * SHARD_BYTES));
      }
      const manifest: WeightsManifest = [{ paths, weights: artifacts.weightSpecs ?? [] }];
      const json = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: manifest,
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      };
      const text = JSON.stringify(json);
      await writeFile(join(dir, MODEL_JSON), text);
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: text.length,
          weightSpecsBytes: JSON.stringify(manifest).length,
          weightDataBytes: bytes.byteLength,
        },
      };
    },

    async load(): Promise<tf.io.ModelArtifacts> {
      const jsonPath = join(dir, MODEL_JSON);
      let text: string;
      try {
        text = await readFile(jsonPath, 'utf8');
      } catch (e) {
        throw new ArtifactError(
          'loadModel',
          `cannot read ${jsonPath}: ${(e as NodeJS.ErrnoException).code ?? e}`,
          {
            cause: e,
          },
        );
      }
      let json: {
        modelTopology?: object;
        weightsManifest?: WeightsManifest;
        format?: string;
        generatedBy?: string;
        convertedBy?: string | null;
        trainingConfig?: tf.io.TrainingConfig;
        userDefinedMetadata?: Record<string, {}>;
      };
      try {
        json = JSON.parse(text);
      } catch (e) {
        throw new ArtifactError('loadModel', `${jsonPath} is not valid JSON (${(e as Error).message})`, {
          cause: e,
        });
      }
      if (!json || typeof json.modelTopology !== 'object' || !Array.isArray(json.weightsManifest))
        throw new ArtifactError(
          'loadModel',
          `${jsonPath} is not a TensorFlow.js Layers model: expected "modelTopology" and "weightsManifest", got keys ${describeValue(Object.keys(json ?? {}))}`,
        );
      const specs: tf.io.WeightsManifestEntry[] = [];
      const chunks: Uint8Array[] = [];
      for (const group of json.weightsManifest) {
        specs.push(...group.weights);
        for (const p of group.paths) {
          const shardPath = join(dir, p);
          try {
            chunks.push(await readFile(shardPath));
          } catch (e) {
            throw new ArtifactError(
              'loadModel',
              `missing weight shard ${shardPath} listed in ${MODEL_JSON}: ${(e as NodeJS.ErrnoException).code ?? e}`,
              { cause: e },
            );
          }
        }
      }
      const data = concatWeightData(
        chunks.map((c) => c.buffer.slice(c.byteOffset, c.byteOffset + c.byteLength) as ArrayBuffer),
      );
      const want = expectedBytes(specs);
      if (data.byteLength !== want)
        throw new ArtifactError(
          'loadModel',
          `weight shards in ${dir} hold ${data.byteLength} bytes but ${MODEL_JSON} describes ${want}; the files are truncated or from another model`,
        );
      return {
        modelTopology: json.modelTopology,
        weightSpecs: specs,
        weightData: data.buffer as ArrayBuffer,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy ?? null,
        ...(json.trainingConfig ? { trainingConfig: json.trainingConfig } : {}),
        ...(json.userDefinedMetadata ? { userDefinedMetadata: json.userDefinedMetadata } : {}),
      };
    },
  };
}

/**
 * Saves a model atomically to a directory in the TensorFlow.js Layers format (`model.json` + weight
 * shards): the directory is written aside and renamed into place, so a crash leaves the old model.
 * kornlp's custom layers are saved by class name and restored by {@link loadModel}.
 *
 * @param model - the model to save
 * @param dir - the target directory (replaced if it exists)
 * @example
 * ```ts
 * import { getPreset, saveModel } from '@kornlp/models';
 * await saveModel(getPreset('seed-gru'), '/tmp/seed-gru');
 * ```
 */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  await atomicWriteDir(dir, async (tmp) => {
    await model.save(fileSystemHandler(tmp));
  });
}

/**
 * Loads a model saved by {@link saveModel} (or any TensorFlow.js Layers model directory).
 *
 * @param dir - the model directory
 * @returns the model, with the same predictions as when it was saved
 * @throws ArtifactError when `model.json` or a shard is missing, unreadable or inconsistent, or
 *   when the topology names a layer class that is not registered
 * @example
 * ```ts
 * import { loadModel } from '@kornlp/models';
 * const model = await loadModel('/tmp/seed-gru');
 * console.log(model.countParams()); // 588449
 * ```
 */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  const handler = fileSystemHandler(dir);
  try {
    return await tf.loadLayersModel(handler);
  } catch (e) {
    if (e instanceof ArtifactError) throw e;
    throw new ArtifactError('loadModel', `cannot restore the model in ${dir}: ${(e as Error).message}`, {
      cause: e,
    });
  }
}
