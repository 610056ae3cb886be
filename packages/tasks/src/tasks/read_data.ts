import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { DataFormatError } from '@kornlp/core';
import { readConllBio } from '../readers/conll_bio.js';
import { readConllu } from '../readers/conllu.js';
import { readJsonlTagged, readJsonlText } from '../readers/jsonl.js';
import { readKlueNer } from '../readers/klue_ner.js';
import { readTsv } from '../readers/tsv.js';
import type { TaskSpec } from './task.js';
import type { TextExample } from './train_classifier.js';
import type { TaggedSentence } from './train_tagger.js';

async function firstLine(file: string): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, 'r');
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return (
      buf
        .subarray(0, bytesRead)
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)
        .find((l) => l.trim() !== '') ?? ''
    );
  } catch (e) {
    throw new DataFormatError('readTaskData', `cannot read: ${(e as Error).message}`, { file, cause: e });
  } finally {
    await handle?.close();
  }
}

/**
 * Reads labelled texts by file type: JSONL (`{"text","label"}`), or TSV with a header naming
 * `document` (NSMC) or `text`, and `label` columns; split on TAB only, quotes kept.
 *
 * @param file - a `.jsonl`, `.tsv` or `.txt` file
 * @returns the examples in file order
 * @throws DataFormatError naming the file and line of a malformed record
 * @example
 * ```ts
 * import { readTextExamples } from '@kornlp/tasks';
 * const train = await readTextExamples('examples/data/sentiment.train.tsv');
 * console.log(train.length, train[0]); // 250 { text: '액션 너무 인생 영화다!', label: '1' }
 * ```
 */
export async function readTextExamples(file: string): Promise<TextExample[]> {
  const ext = extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.json')
    return (await readJsonlText(file)).map(({ text, label }) => ({ text, label }));
  const first = await firstLine(file);
  if (first === '')
    throw new DataFormatError(
      'readTaskData',
      'no examples: the file is empty or holds only blank lines; expected a header with "document" or "text" and "label" columns, then one example per line',
      { file },
    );
  const header = first.split('\t');
  const textColumn = header.includes('document') ? 'document' : header.includes('text') ? 'text' : undefined;
  if (!textColumn || !header.includes('label')) {
    throw new DataFormatError(
      'readTaskData',
      `a TSV needs a header with a "document" or "text" column and a "label" column; got ${JSON.stringify(header.join('\t').slice(0, 80))}`,
      { file, line: 1 },
    );
  }
  return (await readTsv(file, { textColumn, labelColumn: 'label', header: true })).map(({ text, label }) => ({
    text,
    label,
  }));
}

/**
 * Reads tagged sentences by file type: CoNLL-U (FORM with UPOS, or XPOS with `column: 'xpos'`,
 * plus each eojeol's LEMMA/XPOS morphemes), KLUE-NER character TSV (files starting with `##`),
 * CoNLL BIO columns, or JSONL (`{"tokens","tags"}`).
 *
 * @param file - the data file
 * @param options - `column`: which CoNLL-U tag column @default 'upos'
 * @returns the sentences in file order
 * @throws DataFormatError naming the file and line of a malformed record
 * @example
 * ```ts
 * import { readTaggedSentences } from '@kornlp/tasks';
 * const [first] = await readTaggedSentences('examples/data/pos.dev.conllu');
 * console.log(first?.tokens); // [ '친구가', '이', '노래를', '좋아한다', '.' ]
 * console.log(first?.tags); // [ 'NOUN', 'DET', 'NOUN', 'VERB', 'PUNCT' ]
 * console.log(first?.morphs?.[0]); // [ { form: '친구', tag: 'NNG' }, { form: '가', tag: 'JKS' } ]
 * ```
 */
export async function readTaggedSentences(
  file: string,
  options: { column?: 'upos' | 'xpos' } = {},
): Promise<TaggedSentence[]> {
  const ext = extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.json')
    return (await readJsonlTagged(file)).map(({ tokens, tags }) => ({ tokens, tags }));
  if (ext === '.conllu') {
    const sentences = await readConllu(file, { tagColumn: options.column ?? 'upos' });
    return sentences.map((s) => ({
      tokens: s.tokens.map((t) => t.form),
      tags: s.tokens.map((t) => t.tag),
      morphs: s.tokens.map((t) => t.morphemes ?? [{ form: t.form, tag: t.xpos }]),
    }));
  }
  if ((await firstLine(file)).startsWith('##')) {
    return (await readKlueNer(file)).map((s) => ({ tokens: s.chars, tags: s.tags }));
  }
  return (await readConllBio(file)).map(({ tokens, tags }) => ({ tokens, tags }));
}

/**
 * Reads a task's data file into examples of the right shape.
 *
 * @param spec - the task (classifier or tagger)
 * @param file - the data file
 * @returns at least one example
 * @throws DataFormatError naming the file for a malformed record, or a file without examples
 * @example
 * ```ts
 * import { readTaskData, taskSpec } from '@kornlp/tasks';
 * const ner = await readTaskData(taskSpec('ner'), 'examples/data/ner.dev.tsv'); // KLUE-NER characters
 * const first = ner[0]!;
 * console.log(ner.length, 'tags' in first && first.tags.slice(0, 4)); // 60 [ 'B-PS', 'I-PS', 'I-PS', 'O' ]
 * ```
 */
export async function readTaskData(spec: TaskSpec, file: string): Promise<TextExample[] | TaggedSentence[]> {
  return spec.kind === 'classifier'
    ? requireExamples(await readTextExamples(file), 'classifier', file)
    : requireExamples(await readTaggedSentences(file), 'tagger', file);
}

/**
 * Passes examples read from a file through, or says clearly that the file held none (a header,
 * blank lines or comments only), so no command trains or scores on nothing.
 *
 * @param data - what a reader returned
 * @param kind - what the file should hold
 * @param file - the file, for the message
 * @returns `data`, when it is not empty
 * @throws DataFormatError naming the file and what it should hold
 * @example
 * ```ts
 * import { requireExamples } from '@kornlp/tasks';
 * console.log(requireExamples([{ text: '좋다', label: '1' }], 'classifier', 'train.tsv').length); // 1
 * requireExamples([], 'tagger', 'train.conllu');
 * // throws DataFormatError: [readTaskData] no examples: the file is empty or holds only blank lines, a header or
 * // comments; expected tagged sentences (CoNLL-U, KLUE-NER or CoNLL BIO blocks, or JSONL {"tokens","tags"} lines) (train.conllu)
 * ```
 */
export function requireExamples<T>(data: T[], kind: 'classifier' | 'tagger', file: string): T[] {
  if (data.length > 0) return data;
  const expected =
    kind === 'classifier'
      ? 'labelled texts (TSV rows under a document/text + label header, or JSONL {"text","label"} lines)'
      : 'tagged sentences (CoNLL-U, KLUE-NER or CoNLL BIO blocks, or JSONL {"tokens","tags"} lines)';
  throw new DataFormatError(
    'readTaskData',
    `no examples: the file is empty or holds only blank lines, a header or comments; expected ${expected}`,
    { file },
  );
}
