import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { tf } from '../../src/index.js';

/** A layer weight as the PyTorch fixtures store it: name below the layer's own, shape, flat values. */
export type FixtureWeight = [name: string, shape: number[], values: number[]];

/** Reads a fixture written by packages/models/scripts/gen_torch_*.py, e.g. `torch-attention/mha.json`. */
export function torchFixture<T>(path: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8')) as T;
}

/**
 * Builds `layer` on `inputs`, expects its weights to be the fixture's (same names, same order),
 * loads the fixture's values and returns what the layer then computes on `inputs`.
 */
export function applyWithFixtureWeights(
  layer: tf.layers.Layer,
  inputs: tf.Tensor | tf.Tensor[],
  kwargs: Record<string, unknown>,
  weights: FixtureWeight[],
): tf.Tensor | tf.Tensor[] {
  tf.dispose(layer.apply(inputs, kwargs) as tf.Tensor | tf.Tensor[]);
  expect(layer.weights.map((w) => w.originalName.split('/').slice(1).join('/'))).toEqual(
    weights.map(([n]) => n),
  );
  layer.setWeights(weights.map(([, shape, values]) => tf.tensor(values, shape)));
  return layer.apply(inputs, kwargs) as tf.Tensor | tf.Tensor[];
}
