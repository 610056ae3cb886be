import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { atomicWriteFile, ConfigError, DataFormatError, describeValue } from '@kornlp/core';
import { WordVectors } from './word-vectors.js';

/** Options of {@link readWordVectors}. */
export interface ReadVectorsOptions {
  /**
   * `text` (word2vec `-binary 0`, fastText `.vec`, GloVe without header), `binary` (word2vec
   * `-binary 1`), or `auto`: binary when the header is followed by non-text bytes.
   * @default 'auto'
   */
  format?: 'auto' | 'text' | 'binary';
  /** Keep only the words this returns true for (e.g. `w => vocab.has(w)`), so huge files fit in memory. @default keep all */
  keep?: (word: string) => boolean;
  /** Stop after this many entries of the file. @default Infinity */
  limit?: number;
}

const COMPONENT = 'readWordVectors';

/** Sniffs whether a word2vec file is binary: NULs or non-UTF-8 bytes after the header, or a first entry that is not one text line. */
async function detectFormat(path: string): Promise<'text' | 'binary'> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    const nl = head.indexOf(0x0a);
    if (nl < 0) return 'text';
    const first = head.subarray(0, nl).toString('utf8').trim().split(/\s+/);
    if (first.length !== 2 || !first.every((x) => /^\d+$/.test(x))) return 'text';
    const body = head.subarray(nl + 1);
    if (body.includes(0)) return 'binary';
    const text = new TextDecoder('utf-8', { fatal: true });
    try {
      // A cut multi-byte character at the end of the buffer is fine; ignore the last 4 bytes.
      text.decode(body.subarray(0, Math.max(0, body.length - 4)));
    } catch {
      return 'binary';
    }
    // A text entry is one line of exactly `dim + 1` space-separated fields.
    const dim = Number(first[1]);
    const line = body.toString('utf8').split('\n')[0] ?? '';
    return line.trim().split(' ').length === dim + 1 ? 'text' : 'binary';
  } finally {
    await fh.close();
  }
}

function parseHeader(line: string, file: string): { count: number; dim: number } | null {
  const parts = line.trim().split(/\s+/);
  if (parts.length === 2 && parts.every((x) => /^\d+$/.test(x))) {
    return { count: Number(parts[0]), dim: Number(parts[1]) };
  }
  if (parts.length === 2)
    throw new DataFormatError(COMPONENT, `bad header ${describeValue(line)}`, { file, line: 1 });
  return null;
}

class Collector {
  words: string[] = [];
  chunks: Float32Array[] = [];
  cur: Float32Array;
  fill = 0;
  seen = new Set<string>();
  constructor(readonly dim: number) {
    this.cur = new Float32Array(dim * 4096);
  }
  add(word: string, values: ArrayLike<number>): void {
    if (this.seen.has(word)) return; // word2vec keeps the first of duplicate words
    this.seen.add(word);
    this.words.push(word);
    if (this.fill === this.cur.length) {
      this.chunks.push(this.cur);
      this.cur = new Float32Array(this.dim * 4096);
      this.fill = 0;
    }
    this.cur.set(values, this.fill);
    this.fill += this.dim;
  }
  finish(): WordVectors {
    const all = new Float32Array(this.words.length * this.dim);
    let o = 0;
    for (const c of this.chunks) {
      all.set(c, o);
      o += c.length;
    }
    all.set(this.cur.subarray(0, this.fill), o);
    return new WordVectors(this.words, all, this.dim);
  }
}

async function readText(path: string, keep: (w: string) => boolean, limit: number): Promise<WordVectors> {
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNo = 0;
  let dim = -1;
  let expected = -1;
  let entries = 0;
  let out: Collector | null = null;
  for await (const raw of rl) {
    lineNo++;
    if (lineNo === 1) {
      const h = parseHeader(raw, path);
      if (h) {
        dim = h.dim;
        expected = h.count;
        continue;
      }
    }
    const line = raw.replace(/[ \t\r]+$/, '');
    if (line === '') continue;
    if (entries >= limit) break;
    const parts = line.split(' ');
    if (dim < 0) dim = parts.length - 1;
    if (parts.length !== dim + 1) {
      throw new DataFormatError(
        COMPONENT,
        `expected a word and ${dim} numbers, got ${parts.length - 1} numbers`,
        {
          file: path,
          line: lineNo,
        },
      );
    }
    entries++;
    const word = parts[0]!;
    if (!keep(word)) continue;
    out ??= new Collector(dim);
    const v = new Float32Array(dim);
    for (let i = 0; i < dim; i++) {
      const x = Number(parts[i + 1]);
      if (Number.isNaN(x)) {
        throw new DataFormatError(COMPONENT, `${describeValue(parts[i + 1])} is not a number`, {
          file: path,
          line: lineNo,
        });
      }
      v[i] = x;
    }
    out.add(word, v);
  }
  if (dim < 1) throw new DataFormatError(COMPONENT, 'no vectors found', { file: path });
  if (expected >= 0 && entries < Math.min(expected, limit)) {
    throw new DataFormatError(COMPONENT, `header promises ${expected} vectors, file has ${entries}`, {
      file: path,
    });
  }
  return (out ?? new Collector(dim)).finish();
}

async function readBinary(path: string, keep: (w: string) => boolean, limit: number): Promise<WordVectors> {
  let buf: Buffer = Buffer.alloc(0);
  let pos = 0;
  let count = -1;
  let dim = -1;
  let entries = 0;
  let out: Collector | null = null;
  const vec = { v: new Float32Array(0) };
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    buf = pos < buf.length ? Buffer.concat([buf.subarray(pos), chunk]) : chunk;
    pos = 0;
    if (count < 0) {
      const nl = buf.indexOf(0x0a);
      if (nl < 0) continue;
      const h = parseHeader(buf.subarray(0, nl).toString('utf8'), path);
      if (!h)
        throw new DataFormatError(COMPONENT, 'a binary word2vec file starts with "<count> <dim>"', {
          file: path,
          line: 1,
        });
      ({ count, dim } = h);
      vec.v = new Float32Array(dim);
      out = new Collector(dim);
      pos = nl + 1;
    }
    while (entries < count && entries < limit) {
      let p = pos;
      while (p < buf.length && (buf[p] === 0x0a || buf[p] === 0x20)) p++;
      const sp = buf.indexOf(0x20, p);
      if (sp < 0 || sp + 1 + dim * 4 > buf.length) break;
      const word = buf.toString('utf8', p, sp);
      const from = sp + 1;
      if (keep(word)) {
        for (let i = 0; i < dim; i++) vec.v[i] = buf.readFloatLE(from + i * 4);
        out!.add(word, vec.v);
      }
      pos = from + dim * 4;
      entries++;
    }
    if (entries >= count || entries >= limit) {
      stream.destroy();
      break;
    }
  }
  if (count < 0) throw new DataFormatError(COMPONENT, 'file is empty or has no header', { file: path });
  if (entries < Math.min(count, limit)) {
    throw new DataFormatError(COMPONENT, `header promises ${count} vectors, file ends after ${entries}`, {
      file: path,
    });
  }
  return out!.finish();
}

/**
 * Reads word vectors in word2vec text or binary format or fastText `.vec`, streaming, so files of
 * any size can be read (use `keep` to hold only the words you need).
 *
 * @param path - the file
 * @param options - see {@link ReadVectorsOptions}
 * @returns the vectors, in file order
 * @throws DataFormatError naming the file and line when the contents do not parse
 * @example
 * ```ts
 * import { readWordVectors } from '@kornlp/embeddings';
 * const wv = await readWordVectors('cc.ko.300.vec', { keep: (w) => vocab.has(w) });
 * console.log(wv.size, wv.dim);
 * ```
 */
export async function readWordVectors(path: string, options: ReadVectorsOptions = {}): Promise<WordVectors> {
  const { keep = () => true, limit = Number.POSITIVE_INFINITY } = options;
  const format = options.format ?? 'auto';
  if (format !== 'auto' && format !== 'text' && format !== 'binary') {
    throw new ConfigError(COMPONENT, `format must be auto, text or binary, got ${describeValue(format)}`);
  }
  try {
    const f = format === 'auto' ? await detectFormat(path) : format;
    return f === 'binary' ? await readBinary(path, keep, limit) : await readText(path, keep, limit);
  } catch (e) {
    if (e instanceof DataFormatError) throw e;
    throw new DataFormatError(COMPONENT, `cannot read vectors: ${(e as Error).message}`, {
      file: path,
      cause: e,
    });
  }
}

/** Options of {@link saveWordVectors}. */
export interface SaveVectorsOptions {
  /** word2vec text or binary format. @default 'text' */
  format?: 'text' | 'binary';
}

/**
 * Saves vectors in word2vec format (text: readable by gensim's `load_word2vec_format` and
 * fastText tools), atomically.
 *
 * @param path - the file to write
 * @param vectors - the vectors
 * @param options - see {@link SaveVectorsOptions}
 * @example
 * ```ts
 * await saveWordVectors('/tmp/vectors.txt', model);
 * // /tmp/vectors.txt: "2 3\n영화 0.1 0.2 0.3\n..."
 * ```
 */
export async function saveWordVectors(
  path: string,
  vectors: WordVectors,
  options: SaveVectorsOptions = {},
): Promise<void> {
  const format = options.format ?? 'text';
  const { dim, words } = vectors;
  const v = vectors.vectors;
  for (const w of words) {
    if (w === '' || /\s/.test(w)) {
      throw new ConfigError(
        'saveWordVectors',
        `word ${describeValue(w)} is empty or contains whitespace; word2vec format cannot hold it`,
      );
    }
  }
  if (format === 'text') {
    const parts: string[] = [`${words.length} ${dim}\n`];
    for (let i = 0; i < words.length; i++) {
      const row: string[] = [words[i]!];
      for (let c = 0; c < dim; c++) row.push(String(v[i * dim + c]));
      parts.push(`${row.join(' ')}\n`);
    }
    await atomicWriteFile(path, parts.join(''));
    return;
  }
  if (format !== 'binary') {
    throw new ConfigError('saveWordVectors', `format must be text or binary, got ${describeValue(format)}`);
  }
  const chunks: Buffer[] = [Buffer.from(`${words.length} ${dim}\n`)];
  for (let i = 0; i < words.length; i++) {
    // No newline after the floats, as gensim writes it (readers skip one either way).
    const row = Buffer.alloc(dim * 4);
    for (let c = 0; c < dim; c++) row.writeFloatLE(v[i * dim + c]!, c * 4);
    chunks.push(Buffer.from(`${words[i]} `), row);
  }
  await atomicWriteFile(path, Buffer.concat(chunks));
}
