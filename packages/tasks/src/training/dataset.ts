import type { tf } from '@kornlp/models';

/**
 * Training data the {@link train} loop can batch: `size` examples, and a way to turn a list of
 * example indices into input tensors and a target tensor. Tasks build these from encoded ids.
 */
export interface TrainingDataset {
  /** Number of examples. */
  readonly size: number;
  /**
   * Tensors for the given examples, in order. The caller disposes them.
   *
   * @param indices - example indices, each in [0, size)
   */
  batch(indices: readonly number[]): { xs: tf.Tensor[]; y: tf.Tensor };
}

/**
 * What the training loop optimizes: a Layers model and a loss over one batch. Heads implement it.
 */
export interface Trainable {
  /** The model whose trainable weights are updated. */
  readonly model: tf.LayersModel;
  /**
   * The mean loss over a batch, as a scalar. Called inside a gradient tape.
   *
   * @param xs - input tensors from {@link TrainingDataset.batch}
   * @param y - targets from {@link TrainingDataset.batch}
   * @param training - whether dropout is active
   */
  loss(xs: tf.Tensor[], y: tf.Tensor, training: boolean): tf.Scalar;
}
