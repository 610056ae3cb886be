import { ArtifactError, ConfigError } from '@kornlp/core';

/** The serialized form of a {@link TokenVocab}. */
export interface TokenVocabJSON {
  /** Tokens by id; 0 is `<pad>`, 1 is `<unk>`. */
  tokens: string[];
}

/**
 * The token → id table a pipeline channel uses (id 0 = padding, 1 = unknown), built from training
 * tokens by frequency.
 *
 * @example
 * ```ts
 * const v = TokenVocab.build([['a', 'b', 'a']], {});
 * console.log(v.encode(['a', 'z'])); // [2, 1]
 * ```
 */
export class TokenVocab {
  /** Tokens by id. */
  readonly tokens: readonly string[];
  private readonly index: Map<string, number>;

  /** @param tokens - tokens by id, starting with `<pad>`, `<unk>` */
  constructor(tokens: readonly string[]) {
    if (tokens[0] !== '<pad>' || tokens[1] !== '<unk>') {
      throw new ArtifactError(
        'TokenVocab',
        `a vocabulary starts with "<pad>", "<unk>"; got ${JSON.stringify(tokens.slice(0, 2))}`,
      );
    }
    this.tokens = tokens;
    this.index = new Map(tokens.map((t, i) => [t, i]));
  }

  /**
   * Builds a vocabulary from token sequences: most frequent first, ties by first appearance.
   *
   * @param sequences - training token sequences
   * @param options - `maxSize` (specials included, default unlimited), `minCount` (default 1)
   */
  static build(
    sequences: Iterable<readonly string[]>,
    options: { maxSize?: number; minCount?: number },
  ): TokenVocab {
    const { maxSize = Number.POSITIVE_INFINITY, minCount = 1 } = options;
    if (!(maxSize >= 3))
      throw new ConfigError(
        'TokenVocab.build',
        `maxSize must be ≥ 3 (two specials + one token), got ${maxSize}`,
      );
    const counts = new Map<string, number>();
    for (const seq of sequences) for (const t of seq) counts.set(t, (counts.get(t) ?? 0) + 1);
    const kept = [...counts.entries()].filter(([, c]) => c >= minCount).sort((a, b) => b[1] - a[1]);
    return new TokenVocab(['<pad>', '<unk>', ...kept.slice(0, maxSize - 2).map(([t]) => t)]);
  }

  /** Number of ids, specials included. */
  get size(): number {
    return this.tokens.length;
  }

  /** Ids for tokens; unknown tokens (and a literal `<pad>` in the text) map to 1. */
  encode(tokens: readonly string[]): number[] {
    return tokens.map((t) => this.index.get(t) || 1);
  }

  /** The JSON form. */
  toJSON(): TokenVocabJSON {
    return { tokens: [...this.tokens] };
  }

  /** Reads the JSON form. */
  static fromJSON(json: TokenVocabJSON): TokenVocab {
    if (!json || !Array.isArray(json.tokens))
      throw new ArtifactError('TokenVocab', 'vocabulary JSON needs a "tokens" array');
    return new TokenVocab(json.tokens);
  }
}

/**
 * Pads or truncates ids to `maxLen` (Keras `pad_sequences`): `pre` padding/truncation keeps the end
 * of long texts, which suits recurrent classifiers; taggers use `post`.
 *
 * @param ids - the ids
 * @param maxLen - target length
 * @param side - where to pad and cut @default 'pre'
 */
export function fitLength(ids: readonly number[], maxLen: number, side: 'pre' | 'post' = 'pre'): number[] {
  const cut =
    ids.length > maxLen ? (side === 'pre' ? ids.slice(ids.length - maxLen) : ids.slice(0, maxLen)) : [...ids];
  const pad = new Array<number>(maxLen - cut.length).fill(0);
  return side === 'pre' ? [...pad, ...cut] : [...cut, ...pad];
}
