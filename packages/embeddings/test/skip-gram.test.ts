import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWordVectors, saveWordVectors, subwordNgrams, trainSkipGram } from '../src/index.js';

/** Two topics that never share a sentence: words of one topic should end up nearer each other. */
function topicCorpus(sentences: number, seed: number): string[][] {
  const a = ['재밌다', '재밌고', '재밌어', '최고다', '최고야'];
  const b = ['지루한', '지루해', '지루하다', '별로다', '별로야'];
  let s = seed;
  const rand = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const out: string[][] = [];
  for (let i = 0; i < sentences; i++) {
    const topic = i % 2 === 0 ? a : b;
    out.push(Array.from({ length: 8 }, () => topic[Math.floor(rand() * topic.length)]!));
  }
  return out;
}

const base = { dim: 16, window: 3, negative: 5, minCount: 1, epochs: 3, sample: 0, progress: false };

describe('trainSkipGram', () => {
  it('words that co-occur end up nearer than words that never do', async () => {
    const m = await trainSkipGram(topicCorpus(600, 1), { ...base, seed: 7 });
    expect(m.stats.vocabSize).toBe(10);
    expect(m.stats.corpusWords).toBe(4800);
    const within = m.similarity('재밌다', '최고야');
    const across = m.similarity('재밌다', '지루해');
    expect(within).toBeGreaterThan(across + 0.3);
    const top = m.nearest('지루한', 4).map((n) => n.word);
    expect(top.every((w) => ['지루해', '지루하다', '별로다', '별로야'].includes(w))).toBe(true);
  });

  it('is deterministic under a seed with one thread, and the seed matters', async () => {
    const corpus = topicCorpus(100, 2);
    const a = await trainSkipGram(corpus, { ...base, seed: 3 });
    const b = await trainSkipGram(corpus, { ...base, seed: 3 });
    const c = await trainSkipGram(corpus, { ...base, seed: 4 });
    expect(a.vectors).toEqual(b.vectors);
    expect(a.vectors).not.toEqual(c.vectors);
    // Vocabulary order: count desc, ties in code-point order.
    const counts = new Map<string, number>();
    for (const s of corpus) for (const w of s) counts.set(w, (counts.get(w) ?? 0) + 1);
    const expected = [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map((e) => e[0]);
    expect(a.words).toEqual(expected);
  });

  it('trains with two worker threads on shared weights', async () => {
    const m = await trainSkipGram(topicCorpus(600, 5), { ...base, seed: 1, threads: 2 });
    expect(m.stats.threads).toBe(2);
    expect(m.similarity('재밌다', '최고야')).toBeGreaterThan(m.similarity('재밌다', '지루해') + 0.3);
  });

  it('threads share the corpus chunk by chunk: every word trained exactly once per epoch', async () => {
    // 24,000 words = 3 chunks per epoch; without subsampling every word is an effective word.
    // dim 10 is not a multiple of 4, so rows carry padding that must stay out of the vectors.
    const corpus = topicCorpus(3000, 4);
    for (const threads of [1, 2, 3]) {
      const m = await trainSkipGram(corpus, { ...base, dim: 10, epochs: 2, seed: 5, threads });
      expect(m.stats.corpusWords).toBe(24000);
      expect(m.stats.effectiveWords).toBe(48000);
      expect(m.vector('재밌다')).toHaveLength(10);
      expect(m.similarity('재밌다', '최고야')).toBeGreaterThan(m.similarity('재밌다', '지루해') + 0.3);
    }
    const sampled = await trainSkipGram(corpus, { ...base, sample: 1e-2, seed: 5 });
    expect(sampled.stats.effectiveWords).toBeLessThan(3 * 24000);
    expect(sampled.stats.effectiveWords).toBeGreaterThan(0);
  });

  it('minCount drops rare words, subsampling keeps training sane, words/s is reported', async () => {
    const corpus = [...topicCorpus(200, 3), ['희귀어', '재밌다']];
    const m = await trainSkipGram(corpus, { ...base, minCount: 2, sample: 1e-3, seed: 1 });
    expect(m.has('희귀어')).toBe(false);
    expect(m.stats.corpusWords).toBe(1601);
    expect(m.stats.wordsPerSecond).toBeGreaterThan(0);
    await expect(trainSkipGram([['a']], { ...base, minCount: 2 })).rejects.toThrow(/lower minCount/);
    await expect(trainSkipGram([['a']], { ...base, dim: 0 })).rejects.toThrow(
      /dim must be an integer >= 1, got 0/,
    );
  });

  it('subwords: an unseen word form gets a vector near the forms it shares n-grams with', async () => {
    const m = await trainSkipGram(topicCorpus(600, 1), {
      ...base,
      seed: 2,
      subwords: { unit: 'char', minN: 1, maxN: 2, buckets: 1000 },
    });
    expect(m.has('지루함')).toBe(false);
    const v = m.vector('지루함');
    expect(v).toBeDefined();
    const top = m.nearest(v!, 3).map((n) => n.word);
    expect(top.filter((w) => w.startsWith('지루')).length).toBeGreaterThanOrEqual(2);
    expect(m.similarity('지루함', '지루해')).toBeGreaterThan(m.similarity('지루함', '재밌어'));
  });

  it('saves in word2vec text format that reads back', async () => {
    const m = await trainSkipGram(topicCorpus(50, 1), { ...base, epochs: 1, seed: 1 });
    const path = join(await mkdtemp(join(tmpdir(), 'kornlp-sg-')), 'vectors.txt');
    await saveWordVectors(path, m);
    const back = await readWordVectors(path);
    expect(back.words).toEqual(m.words);
    expect(back.vectors).toEqual(m.vectors);
  });
});

describe('subwordNgrams', () => {
  it('character and jamo n-grams with word-edge markers, whole word excluded', () => {
    expect(subwordNgrams('재밌', { unit: 'char', minN: 2, maxN: 3 })).toEqual([
      '<재',
      '재밌',
      '밌>',
      '<재밌',
      '재밌>',
    ]);
    expect(subwordNgrams('재밌', { unit: 'jamo', minN: 5, maxN: 5 })).toEqual([
      '<ㅈㅐㅁㅣ',
      'ㅈㅐㅁㅣㅆ',
      'ㅐㅁㅣㅆ>',
    ]);
    expect(subwordNgrams('가', { unit: 'char', minN: 3, maxN: 6 })).toEqual([]);
    expect(() => subwordNgrams('가', { minN: 3, maxN: 2 })).toThrow(/minN <= maxN/);
  });
});
