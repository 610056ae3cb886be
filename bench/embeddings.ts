/**
 * `pnpm bench:embeddings`: skip-gram training speed of @kornlp/embeddings against gensim's
 * Word2Vec (Debian python3-gensim), same corpus and settings, measured in one run.
 *
 * Corpus: NSMC train (../shared/data/nsmc) as morphemes from the built-in analyzer, written once
 * to a temporary file that gensim reads (kornlp gets the same token arrays). Settings: dim 100,
 * window 5, negative 5, one epoch, minCount 5, sample 1e-3; for 1 and 2 threads.
 *
 * Words/s on both sides = in-vocabulary corpus words / training seconds (vocabulary building
 * excluded), the figure gensim and word2vec report. The table also shows the effective words
 * (left after subsampling: both sides should train on about the same number) and the CPU
 * seconds of each run: when CPU time is well below threads × wall time, the machine was busy
 * and the wall-clock ratio is noisy.
 *
 * The machine may be shared, so each side runs `--repeat` times (alternating) and its best run counts.
 *
 * Flags: --lines N (use the first N reviews), --threads 1,2, --repeat 2
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type SkipGramModel, trainSkipGram } from '@kornlp/embeddings';
import { createTokenizer } from '@kornlp/tokenizer';

const { values } = parseArgs({
  options: {
    lines: { type: 'string' },
    threads: { type: 'string', default: '1,2' },
    repeat: { type: 'string', default: '2' },
  },
});
const nsmc = fileURLToPath(new URL('../../shared/data/nsmc/ratings_train.txt', import.meta.url));
const python = '/usr/bin/python3';
const reference = fileURLToPath(new URL('./reference/gensim_word2vec.py', import.meta.url));
if (!existsSync(nsmc)) {
  console.log(`bench:embeddings skipped: ${nsmc} not found (the shared corpora sit beside the checkout)`);
  process.exit(0);
}
if (spawnSync(python, ['-c', 'import gensim'], { stdio: 'ignore' }).status !== 0) {
  console.log('bench:embeddings skipped: /usr/bin/python3 cannot import gensim (apt install python3-gensim)');
  process.exit(0);
}

const limit = values.lines ? Number(values.lines) : Number.POSITIVE_INFINITY;
const reviews = readFileSync(nsmc, 'utf8')
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t')[1] ?? '')
  .filter((d) => d.trim() !== '')
  .slice(0, limit);
const tok = await createTokenizer();
const t = performance.now();
const sentences = reviews.map((r) => tok.morphs(r).filter((m) => !/\s/.test(m)));
console.log(`tokenized ${sentences.length} reviews in ${((performance.now() - t) / 1000).toFixed(1)} s`);
const dir = mkdtempSync(join(tmpdir(), 'kornlp-bench-emb-'));
const corpusFile = join(dir, 'corpus.txt');
writeFileSync(corpusFile, `${sentences.map((s) => s.join(' ')).join('\n')}\n`);

interface Run {
  seconds: number;
  cpuSeconds: number;
  wordsPerSecond: number;
  corpusWords: number;
  effectiveWords: number;
  vocabSize: number;
}
const settings = { dim: 100, window: 5, negative: 5, epochs: 1, minCount: 5, sample: 1e-3, seed: 1 };

function gensim(threads: number): Run {
  const ref = spawnSync(python, [reference, corpusFile, '--workers', String(threads)], { encoding: 'utf8' });
  if (ref.status !== 0) throw new Error(`gensim reference failed: ${ref.stderr}`);
  return JSON.parse(ref.stdout.trim().split('\n').pop()!) as Run;
}

async function kornlp(threads: number): Promise<{ run: Run; model: SkipGramModel }> {
  const model = await trainSkipGram(sentences, { ...settings, threads, progress: false });
  const s = model.stats;
  const run = {
    seconds: s.trainSeconds,
    cpuSeconds: s.cpuSeconds,
    wordsPerSecond: s.wordsPerSecond,
    corpusWords: s.corpusWords,
    effectiveWords: s.effectiveWords,
    vocabSize: s.vocabSize,
  };
  return { run, model };
}

const best = (a: Run | undefined, b: Run) => (a && a.wordsPerSecond >= b.wordsPerSecond ? a : b);
const rows: { threads: number; ours: Run; ref: Run }[] = [];
let sample: SkipGramModel | undefined;
try {
  for (const threads of values.threads.split(',').map(Number)) {
    let ours: Run | undefined;
    let ref: Run | undefined;
    for (let r = 0; r < Number(values.repeat); r++) {
      ref = best(ref, gensim(threads));
      const k = await kornlp(threads);
      ours = best(ours, k.run);
      sample ??= k.model;
      console.log(
        `  threads=${threads} run ${r + 1}: kornlp ${Math.round(k.run.wordsPerSecond)} words/s, ` +
          `gensim best so far ${Math.round(ref.wordsPerSecond)} words/s`,
      );
    }
    rows.push({ threads, ours: ours!, ref: ref! });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const first = rows[0]!;
const n = (x: number) => Math.round(x).toLocaleString('en-US');
console.log(
  `\nskip-gram words/s, kornlp vs gensim ${spawnSync(python, ['-c', 'import gensim; print(gensim.__version__)'], { encoding: 'utf8' }).stdout.trim()} Word2Vec ` +
    `(NSMC train morphemes: ${n(first.ours.corpusWords)} in-vocabulary words [gensim ${n(first.ref.corpusWords)}], ` +
    `vocab ${n(first.ours.vocabSize)} [gensim ${n(first.ref.vocabSize)}]; dim 100, window 5, negative 5, 1 epoch, ` +
    `min_count 5, sample 1e-3; best of ${values.repeat} runs each)`,
);
const table = [
  [
    'threads',
    'kornlp words/s',
    'gensim words/s',
    'ratio',
    'kornlp s (cpu s)',
    'gensim s (cpu s)',
    'effective words kornlp / gensim',
  ],
  ...rows.map(({ threads, ours, ref }) => [
    String(threads),
    n(ours.wordsPerSecond),
    n(ref.wordsPerSecond),
    (ours.wordsPerSecond / ref.wordsPerSecond).toFixed(2),
    `${ours.seconds.toFixed(2)} (${ours.cpuSeconds.toFixed(2)})`,
    `${ref.seconds.toFixed(2)} (${ref.cpuSeconds.toFixed(2)})`,
    `${n(ours.effectiveWords)} / ${n(ref.effectiveWords)}`,
  ]),
];
const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
for (const r of table) console.log(`  ${r.map((cell, c) => cell.padStart(widths[c]!)).join(' | ')}`);
if (sample?.has('재밌')) {
  console.log(
    `  kornlp neighbours of 재밌: ${sample
      .nearest('재밌', 8)
      .map((x) => x.word)
      .join(' ')}`,
  );
}
