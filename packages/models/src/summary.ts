import type { tf } from './backend/tf.js';

/** Options for {@link summary}. */
export interface SummaryOptions {
  /**
   * Total width of the table, as Keras's `line_length`.
   * @default 98
   */
  lineLength?: number;
}

type Shape = Array<number | null>;

function formatShape(shape: Shape | Shape[]): string {
  const one = (s: Shape) =>
    `(${s.map((d) => (d === null ? 'None' : String(d))).join(', ')}${s.length === 1 ? ',' : ''})`;
  if (Array.isArray(shape[0])) return `[${(shape as Shape[]).map(one).join(', ')}]`;
  return one(shape as Shape);
}

// kornlp's own classes carry a prefix so they never shadow tfjs's registered names; the table
// shows the Keras name a reader compares against.
function displayType(layer: tf.layers.Layer): string {
  return layer.getClassName().replace(/^Kornlp(Fused)?/, '');
}

function connections(layer: tf.layers.Layer): string[] {
  const out: string[] = [];
  const nodes = (
    layer as unknown as {
      inboundNodes: Array<{
        inboundLayers: tf.layers.Layer[];
        nodeIndices: number[];
        tensorIndices: number[];
      }>;
    }
  ).inboundNodes;
  for (const node of nodes)
    node.inboundLayers.forEach((inbound, i) => {
      out.push(`${inbound.name}[${node.nodeIndices[i]}][${node.tensorIndices[i]}]`);
    });
  return out;
}

function countWeights(weights: tf.LayerVariable[]): number {
  return weights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
}

function cell(text: string, width: number): string {
  // Keras truncates a column that overflows; a space always separates columns.
  const cut = text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text;
  return cut.padEnd(width);
}

/**
 * Describes a model as Keras's `model.summary()` does for functional models: one row per layer
 * with `Layer (type)`, `Output Shape`, `Param #` and `Connected to`, then total, trainable and
 * non-trainable parameter counts.
 *
 * @param model - any `tf.LayersModel` (functional or sequential)
 * @param options - see {@link SummaryOptions}
 * @returns the table as one string (lines joined by `\n`, no trailing newline)
 * @example
 * ```ts
 * import { getPreset, summary } from '@kornlp/models';
 * console.log(summary(getPreset('seed-gru')));
 * // Model: "seed-gru"
 * // ...
 * //  gru (GRU)                 (None, 128)          88320       embedding[0][0]
 * // ...
 * // Total params: 588,449
 * ```
 */
export function summary(model: tf.LayersModel, options: SummaryOptions = {}): string {
  const lineLength = options.lineLength ?? 98;
  const stops = [0.33, 0.55, 0.67, 1].map((f) => Math.floor(lineLength * f));
  const widths = stops.map((s, i) => s - (i === 0 ? 0 : (stops[i - 1] as number)));
  const row = (cols: string[]) =>
    cols
      .map((c, i) => cell(c, widths[i] as number))
      .join('')
      .trimEnd();
  const lines: string[] = [`Model: "${model.name}"`, '_'.repeat(lineLength)];
  lines.push(row([' Layer (type)', 'Output Shape', 'Param #', 'Connected to']));
  lines.push('='.repeat(lineLength));
  model.layers.forEach((layer, i) => {
    let shape: string;
    try {
      shape = formatShape(layer.outputShape as Shape | Shape[]);
    } catch {
      shape = 'multiple';
    }
    if (layer.getClassName() === 'InputLayer') shape = `[${shape}]`;
    const conns = connections(layer);
    lines.push(
      row([` ${layer.name} (${displayType(layer)})`, shape, String(layer.countParams()), conns[0] ?? '[]']),
    );
    for (const extra of conns.slice(1)) lines.push(row(['', '', '', extra]));
    if (i < model.layers.length - 1) lines.push('');
  });
  lines.push('='.repeat(lineLength));
  const trainable = countWeights(model.trainableWeights);
  const nonTrainable = countWeights(model.nonTrainableWeights);
  const fmt = (n: number) => n.toLocaleString('en-US');
  lines.push(`Total params: ${fmt(trainable + nonTrainable)}`);
  lines.push(`Trainable params: ${fmt(trainable)}`);
  lines.push(`Non-trainable params: ${fmt(nonTrainable)}`);
  lines.push('_'.repeat(lineLength));
  return lines.join('\n');
}

/**
 * Per-layer parameter counts, `{ layerName: params }`, in model order (handy for tests and reports).
 *
 * @param model - any built tfjs model
 * @example
 * ```ts
 * import { paramCounts, tf } from '@kornlp/models';
 * const model = tf.sequential({
 *   layers: [
 *     tf.layers.embedding({ inputDim: 100, outputDim: 8, inputLength: 5, name: 'embedding' }),
 *     tf.layers.flatten({ name: 'flatten' }),
 *     tf.layers.dense({ units: 2, name: 'dense' }),
 *   ],
 * });
 * console.log(paramCounts(model)); // { embedding: 800, flatten: 0, dense: 82 }
 * ```
 */
export function paramCounts(model: tf.LayersModel): Record<string, number> {
  return Object.fromEntries(model.layers.map((l) => [l.name, l.countParams()]));
}
