/**
 * Runs every ```ts example of docs/guides/*.md as its own program (so the docs cannot drift from
 * the code) and compares its standard output with the ```text output block that follows it.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { extractExamples, outputMatches } from './markdown-examples.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const guidesDir = fileURLToPath(new URL('../guides/', import.meta.url));
// Under the repository so `@kornlp/*` resolve through the root node_modules; .tmp/ is gitignored.
const tmpDir = `${root}.tmp/docs-examples-${process.pid}/`;

const guides = readdirSync(guidesDir)
  .filter((f) => f.endsWith('.md'))
  .sort();
const examples = guides.flatMap((g) => extractExamples(`${guidesDir}${g}`, g));

describe('markdown example extraction', () => {
  it('pairs a ts block with the text output block after it and honours `...` lines', () => {
    expect(outputMatches('a\nb\nc\n', 'a\n...\nc')).toBe(true);
    expect(outputMatches('a\nc', 'a\n...\nc')).toBe(true);
    expect(outputMatches('a\nb', 'a\nc')).toBe(false);
    expect(outputMatches('a\nb\nx', 'a\n...\nc')).toBe(false);
  });
  it('finds examples in the guides', () => {
    expect(examples.filter((e) => !e.noRun).length).toBeGreaterThan(10);
  });
});

afterAll(() => rmSync(tmpDir, { recursive: true, force: true }));

describe.each(guides)('docs/guides/%s', (guide) => {
  const mine = examples.filter((e) => e.guide === guide);
  for (const ex of mine) {
    const title = `example at line ${ex.line}${ex.expected === undefined ? '' : ' prints what the guide shows'}`;
    it.skipIf(ex.noRun)(
      ex.noRun ? `${title} (no-run: the guide explains why)` : title,
      async () => {
        mkdirSync(tmpDir, { recursive: true });
        const file = `${tmpDir}${guide.replace(/\.md$/, '')}-${ex.line}.ts`;
        writeFileSync(file, ex.code);
        const { stdout } = await run(
          process.execPath,
          ['--conditions=kornlp-source', '--import', 'tsx', file],
          { cwd: root, timeout: 180_000, maxBuffer: 16 << 20, env: { ...process.env, NO_COLOR: '1' } },
        );
        if (ex.expected !== undefined && !outputMatches(stdout, ex.expected)) {
          expect(stdout.trimEnd(), `${guide}:${ex.line} output`).toBe(ex.expected.trimEnd());
        }
      },
      120_000,
    );
  }
});
