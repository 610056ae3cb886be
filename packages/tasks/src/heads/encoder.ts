import { ConfigError } from '@kornlp/core';
import { tf } from '@kornlp/models';

/** Encoder kinds a head can sit on. */
export const ENCODER_KINDS = ['simple_rnn', 'lstm', 'gru', 'bi_lstm', 'bi_gru'] as const;
/** An encoder kind, e.g. `bi_gru`. */
export type EncoderKind = (typeof ENCODER_KINDS)[number];

/** How to build the encoder between the embeddings and a head. */
export interface EncoderSpec {
  /** The recurrent cell, and `bi_` for both directions. @default 'bi_lstm' */
  kind?: EncoderKind;
  /** Units per direction. @default 128 */
  units?: number;
  /** Stacked layers. @default 1 */
  layers?: number;
  /** Dropout on each layer's inputs while training. @default 0 */
  dropout?: number;
}

/**
 * Fills in an {@link EncoderSpec}'s defaults and checks it.
 *
 * @param spec - a partial spec
 * @returns the complete spec
 */
export function resolveEncoderSpec(spec: EncoderSpec = {}): Required<EncoderSpec> {
  const { kind = 'bi_lstm', units = 128, layers = 1, dropout = 0 } = spec;
  if (!(ENCODER_KINDS as readonly string[]).includes(kind)) {
    throw new ConfigError(
      'encoder',
      `unknown encoder kind ${JSON.stringify(kind)}; expected one of ${ENCODER_KINDS.join(', ')}`,
    );
  }
  if (!Number.isInteger(units) || units < 1)
    throw new ConfigError('encoder', `units must be a positive integer, got ${units}`);
  if (!Number.isInteger(layers) || layers < 1)
    throw new ConfigError('encoder', `layers must be a positive integer, got ${layers}`);
  if (!(dropout >= 0 && dropout < 1))
    throw new ConfigError('encoder', `dropout must be in [0, 1), got ${dropout}`);
  return { kind, units, layers, dropout };
}

/**
 * Applies an encoder to embedded, masked inputs: the one place heads turn an {@link EncoderSpec}
 * into layers.
 *
 * @param x - embeddings, shape [batch, time, dim], with a padding mask
 * @param spec - the encoder
 * @param output - `sequence` keeps every step ([batch, time, units·dirs]); `last` keeps the final
 *   state ([batch, units·dirs]; both directions' final states for `bi_` kinds)
 * @param seed - seeds the weight initializers
 * @returns the encoded symbolic tensor
 */
export function applyEncoder(
  x: tf.SymbolicTensor,
  spec: EncoderSpec,
  output: 'sequence' | 'last',
  seed: number,
): tf.SymbolicTensor {
  const { kind, units, layers, dropout } = resolveEncoderSpec(spec);
  const bi = kind.startsWith('bi_');
  const cell = kind.replace('bi_', '');
  let h = x;
  for (let i = 0; i < layers; i++) {
    const returnSequences = output === 'sequence' || i < layers - 1;
    const args = {
      units,
      returnSequences,
      dropout,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 17 * i }),
      recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 17 * i + 1 }),
      name: `encoder_${cell}_${i}`,
    };
    const rnn =
      cell === 'lstm'
        ? tf.layers.lstm(args)
        : cell === 'gru'
          ? tf.layers.gru(args)
          : tf.layers.simpleRNN(args);
    const layer = bi
      ? tf.layers.bidirectional({
          layer: rnn as tf.RNN,
          mergeMode: 'concat',
          name: `encoder_bi_${cell}_${i}`,
        })
      : rnn;
    h = layer.apply(h) as tf.SymbolicTensor;
  }
  return h;
}
