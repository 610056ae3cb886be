import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Vocabulary } from '@kornlp/embeddings';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { captureIo } from './support/cli_io.js';

const dir = mkdtempSync(join(tmpdir(), 'kornlp-cli-emb-'));
// NSMC-shaped: id, document, label, with a header.
const corpus = join(dir, 'reviews.tsv');
writeFileSync(
  corpus,
  ['id\tdocument\tlabel', '1\t영화 재밌다\t1', '2\t영화 지루하다\t0', '3\t재밌다 최고\t1', ''].join('\n'),
);

// The corpus options that read the document column of the file above.
const documents = ['-i', corpus, '--field', '2', '--skip-header'];

describe('kornlp vocab / embeddings', () => {
  it('vocab build: syllables of the document field, saved with its unit', async () => {
    const c = captureIo();
    const out = join(dir, 'vocab.json');
    const args = ['vocab', 'build', ...documents, '--unit', 'syllable', '-o', out];
    expect(await runCli([...args, '--max-size', '6'], c.io)).toBe(0);
    expect(c.out).toMatch(/vocabulary: 6 entries \(unit syllable\) from 3 lines, 16 tokens, 10 types/);
    // 다 3; 밌 영 재 화 2 each (ties in code-point order); 지 루 하 최 고 1 → top 4 after <pad>, <unk>
    const v = await Vocabulary.load(out);
    expect(v.tokens).toEqual(['<pad>', '<unk>', '다', '밌', '영', '재']);
    expect(v.unit).toBe('syllable');
    expect(c.out).toMatch(/coverage: 56\.25% of tokens, 40\.00% of types/);
  });

  it('vocab build: morphemes through the built-in analyzer', async () => {
    const c = captureIo();
    const out = join(dir, 'morph.json');
    expect(await runCli(['vocab', 'build', ...documents, '-o', out], c.io)).toBe(0);
    const v = await Vocabulary.load(out);
    expect(v.unit).toBe('morpheme');
    expect(v.has('영화')).toBe(true);
    expect(v.counts[v.id('영화')]).toBe(2);
    expect(c.err).not.toMatch(/Error/);
  });

  it('embeddings train then nearest', async () => {
    const vec = join(dir, 'vectors.txt');
    const t = captureIo();
    const train = ['embeddings', 'train', ...documents, '--unit', 'syllable'];
    const opts = ['--dim', '8', '--min-count', '1', '--epochs', '2', '-o', vec];
    expect(await runCli([...train, ...opts], t.io)).toBe(0);
    expect(t.out).toMatch(/skip-gram \(syllable\): 10 words, 16 tokens x 2 epochs/);
    expect(readFileSync(vec, 'utf8').split('\n')[0]).toBe('10 8');
    const n = captureIo();
    expect(await runCli(['embeddings', 'nearest', '--vectors', vec, '-k', '3', '재', '없음'], n.io)).toBe(0);
    expect(n.out).toMatch(
      /^재: \S+ -?\d\.\d{3}, \S+ -?\d\.\d{3}, \S+ -?\d\.\d{3}\n없음: not in the vectors\n$/,
    );
  });

  it('usage errors exit 2 with the reason', async () => {
    const a = captureIo();
    expect(await runCli(['vocab', 'build', '-i', corpus], a.io)).toBe(2);
    expect(a.err).toMatch(/--output is required/);
    const b = captureIo();
    expect(await runCli(['vocab', 'build', '-i', corpus, '-o', 'x', '--unit', 'word'], b.io)).toBe(2);
    expect(b.err).toMatch(/--unit must be one of morpheme, form-tag, syllable, jamo, got "word"/);
    const c = captureIo();
    expect(await runCli(['embeddings', 'fly'], c.io)).toBe(2);
    expect(c.err).toMatch(/expected the subcommand "train" or "nearest"/);
  });
});
