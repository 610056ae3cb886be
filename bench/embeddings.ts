/**
 * `pnpm bench:embeddings`: skip-gram training speed of @kornlp/embeddings against gensim's
 * Word2Vec (Debian python3-gensim), same corpus and settings, measured in one run.
 *
 * Corpus: NSMC train (../shared/data/nsmc) as morphemes from the built-in analyzer, written once
 * to a temporary file that both sides read. Settings: dim 100, window 5, negative 5, one epoch,
 * minCount 5, sample 1e-3; for 1 thread and 2 threads. Words/s = in-vocabulary corpus words /
 * training seconds (vocabulary building excluded on both sides).
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
import { trainSkipGram } from '@kornlp/embeddings';
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

const settings = { dim: 100, window: 5, negative: 5, epochs: 1, minCount: 5, sample: 1e-3, seed: 1 };
const rows: string[] = [];
try {
  for (const threads of values.threads.split(',').map(Number)) {
    let g = { wordsPerSecond: 0, corpusWords: 0 };
    let model: Awaited<ReturnType<typeof trainSkipGram>> | undefined;
    let ours = 0;
    for (let r = 0; r < Number(values.repeat); r++) {
      const ref = spawnSync(python, [reference, corpusFile, '--workers', String(threads)], {
        encoding: 'utf8',
      });
      if (ref.status !== 0) throw new Error(`gensim reference failed: ${ref.stderr}`);
      const run = JSON.parse(ref.stdout.trim().split('\n').pop()!) as typeof g;
      if (run.wordsPerSecond > g.wordsPerSecond) g = run;
      const m = await trainSkipGram(sentences, { ...settings, threads, progress: false });
      if (m.stats.wordsPerSecond > ours) {
        ours = m.stats.wordsPerSecond;
        model = m;
      }
    }
    if (!model) throw new Error('no run');
    rows.push(
      `threads=${threads}: kornlp ${Math.round(ours)} words/s (${model.stats.corpusWords} words, vocab ${model.stats.vocabSize}), ` +
        `gensim ${Math.round(g.wordsPerSecond)} words/s (${g.corpusWords} words) -> ratio ${(ours / g.wordsPerSecond).toFixed(2)}`,
    );
    console.log(rows[rows.length - 1]);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`skip-gram words/s vs gensim Word2Vec (dim 100, window 5, negative 5, 1 epoch):`);
for (const r of rows) console.log(`  ${r}`);
