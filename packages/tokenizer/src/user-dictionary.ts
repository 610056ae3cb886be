import { readFileSync } from 'node:fs';
import { ConfigError, DataFormatError, describeValue } from '@kornlp/core';
import type { Dictionary } from './dictionary/dictionary.js';
import { type Analyzer, SOURCE_USER } from './engine/analyzer.js';
import { splitCsv } from './features.js';

/** One word to add to the analyzer's lattice. */
export interface UserWord {
  /** The text to match, e.g. `딥러닝`. No whitespace. */
  surface: string;
  /** POS tag (mecab-ko-dic/Sejong), e.g. `NNP`. Used to pick context ids. @default 'NNP' */
  pos?: string;
  /**
   * Word cost; lower is preferred. When omitted, the median cost of system entries with the same
   * context ids (the typical cost of a word of that class).
   */
  cost?: number;
  /** Left/right context ids; taken from a system entry of the same POS and final consonant when omitted. */
  leftId?: number;
  /** Right context id; see `leftId`. @default from a system entry of the same POS */
  rightId?: number;
  /** Semantic class field. @default '*' */
  semanticClass?: string;
  /** Reading field. @default the surface */
  reading?: string;
  /** Type, first POS, last POS, expression fields (for compound entries). @default '*' */
  type?: string;
  /** First POS field (the tag of the first part of a compound). @default '*' */
  firstPos?: string;
  /** Last POS field (the tag of the last part). @default '*' */
  lastPos?: string;
  /** Expression field: the parts, `form/TAG/*+form/TAG/*`. @default '*' */
  expression?: string;
}

interface TrieNode {
  next: Map<number, TrieNode>;
  entries: number[];
}

interface Context {
  left: number;
  right: number;
  posid: number;
  cost: number;
}

const hasFinal = (s: string): 'T' | 'F' | '*' => {
  const c = s.charCodeAt(s.length - 1);
  if (c >= 0xac00 && c <= 0xd7a3) return (c - 0xac00) % 28 !== 0 ? 'T' : 'F';
  return '*';
};

/**
 * Words added at runtime or from a mecab-ko-dic style CSV. They enter the lattice after the
 * system dictionary's candidates at the same position, exactly like a MeCab user dictionary.
 *
 * @example
 * ```ts
 * import { createTokenizer } from '@kornlp/tokenizer';
 * const tok = await createTokenizer();
 * tok.userDictionary.add({ surface: '뉴진스', pos: 'NNP' });
 * console.log(tok.morphs('뉴진스가 왔다'));
 * // [ '뉴진스', '가', '왔', '다' ]
 * ```
 */
export class UserDictionary {
  private readonly dict: Dictionary;
  private readonly root: TrieNode = { next: new Map(), entries: [] };
  private readonly contexts = new Map<string, Context>();
  /** Per entry: left id, right id, posid, cost. */
  private readonly ids: number[] = [];
  /** Per entry: the feature string. */
  readonly features: string[] = [];
  /** Per entry: the surface. */
  readonly surfaces: string[] = [];

  /** @param dict - the system dictionary whose context ids the words use */
  constructor(dict: Dictionary) {
    this.dict = dict;
  }

  /** Number of entries. */
  get size(): number {
    return this.surfaces.length;
  }

  /**
   * Adds a word.
   *
   * @param word - the word; see {@link UserWord}
   * @throws ConfigError for an empty surface, whitespace inside it, or an unknown POS
   */
  add(word: UserWord): void {
    const surface = word.surface;
    if (typeof surface !== 'string' || surface.length === 0 || /\s/.test(surface)) {
      throw new ConfigError(
        'UserDictionary.add',
        `surface must be a non-empty string without whitespace, got ${describeValue(surface)}`,
      );
    }
    const pos = word.pos ?? 'NNP';
    const fc = hasFinal(surface);
    let ctx: Context | undefined;
    if (word.leftId === undefined || word.rightId === undefined || word.cost === undefined) {
      ctx = this.contextFor(pos, fc);
      if (!ctx) {
        throw new ConfigError(
          'UserDictionary.add',
          `no system entry has POS ${describeValue(pos)}; give leftId/rightId/cost, or use a tag such as NNG, NNP, VV, MAG`,
        );
      }
    }
    const left = word.leftId ?? ctx!.left;
    const right = word.rightId ?? ctx!.right;
    // matrix index = right id of the left node + lsize × left id of the right node
    const { lsize, rsize } = this.dict.matrix;
    if (
      !Number.isInteger(left) ||
      left < 0 ||
      left >= rsize ||
      !Number.isInteger(right) ||
      right < 0 ||
      right >= lsize
    ) {
      throw new ConfigError(
        'UserDictionary.add',
        `context ids must be integers with leftId in [0, ${rsize}) and rightId in [0, ${lsize}), got ${left}, ${right}`,
      );
    }
    const cost = word.cost ?? ctx!.cost;
    if (!Number.isInteger(cost) || cost < -32768 || cost > 32767) {
      throw new ConfigError('UserDictionary.add', `cost must be an integer in [-32768, 32767], got ${cost}`);
    }
    const feature = [
      pos,
      word.semanticClass ?? '*',
      fc,
      word.reading ?? surface,
      word.type ?? '*',
      word.firstPos ?? '*',
      word.lastPos ?? '*',
      word.expression ?? '*',
    ].join(',');
    const entry = this.surfaces.length;
    this.surfaces.push(surface);
    this.features.push(feature);
    this.ids.push(left, right, ctx?.posid ?? this.posidFor(pos) ?? 0, cost);
    let node = this.root;
    for (const b of Buffer.from(surface, 'utf8')) {
      let next = node.next.get(b);
      if (!next) {
        next = { next: new Map(), entries: [] };
        node.next.set(b, next);
      }
      node = next;
    }
    node.entries.push(entry);
  }

  /**
   * Adds every line of a mecab-ko-dic style CSV:
   * `surface,leftId,rightId,cost,POS,semantic,final,reading,type,firstPos,lastPos,expression`.
   * Empty id or cost columns are filled automatically. Lines starting with `#` are skipped.
   *
   * @param file - the CSV path
   * @returns the number of words added
   * @throws DataFormatError naming the file and line of a bad row
   */
  loadCsv(file: string): number {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new DataFormatError('UserDictionary.loadCsv', `cannot read user dictionary`, { file, cause: e });
    }
    let added = 0;
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.trim() === '' || line.startsWith('#')) continue;
      const f = splitCsv(line);
      if (f.length < 5) {
        throw new DataFormatError(
          'UserDictionary.loadCsv',
          `expected at least 5 columns (surface,leftId,rightId,cost,POS,...), got ${f.length}: ${describeValue(line)}`,
          { file, line: i + 1 },
        );
      }
      const num = (s: string | undefined, what: string): number | undefined => {
        if (s === undefined || s.trim() === '') return undefined;
        const n = Number(s);
        if (!Number.isInteger(n)) {
          throw new DataFormatError(
            'UserDictionary.loadCsv',
            `${what} must be an integer, got ${describeValue(s)}`,
            {
              file,
              line: i + 1,
            },
          );
        }
        return n;
      };
      const opt = (s: string | undefined) => (s === undefined || s === '' ? undefined : s);
      try {
        this.add({
          surface: f[0]!,
          leftId: num(f[1], 'leftId'),
          rightId: num(f[2], 'rightId'),
          cost: num(f[3], 'cost'),
          pos: f[4]!,
          semanticClass: opt(f[5]),
          reading: opt(f[7]),
          type: opt(f[8]),
          firstPos: opt(f[9]),
          lastPos: opt(f[10]),
          expression: opt(f[11]),
        });
      } catch (e) {
        if (e instanceof DataFormatError) throw e;
        throw new DataFormatError('UserDictionary.loadCsv', (e as Error).message, {
          file,
          line: i + 1,
          cause: e,
        });
      }
      added++;
    }
    return added;
  }

  /** @internal Pushes the entries matching at byte `begin` into the analyzer's lattice. */
  lookup(analyzer: Analyzer, pos: number, begin: number): void {
    const bytes = analyzer.bytes;
    const end = analyzer.byteLength;
    let node: TrieNode | undefined = this.root;
    for (let i = begin; i < end; i++) {
      node = node.next.get(bytes[i]!);
      if (!node) return;
      for (const e of node.entries) {
        const ids = this.ids;
        analyzer.push(
          SOURCE_USER,
          e,
          ids[4 * e]!,
          ids[4 * e + 1]!,
          ids[4 * e + 2]!,
          ids[4 * e + 3]!,
          pos,
          begin,
          i + 1 - begin,
        );
      }
    }
  }

  /** Finds context ids for a POS by scanning system entries whose features start `POS,*,F|T,`. */
  private contextFor(pos: string, fc: 'T' | 'F' | '*'): Context | undefined {
    const key = `${pos},${fc}`;
    const hit = this.contexts.get(key);
    if (hit) return hit;
    const sys = this.dict.sys;
    const feats = sys.features;
    const prefix = Buffer.from(`${pos},`, 'utf8');
    const counts = new Map<number, number[]>();
    for (let t = 0; t < sys.lexsize; t++) {
      const off = sys.tokU32[4 * t + 2]!;
      let ok = true;
      for (let j = 0; j < prefix.length; j++) {
        if (feats[off + j] !== prefix[j]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      // skip the semantic class, then compare the final-consonant flag
      let p = off + prefix.length;
      while (feats[p] !== 0x2c && feats[p] !== 0) p++;
      const flag = feats[p + 1];
      if (fc !== '*' && flag !== fc.charCodeAt(0)) continue;
      const ctx = sys.tokU16[8 * t]! * 65536 + sys.tokU16[8 * t + 1]!;
      let list = counts.get(ctx);
      if (!list) counts.set(ctx, (list = []));
      list.push(t);
    }
    let bestCtx = -1;
    let bestList: number[] = [];
    for (const [ctx, list] of counts) {
      if (list.length > bestList.length) {
        bestCtx = ctx;
        bestList = list;
      }
    }
    if (bestCtx < 0) return fc === '*' ? undefined : this.contextFor(pos, '*');
    const costsOf = bestList.map((t) => sys.tokI16[8 * t + 3]!).sort((a, b) => a - b);
    const t0 = bestList[0]!;
    const ctx: Context = {
      left: sys.tokU16[8 * t0]!,
      right: sys.tokU16[8 * t0 + 1]!,
      posid: sys.tokU16[8 * t0 + 2]!,
      cost: costsOf[costsOf.length >> 1]!,
    };
    this.contexts.set(key, ctx);
    return ctx;
  }

  private posidFor(pos: string): number | undefined {
    return this.contextFor(pos, '*')?.posid;
  }
}
