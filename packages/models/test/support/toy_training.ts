import { tf } from '../../src/index.js';
import { rand } from './custom_layer_suite.js';

/**
 * Trains `features` (a `[batch, width]` symbolic tensor computed from the input `x`) under one
 * sigmoid unit on a toy task — is the sum of the inputs positive? — with Adam, full batches of 32
 * fixed random examples, and returns the loss of each epoch. The model is disposed.
 */
export async function toyTrainingLosses(
  x: tf.SymbolicTensor,
  features: tf.SymbolicTensor,
  options: { learningRate: number; epochs: number },
): Promise<number[]> {
  const y = tf.layers.dense({ units: 1, activation: 'sigmoid' }).apply(features) as tf.SymbolicTensor;
  const model = tf.model({ inputs: x, outputs: y });
  model.compile({ optimizer: tf.train.adam(options.learningRate), loss: 'binaryCrossentropy' });
  const xs = rand([32, ...(x.shape.slice(1) as number[])], 9);
  const ys = tf.tidy(() => xs.sum([1, 2]).greater(0).toFloat().reshape([32, 1]));
  const hist = await model.fit(xs, ys, { epochs: options.epochs, batchSize: 32, verbose: 0 });
  tf.dispose([xs, ys]);
  model.dispose();
  return hist.history.loss as number[];
}
