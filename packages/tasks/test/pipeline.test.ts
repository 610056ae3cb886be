import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArtifactError, DataFormatError } from '@kornlp/core';
import { Vocabulary } from '@kornlp/embeddings';
import { tf } from '@kornlp/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineFingerprint } from '../src/pipeline/fingerprint.js';
import { loadPipeline } from '../src/pipeline/load.js';
import { TextClassifierPipeline } from '../src/pipeline/text_classifier.js';
import { TokenTaggerPipeline } from '../src/pipeline/token_tagger.js';
import { entityF1 } from '../src/tasks/entity_f1.js';
import { type TextExample, trainClassifier } from '../src/tasks/train_classifier.js';
import { type TaggedSentence, trainTagger } from '../src/tasks/train_tagger.js';

const data = new URL('../../../examples/data/', import.meta.url);
const repoRoot = new URL('../../../', import.meta.url);
const saveForever = new URL('./support/save_forever.ts', import.meta.url);
// The bundled files are read with plain splitting here so these tests check the pipeline alone.
function sentiment(name: string): TextExample[] {
  return readFileSync(new URL(name, data), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [, text = '', label = ''] = l.split('\t');
      return { text, label };
    });
}
function ner(name: string): TaggedSentence[] {
  return readFileSync(new URL(name, data), 'utf8')
    .split('\n\n')
    .map((block) => block.split('\n').filter((l) => l && !l.startsWith('##')))
    .filter((ls) => ls.length)
    .map((ls) => ({ tokens: ls.map((l) => l.split('\t')[0]!), tags: ls.map((l) => l.split('\t')[1]!) }));
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kornlp-pipeline-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fast = { epochs: 4, batchSize: 16, learningRate: 0.01, progress: false as const };

describe('classifier pipeline (bundled sentiment data)', () => {
  let trained: Awaited<ReturnType<typeof trainClassifier>>;
  const dev = sentiment('sentiment.dev.tsv');
  beforeAll(async () => {
    trained = await trainClassifier(sentiment('sentiment.train.tsv'), {
      ...fast,
      task: 'sentiment',
      dev,
      embeddingDim: 16,
      encoder: { kind: 'gru', units: 16 },
    });
  });

  it('learns the bundled data and saves → loads → identical predictions', async () => {
    expect(trained.result.best).toBeGreaterThan(0.85);
    const out = join(dir, 'sentiment');
    await trained.pipeline.save(out);
    const loaded = await loadPipeline(out);
    expect(loaded).toBeInstanceOf(TextClassifierPipeline);
    const texts = [...dev.map((e) => e.text), '', '😀 ㅋㅋㅋ', '이 영화 정말 최고였다'];
    const a = trained.pipeline.predict(texts);
    const b = (loaded as TextClassifierPipeline).predict(texts);
    expect(b.map((p) => p.label)).toEqual(a.map((p) => p.label));
    for (const [i, p] of b.entries()) expect(p.probability).toBeCloseTo(a[i]!.probability, 6);
    expect(Object.keys(b[0]!.probabilities).sort()).toEqual(['0', '1']);
    const manifest = JSON.parse(await readFile(join(out, 'pipeline.json'), 'utf8'));
    expect(manifest.formatVersion).toBe(2);
    expect(manifest.metrics.dev.accuracy).toBe(trained.result.best);
    loaded.dispose();
  });

  it('a newer format, a missing file and a foreign vocabulary each fail with ArtifactError', async () => {
    const out = join(dir, 'broken');
    await trained.pipeline.save(out);
    const manifestPath = join(out, 'pipeline.json');
    const original = await readFile(manifestPath, 'utf8');
    await writeFile(manifestPath, original.replace('"formatVersion": 2', '"formatVersion": 99'));
    await expect(loadPipeline(out)).rejects.toThrow(/format 99, newer than this kornlp reads \(2/);
    await writeFile(manifestPath, original);
    const vocabPath = join(out, 'vocab', 'tokens.json');
    const vocabText = await readFile(vocabPath, 'utf8');
    const vocab = JSON.parse(vocabText);
    const small = { ...vocab, tokens: vocab.tokens.slice(0, 10), counts: vocab.counts.slice(0, 10) };
    await writeFile(vocabPath, JSON.stringify(small));
    await expect(loadPipeline(out)).rejects.toThrow(
      /vocabulary vocab\/tokens.json has 10 tokens but the model embeds \d+: vocab and model do not belong together/,
    );
    // The manifest edited to match the foreign vocabulary: the model's embedding still disagrees.
    const m = JSON.parse(original);
    await writeFile(manifestPath, JSON.stringify({ ...m, head: { ...m.head, vocabSize: 10 } }));
    const mismatch = loadPipeline(out);
    await expect(mismatch).rejects.toThrow(ArtifactError);
    await expect(loadPipeline(out)).rejects.toThrow(
      new RegExp(
        `broken: the saved parts .* do not fit together: .*embedding layer embeds ${vocab.tokens.length} ids but the configuration says vocabSize 10`,
      ),
    );
    await writeFile(manifestPath, original);
    await writeFile(vocabPath, vocabText);
    await rm(join(out, 'model', 'group1-shard1of1.bin'));
    await expect(loadPipeline(out)).rejects.toThrow(ArtifactError);
    await expect(loadPipeline(out)).rejects.toThrow(/missing weight shard .*group1-shard1of1.bin/);
    await rm(join(out, 'model', 'model.json'));
    await expect(loadPipeline(out)).rejects.toThrow(/broken is incomplete: missing model\/model.json/);
    await expect(loadPipeline(join(dir, 'nowhere'))).rejects.toThrow(/does not exist/);
  });

  it('pipelineFingerprint follows what the weights mean: vocabulary, labels, head; not metrics', () => {
    const { manifest, vocab } = trained.pipeline;
    const a = pipelineFingerprint(manifest, { tokens: vocab });
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(
      pipelineFingerprint({ ...manifest, metrics: { dev: 1 }, training: { epochs: 9 } }, { tokens: vocab }),
    ).toBe(a);
    expect(pipelineFingerprint({ ...manifest, labels: ['1', '0'] }, { tokens: vocab })).not.toBe(a);
    expect(
      pipelineFingerprint({ ...manifest, head: { ...manifest.head, maxLen: 7 } }, { tokens: vocab }),
    ).not.toBe(a);
    // Same size, two tokens swapped: ids mean other things.
    const json = vocab.toJSON();
    const tokens = [...json.tokens];
    [tokens[2], tokens[3]] = [tokens[3]!, tokens[2]!];
    const swapped = Vocabulary.fromJSON({ ...json, tokens });
    expect(swapped.size).toBe(vocab.size);
    expect(pipelineFingerprint(manifest, { tokens: swapped })).not.toBe(a);
  });

  it('still loads a format-1 pipeline: tfjs built-in layers, weights in model/weights.bin', async () => {
    // What kornlp wrote before format 2: tfjs's own Embedding/GRU/Dense, one weights.bin, and the
    // head config of the time (encoder with `layers`, explicit pooling).
    const out = join(dir, 'v1');
    await trained.pipeline.save(out);
    const manifestPath = join(out, 'pipeline.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    const { vocabSize, maxLen } = manifest.head;
    const head = {
      vocabSize,
      numClasses: 2,
      maxLen,
      embeddingDim: 6,
      encoder: { kind: 'gru', units: 5, layers: 1, dropout: 0 },
      pooling: 'last',
      dropout: 0.3,
      classWeights: null,
      seed: 42,
    };
    await writeFile(manifestPath, JSON.stringify({ ...manifest, formatVersion: 1, head }));
    const ids = tf.input({ shape: [maxLen], dtype: 'int32', name: 'ids' });
    const e = tf.layers.embedding({ inputDim: vocabSize, outputDim: 6, maskZero: true, name: 'embedding' });
    const g = tf.layers.gru({ units: 5, name: 'encoder_gru_0' });
    const d = tf.layers.dense({ units: 2, name: 'logits' });
    const stock = tf.model({ inputs: ids, outputs: d.apply(g.apply(e.apply(ids))) as tf.SymbolicTensor });
    await rm(join(out, 'model'), { recursive: true });
    await mkdir(join(out, 'model'));
    await stock.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const json = {
          modelTopology: artifacts.modelTopology,
          format: 'layers-model',
          generatedBy: artifacts.generatedBy,
          convertedBy: null,
          weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
        };
        await writeFile(
          join(out, 'model', 'weights.bin'),
          new Uint8Array(artifacts.weightData as ArrayBuffer),
        );
        await writeFile(join(out, 'model', 'model.json'), JSON.stringify(json));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = (await loadPipeline(out)) as TextClassifierPipeline;
    expect(loaded.classifier.model.layers.map((l) => l.getClassName())).toContain('GRU');
    const texts = ['정말 최고였다', '돈 아까움'];
    const rows = loaded.encode(texts);
    const want = tf.tidy(() => tf.softmax(stock.predict(tf.tensor2d(rows, undefined, 'int32')) as tf.Tensor));
    const probs = want.arraySync() as number[][];
    for (const [i, p] of loaded.predict(texts).entries()) {
      expect(p.probabilities['0']).toBeCloseTo(probs[i]![0]!, 6);
      expect(p.probabilities['1']).toBeCloseTo(probs[i]![1]!, 6);
    }
    want.dispose();
    stock.dispose();
    loaded.dispose();
  });

  it('an interrupted save leaves the previous pipeline intact', async () => {
    const out = join(dir, 'atomic');
    await trained.pipeline.save(out);
    const before = trained.pipeline.predict(['정말 최고였다']);
    const boom = new Uint8Array(0);
    // An extra file whose write throws simulates a crash half-way through the save.
    const failing = { 'curves.svg': boom };
    Object.defineProperty(failing, 'report.json', {
      enumerable: true,
      get() {
        throw new Error('disk full');
      },
    });
    await expect(trained.pipeline.save(out, failing)).rejects.toThrow(/disk full/);
    // The half-written copy is gone too: no `.atomic.*.tmp` beside the pipeline.
    expect((await readdir(dir)).filter((n) => n.startsWith('.atomic.'))).toEqual([]);
    const loaded = (await loadPipeline(out)) as TextClassifierPipeline;
    expect(loaded.predict(['정말 최고였다'])[0]!.probability).toBeCloseTo(before[0]!.probability, 6);
    loaded.dispose();
    // A crash between atomicWriteDir's two renames leaves only the previous copy, set aside.
    const aside = join(dir, '.atomic.4242.0badc0de.old');
    await rename(out, aside);
    await expect(loadPipeline(out)).rejects.toThrow(ArtifactError);
    await expect(loadPipeline(out)).rejects.toThrow(
      `no pipeline at ${out}, but a save interrupted while swapping directories left the previous pipeline at ${aside}; move it back`,
    );
    await rm(aside, { recursive: true });
  });

  it('empty training data and unseen dev labels give clear errors', async () => {
    await expect(trainClassifier([], fast)).rejects.toThrow(DataFormatError);
    await expect(trainClassifier([], fast)).rejects.toThrow(
      /\[trainClassifier\] no examples: the training data is empty/,
    );
    await expect(trainTagger([], fast)).rejects.toThrow(DataFormatError);
    await expect(trainTagger([], fast)).rejects.toThrow(
      /\[trainTagger\] no sentences: the training data is empty/,
    );
    await expect(
      trainClassifier(sentiment('sentiment.train.tsv'), {
        ...fast,
        dev: [{ text: '뭐지', label: 'neutral' }],
      }),
    ).rejects.toThrow(/dev labels "neutral" never occur in training; known labels: 0, 1/);
  });
});

describe('pipelines on other encoders (custom layers saved and restored)', () => {
  it('an attention-encoder classifier round-trips through save/load with identical predictions', async () => {
    const { pipeline } = await trainClassifier(sentiment('sentiment.train.tsv').slice(0, 64), {
      ...fast,
      epochs: 1,
      unit: 'syllable',
      embeddingDim: 8,
      encoder: { kind: 'attention', units: 4 },
    });
    expect(pipeline.manifest.head.pooling).toBe('attention');
    const out = join(dir, 'attention');
    await pipeline.save(out);
    const topology = await readFile(join(out, 'model', 'model.json'), 'utf8');
    expect(topology).toContain('"KornlpAttentionPooling"');
    expect(topology).toContain('"KornlpFusedGRU"');
    const loaded = (await loadPipeline(out)) as TextClassifierPipeline;
    const texts = ['정말 최고였다', '돈 아까움', ''];
    expect(loaded.predict(texts)).toEqual(pipeline.predict(texts));
    loaded.dispose();
    pipeline.dispose();
  });

  it('a process killed (SIGKILL) in the middle of saving leaves a complete pipeline', async () => {
    const src = join(dir, 'attention');
    const out = join(dir, 'killed');
    const child = spawn(
      process.execPath,
      ['--conditions=kornlp-source', '--import', 'tsx', fileURLToPath(saveForever), src, out],
      { cwd: fileURLToPath(repoRoot), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Once the first save is complete, the child saves again and again; kill it mid-save.
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('saving') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited with ${code}: ${stderr}`)));
    });
    await new Promise((r) => setTimeout(r, 120));
    child.kill('SIGKILL');
    await once(child, 'exit');
    let loaded: TextClassifierPipeline;
    try {
      loaded = (await loadPipeline(out)) as TextClassifierPipeline;
    } catch (e) {
      // Killed between atomicWriteDir's two renames: the error names the complete previous copy.
      const aside = /left the previous pipeline at (\S+\.old);/.exec((e as Error).message)?.[1];
      expect(aside, (e as Error).message).toBeDefined();
      loaded = (await loadPipeline(aside!)) as TextClassifierPipeline;
    }
    const reference = (await loadPipeline(src)) as TextClassifierPipeline;
    const texts = ['정말 최고였다', '돈 아까움'];
    expect(loaded.predict(texts)).toEqual(reference.predict(texts));
    // The next save sweeps away what the killed process left beside the pipeline.
    await reference.save(out);
    expect((await readdir(dir)).filter((n) => n.startsWith('.killed.'))).toEqual([]);
    expect(((await loadPipeline(out)) as TextClassifierPipeline).predict(texts)).toEqual(
      reference.predict(texts),
    );
    loaded.dispose();
    reference.dispose();
  });
});

describe('tagger pipeline (bundled NER data, character level)', () => {
  it('learns entities, returns spans with offsets, and round-trips through save/load', async () => {
    const { pipeline, result } = await trainTagger(ner('ner.train.tsv'), {
      ...fast,
      epochs: 5,
      task: 'ner',
      unit: 'char',
      features: ['form', 'shape'],
      scheme: 'BIO',
      metric: entityF1,
      dev: ner('ner.dev.tsv'),
      embeddingDims: { form: 24, shape: 4 },
      encoder: { kind: 'bi_gru', units: 16 },
    });
    // entity F1 on the bundled dev sentences
    expect(result.best).toBeGreaterThan(0.9);
    const text = '이영희는 내일 부산에 갔다.';
    const [pred] = pipeline.predict([text]);
    expect(pred!.tokens.map((t) => t.text).join('')).toBe(text);
    for (const s of pred!.spans) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(pred!.spans.map((s) => `${s.text}:${s.type}`)).toContain('이영희:PS');
    const out = join(dir, 'ner');
    await pipeline.save(out);
    const loaded = (await loadPipeline(out)) as TokenTaggerPipeline;
    expect(loaded).toBeInstanceOf(TokenTaggerPipeline);
    const texts = ['김철수씨가 카카오에 입사했다.', '오늘 오후 3시 강서연이 전화했다.', ''];
    expect(loaded.predict(texts)).toEqual(pipeline.predict(texts));
  });

  it('a CRF tagger trains, decodes with Viterbi and round-trips through save/load', async () => {
    // Small on purpose: the CRF's forward algorithm runs step by step.
    const sentences = ner('ner.train.tsv').slice(0, 48);
    const { pipeline, result } = await trainTagger(sentences, {
      ...fast,
      epochs: 3,
      batchSize: 24,
      learningRate: 0.02,
      task: 'ner',
      unit: 'char',
      features: ['form'],
      scheme: 'BIO',
      decoder: 'crf',
      metric: entityF1,
      dev: ner('ner.dev.tsv').slice(0, 8),
      embeddingDims: { form: 8 },
      encoder: { kind: 'gru', units: 8 },
    });
    expect(pipeline.tagger.crf).not.toBeNull();
    expect(result.history[2]!.loss).toBeLessThan(result.history[0]!.loss);
    const out = join(dir, 'ner-crf');
    await pipeline.save(out);
    const loaded = (await loadPipeline(out)) as TokenTaggerPipeline;
    expect(loaded.tagger.crf).not.toBeNull();
    const texts = ['김철수씨가 카카오에 입사했다.', '오후 3시에 부산에서 만나자.'];
    const a = pipeline.predict(texts);
    expect(loaded.predict(texts)).toEqual(a);
    for (const p of a) for (const t of p.tokens) expect(t.tag).not.toBe('<pad>');
  });
});
