import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createUnitizer, TOKEN_UNITS, type TokenUnit, Vocabulary } from '@kornlp/embeddings';
import { createTokenizer } from '@kornlp/tokenizer';
import { type CliIo, type Command, UsageError } from '../command.js';
import { intFlag, oneOfFlag } from '../flags.js';

/** Flags shared by `vocab build` and `embeddings train` for reading a text corpus. */
export const corpusOptions = {
  input: { type: 'string', short: 'i' },
  field: { type: 'string' },
  'skip-header': { type: 'boolean', default: false },
  unit: { type: 'string', short: 'u', default: 'morpheme' },
} as const;

export const corpusUsage = `  -i, --input FILE     the corpus, one text per line (default: stdin)
      --field N        take the N-th TAB-separated field of each line, from 1 (NSMC: 2)
      --skip-header    skip the first line
  -u, --unit UNIT      ${TOKEN_UNITS.join(', ')} (default morpheme)`;

/**
 * Reads a corpus as unit sequences, one per line, streaming (the corpus is never held).
 *
 * @param values - parsed {@link corpusOptions}
 * @param io - stdin when no --input
 * @returns the unit name and an async generator of unit arrays
 */
export async function readCorpusUnits(
  values: Record<string, unknown>,
  io: CliIo,
): Promise<{ unit: TokenUnit; sequences: AsyncGenerator<string[]>; close: () => Promise<void> }> {
  const unit = oneOfFlag(values, 'unit', TOKEN_UNITS)!;
  const field = intFlag(values, 'field', 1);
  const skipHeader = values['skip-header'] as boolean;
  const input = values.input as string | undefined;
  const needsTokenizer = unit === 'morpheme' || unit === 'form-tag';
  const tokenizer = needsTokenizer ? await createTokenizer() : undefined;
  const toUnits = createUnitizer({ unit: unit as TokenUnit, tokenizer });
  const stream = input ? createReadStream(input, { encoding: 'utf8' }) : io.stdin;
  async function* sequences(): AsyncGenerator<string[]> {
    const rl = createInterface({ input: stream, crlfDelay: Infinity });
    let first = true;
    for await (const line of rl) {
      if (first && skipHeader) {
        first = false;
        continue;
      }
      first = false;
      const text = field === undefined ? line : (line.split('\t')[field - 1] ?? '');
      yield toUnits(text);
    }
  }
  return { unit: unit as TokenUnit, sequences: sequences(), close: async () => tokenizer?.close() };
}

const usage = `Usage: kornlp vocab build [options] --output vocab.json

Builds a vocabulary (0 = padding, 1 = unknown, then tokens by count) from a text corpus and
prints its coverage.

Options:
${corpusUsage}
  -o, --output FILE    where to save the vocabulary JSON (required)
      --max-size N     largest number of entries, specials included (default: no limit)
      --min-freq N     leave out tokens seen fewer times (default 1)
      --bos TOKEN      add a begin-of-sequence token (id 2)
      --eos TOKEN      add an end-of-sequence token

Example:
  kornlp vocab build -i ratings_train.txt --field 2 --skip-header --max-size 5000 -o vocab.json`;

/** `kornlp vocab build`: a vocabulary from a corpus. */
export const vocabCommand: Command = {
  name: 'vocab',
  summary: 'build a vocabulary from a corpus (vocab build)',
  usage,
  allowPositionals: true,
  options: {
    ...corpusOptions,
    output: { type: 'string', short: 'o' },
    'max-size': { type: 'string' },
    'min-freq': { type: 'string' },
    bos: { type: 'string' },
    eos: { type: 'string' },
  },
  async run({ values, positionals }, io) {
    if (positionals.length !== 1 || positionals[0] !== 'build') {
      throw new UsageError(`expected the subcommand "build", got ${JSON.stringify(positionals.join(' '))}`);
    }
    const output = values.output as string | undefined;
    if (!output) throw new UsageError('--output is required');
    const maxSize = intFlag(values, 'max-size', 2);
    const minFreq = intFlag(values, 'min-freq', 1);
    const t0 = performance.now();
    const { unit, sequences, close } = await readCorpusUnits(values, io);
    let vocab: Vocabulary;
    try {
      vocab = await Vocabulary.build(sequences, {
        unit,
        maxSize,
        minFreq,
        specials: { bos: values.bos as string | undefined, eos: values.eos as string | undefined },
        progress: true,
      });
    } finally {
      await close();
    }
    const seconds = (performance.now() - t0) / 1000;
    await vocab.save(output);
    const c = vocab.coverage();
    io.stdout.write(
      `vocabulary: ${vocab.size} entries (unit ${unit}) from ${vocab.stats.sequences} lines, ` +
        `${c.totalTokens} tokens, ${c.totalTypes} types in ${seconds.toFixed(1)} s\n` +
        `coverage: ${(c.tokens * 100).toFixed(2)}% of tokens, ${(c.types * 100).toFixed(2)}% of types\n` +
        `saved ${output}\n`,
    );
    return 0;
  },
};
