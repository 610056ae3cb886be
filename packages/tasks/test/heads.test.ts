import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Vocabulary } from '@kornlp/embeddings';
import { initBackend, loadModel, saveModel, tf } from '@kornlp/models';
import { beforeAll, describe, expect, it } from 'vitest';
import { SequenceClassifier } from '../src/heads/sequence_classifier.js';
import { SequenceTagger } from '../src/heads/sequence_tagger.js';
import { idRows } from '../src/pipeline/id_rows.js';
import { segment } from '../src/pipeline/segment.js';
import { entityF1 } from '../src/tasks/entity_f1.js';

beforeAll(async () => {
  await initBackend();
});

describe('heads', () => {
  it('SequenceClassifier: shapes, probabilities sum to 1, no leaked tensors, bad config', () => {
    const clf = new SequenceClassifier({
      vocabSize: 20,
      numClasses: 3,
      maxLen: 5,
      embeddingDim: 4,
      encoder: { kind: 'bi_gru', units: 4 },
    });
    expect(clf.model.outputs[0]!.shape).toEqual([null, 3]);
    const before = tf.memory().numTensors;
    const probs = clf.predictProba([
      [0, 0, 3, 4, 5],
      [1, 2, 3, 4, 5],
    ]);
    expect(tf.memory().numTensors).toBe(before);
    expect(probs).toHaveLength(2);
    for (const p of probs) expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(() => clf.predictProba([[1, 2]])).toThrow(/maxLen 5/);
    expect(() => new SequenceClassifier({ vocabSize: 20, numClasses: 1, maxLen: 5 })).toThrow(
      /numClasses must be an integer ≥ 2/,
    );
    expect(
      () =>
        new SequenceClassifier({
          vocabSize: 20,
          numClasses: 2,
          maxLen: 5,
          encoder: { kind: 'lstmx' as never },
        }),
    ).toThrow(
      /unknown encoder kind "lstmx"; expected one of simple_rnn, lstm, gru, bi_lstm, bi_gru, attention, transformer/,
    );
    clf.dispose();
  });

  it('SequenceClassifier runs on @kornlp/models encoders: fused recurrent layers, every pooling', () => {
    const base = { vocabSize: 20, numClasses: 2, maxLen: 5, embeddingDim: 4, dropout: 0 };
    const rows = [
      [0, 0, 3, 4, 5],
      [1, 2, 3, 4, 5],
    ];
    const classes = (c: SequenceClassifier) => c.model.layers.map((l) => l.getClassName());
    const last = new SequenceClassifier({ ...base, encoder: { kind: 'gru', units: 3 } });
    expect(classes(last)).toContain('KornlpFusedGRU');
    expect(last.config.pooling).toBe('last');
    for (const [pooling, layer] of [
      ['mean', 'KornlpMaskedPooling'],
      ['max', 'KornlpMaskedPooling'],
      ['attention', 'KornlpAttentionPooling'],
    ] as const) {
      const clf = new SequenceClassifier({ ...base, encoder: { kind: 'bi_lstm', units: 3 }, pooling });
      expect(classes(clf)).toContain(layer);
      expect(classes(clf)).toContain('Bidirectional');
      const probs = clf.predictProba(rows);
      for (const p of probs) expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      clf.dispose();
    }
    // Mean pooling ignores padding: a row and the same row with more left padding score alike.
    const mean = new SequenceClassifier({ ...base, encoder: { kind: 'lstm', units: 3 }, pooling: 'mean' });
    const [a, b] = mean.predictProba([
      [0, 0, 3, 4, 5],
      [0, 0, 0, 0, 3],
    ]);
    const [a2] = mean.predictProba([[0, 0, 3, 4, 5]]);
    expect(a2![0]).toBeCloseTo(a![0]!, 6);
    expect(b![0]).not.toBeCloseTo(a![0]!, 6);
    mean.dispose();
    // The attention kind defaults to attention pooling and refuses `last`.
    const att = new SequenceClassifier({ ...base, encoder: { kind: 'attention', units: 3 } });
    expect(att.config.pooling).toBe('attention');
    expect(classes(att)).toContain('KornlpAttentionPooling');
    att.dispose();
    expect(
      () => new SequenceClassifier({ ...base, encoder: { kind: 'attention', units: 3 }, pooling: 'last' }),
    ).toThrow(/pooling "last" needs a recurrent encoder, not "attention"; use mean, max or attention/);
    expect(() => new SequenceClassifier({ ...base, pooling: 'sum' as never })).toThrow(
      /unknown pooling "sum"; expected one of last, mean, max, attention/,
    );
    last.dispose();
  });

  it('transformer encoders: mean pooling by default for classifiers; a tagger saves and loads', async () => {
    const clf = new SequenceClassifier({
      vocabSize: 20,
      numClasses: 3,
      maxLen: 5,
      embeddingDim: 8,
      encoder: { kind: 'transformer', numHeads: 2, ffDim: 16, layers: 2 },
    });
    expect(clf.config.pooling).toBe('mean');
    const names = clf.model.layers.map((l) => l.name);
    expect(names).toEqual(
      expect.arrayContaining(['transformer_block', 'transformer_block_2', 'mean_pooling']),
    );
    expect(clf.predictProba([[0, 0, 3, 4, 5]])[0]).toHaveLength(3);
    clf.dispose();
    const tagger = new SequenceTagger({
      channels: [
        { name: 'form', vocabSize: 10, dim: 6 },
        { name: 'shape', vocabSize: 4, dim: 2 },
      ],
      numTags: 5,
      maxLen: 6,
      decoder: 'crf',
      encoder: { kind: 'transformer', numHeads: 2, ffDim: 16 },
    });
    const rows = [
      [
        [3, 4, 5, 6, 0, 0],
        [1, 2, 2, 3, 0, 0],
      ],
    ];
    const dir = await mkdtemp(join(tmpdir(), 'kornlp-heads-'));
    await saveModel(tagger.model, dir);
    const loaded = new SequenceTagger(tagger.config, await loadModel(dir));
    expect(loaded.predict(rows)).toEqual(tagger.predict(rows));
    expect(loaded.predict(rows)[0]).toHaveLength(4);
    tagger.dispose();
    loaded.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('the same seed builds the same weights, another seed other weights', () => {
    const make = (seed: number) =>
      new SequenceClassifier({
        vocabSize: 20,
        numClasses: 2,
        maxLen: 5,
        embeddingDim: 4,
        encoder: { kind: 'attention', units: 3 },
        seed,
      });
    const weights = (c: SequenceClassifier) => c.model.getWeights().map((w) => Array.from(w.dataSync()));
    const [a, b, c] = [make(1), make(1), make(2)];
    expect(weights(b)).toEqual(weights(a));
    expect(weights(c)).not.toEqual(weights(a));
    // Math.random is the process's own again afterwards.
    expect(Math.random()).not.toBe(Math.random());
    for (const m of [a, b, c]) m.dispose();
  });

  it('rejects a model whose embedding does not fit the configured vocabulary', () => {
    const config = {
      vocabSize: 20,
      numClasses: 2,
      maxLen: 5,
      embeddingDim: 4,
      encoder: { kind: 'gru' as const, units: 3 },
    };
    const other = new SequenceClassifier({ ...config, vocabSize: 30 });
    expect(() => new SequenceClassifier(config, other.model)).toThrow(
      /the model's embedding layer embeds 30 ids but the configuration says vocabSize 20/,
    );
    other.dispose();
  });

  it('SequenceTagger: one tag per unpadded token, never the padding tag', () => {
    const tagger = new SequenceTagger({
      channels: [
        { name: 'form', vocabSize: 10, dim: 4 },
        { name: 'shape', vocabSize: 4, dim: 2 },
      ],
      numTags: 4,
      maxLen: 6,
      encoder: { kind: 'lstm', units: 4 },
    });
    const out = tagger.predict([
      [
        [3, 4, 5, 0, 0, 0],
        [2, 2, 2, 0, 0, 0],
      ],
    ]);
    expect(out[0]).toHaveLength(3);
    for (const t of out[0]!) expect(t.tag).toBeGreaterThan(0);
    expect(() => new SequenceTagger({ channels: [], numTags: 3, maxLen: 4 })).toThrow(
      /at least one input channel/,
    );
    tagger.dispose();
  });

  it('SequenceTagger stacks layers and runs the attention kind over several channels', () => {
    const channels = [
      { name: 'form', vocabSize: 10, dim: 4 },
      { name: 'shape', vocabSize: 4, dim: 2 },
    ];
    const rows = [
      [
        [3, 4, 5, 0, 0, 0],
        [2, 2, 2, 0, 0, 0],
      ],
    ];
    const stacked = new SequenceTagger({
      channels,
      numTags: 4,
      maxLen: 6,
      encoder: { kind: 'bi_gru', units: 3, layers: 2 },
    });
    expect(stacked.model.layers.map((l) => l.name)).toEqual(expect.arrayContaining(['bi_gru', 'bi_gru_2']));
    expect(stacked.predict(rows)[0]).toHaveLength(3);
    const att = new SequenceTagger({
      channels,
      numTags: 4,
      maxLen: 6,
      encoder: { kind: 'attention', units: 3 },
    });
    const before = tf.memory().numTensors;
    const out = att.predict(rows);
    expect(tf.memory().numTensors).toBe(before);
    expect(out[0]).toHaveLength(3);
    for (const t of out[0]!) expect(t.tag).toBeGreaterThan(0);
    stacked.dispose();
    att.dispose();
  });
});

describe('text and label plumbing', () => {
  it('segment keeps offsets for words, characters and syllables', () => {
    const text = '좋아한다. "정말"  최고';
    for (const unit of ['eojeol', 'word', 'char', 'syllable'] as const) {
      for (const s of segment(text, unit)) expect(text.slice(s.start, s.end)).toBe(s.text);
    }
    expect(segment(text, 'word').map((s) => s.text)).toEqual(['좋아한다', '.', '"', '정말', '"', '최고']);
    expect(segment('a b', 'char').map((s) => s.text)).toEqual(['a', ' ', 'b']);
    expect(segment('😀a', 'syllable')).toEqual([
      { text: '😀', start: 0, end: 2 },
      { text: 'a', start: 2, end: 3 },
    ]);
  });

  it('idRows: Keras pre/post padding and truncation; a literal <pad> in text reads as unknown', () => {
    const v = Vocabulary.fromCounts(
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    );
    expect(idRows(v, [['a', 'b', 'z']], 5)).toEqual([[0, 0, 2, 3, 1]]);
    expect(idRows(v, [['a', 'b', 'z']], 2)).toEqual([[3, 1]]);
    expect(idRows(v, [['a', 'b', 'z']], 2, 'post')).toEqual([[2, 3]]);
    expect(idRows(v, [['a', '<pad>']], 3, 'post')).toEqual([[2, 1, 0]]);
  });

  it('entityF1 wraps the seqeval-exact entity scores as a tagger metric', () => {
    const m = entityF1([['B-PS', 'I-PS', 'O', 'B-LC']], [['B-PS', 'I-PS', 'O', 'O']]);
    expect(m.precision).toBe(1);
    expect(m.recall).toBe(0.5);
    expect(m.f1).toBeCloseTo(2 / 3, 12);
  });
});
