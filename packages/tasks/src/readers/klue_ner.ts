import { DataFormatError } from '@kornlp/core';
import { collect, numberedLines, preview } from './lines.js';

/** One KLUE-NER sentence: a tag per character. */
export interface KlueNerSentence {
  /** The sentence id from its `## <id>` line, e.g. `klue-ner-v1_dev_00000-wikitree`. */
  id: string;
  /** The sentence, rebuilt from the character lines (equal to the markup with tags stripped). */
  text: string;
  /** One entry per character line (spaces included). */
  chars: string[];
  /** One BIO tag per character, e.g. `B-PS`. */
  tags: string[];
  /** The `<entity:TYPE>` markup line as given. */
  markup: string;
  /** 1-based line of the `##` sentence line. */
  line: number;
}

const COMPONENT = 'readKlueNer';
const MARKUP = /<([^<>]+?):([A-Za-z_]+)>/g;
const TAG = /^(O|[BI]-[A-Za-z_]+)$/;

/**
 * Removes KLUE `<entity:TYPE>` markup, leaving the plain sentence.
 *
 * @param markup - e.g. `<경찰:OG>은 또`
 * @example
 * ```ts
 * stripKlueMarkup('<경찰:OG>은 또 <박:PS>씨의'); // '경찰은 또 박씨의'
 * ```
 */
export function stripKlueMarkup(markup: string): string {
  return markup.replace(MARKUP, '$1');
}

/**
 * Streams sentences from a KLUE-NER character TSV file: blank-line separated blocks, each a
 * `## <id><TAB><markup>` line followed by `<char><TAB><tag>` lines (spaces are their own lines).
 * `##` lines before a block's first character line are comments (the file header); the last one is
 * the sentence line.
 *
 * @param file - e.g. `klue-ner-v1.1_dev.tsv`
 * @throws DataFormatError with file and line for a character line without a tab or with a tag other
 *   than `O`/`B-X`/`I-X`, characters
 *   before any `##` line, or a sentence whose characters do not spell its markup line
 * @example
 * ```ts
 * for await (const s of streamKlueNer('klue-ner-v1.1_dev.tsv')) console.log(s.chars[0], s.tags[0]);
 * // 경 B-OG
 * ```
 */
export async function* streamKlueNer(file: string): AsyncGenerator<KlueNerSentence> {
  let head: { id: string; markup: string; line: number } | undefined;
  let chars: string[] = [];
  let tags: string[] = [];
  const flush = (): KlueNerSentence | undefined => {
    if (!head || chars.length === 0) return undefined;
    const text = chars.join('');
    const expected = stripKlueMarkup(head.markup);
    if (text !== expected) {
      throw new DataFormatError(
        COMPONENT,
        `characters spell ${preview(text)} but the markup line says ${preview(expected)}`,
        { file, line: head.line },
      );
    }
    return { id: head.id, text, chars, tags, markup: head.markup, line: head.line };
  };
  for await (const { text: l, line } of numberedLines(file, COMPONENT)) {
    if (l === '') {
      const s = flush();
      if (s) yield s;
      head = undefined;
      chars = [];
      tags = [];
      continue;
    }
    if (l.startsWith('##') && chars.length === 0) {
      const body = l.replace(/^##\s?/, '');
      const tab = body.indexOf('\t');
      head = tab < 0 ? undefined : { id: body.slice(0, tab), markup: body.slice(tab + 1), line };
      continue;
    }
    const tab = l.lastIndexOf('\t');
    if (tab <= 0 || tab === l.length - 1) {
      throw new DataFormatError(COMPONENT, `expected <char><TAB><tag>, got ${preview(l)}`, { file, line });
    }
    if (!head) {
      throw new DataFormatError(COMPONENT, 'character line before any "## <id><TAB><sentence>" line', {
        file,
        line,
      });
    }
    const tag = l.slice(tab + 1);
    if (!TAG.test(tag)) {
      throw new DataFormatError(COMPONENT, `bad tag ${JSON.stringify(tag)}; expected O or B-/I-<TYPE>`, {
        file,
        line,
      });
    }
    chars.push(l.slice(0, tab));
    tags.push(tag);
  }
  const s = flush();
  if (s) yield s;
}

/**
 * Reads a whole KLUE-NER file; see {@link streamKlueNer}.
 *
 * @param file - a KLUE-NER `.tsv` file
 * @example
 * ```ts
 * const sents = await readKlueNer('klue-ner-v1.1_dev-4of5.tsv');
 * sents.length; // 4000
 * ```
 */
export function readKlueNer(file: string): Promise<KlueNerSentence[]> {
  return collect(streamKlueNer(file));
}
