import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { captureIo } from './support/cli_io.js';

const bin = fileURLToPath(new URL('../bin/kornlp.mjs', import.meta.url));
const data = (name: string) => fileURLToPath(new URL(`../../../examples/data/${name}`, import.meta.url));
const tiny = ['--units', '16', '--embedding-dim', '16', '--batch-size', '16', '--lr', '0.01', '--quiet'];

/** `kornlp train` of a small GRU model for `task` on its bundled train/dev files, saved to `out`. */
function trainArgs(task: string, ext: 'jsonl' | 'tsv', out: string, extra: string[]): string[] {
  const files = ['--train', data(`${task}.train.${ext}`), '--dev', data(`${task}.dev.${ext}`)];
  return ['train', '--task', task, ...files, '--encoder', 'gru', ...extra, '--out', out, ...tiny];
}

// Commands here get an empty stdin unless a test gives one.
const io = (stdin = '') => captureIo(stdin);

// The dots of each series in curves.svg, by series name: [epoch, value] pairs.
async function curvePoints(model: string): Promise<Record<string, [number, number][]>> {
  const svg = await readFile(join(model, 'curves.svg'), 'utf8');
  expect(svg.trimStart().startsWith('<')).toBe(true);
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  const out: Record<string, [number, number][]> = {};
  for (const [, name, body] of svg.matchAll(/<g class="series" data-name="([^"]+)">(.*?)<\/g>/g)) {
    out[name!] = [...body!.matchAll(/data-epoch="(\d+)" data-value="([^"]+)"/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
  }
  return out;
}

// The same series from the training history saved in pipeline.json.
async function historyPoints(model: string): Promise<Record<string, [number, number][]>> {
  const { training } = JSON.parse(await readFile(join(model, 'pipeline.json'), 'utf8'));
  const history = training.history as { epoch: number; loss: number; dev: Record<string, number> }[];
  const out: Record<string, [number, number][]> = { 'train loss': history.map((h) => [h.epoch, h.loss]) };
  for (const k of Object.keys(history[0]!.dev)) out[`dev ${k}`] = history.map((h) => [h.epoch, h.dev[k]!]);
  return out;
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
    const code = await runCli(trainArgs('spam', 'jsonl', model, ['--epochs', '3']), t.io);
    expect(t.err).not.toMatch(/Error/);
    expect(code).toBe(0);
    const summary = JSON.parse(t.out);
    expect(summary.dev.accuracy).toBeGreaterThan(0.9);
    expect(summary.trainSize).toBe(190);
    expect(await curvePoints(model)).toEqual(await historyPoints(model));

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
    const unseenReport = JSON.parse(u.out);
    expect(unseenReport.unseenLabels).toEqual({ greeting: 1 });
    // Scored as its own class (sklearn's way): support 1, recall 0; an error in accuracy.
    const greeting = unseenReport.perClass.find((c: { label: string }) => c.label === 'greeting');
    expect(greeting).toMatchObject({ support: 1, recall: 0 });
    expect(unseenReport.accuracy).toBeLessThanOrEqual(0.5);
    // Data without examples is an error naming the file, not a report of NaNs.
    const headerOnly = join(dir, 'header-only.tsv');
    await writeFile(headerOnly, 'id\tdocument\tlabel\n\n');
    const h = io();
    expect(await runCli(['eval', '--model', model, '--data', headerOnly], h.io)).toBe(1);
    expect(h.err).toMatch(/DataFormatError: \[readTaskData\] no examples: .*\(.*header-only\.tsv\)/);
  });

  it('trains a character-level NER tagger and prints CoNLL and entities', async () => {
    const model = join(dir, 'ner');
    const t = io();
    const code = await runCli(
      trainArgs('ner', 'tsv', model, ['--decoder', 'softmax', '--epochs', '2']),
      t.io,
    );
    expect(code).toBe(0);
    expect(await curvePoints(model)).toEqual(await historyPoints(model));
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
    // An entity type the model never saw: its own row in the entity report, recall 0.
    const odd = join(dir, 'odd-ner.tsv');
    await writeFile(
      odd,
      '## 1\t<김씨:XX>가\n김\tB-XX\n씨\tI-XX\n가\tO\n\n## 2\t<부산:LC>\n부\tB-LC\n산\tI-LC\n\n',
    );
    const u = io();
    expect(await runCli(['eval', '--model', model, '--data', odd], u.io)).toBe(0);
    expect(u.err).toMatch(/labels never seen in training: "B-XX" ×1, "I-XX" ×1/);
    const report = JSON.parse(u.out);
    expect(report.unseenLabels).toEqual({ 'B-XX': 1, 'I-XX': 1 });
    const xx = report.entities.perType.find((c: { label: string }) => c.label === 'XX');
    expect(xx).toMatchObject({ support: 1, recall: 0 });
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
    expect(a.err).toMatch(/DataFormatError: \[readTaskData\] no examples: .*\(.*empty\.tsv\)/);
    // Files of only blank lines, comments or nothing: the same clear error, for every reader.
    for (const [task, name, text] of [
      ['sentiment', 'blank.tsv', '\n  \n\n'],
      ['spam', 'empty.jsonl', ''],
      ['spam', 'blank.jsonl', '\n\n'],
      ['ner', 'comments.tsv', '## only a comment\n\n'],
      ['pos', 'comments.conllu', '# sent_id = 1\n# text = 없음\n\n'],
    ] as const) {
      const file = join(dir, name);
      await writeFile(file, text);
      const out = join(dir, `out-${name}`);
      const r = io();
      expect(await runCli(['train', '--task', task, '--train', file, '--out', out, ...tiny], r.io)).toBe(1);
      expect(r.err).toMatch(
        new RegExp(
          `DataFormatError: \\[readTaskData\\] no examples: the file is empty or holds only blank lines.*\\(${file}\\)`,
        ),
      );
      // Nothing half-made is left behind.
      expect(existsSync(out)).toBe(false);
      expect(existsSync(`${out}.checkpoint`)).toBe(false);
    }
    // One example cannot be split into train and dev.
    const one = join(dir, 'one.tsv');
    await writeFile(one, 'id\tdocument\tlabel\n1\t좋다\t1\n');
    const o = io();
    expect(
      await runCli(['train', '--task', 'sentiment', '--train', one, '--out', join(dir, 'o'), ...tiny], o.io),
    ).toBe(1);
    expect(o.err).toMatch(
      /cannot hold out a dev fraction of 0.1 from 1 example\(s\).*pass a dev file \(--dev\)/,
    );
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

  it('--resume continues a training run killed mid-way; curves.svg covers every epoch', async () => {
    const model = join(dir, 'resumed');
    const args = trainArgs('spam', 'jsonl', model, ['--epochs', '5', '--patience', '0']);
    const child = spawn(process.execPath, [bin, ...args], { stdio: 'ignore' });
    const state = join(`${model}.checkpoint`, 'state.json');
    // Kill it (SIGKILL: no cleanup) as soon as the first epoch's checkpoint is there.
    while (!existsSync(state)) {
      if (child.exitCode !== null) throw new Error(`kornlp train exited early with ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(existsSync(join(model, 'pipeline.json'))).toBe(false);
    const done = JSON.parse(await readFile(state, 'utf8')).epoch as number;
    expect(done).toBeGreaterThanOrEqual(1);
    expect(done).toBeLessThan(5);

    const r = io();
    expect(await runCli([...args, '--resume'], r.io)).toBe(0);
    expect(r.err).toMatch(new RegExp(`resumed from .*resumed\\.checkpoint after epoch ${done}`));
    expect(existsSync(`${model}.checkpoint`)).toBe(false);
    // Whatever the killed run was writing is swept away; nothing else is left beside the model.
    expect((await readdir(dir)).filter((n) => n.startsWith('.resumed.'))).toEqual([]);
    const curves = await curvePoints(model);
    expect(curves['train loss']!.map(([epoch]) => epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(curves).toEqual(await historyPoints(model));
    const p = io('[광고] 무료 쿠폰 받아가세요 지금 바로 클릭\n');
    expect(await runCli(['predict', '--model', model], p.io)).toBe(0);
    expect(JSON.parse(p.out).label).toBe('spam');
  });
});
