import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';

const data = (name: string) => fileURLToPath(new URL(`../../../examples/data/${name}`, import.meta.url));
const tiny = ['--units', '16', '--embedding-dim', '16', '--batch-size', '16', '--lr', '0.01', '--quiet'];

function io(stdin = '') {
  let out = '';
  let err = '';
  return {
    io: {
      stdin: Readable.from([stdin]),
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
    },
    get out() {
      return out;
    },
    get err() {
      return err;
    },
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kornlp-e2e-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('kornlp train → predict → eval (bundled data)', () => {
  it('trains a spam classifier from JSONL, predicts JSONL from stdin and reports JSON', async () => {
    const model = join(dir, 'spam');
    const t = io();
    const code = await runCli(
      [
        'train',
        '--task',
        'spam',
        '--train',
        data('spam.train.jsonl'),
        '--dev',
        data('spam.dev.jsonl'),
        '--encoder',
        'gru',
        '--epochs',
        '3',
        '--out',
        model,
        ...tiny,
      ],
      t.io,
    );
    expect(t.err).not.toMatch(/Error/);
    expect(code).toBe(0);
    const summary = JSON.parse(t.out);
    expect(summary.dev.accuracy).toBeGreaterThan(0.9);
    expect(summary.trainSize).toBe(190);
    expect(existsSync(join(model, 'curves.svg'))).toBe(true);

    const p = io('[광고] 무료 쿠폰 받아가세요 지금 바로 클릭\n내일 회의 몇 시야?\n');
    expect(await runCli(['predict', '--model', model], p.io)).toBe(0);
    const lines = p.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.label)).toEqual(['spam', 'ham']);
    expect(lines[0].text).toBe('[광고] 무료 쿠폰 받아가세요 지금 바로 클릭');

    const e = io();
    expect(await runCli(['eval', '--model', model, '--data', data('spam.dev.jsonl')], e.io)).toBe(0);
    const report = JSON.parse(e.out);
    expect(report.examples).toBe(50);
    expect(report.accuracy).toBe(summary.dev.accuracy);

    // A label the model never saw: reported, counted as an error, never a crash.
    const odd = join(dir, 'odd.jsonl');
    await writeFile(
      odd,
      '{"text":"안녕하세요 반갑습니다","label":"greeting"}\n{"text":"오늘만 90% 할인","label":"spam"}\n',
    );
    const u = io();
    expect(await runCli(['eval', '--model', model, '--data', odd], u.io)).toBe(0);
    expect(u.err).toMatch(/labels never seen in training: "greeting" ×1/);
    expect(JSON.parse(u.out).unseenLabels).toEqual({ greeting: 1 });
  });

  it('trains a character-level NER tagger and prints CoNLL and entities', async () => {
    const model = join(dir, 'ner');
    const t = io();
    const code = await runCli(
      [
        'train',
        '--task',
        'ner',
        '--train',
        data('ner.train.tsv'),
        '--dev',
        data('ner.dev.tsv'),
        '--encoder',
        'gru',
        '--decoder',
        'softmax',
        '--epochs',
        '2',
        '--out',
        model,
        ...tiny,
      ],
      t.io,
    );
    expect(code).toBe(0);
    const c = io('김철수씨가 카카오에 입사했다.\n');
    expect(await runCli(['ner', '--model', model, '--format', 'conll'], c.io)).toBe(0);
    const rows = c.out.trim().split('\n');
    expect(rows).toHaveLength([...'김철수씨가 카카오에 입사했다.'].length);
    expect(rows[0]).toMatch(/^김\t[BIO]/);
    const j = io('김철수씨가 카카오에 입사했다.\n');
    expect(await runCli(['ner', '--model', model, '--format', 'json'], j.io)).toBe(0);
    const parsed = JSON.parse(j.out);
    expect(parsed.tokens.map((x: { text: string }) => x.text).join('')).toBe('김철수씨가 카카오에 입사했다.');
    // POS commands refuse a classifier, naming the problem.
    const wrong = io('x\n');
    expect(await runCli(['pos', '--model', join(dir, 'spam')], wrong.io)).toBe(2);
    expect(wrong.err).toMatch(/needs a tagger/);
  });

  it('bad inputs: empty training file, missing flags, resume without a checkpoint, missing model', async () => {
    const empty = join(dir, 'empty.tsv');
    await writeFile(empty, 'id\tdocument\tlabel\n');
    const a = io();
    expect(
      await runCli(
        ['train', '--task', 'sentiment', '--train', empty, '--out', join(dir, 'x'), ...tiny],
        a.io,
      ),
    ).toBe(1);
    expect(a.err).toMatch(/DataFormatError: .*training data is empty/);
    const b = io();
    expect(await runCli(['train', '--task', 'sentiment', '--out', join(dir, 'x')], b.io)).toBe(2);
    expect(b.err).toMatch(/--train is required/);
    const c = io();
    expect(await runCli(['train', '--task', 'poetry', '--train', empty, '--out', join(dir, 'x')], c.io)).toBe(
      2,
    );
    expect(c.err).toMatch(/--task must be one of sentiment, spam, topic, pos, ner/);
    const d = io();
    expect(
      await runCli(
        ['train', '--task', 'sentiment', '--train', empty, '--out', join(dir, 'y'), '--resume'],
        d.io,
      ),
    ).toBe(2);
    expect(d.err).toMatch(/no checkpoint at .*y\.checkpoint/);
    const e = io('text\n');
    expect(await runCli(['predict', '--model', join(dir, 'nothing')], e.io)).toBe(1);
    expect(e.err).toMatch(/ArtifactError: .*does not exist/);
  });
});
