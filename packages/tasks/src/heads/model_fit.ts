import { ConfigError } from '@kornlp/core';
import type { tf } from '@kornlp/models';

/**
 * Checks that a (loaded) model's embedding layer takes as many ids as the head's configuration
 * says, so a vocabulary and a model from different runs cannot be paired silently: ids past the
 * embedding's rows would read zeros or garbage instead of failing.
 *
 * @param where - the head, for the error message
 * @param model - the model
 * @param layerName - the embedding layer's name
 * @param vocabSize - the ids the head's vocabulary has
 * @throws ConfigError when the layer is missing or embeds another number of ids
 */
export function checkEmbeddingFits(
  where: string,
  model: tf.LayersModel,
  layerName: string,
  vocabSize: number,
): void {
  const layer = model.layers.find((l) => l.name === layerName);
  if (!layer) {
    throw new ConfigError(
      where,
      `the model has no layer ${JSON.stringify(layerName)} (layers: ${model.layers.map((l) => l.name).join(', ')})`,
    );
  }
  const inputDim = layer.getConfig().inputDim;
  if (inputDim !== vocabSize) {
    throw new ConfigError(
      where,
      `the model's ${layerName} layer embeds ${String(inputDim)} ids but the configuration says vocabSize ${vocabSize}: vocab and model do not belong together`,
    );
  }
}
