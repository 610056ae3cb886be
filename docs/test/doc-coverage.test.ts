/**
 * Every public export stays documented (STYLE.md 14): runs docs/scripts/doc-coverage.ts, which reads
 * typedoc's model of the five packages, and fails listing each export that lacks a summary, a
 * parameter description, an @example or an options @default.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

interface Problem {
  module: string;
  name: string;
  missing: string[];
}

describe('API documentation coverage', () => {
  it('every public export has a summary, @param and @default descriptions and an @example', async () => {
    let stdout: string;
    try {
      ({ stdout } = await run(
        process.execPath,
        ['--import', 'tsx', 'docs/scripts/doc-coverage.ts', '--json'],
        { cwd: root, timeout: 240_000, maxBuffer: 16 << 20 },
      ));
    } catch (e) {
      // Exit code 1 means "some exports fall short"; the JSON list is still on stdout.
      stdout = (e as { stdout?: string }).stdout ?? '';
      if (!stdout.trim().startsWith('[')) throw e;
    }
    const problems = JSON.parse(stdout) as Problem[];
    const report = problems.map((p) => `${p.module} ${p.name}: ${p.missing.join(', ')}`);
    expect(report, 'undocumented exports (fix the TSDoc; see STYLE.md 14)').toEqual([]);
  }, 300_000);
});
