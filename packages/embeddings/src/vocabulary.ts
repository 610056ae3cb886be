import { readFile } from 'node:fs/promises';
import {
  ArtifactError,
  atomicWriteFile,
  ConfigError,
  createProgress,
  DataFormatError,
  describeValue,
} from '@kornlp/core';
import { compareCodePoints } from './code-point-order.js';

/** The strings used for the special entries. `bos`/`eos` are only added when given. */
export interface VocabularySpecials {
  /** Padding, always id 0 (so a Keras-style `maskZero` embedding masks it). @default '<pad>' */
  pad?: string;
  /** Unknown token, always id 1. @default '<unk>' */
  unk?: string;
  /** Begin-of-sequence token, id 2 when present. @default undefined (none) */
  bos?: string;
  /** End-of-sequence token, the next id after `bos` when present. @default undefined (none) */
  eos?: string;
}

/** Options of {@link Vocabulary.build} and {@link Vocabulary.fromCounts}. */
export interface VocabularyOptions {
  /** Tokens seen fewer times are left out. @default 1 */
  minFreq?: number;
  /** Largest number of entries, specials included (the reference design uses 5000). @default Infinity */
  maxSize?: number;
  /** Special tokens; see {@link VocabularySpecials}. @default { pad: '<pad>', unk: '<unk>' } */
  specials?: VocabularySpecials;
  /** What the tokens are (`morpheme`, `form-tag`, `syllable`, `jamo`), recorded in the saved file. @default null */
  unit?: string | null;
  /** Show progress while counting (a stream of sequences has no known total). @default false */
  progress?: boolean;
}

/** Corpus statistics recorded when a vocabulary is built. */
export interface VocabularyStats {
  /** Tokens counted (special strings excluded). */
  totalTokens: number;
  /** Distinct tokens counted. */
  totalTypes: number;
  /** Sequences counted. */
  sequences: number;
  /** Tokens of the corpus that the vocabulary covers (i.e. that do not become `unk`). */
  coveredTokens: number;
  /** Distinct tokens that got an entry. */
  coveredTypes: number;
}

/** Coverage of a corpus by a vocabulary; see {@link Vocabulary.coverage}. */
export interface Coverage {
  /** Share of running tokens that are in the vocabulary, 0..1. */
  tokens: number;
  /** Share of distinct tokens that are in the vocabulary, 0..1. */
  types: number;
  /** Running tokens in the corpus (the denominator of `tokens`). */
  totalTokens: number;
  /** Distinct tokens in the corpus (the denominator of `types`). */
  totalTypes: number;
  /** Running tokens found in the vocabulary. */
  coveredTokens: number;
  /** Distinct tokens found in the vocabulary. */
  coveredTypes: number;
}

/** Options of {@link Vocabulary.encode}. */
export interface EncodeOptions {
  /** Prepend the BOS id. @default true when the vocabulary has a BOS token */
  bos?: boolean;
  /** Append the EOS id. @default true when the vocabulary has an EOS token */
  eos?: boolean;
}

/** Options of {@link Vocabulary.decode}. */
export interface DecodeOptions {
  /** Drop padding, BOS and EOS (unknown stays). @default false */
  skipSpecials?: boolean;
}

/** The saved form of a vocabulary (version 1). */
export interface VocabularyJson {
  /** Always `kornlp-vocabulary`, so a stray JSON file is not mistaken for one. */
  format: 'kornlp-vocabulary';
  /** The file format version this kornlp writes and reads. */
  version: 1;
  /** The unit the tokens are in (`morpheme`, `form-tag`, `syllable`, `jamo`), or null. */
  unit: string | null;
  /** The special tokens; `bos`/`eos` are null when absent. */
  specials: { pad: string; unk: string; bos: string | null; eos: string | null };
  /** The `minFreq` the vocabulary was built with. */
  minFreq: number;
  /** The `maxSize` it was built with; null for no limit. */
  maxSize: number | null;
  /** Every entry; the index is the id. */
  tokens: string[];
  /** Corpus count of each entry, parallel to `tokens` (0 for specials). */
  counts: number[];
  /** Corpus statistics recorded at build time. */
  stats: VocabularyStats;
}

const FORMAT = 'kornlp-vocabulary';
const VERSION = 1;

type Sequences = Iterable<readonly string[]> | AsyncIterable<readonly string[]>;

function checkCount(name: string, value: unknown, min: number, allowInfinity: boolean): number {
  const ok =
    typeof value === 'number' &&
    value >= min &&
    (Number.isInteger(value) || (allowInfinity && value === Number.POSITIVE_INFINITY));
  if (!ok) {
    throw new ConfigError(
      'Vocabulary',
      `${name} must be an integer >= ${min}${allowInfinity ? ' (or Infinity)' : ''}, got ${describeValue(value)}`,
    );
  }
  return value as number;
}

/**
 * A token ↔ id mapping with Keras-compatible specials: `0` is padding, `1` is unknown, then the
 * optional BOS and EOS, then tokens by count (highest first; ties in code-point order, so the
 * same corpus always gives the same ids).
 *
 * @example
 * ```ts
 * import { Vocabulary } from '@kornlp/embeddings';
 * const vocab = await Vocabulary.build([['영화', '재밌', '다'], ['영화', '최고']], { maxSize: 4 });
 * console.log(vocab.tokens); // [ '<pad>', '<unk>', '영화', '다' ]
 * console.log(vocab.encode(['영화', '최고'])); // [ 2, 1 ]
 * console.log(vocab.coverage().tokens); // 0.6
 * ```
 */
export class Vocabulary {
  /** Every entry; the index is the id. */
  readonly tokens: readonly string[];
  /** Corpus count of each entry (0 for specials). */
  readonly counts: readonly number[];
  /** The unit the tokens are in, as recorded at build time. */
  readonly unit: string | null;
  /** The special strings. */
  readonly specials: { pad: string; unk: string; bos: string | null; eos: string | null };
  /** Id of padding (always 0). */
  readonly padId = 0;
  /** Id of the unknown token (always 1). */
  readonly unkId = 1;
  /** Id of BOS, or -1. */
  readonly bosId: number;
  /** Id of EOS, or -1. */
  readonly eosId: number;
  /** Corpus statistics from the build. */
  readonly stats: VocabularyStats;
  private readonly minFreq: number;
  private readonly maxSize: number | null;
  private readonly index: Map<string, number>;

  private constructor(json: Omit<VocabularyJson, 'format' | 'version'>) {
    this.tokens = json.tokens;
    this.counts = json.counts;
    this.unit = json.unit;
    this.specials = json.specials;
    this.stats = json.stats;
    this.minFreq = json.minFreq;
    this.maxSize = json.maxSize;
    this.bosId = json.specials.bos === null ? -1 : 2;
    this.eosId = json.specials.eos === null ? -1 : json.specials.bos === null ? 2 : 3;
    this.index = new Map();
    json.tokens.forEach((t, i) => {
      this.index.set(t, i);
    });
  }

  /**
   * Builds a vocabulary from a stream of token sequences, reading it once and keeping only the
   * counts (so a corpus read line by line is never held in memory).
   *
   * @param sequences - token arrays, sync or async (e.g. a generator over a file)
   * @param options - see {@link VocabularyOptions}
   * @returns the vocabulary
   * @throws ConfigError for bad options
   * @example
   * ```ts
   * const vocab = await Vocabulary.build([['a', 'b', 'b']], { specials: { bos: '<s>' } });
   * console.log(vocab.tokens); // [ '<pad>', '<unk>', '<s>', 'b', 'a' ]
   * ```
   */
  static async build(sequences: Sequences, options: VocabularyOptions = {}): Promise<Vocabulary> {
    const counts = new Map<string, number>();
    const progress = options.progress ? createProgress({ label: 'vocab: counting sequences' }) : null;
    let n = 0;
    for await (const seq of sequences as AsyncIterable<readonly string[]>) {
      for (const t of seq) counts.set(t, (counts.get(t) ?? 0) + 1);
      n++;
      if (progress && (n & 1023) === 0) progress.tick(1024);
    }
    progress?.done({ sequences: n, types: counts.size });
    return Vocabulary.fromCounts(counts, options, n);
  }

  /**
   * Builds a vocabulary from counts already made.
   *
   * @param counts - token → count
   * @param options - see {@link VocabularyOptions}
   * @param sequences - how many sequences were counted, for {@link Vocabulary.stats} @default 0
   * @returns the vocabulary
   * @example
   * ```ts
   * const v = Vocabulary.fromCounts(new Map([['b', 2], ['a', 2], ['c', 1]]), { minFreq: 2 });
   * console.log(v.tokens); // [ '<pad>', '<unk>', 'a', 'b' ]
   * ```
   */
  static fromCounts(
    counts: ReadonlyMap<string, number>,
    options: VocabularyOptions = {},
    sequences = 0,
  ): Vocabulary {
    const minFreq = checkCount('minFreq', options.minFreq ?? 1, 1, false);
    const maxSize = checkCount('maxSize', options.maxSize ?? Number.POSITIVE_INFINITY, 2, true);
    const sp = options.specials ?? {};
    const specials = {
      pad: sp.pad ?? '<pad>',
      unk: sp.unk ?? '<unk>',
      bos: sp.bos ?? null,
      eos: sp.eos ?? null,
    };
    const specialList = [specials.pad, specials.unk, specials.bos, specials.eos].filter(
      (s): s is string => s !== null,
    );
    if (new Set(specialList).size !== specialList.length) {
      throw new ConfigError(
        'Vocabulary',
        `special tokens must be distinct, got ${describeValue(specialList)}`,
      );
    }
    if (maxSize < specialList.length) {
      throw new ConfigError(
        'Vocabulary',
        `maxSize ${maxSize} leaves no room for the ${specialList.length} special tokens`,
      );
    }
    const isSpecial = new Set(specialList);
    let totalTokens = 0;
    const entries: [string, number][] = [];
    for (const [t, c] of counts) {
      if (isSpecial.has(t)) continue;
      totalTokens += c;
      if (c >= minFreq) entries.push([t, c]);
    }
    const totalTypes = counts.size - specialList.filter((s) => counts.has(s)).length;
    entries.sort((a, b) => b[1] - a[1] || compareCodePoints(a[0], b[0]));
    const room = maxSize - specialList.length;
    if (entries.length > room) entries.length = room;
    let coveredTokens = 0;
    for (const e of entries) coveredTokens += e[1];
    return new Vocabulary({
      unit: options.unit ?? null,
      specials,
      minFreq,
      maxSize: Number.isFinite(maxSize) ? maxSize : null,
      tokens: [...specialList, ...entries.map((e) => e[0])],
      counts: [...specialList.map(() => 0), ...entries.map((e) => e[1])],
      stats: { totalTokens, totalTypes, sequences, coveredTokens, coveredTypes: entries.length },
    });
  }

  /** Number of entries, specials included (the Embedding layer's `inputDim`). */
  get size(): number {
    return this.tokens.length;
  }

  /**
   * The id of a token: its entry, or `unkId` (1).
   *
   * @param token - a token
   * @returns its id
   */
  id(token: string): number {
    return this.index.get(token) ?? 1;
  }

  /**
   * Whether the token has an entry of its own.
   *
   * @param token - a token
   * @returns true if it is in the vocabulary
   */
  has(token: string): boolean {
    return this.index.has(token);
  }

  /**
   * The token of an id.
   *
   * @param id - an id in [0, size)
   * @returns the token
   * @throws DataFormatError for an id out of range
   */
  token(id: number): string {
    const t = Number.isInteger(id) ? this.tokens[id] : undefined;
    if (t === undefined) {
      throw new DataFormatError(
        'Vocabulary.token',
        `id ${describeValue(id)} is out of range; valid ids are integers in [0, ${this.size})`,
      );
    }
    return t;
  }

  /**
   * Maps tokens to ids; unknown tokens become `unkId`.
   *
   * @param tokens - one sequence
   * @param options - BOS/EOS; see {@link EncodeOptions}
   * @returns the ids
   * @example
   * ```ts
   * const v = await Vocabulary.build([['a', 'b']], { specials: { bos: '<s>', eos: '</s>' } });
   * console.log(v.encode(['a', 'z'])); // [ 2, 4, 1, 3 ]
   * console.log(v.encode(['a'], { bos: false, eos: false })); // [ 4 ]
   * ```
   */
  encode(tokens: readonly string[], options: EncodeOptions = {}): number[] {
    const bos = (options.bos ?? true) && this.bosId >= 0;
    const eos = (options.eos ?? true) && this.eosId >= 0;
    const out: number[] = [];
    if (bos) out.push(this.bosId);
    for (const t of tokens) out.push(this.index.get(t) ?? 1);
    if (eos) out.push(this.eosId);
    return out;
  }

  /**
   * Maps ids back to tokens.
   *
   * @param ids - one sequence of ids
   * @param options - see {@link DecodeOptions}
   * @returns the tokens
   * @throws DataFormatError for an id out of range
   * @example
   * ```ts
   * const v = await Vocabulary.build([['a', 'b', 'b']]);
   * console.log(v.decode([0, 0, 2, 3, 1])); // [ '<pad>', '<pad>', 'b', 'a', '<unk>' ]
   * console.log(v.decode([0, 0, 2, 3], { skipSpecials: true })); // [ 'b', 'a' ]
   * ```
   */
  decode(ids: ArrayLike<number>, options: DecodeOptions = {}): string[] {
    const skip = options.skipSpecials ?? false;
    const out: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (skip && (id === 0 || id === this.bosId || id === this.eosId)) continue;
      out.push(this.token(id));
    }
    return out;
  }

  /**
   * Coverage of the corpus the vocabulary was built from: the share of running tokens and of
   * distinct tokens that have an entry.
   *
   * @returns see {@link Coverage}
   */
  coverage(): Coverage {
    const s = this.stats;
    return {
      tokens: s.totalTokens === 0 ? 0 : s.coveredTokens / s.totalTokens,
      types: s.totalTypes === 0 ? 0 : s.coveredTypes / s.totalTypes,
      totalTokens: s.totalTokens,
      totalTypes: s.totalTypes,
      coveredTokens: s.coveredTokens,
      coveredTypes: s.coveredTypes,
    };
  }

  /**
   * Coverage of another corpus (e.g. a dev split) by this vocabulary. Special strings found in
   * the corpus count as neither covered nor uncovered.
   *
   * @param sequences - token arrays, sync or async
   * @returns see {@link Coverage}
   * @example
   * ```ts
   * const v = await Vocabulary.build([['a', 'b']]);
   * console.log((await v.measureCoverage([['a', 'a', 'c']])).tokens); // 0.6666666666666666
   * ```
   */
  async measureCoverage(sequences: Sequences): Promise<Coverage> {
    const seen = new Map<string, boolean>();
    let totalTokens = 0;
    let coveredTokens = 0;
    const special = new Set(this.tokens.slice(0, this.firstRegularId));
    for await (const seq of sequences as AsyncIterable<readonly string[]>) {
      for (const t of seq) {
        if (special.has(t)) continue;
        totalTokens++;
        const known = this.index.has(t);
        if (known) coveredTokens++;
        seen.set(t, known);
      }
    }
    let coveredTypes = 0;
    for (const k of seen.values()) if (k) coveredTypes++;
    const totalTypes = seen.size;
    return {
      tokens: totalTokens === 0 ? 0 : coveredTokens / totalTokens,
      types: totalTypes === 0 ? 0 : coveredTypes / totalTypes,
      totalTokens,
      totalTypes,
      coveredTokens,
      coveredTypes,
    };
  }

  /** The first id that is not a special token. */
  get firstRegularId(): number {
    return 2 + (this.bosId >= 0 ? 1 : 0) + (this.eosId >= 0 ? 1 : 0);
  }

  /**
   * The saved form (format `kornlp-vocabulary`, version 1).
   *
   * @returns a JSON-safe object
   */
  toJSON(): VocabularyJson {
    return {
      format: FORMAT,
      version: VERSION,
      unit: this.unit,
      specials: { ...this.specials },
      minFreq: this.minFreq,
      maxSize: this.maxSize,
      tokens: [...this.tokens],
      counts: [...this.counts],
      stats: { ...this.stats },
    };
  }

  /**
   * Rebuilds a vocabulary from {@link toJSON} output, validating it.
   *
   * @param json - the parsed object
   * @param source - where it came from, for error messages @default 'vocabulary JSON'
   * @returns the vocabulary
   * @throws ArtifactError for an unknown format or version, or inconsistent contents
   */
  static fromJSON(json: unknown, source = 'vocabulary JSON'): Vocabulary {
    const bad = (what: string) =>
      new ArtifactError('Vocabulary.load', `${source} is not a valid kornlp vocabulary: ${what}`);
    if (typeof json !== 'object' || json === null)
      throw bad(`expected an object, got ${describeValue(json)}`);
    const j = json as Partial<VocabularyJson>;
    if (j.format !== FORMAT) throw bad(`format is ${describeValue(j.format)}, expected "${FORMAT}"`);
    if (j.version !== VERSION) {
      throw new ArtifactError(
        'Vocabulary.load',
        `${source} has version ${describeValue(j.version)}; this kornlp reads version ${VERSION} only`,
      );
    }
    const { tokens, counts, specials, stats } = j;
    if (!Array.isArray(tokens) || !tokens.every((t) => typeof t === 'string')) {
      throw bad('tokens must be an array of strings');
    }
    if (!Array.isArray(counts) || counts.length !== tokens.length || !counts.every(Number.isInteger)) {
      throw bad(`counts must be ${tokens.length} integers, one per token`);
    }
    if (new Set(tokens).size !== tokens.length) throw bad('tokens contain duplicates');
    if (
      !specials ||
      typeof specials.pad !== 'string' ||
      typeof specials.unk !== 'string' ||
      (specials.bos !== null && typeof specials.bos !== 'string') ||
      (specials.eos !== null && typeof specials.eos !== 'string')
    ) {
      throw bad('specials must be { pad, unk, bos, eos } strings (bos/eos may be null)');
    }
    const expected = [specials.pad, specials.unk, specials.bos, specials.eos].filter((s) => s !== null);
    if (expected.some((s, i) => tokens[i] !== s)) {
      throw bad(`the first tokens must be the specials ${describeValue(expected)}`);
    }
    if (!stats || typeof stats !== 'object' || !Number.isFinite(stats.totalTokens)) {
      throw bad('stats are missing');
    }
    return new Vocabulary({
      unit: j.unit ?? null,
      specials,
      minFreq: j.minFreq ?? 1,
      maxSize: j.maxSize ?? null,
      tokens,
      counts,
      stats,
    });
  }

  /**
   * Saves as JSON, atomically (readers never see a half-written file).
   *
   * @param path - the file to write
   */
  async save(path: string): Promise<void> {
    await atomicWriteFile(path, `${JSON.stringify(this.toJSON())}\n`);
  }

  /**
   * Loads a vocabulary saved by {@link save}.
   *
   * @param path - the file
   * @returns the vocabulary
   * @throws ArtifactError when the file is missing, not JSON, or of an unknown format or version
   * @example
   * ```ts
   * await vocab.save('/tmp/vocab.json');
   * const again = await Vocabulary.load('/tmp/vocab.json');
   * console.log(again.tokens.length === vocab.tokens.length); // true
   * ```
   */
  static async load(path: string): Promise<Vocabulary> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      throw new ArtifactError('Vocabulary.load', `cannot read ${path}: ${(e as Error).message}`, {
        cause: e,
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new ArtifactError(
        'Vocabulary.load',
        `${path} is corrupt (not valid JSON): ${(e as Error).message}`,
        {
          cause: e,
        },
      );
    }
    return Vocabulary.fromJSON(json, path);
  }
}
