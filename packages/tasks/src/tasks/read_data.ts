import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { DataFormatError } from '@kornlp/core';
import type { TaskSpec } from './task.js';
import type { TextExample } from './train_classifier.js';
import type { TaggedSentence } from './train_tagger.js';

// NOTE: interim loaders so `kornlp train/eval` run end to end; they move onto the readers in
// src/readers/ (NSMC TSV, CoNLL-U, KLUE-NER, JSONL) as soon as those land. Kept to the formats the
// tasks need and strict about malformed lines (file and line in every error).

async function lines(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new DataFormatError('readTaskData', `cannot read: ${(e as Error).message}`, { file, cause: e });
  }
  return text.replace(/^\uFEFF/, '').split(/\r?\n/);
}

function jsonlRows(ls: string[], file: string): { row: Record<string, unknown>; line: number }[] {
  const out: { row: Record<string, unknown>; line: number }[] = [];
  ls.forEach((l, i) => {
    if (!l.trim()) return;
    try {
      out.push({ row: JSON.parse(l) as Record<string, unknown>, line: i + 1 });
    } catch (e) {
      throw new DataFormatError('readTaskData', `not a JSON object: ${(e as Error).message}`, {
        file,
        line: i + 1,
        cause: e,
      });
    }
  });
  return out;
}

/**
 * Reads labelled texts: NSMC-style TSV (`id<TAB>document<TAB>label` with a header; split on TAB
 * only, quotes kept) or JSONL (`{"text","label"}`).
 *
 * @param file - a `.tsv`/`.txt` or `.jsonl` file
 */
export async function readTextExamples(file: string): Promise<TextExample[]> {
  const ls = await lines(file);
  const ext = extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.json') {
    return jsonlRows(ls, file).map(({ row, line }) => {
      if (typeof row.text !== 'string' || (typeof row.label !== 'string' && typeof row.label !== 'number')) {
        throw new DataFormatError(
          'readTaskData',
          'each line needs {"text": string, "label": string|number}',
          { file, line },
        );
      }
      return { text: row.text, label: String(row.label) };
    });
  }
  const out: TextExample[] = [];
  const header = ls[0]?.split('\t') ?? [];
  const hasHeader = header.includes('document') || header.includes('label');
  const textCol = hasHeader
    ? Math.max(header.indexOf('document'), header.indexOf('text'))
    : header.length - 2;
  const labelCol = hasHeader ? header.indexOf('label') : header.length - 1;
  ls.forEach((l, i) => {
    if (i === 0 && hasHeader) return;
    if (!l) return;
    const cols = l.split('\t');
    if (
      cols.length < 2 ||
      textCol < 0 ||
      labelCol < 0 ||
      cols[labelCol] === undefined ||
      cols[labelCol] === ''
    ) {
      throw new DataFormatError(
        'readTaskData',
        `expected tab-separated text and label columns, got ${JSON.stringify(l.slice(0, 60))}`,
        { file, line: i + 1 },
      );
    }
    out.push({ text: cols[textCol] ?? '', label: cols[labelCol]! });
  });
  return out;
}

/**
 * Reads tagged sentences: CoNLL-U (FORM + UPOS, or XPOS with `column: 'xpos'`), KLUE-NER character
 * TSV, CoNLL BIO columns (`token<TAB>…<TAB>tag`, blank line between sentences), or JSONL
 * (`{"tokens","tags"}`).
 *
 * @param file - the data file
 * @param options - `column`: which CoNLL-U tag column
 */
export async function readTaggedSentences(
  file: string,
  options: { column?: 'upos' | 'xpos' } = {},
): Promise<TaggedSentence[]> {
  const ls = await lines(file);
  const ext = extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.json') {
    return jsonlRows(ls, file).map(({ row, line }) => {
      const { tokens, tags } = row as { tokens?: unknown; tags?: unknown };
      if (!Array.isArray(tokens) || !Array.isArray(tags) || tokens.length !== tags.length) {
        throw new DataFormatError(
          'readTaskData',
          'each line needs "tokens" and "tags" arrays of equal length',
          { file, line },
        );
      }
      return { tokens: tokens.map(String), tags: tags.map(String) };
    });
  }
  const conllu = ext === '.conllu';
  const out: TaggedSentence[] = [];
  let cur: TaggedSentence = { tokens: [], tags: [] };
  const flush = () => {
    if (cur.tokens.length) out.push(cur);
    cur = { tokens: [], tags: [] };
  };
  ls.forEach((l, i) => {
    if (l.trim() === '') {
      flush();
      return;
    }
    if (l.startsWith('#')) return;
    const cols = l.split('\t');
    if (conllu) {
      if (cols.length !== 10)
        throw new DataFormatError('readTaskData', `CoNLL-U lines have 10 columns, got ${cols.length}`, {
          file,
          line: i + 1,
        });
      if (!/^\d+$/.test(cols[0]!)) return; // multiword ranges and empty nodes
      cur.tokens.push(cols[1]!);
      cur.tags.push(options.column === 'xpos' ? cols[4]! : cols[3]!);
      // LEMMA and XPOS hold the eojeol's morphemes joined with '+'; a literal '+' morpheme makes
      // the split ambiguous, and then the eojeol counts as one morpheme with the whole XPOS.
      const forms = cols[2]!.split('+');
      const tags = cols[4]!.split('+');
      const morphs =
        forms.length === tags.length && !forms.includes('')
          ? forms.map((form, k) => ({ form, tag: tags[k]! }))
          : [{ form: cols[1]!, tag: cols[4]! }];
      (cur.morphs ??= []).push(morphs);
      return;
    }
    if (cols.length < 2)
      throw new DataFormatError(
        'readTaskData',
        `expected token<TAB>tag, got ${JSON.stringify(l.slice(0, 60))}`,
        { file, line: i + 1 },
      );
    cur.tokens.push(cols[0]!);
    cur.tags.push(cols[cols.length - 1]!);
  });
  flush();
  return out;
}

/**
 * Reads a task's data file into examples of the right shape.
 *
 * @param spec - the task (classifier or tagger)
 * @param file - the data file
 */
export async function readTaskData(spec: TaskSpec, file: string): Promise<TextExample[] | TaggedSentence[]> {
  return spec.kind === 'classifier' ? readTextExamples(file) : readTaggedSentences(file);
}
