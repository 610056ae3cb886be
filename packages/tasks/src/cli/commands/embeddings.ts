import { readWordVectors, saveWordVectors, trainSkipGram } from '@kornlp/embeddings';
import { type Command, UsageError } from '../command.js';
import { intFlag } from '../flags.js';
import { corpusOptions, corpusUsage, readCorpusUnits } from './vocab.js';

const usage = `Usage: kornlp embeddings train [options] --output vectors.txt
       kornlp embeddings nearest --vectors vectors.txt [-k 10] WORD...

train: skip-gram with negative sampling (word2vec) on a text corpus; saves word2vec text format.
nearest: the most similar words by cosine similarity.

Options (train):
${corpusUsage}
  -o, --output FILE    where to save the vectors (required)
      --binary         save word2vec binary instead of text
      --dim N          vector length (default 100)
      --window N       context window (default 5)
      --negative N     negative samples (default 5)
      --min-count N    drop rarer words (default 5)
      --epochs N       passes over the corpus (default 5)
      --threads N      worker threads (default 1)
      --seed N         seed (default 1)
      --subwords UNIT  also learn char or jamo n-grams (fastText style)

Options (nearest):
      --vectors FILE   word2vec text/binary or fastText .vec
  -k N                 how many neighbours (default 10)

Example:
  kornlp embeddings train -i ratings_train.txt --field 2 --skip-header -o nsmc.vec --threads 2
  kornlp embeddings nearest --vectors nsmc.vec 재밌 최고`;

/** `kornlp embeddings train|nearest`. */
export const embeddingsCommand: Command = {
  name: 'embeddings',
  summary: 'train word vectors (embeddings train) and inspect them (embeddings nearest)',
  usage,
  allowPositionals: true,
  options: {
    ...corpusOptions,
    output: { type: 'string', short: 'o' },
    binary: { type: 'boolean', default: false },
    dim: { type: 'string' },
    window: { type: 'string' },
    negative: { type: 'string' },
    'min-count': { type: 'string' },
    epochs: { type: 'string' },
    threads: { type: 'string' },
    seed: { type: 'string' },
    subwords: { type: 'string' },
    vectors: { type: 'string' },
    k: { type: 'string', short: 'k' },
  },
  async run({ values, positionals }, io) {
    const [sub, ...words] = positionals;
    if (sub === 'nearest') {
      const file = values.vectors as string | undefined;
      if (!file) throw new UsageError('--vectors is required');
      if (words.length === 0) throw new UsageError('give at least one word');
      const k = intFlag(values, 'k', 1) ?? 10;
      const wv = await readWordVectors(file);
      for (const w of words) {
        const near = wv.nearest(w, k);
        io.stdout.write(
          near.length === 0
            ? `${w}: not in the vectors\n`
            : `${w}: ${near.map((n) => `${n.word} ${n.similarity.toFixed(3)}`).join(', ')}\n`,
        );
      }
      return 0;
    }
    if (sub !== 'train' || words.length > 0) {
      throw new UsageError(
        `expected the subcommand "train" or "nearest", got ${JSON.stringify(positionals.join(' '))}`,
      );
    }
    const output = values.output as string | undefined;
    if (!output) throw new UsageError('--output is required');
    const subwords = values.subwords as string | undefined;
    if (subwords !== undefined && subwords !== 'char' && subwords !== 'jamo') {
      throw new UsageError(`--subwords must be char or jamo, got ${JSON.stringify(subwords)}`);
    }
    const options = {
      dim: intFlag(values, 'dim', 1) ?? 100,
      window: intFlag(values, 'window', 1) ?? 5,
      negative: intFlag(values, 'negative', 1) ?? 5,
      minCount: intFlag(values, 'min-count', 1) ?? 5,
      epochs: intFlag(values, 'epochs', 1) ?? 5,
      threads: intFlag(values, 'threads', 1) ?? 1,
      seed: intFlag(values, 'seed', 1) ?? 1,
      subwords: subwords ? { unit: subwords as 'char' | 'jamo' } : undefined,
    };
    const { unit, sequences, close } = await readCorpusUnits(values, io);
    let model: Awaited<ReturnType<typeof trainSkipGram>>;
    try {
      model = await trainSkipGram(sequences, options);
    } finally {
      await close();
    }
    await saveWordVectors(output, model, { format: values.binary ? 'binary' : 'text' });
    const s = model.stats;
    io.stdout.write(
      `skip-gram (${unit}): ${s.vocabSize} words, ${s.corpusWords} tokens x ${s.epochs} epochs, ` +
        `${s.threads} thread(s), ${s.trainSeconds.toFixed(1)} s, ${Math.round(s.wordsPerSecond)} words/s\nsaved ${output}\n`,
    );
    return 0;
  },
};
