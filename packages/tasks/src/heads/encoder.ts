import { ConfigError, describeValue } from '@kornlp/core';
import { ENCODER_KINDS, type EncoderBodyOptions, type EncoderKind } from '@kornlp/models';

export type { EncoderKind };
/** Encoder kinds a head can sit on: `@kornlp/models`' kinds (fused recurrent, attention, Transformer). */
export { ENCODER_KINDS };

/** How to build the encoder between the embeddings and a head; plain JSON, saved with pipelines. */
export interface EncoderSpec {
  /**
   * The architecture: `simple_rnn`, `lstm`, `gru` (fused recurrent layers), `bi_lstm`, `bi_gru`
   * (both directions), `attention` (bi-GRU read by attention pooling) or `transformer`.
   * @default 'bi_lstm'
   */
  kind?: EncoderKind;
  /**
   * Units per direction of the recurrent layers (the `attention` kind's bi-GRU too).
   * @default 128
   */
  units?: number;
  /**
   * Stacked recurrent layers, or Transformer blocks.
   * @default 1
   */
  layers?: number;
  /**
   * Dropout on the encoder's output while training; for `transformer` also inside every block.
   * @default 0
   */
  dropout?: number;
  /**
   * `transformer`: attention heads (the embedding width must divide by it).
   * @default 4
   */
  numHeads?: number;
  /**
   * `transformer`: feed-forward width.
   * @default 256
   */
  ffDim?: number;
}

function positiveInt(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    throw new ConfigError('encoder', `${name} must be a positive integer, got ${describeValue(v)}`);
  return v;
}

/**
 * Fills in an {@link EncoderSpec}'s defaults and checks it.
 *
 * @param spec - a partial spec
 * @returns the complete spec
 * @throws ConfigError naming the bad field, its value and what is valid
 * @example
 * ```ts
 * console.log(resolveEncoderSpec({ kind: 'gru' }));
 * // { kind: 'gru', units: 128, layers: 1, dropout: 0, numHeads: 4, ffDim: 256 }
 * ```
 */
export function resolveEncoderSpec(spec: EncoderSpec = {}): Required<EncoderSpec> {
  const { kind = 'bi_lstm', units = 128, layers = 1, dropout = 0, numHeads = 4, ffDim = 256 } = spec;
  if (!(ENCODER_KINDS as readonly string[]).includes(kind)) {
    throw new ConfigError(
      'encoder',
      `unknown encoder kind ${describeValue(kind)}; expected one of ${ENCODER_KINDS.join(', ')}`,
    );
  }
  if (!(typeof dropout === 'number' && dropout >= 0 && dropout < 1))
    throw new ConfigError('encoder', `dropout must be in [0, 1), got ${describeValue(dropout)}`);
  return {
    kind,
    units: positiveInt('units', units),
    layers: positiveInt('layers', layers),
    dropout,
    numHeads: positiveInt('numHeads', numHeads),
    ffDim: positiveInt('ffDim', ffDim),
  };
}

/**
 * The `@kornlp/models` encoder options for a spec: what a head passes to `applyEncoder` or
 * `applyEncoderBody` besides its output, pooling and sizes.
 *
 * @param encoder - the spec
 * @returns the matching options
 * @throws ConfigError for a bad spec
 */
export function encoderOptions(encoder: EncoderSpec): EncoderBodyOptions {
  const spec = resolveEncoderSpec(encoder);
  return {
    kind: spec.kind,
    units: spec.units,
    numLayers: spec.layers,
    dropout: spec.dropout,
    numHeads: spec.numHeads,
    ffDim: spec.ffDim,
  };
}
