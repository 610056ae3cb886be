import { ConfigError, DataFormatError } from '@kornlp/core';
import { collect, numberedLines, preview } from './lines.js';

/** One morpheme of a Korean eojeol, from the `+`-joined LEMMA and XPOS columns. */
export interface ConlluMorpheme {
  /** The morpheme's form, e.g. `프랑스`. */
  form: string;
  /** Its language-specific tag, e.g. `NNP` (Sejong) or `nq` (KAIST). */
  tag: string;
}

/** One syntactic word (an eojeol in Korean treebanks). Multiword ranges and empty nodes are skipped. */
export interface ConlluToken {
  /** The ID column (1-based within the sentence). */
  id: number;
  /** FORM: the word as written. */
  form: string;
  /** LEMMA (for Korean, morphemes joined with `+`). */
  lemma: string;
  /** UPOS, e.g. `NOUN`. */
  upos: string;
  /** XPOS (for Korean, tags joined with `+`). */
  xpos: string;
  /** FEATS, `_` when empty. */
  feats: string;
  /** HEAD as a number (0 = root), or `undefined` when `_`. */
  head: number | undefined;
  /** DEPREL. */
  deprel: string;
  /** DEPS. */
  deps: string;
  /** MISC, e.g. `SpaceAfter=No`. */
  misc: string;
  /** The tag chosen by {@link ConlluOptions.tagColumn}. */
  tag: string;
  /**
   * LEMMA and XPOS split on `+` and paired, or `undefined` when either is `_` or their counts
   * differ (KAIST auxiliaries such as `있다 / 있 / px+ef` drop a lemma piece).
   */
  morphemes: ConlluMorpheme[] | undefined;
  /** Character offset `[start, end)` of FORM in the sentence text, or `undefined` if not found. */
  start: number | undefined;
  /** See `start`. */
  end: number | undefined;
}

/** One CoNLL-U sentence. */
export interface ConlluSentence {
  /** `# sent_id = ...`, when present. */
  id: string | undefined;
  /** `# text = ...`, or FORMs joined by spaces (honouring `SpaceAfter=No`) when absent. */
  text: string;
  /** Every comment line without its `# ` prefix, in order. */
  comments: string[];
  /** The syntactic words, in order. */
  tokens: ConlluToken[];
  /** 1-based line of the sentence's first line in the file. */
  line: number;
}

/** Options of {@link readConllu} / {@link streamConllu}. */
export interface ConlluOptions {
  /**
   * Which column fills `ConlluToken.tag`.
   * @default 'upos'
   */
  tagColumn?: 'upos' | 'xpos';
}

const COMPONENT = 'readConllu';

/**
 * Splits a `+`-joined LEMMA or XPOS value into pieces. A literal `+` morpheme shows up as two
 * adjacent separators (`a+++b`, or the whole value `+`); a lone empty piece comes from converter
 * artifacts such as XPOS `+SW` for LEMMA `+`, and is dropped.
 *
 * @param value - e.g. `프랑스+의`, `+`, `+SW`
 * @example
 * ```ts
 * splitMorphemes('프랑스+의'); // ['프랑스', '의']
 * splitMorphemes('+');        // ['+']
 * splitMorphemes('+SW');      // ['SW']
 * ```
 */
export function splitMorphemes(value: string): string[] {
  if (value === '') return [];
  const parts = value.split('+');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as string;
    if (p !== '') out.push(p);
    else if (parts[i + 1] === '') {
      out.push('+');
      i++;
    }
  }
  return out;
}

function pairMorphemes(form: string, lemma: string, xpos: string): ConlluMorpheme[] | undefined {
  // `_` is "unspecified" unless the word itself is an underscore.
  if ((lemma === '_' && form !== '_') || xpos === '_') return undefined;
  const forms = splitMorphemes(lemma);
  const tags = splitMorphemes(xpos);
  if (forms.length === 0 || forms.length !== tags.length) return undefined;
  return forms.map((f, i) => ({ form: f, tag: tags[i] as string }));
}

function finish(
  comments: string[],
  tokens: ConlluToken[],
  line: number,
  spaceAfter: boolean[],
): ConlluSentence {
  let id: string | undefined;
  let text: string | undefined;
  for (const c of comments) {
    const m = /^(sent_id|text)\s*=\s?(.*)$/.exec(c);
    if (m?.[1] === 'sent_id' && id === undefined) id = m[2];
    else if (m?.[1] === 'text' && text === undefined) text = m[2];
  }
  if (text === undefined) {
    text = tokens.map((t, i) => t.form + (spaceAfter[i] && i < tokens.length - 1 ? ' ' : '')).join('');
  }
  // Offsets: find each FORM in order, so punctuation glued by SpaceAfter=No and extra spaces work.
  let at = 0;
  for (const t of tokens) {
    const k = text.indexOf(t.form, at);
    if (k < 0) continue;
    t.start = k;
    t.end = k + t.form.length;
    at = t.end;
  }
  return { id, text, comments, tokens, line };
}

/**
 * Streams sentences from a CoNLL-U file (Universal Dependencies). Multiword token ranges (`1-2`)
 * and empty nodes (`1.1`) are skipped; for Korean treebanks each word also gets its morphemes from
 * the `+`-joined LEMMA/XPOS, and its character offsets in `# text`.
 *
 * @param file - a `.conllu` file
 * @param options - see {@link ConlluOptions}
 * @throws DataFormatError with file and line for a word line without 10 columns or with a bad ID
 * @example
 * ```ts
 * for await (const s of streamConllu('ko_gsd-ud-train.conllu')) {
 *   console.log(s.tokens[0]?.form, s.tokens[0]?.tag, s.tokens[0]?.morphemes);
 *   // 잡스는 NOUN [ { form: '잡스', tag: 'NNP' }, { form: '는', tag: 'JX' } ]
 * }
 * ```
 */
export async function* streamConllu(
  file: string,
  options: ConlluOptions = {},
): AsyncGenerator<ConlluSentence> {
  const { tagColumn = 'upos' } = options;
  if (tagColumn !== 'upos' && tagColumn !== 'xpos') {
    throw new ConfigError(COMPONENT, `tagColumn must be 'upos' or 'xpos', got ${JSON.stringify(tagColumn)}`);
  }
  let comments: string[] = [];
  let tokens: ConlluToken[] = [];
  let spaceAfter: boolean[] = [];
  let start = 0;
  for await (const { text: l, line } of numberedLines(file, COMPONENT)) {
    if (l.trim() === '') {
      if (tokens.length > 0) yield finish(comments, tokens, start, spaceAfter);
      comments = [];
      tokens = [];
      spaceAfter = [];
      start = 0;
      continue;
    }
    if (start === 0) start = line;
    if (l.startsWith('#')) {
      comments.push(l.replace(/^#\s?/, ''));
      continue;
    }
    const cols = l.split('\t');
    if (cols.length !== 10) {
      throw new DataFormatError(
        COMPONENT,
        `expected 10 tab-separated columns, got ${cols.length}: ${preview(l)}`,
        {
          file,
          line,
        },
      );
    }
    const [idText, form, lemma, upos, xpos, feats, head, deprel, deps, misc] = cols as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (/^\d+-\d+$/.test(idText) || /^\d+\.\d+$/.test(idText)) continue;
    if (!/^\d+$/.test(idText)) {
      throw new DataFormatError(COMPONENT, `bad ID ${JSON.stringify(idText)}; expected N, N-M or N.M`, {
        file,
        line,
      });
    }
    if (head !== '_' && !/^\d+$/.test(head)) {
      throw new DataFormatError(COMPONENT, `bad HEAD ${JSON.stringify(head)}; expected a number or _`, {
        file,
        line,
      });
    }
    tokens.push({
      id: Number(idText),
      form,
      lemma,
      upos,
      xpos,
      feats,
      head: head === '_' ? undefined : Number(head),
      deprel,
      deps,
      misc,
      tag: tagColumn === 'upos' ? upos : xpos,
      morphemes: pairMorphemes(form, lemma, xpos),
      start: undefined,
      end: undefined,
    });
    spaceAfter.push(!misc.split('|').includes('SpaceAfter=No'));
  }
  if (tokens.length > 0) yield finish(comments, tokens, start, spaceAfter);
}

/**
 * Reads a whole CoNLL-U file; see {@link streamConllu}.
 *
 * @param file - a `.conllu` file
 * @param options - see {@link ConlluOptions}
 * @example
 * ```ts
 * const sents = await readConllu('ko_gsd-ud-dev.conllu', { tagColumn: 'xpos' });
 * sents.length; // 950
 * ```
 */
export function readConllu(file: string, options: ConlluOptions = {}): Promise<ConlluSentence[]> {
  return collect(streamConllu(file, options));
}
