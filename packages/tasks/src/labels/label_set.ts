import { ConfigError, DataFormatError } from '@kornlp/core';

/** The saved form of a {@link LabelSet}. */
export interface LabelSetConfig {
  /** Labels in index order. */
  labels: string[];
}

/**
 * A fixed label vocabulary: label ↔ index. Asking for a label it has never seen is an error that
 * names the label and the known ones (a dev/test label unseen in training must not pass silently).
 *
 * @example
 * ```ts
 * import { LabelSet } from '@kornlp/tasks';
 * const set = LabelSet.fromLabels(['pos', 'neg', 'pos']);
 * console.log(set.labels, set.indexOf('pos'), set.encode(['neg', 'pos']), set.decode([1, 0]));
 * // [ 'neg', 'pos' ] 1 [ 0, 1 ] [ 'pos', 'neg' ]
 * console.log(LabelSet.fromConfig(set.toConfig()).labelAt(1), set.has('neutral')); // pos false
 * set.indexOf('neutral');
 * // throws DataFormatError: [LabelSet] unknown label "neutral"; known labels: "neg", "pos"
 * ```
 */
export class LabelSet {
  /** Labels in index order. */
  readonly labels: readonly string[];
  readonly #index: Map<string, number>;

  /**
   * @param labels - distinct labels in index order
   * @throws ConfigError for a duplicate or non-string label
   */
  constructor(labels: readonly string[]) {
    this.#index = new Map();
    labels.forEach((l, i) => {
      if (typeof l !== 'string')
        throw new ConfigError('LabelSet', `labels must be strings, got ${JSON.stringify(l)}`);
      if (this.#index.has(l)) throw new ConfigError('LabelSet', `duplicate label ${JSON.stringify(l)}`);
      this.#index.set(l, i);
    });
    this.labels = Object.freeze([...labels]);
  }

  /**
   * Builds a set from observed labels (duplicates collapse).
   *
   * @param labels - labels as seen in the data
   * @param options - `sort`: order labels by code point (stable across runs); else first-seen order
   * @default options.sort true
   * @example
   * ```ts
   * console.log(LabelSet.fromLabels(['O', 'B-PS', 'O'], { sort: false }).labels); // [ 'O', 'B-PS' ]
   * ```
   */
  static fromLabels(labels: Iterable<string>, options: { sort?: boolean } = {}): LabelSet {
    const unique = [...new Set(labels)];
    if (options.sort ?? true) unique.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return new LabelSet(unique);
  }

  /**
   * Restores a set saved with {@link LabelSet.toConfig}.
   *
   * @param config - `{ labels }`
   * @throws ConfigError when `labels` is not an array of distinct strings
   */
  static fromConfig(config: LabelSetConfig): LabelSet {
    if (!config || !Array.isArray(config.labels)) {
      throw new ConfigError(
        'LabelSet.fromConfig',
        `expected { labels: string[] }, got ${JSON.stringify(config)}`,
      );
    }
    return new LabelSet(config.labels);
  }

  /** Number of labels. */
  get size(): number {
    return this.labels.length;
  }

  /**
   * Whether the label is known.
   *
   * @param label - any label
   */
  has(label: string): boolean {
    return this.#index.has(label);
  }

  /**
   * The index of a label.
   *
   * @param label - a known label
   * @throws DataFormatError naming the label and the known labels when it is unknown
   */
  indexOf(label: string): number {
    const i = this.#index.get(label);
    if (i === undefined) {
      const known = this.labels.map((l) => JSON.stringify(l));
      const shown =
        known.length > 30
          ? `${known.slice(0, 30).join(', ')}, ... (${known.length} in all)`
          : known.join(', ');
      throw new DataFormatError('LabelSet', `unknown label ${JSON.stringify(label)}; known labels: ${shown}`);
    }
    return i;
  }

  /**
   * The label at an index.
   *
   * @param index - 0 ≤ index < size
   * @throws ConfigError for an index out of range
   */
  labelAt(index: number): string {
    const l = this.labels[index];
    if (l === undefined)
      throw new ConfigError('LabelSet', `label index ${index} out of range [0, ${this.size})`);
    return l;
  }

  /**
   * Maps labels to indices ({@link LabelSet.indexOf} each).
   *
   * @param labels - known labels
   * @throws DataFormatError at the first unknown label
   */
  encode(labels: readonly string[]): number[] {
    return labels.map((l) => this.indexOf(l));
  }

  /**
   * Maps indices to labels ({@link LabelSet.labelAt} each).
   *
   * @param indices - indices in `[0, size)`, e.g. an argmax row
   * @throws ConfigError at the first index out of range
   */
  decode(indices: ArrayLike<number>): string[] {
    return Array.from(indices, (i) => this.labelAt(i));
  }

  /** The saved form: `{ labels }` in index order. */
  toConfig(): LabelSetConfig {
    return { labels: [...this.labels] };
  }
}
