import { DataFormatError } from '@kornlp/core';
import type { TaggedTokens } from './conll_bio.js';
import { collect, numberedLines } from './lines.js';

/** One `{"text","label"}` JSONL record. */
export interface TextLabelRecord {
  /** The text. */
  text: string;
  /** The label; numbers are turned into strings. */
  label: string;
  /** 1-based line in the file. */
  line: number;
}

async function* objects(
  file: string,
  component: string,
): AsyncGenerator<{ row: Record<string, unknown>; line: number }> {
  for await (const { text: l, line } of numberedLines(file, component)) {
    if (l.trim() === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(l);
    } catch (e) {
      throw new DataFormatError(component, `not valid JSON: ${(e as Error).message}`, {
        file,
        line,
        cause: e,
      });
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new DataFormatError(component, 'each line must be a JSON object', { file, line });
    }
    yield { row: row as Record<string, unknown>, line };
  }
}

/**
 * Streams `{"text": string, "label": string|number}` lines. Blank lines are skipped.
 *
 * @param file - a `.jsonl` file
 * @throws DataFormatError with file and line for invalid JSON or a missing/mistyped field
 * @example
 * ```ts
 * for await (const r of streamJsonlText('train.jsonl')) console.log(r.label, r.text);
 * // 1 최고의 영화
 * ```
 */
export async function* streamJsonlText(file: string): AsyncGenerator<TextLabelRecord> {
  for await (const { row, line } of objects(file, 'readJsonlText')) {
    const { text, label } = row;
    if (
      typeof text !== 'string' ||
      !(typeof label === 'string' || typeof label === 'number') ||
      label === ''
    ) {
      throw new DataFormatError('readJsonlText', 'expected {"text": string, "label": string|number}', {
        file,
        line,
      });
    }
    yield { text, label: String(label), line };
  }
}

/**
 * Streams `{"tokens": string[], "tags": string[]}` lines (equal lengths). Blank lines are skipped.
 *
 * @param file - a `.jsonl` file
 * @throws DataFormatError with file and line for invalid JSON, non-string items or unequal lengths
 * @example
 * ```ts
 * for await (const s of streamJsonlTagged('ner.jsonl')) console.log(s.tokens, s.tags);
 * // [ '서울', '에' ] [ 'B-LC', 'O' ]
 * ```
 */
export async function* streamJsonlTagged(file: string): AsyncGenerator<TaggedTokens> {
  for await (const { row, line } of objects(file, 'readJsonlTagged')) {
    const { tokens, tags } = row;
    const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
    if (!strings(tokens) || !strings(tags)) {
      throw new DataFormatError('readJsonlTagged', 'expected {"tokens": string[], "tags": string[]}', {
        file,
        line,
      });
    }
    if (tokens.length !== tags.length) {
      throw new DataFormatError(
        'readJsonlTagged',
        `${tokens.length} tokens but ${tags.length} tags; need one tag per token`,
        { file, line },
      );
    }
    yield { tokens, tags, line };
  }
}

/**
 * Reads a whole `{"text","label"}` JSONL file; see {@link streamJsonlText}.
 *
 * @param file - a `.jsonl` file
 * @example
 * ```ts
 * (await readJsonlText('train.jsonl'))[0]; // { text: '최고의 영화', label: '1', line: 1 }
 * ```
 */
export function readJsonlText(file: string): Promise<TextLabelRecord[]> {
  return collect(streamJsonlText(file));
}

/**
 * Reads a whole `{"tokens","tags"}` JSONL file; see {@link streamJsonlTagged}.
 *
 * @param file - a `.jsonl` file
 * @example
 * ```ts
 * (await readJsonlTagged('ner.jsonl'))[0]; // { tokens: ['서울', '에'], tags: ['B-LC', 'O'], line: 1 }
 * ```
 */
export function readJsonlTagged(file: string): Promise<TaggedTokens[]> {
  return collect(streamJsonlTagged(file));
}
