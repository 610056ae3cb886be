import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactError, ConfigError, DataFormatError } from '@kornlp/core';
import { describe, expect, it } from 'vitest';
import { Vocabulary } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'kornlp-vocab-'));

// Counts: a 3, b 2, 😀 2, ！(U+FF01) 2, c 1, d 1.
const corpus = [
  ['a', 'b', '😀', '\uFF01', 'c'],
  ['a', 'b', '😀'],
  ['a', '\uFF01', 'd'],
];

describe('Vocabulary', () => {
  it('orders by count, then code point (astral after U+FF01), after the Keras specials', async () => {
    const v = await Vocabulary.build(corpus);
    expect(v.tokens).toEqual(['<pad>', '<unk>', 'a', 'b', '\uFF01', '😀', 'c', 'd']);
    expect(v.counts).toEqual([0, 0, 3, 2, 2, 2, 1, 1]);
    expect(v.padId).toBe(0);
    expect(v.unkId).toBe(1);
    expect(v.size).toBe(8);
  });

  it('minFreq and maxSize (including specials) cut the tail; coverage is computed from counts', async () => {
    const v = await Vocabulary.build(corpus, { minFreq: 2, maxSize: 5 });
    expect(v.tokens).toEqual(['<pad>', '<unk>', 'a', 'b', '\uFF01']);
    // 11 tokens, 6 types; covered: a 3 + b 2 + ！ 2 = 7 tokens, 3 types.
    expect(v.coverage()).toEqual({
      tokens: 7 / 11,
      types: 3 / 6,
      totalTokens: 11,
      totalTypes: 6,
      coveredTokens: 7,
      coveredTypes: 3,
    });
    expect(v.stats.sequences).toBe(3);
    const dev = await v.measureCoverage([
      ['a', 'z', '<pad>'],
      ['z', 'b'],
    ]);
    expect(dev).toMatchObject({ tokens: 2 / 4, types: 2 / 3 });
  });

  it('builds from an async stream, same result as from an array', async () => {
    async function* gen() {
      for (const s of corpus) yield s;
    }
    expect((await Vocabulary.build(gen())).tokens).toEqual((await Vocabulary.build(corpus)).tokens);
  });

  it('encode/decode with BOS/EOS; unknown tokens map to 1', async () => {
    const v = await Vocabulary.build(corpus, { specials: { bos: '<s>', eos: '</s>' } });
    expect(v.tokens.slice(0, 5)).toEqual(['<pad>', '<unk>', '<s>', '</s>', 'a']);
    expect(v.bosId).toBe(2);
    expect(v.eosId).toBe(3);
    expect(v.encode(['a', 'zzz', 'b'])).toEqual([2, 4, 1, 5, 3]);
    expect(v.encode(['a'], { bos: false, eos: false })).toEqual([4]);
    expect(v.decode([0, 2, 4, 1, 3])).toEqual(['<pad>', '<s>', 'a', '<unk>', '</s>']);
    expect(v.decode([0, 2, 4, 1, 3], { skipSpecials: true })).toEqual(['a', '<unk>']);
    expect(() => v.decode([99])).toThrow(DataFormatError);
    expect(() => v.decode([99])).toThrow(/id 99 is out of range; valid ids are integers in \[0, 10\)/);
    const onlyEos = await Vocabulary.build(corpus, { specials: { eos: '</s>' } });
    expect(onlyEos.eosId).toBe(2);
    expect(onlyEos.encode(['a'])).toEqual([3, 2]);
  });

  it('a corpus token equal to a special string maps to the special', async () => {
    const v = await Vocabulary.build([['<unk>', 'x', '<unk>']]);
    expect(v.tokens).toEqual(['<pad>', '<unk>', 'x']);
    expect(v.stats.totalTokens).toBe(1);
  });

  it('saves and loads (round trip), atomically', async () => {
    const v = await Vocabulary.build(corpus, { maxSize: 6, unit: 'morpheme', specials: { bos: '<s>' } });
    const path = join(dir, 'vocab.json');
    await v.save(path);
    const w = await Vocabulary.load(path);
    expect(w.toJSON()).toEqual(v.toJSON());
    expect(w.unit).toBe('morpheme');
    expect(w.encode(['😀', 'a'])).toEqual(v.encode(['😀', 'a']));
  });

  it('missing, corrupt, wrong-format and unknown-version files give ArtifactError', async () => {
    await expect(Vocabulary.load(join(dir, 'nope.json'))).rejects.toThrow(ArtifactError);
    const corrupt = join(dir, 'corrupt.json');
    writeFileSync(corrupt, '{"format":"kornlp-vocabulary","vers');
    await expect(Vocabulary.load(corrupt)).rejects.toThrow(/corrupt \(not valid JSON\)/);
    const good = (await Vocabulary.build(corpus)).toJSON();
    const future = join(dir, 'v2.json');
    writeFileSync(future, JSON.stringify({ ...good, version: 2 }));
    await expect(Vocabulary.load(future)).rejects.toThrow(/has version 2; this kornlp reads version 1 only/);
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ ...good, format: 'keras-tokenizer' }));
    await expect(Vocabulary.load(other)).rejects.toThrow(/format is "keras-tokenizer"/);
    expect(() => Vocabulary.fromJSON({ ...good, counts: [1] })).toThrow(/counts must be 8 integers/);
    expect(() =>
      Vocabulary.fromJSON({ ...good, tokens: ['<unk>', '<pad>', ...good.tokens.slice(2)] }),
    ).toThrow(/first tokens must be the specials/);
  });

  it('bad options give ConfigError', async () => {
    await expect(Vocabulary.build(corpus, { maxSize: 1 })).rejects.toThrow(ConfigError);
    await expect(Vocabulary.build(corpus, { minFreq: 0 })).rejects.toThrow(
      /minFreq must be an integer >= 1, got 0/,
    );
    await expect(Vocabulary.build(corpus, { specials: { bos: '<pad>' } })).rejects.toThrow(/distinct/);
  });
});
