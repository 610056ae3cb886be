import { ConfigError, DataFormatError } from '@kornlp/core';
import { collect, numberedLines, preview } from './lines.js';

/** One labelled text row of a TSV file. */
export interface TsvRecord {
  /** The text column, exactly as in the file (quotes kept, may be empty). */
  text: string;
  /** The label column, as a string (`'0'`, `'1'`, `'spam'`, ...). */
  label: string;
  /** The `id` column when the header has one, else `undefined`. */
  id: string | undefined;
  /** 1-based line number in the file. */
  line: number;
}

/** Options of {@link readTsv} / {@link streamTsv}. */
export interface TsvOptions {
  /**
   * The text column: a header name, or a 0-based index.
   * @default 'document'
   */
  textColumn?: string | number;
  /**
   * The label column: a header name, or a 0-based index.
   * @default 'label'
   */
  labelColumn?: string | number;
  /**
   * Whether the first line is a header naming the columns. Column names need a header.
   * @default true
   */
  header?: boolean;
  /**
   * Allowed label values; any other label is a {@link DataFormatError}. `undefined` allows all.
   * @default undefined
   */
  labels?: readonly string[];
}

const COMPONENT = 'readTsv';

function resolveColumn(
  spec: string | number,
  header: string[] | undefined,
  what: string,
  file: string,
): number {
  if (typeof spec === 'number') {
    if (!Number.isInteger(spec) || spec < 0) {
      throw new ConfigError(COMPONENT, `${what} must be a column name or a 0-based index, got ${spec}`);
    }
    return spec;
  }
  if (!header) {
    throw new ConfigError(
      COMPONENT,
      `${what} ${JSON.stringify(spec)} is a name but header is false; pass an index`,
    );
  }
  const i = header.indexOf(spec);
  if (i < 0) {
    throw new DataFormatError(
      COMPONENT,
      `no column ${JSON.stringify(spec)} for ${what}; the header has ${header.map((h) => JSON.stringify(h)).join(', ')}`,
      { file, line: 1 },
    );
  }
  return i;
}

/**
 * Streams labelled texts from a TSV file such as NSMC (`id<TAB>document<TAB>label`). Lines are
 * split on TAB only — no CSV quoting — so NSMC's `"""..."""` documents keep their quotes, and an
 * empty text column is a valid (empty) document. Blank lines are skipped.
 *
 * @param file - path of the TSV file
 * @param options - columns, header and allowed labels; see {@link TsvOptions}
 * @throws DataFormatError with file and 1-based line for a row with a missing column, an empty or
 *   disallowed label, or a header without the named columns
 * @example
 * ```ts
 * for await (const r of streamTsv('ratings_train.txt', { labels: ['0', '1'] })) console.log(r.label, r.text);
 * // 0 아 더빙.. 진짜 짜증나네요 목소리
 * ```
 */
export async function* streamTsv(file: string, options: TsvOptions = {}): AsyncGenerator<TsvRecord> {
  const { textColumn = 'document', labelColumn = 'label', header = true, labels } = options;
  const allowed = labels ? new Set(labels) : undefined;
  let textCol = -1;
  let labelCol = -1;
  let idCol = -1;
  let first = true;
  for await (const { text: l, line } of numberedLines(file, COMPONENT)) {
    if (first) {
      first = false;
      const names = header ? l.split('\t') : undefined;
      textCol = resolveColumn(textColumn, names, 'textColumn', file);
      labelCol = resolveColumn(labelColumn, names, 'labelColumn', file);
      idCol = names ? names.indexOf('id') : -1;
      if (header) continue;
    }
    if (l === '') continue;
    const cols = l.split('\t');
    const text = cols[textCol];
    const label = cols[labelCol];
    if (text === undefined || label === undefined) {
      throw new DataFormatError(
        COMPONENT,
        `expected at least ${Math.max(textCol, labelCol) + 1} tab-separated columns, got ${cols.length}: ${preview(l)}`,
        { file, line },
      );
    }
    if (label === '' || (allowed && !allowed.has(label))) {
      throw new DataFormatError(
        COMPONENT,
        `bad label ${JSON.stringify(label)}${allowed ? `; expected one of ${[...allowed].join(', ')}` : ' (empty)'}`,
        { file, line },
      );
    }
    yield { text, label, id: idCol >= 0 ? cols[idCol] : undefined, line };
  }
}

/**
 * Reads a whole TSV file of labelled texts; see {@link streamTsv} for the format rules.
 *
 * @param file - path of the TSV file
 * @param options - see {@link TsvOptions}
 * @example
 * ```ts
 * const rows = await readTsv('data.tsv', { textColumn: 'text', labelColumn: 'label' });
 * rows[0]; // { text: '좋아요', label: '1', id: undefined, line: 2 }
 * ```
 */
export function readTsv(file: string, options: TsvOptions = {}): Promise<TsvRecord[]> {
  return collect(streamTsv(file, options));
}

/**
 * Reads an NSMC ratings file (`id<TAB>document<TAB>label`, labels `0`/`1`).
 *
 * @param file - e.g. `ratings_train.txt`
 * @example
 * ```ts
 * const rows = await readNsmc('../shared/data/nsmc/ratings_train.txt');
 * rows.length; // 150000
 * ```
 */
export function readNsmc(file: string): Promise<TsvRecord[]> {
  return readTsv(file, { textColumn: 'document', labelColumn: 'label', header: true, labels: ['0', '1'] });
}
