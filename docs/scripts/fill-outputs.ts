/**
 * Fills every EMPTY ```text output block of docs/guides/*.md with the real standard output of the
 * ```ts block above it (run exactly as docs/test/examples.test.ts runs it). Blocks already filled are
 * left alone, so the test keeps comparing against what a person checked.
 *
 *   node --import tsx docs/scripts/fill-outputs.ts [guide.md ...]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const guidesDir = `${root}docs/guides/`;
const tmp = `${root}.tmp/docs-fill-${process.pid}/`;
mkdirSync(tmp, { recursive: true });
const only = process.argv.slice(2);
const guides = readdirSync(guidesDir).filter(
  (f) => f.endsWith('.md') && (only.length === 0 || only.includes(f)),
);
for (const guide of guides) {
  const text = readFileSync(`${guidesDir}${guide}`, 'utf8');
  const re = /```ts([^\n]*)\n((?:(?!```)[\s\S])*?)\n```\n(\s*)```text output\n```/g;
  let changed = false;
  const out = text.replace(re, (whole, info: string, code: string, gap: string) => {
    if (info.includes('no-run')) return whole;
    const file = `${tmp}${guide.replace(/\.md$/, '')}-${Math.random().toString(36).slice(2)}.ts`;
    writeFileSync(file, code);
    const stdout = execFileSync(process.execPath, ['--conditions=kornlp-source', '--import', 'tsx', file], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    }).trimEnd();
    changed = true;
    console.log(`${guide}: filled ${stdout.split('\n').length} lines`);
    return `\`\`\`ts${info}\n${code}\n\`\`\`\n${gap}\`\`\`text output\n${stdout}\n\`\`\``;
  });
  if (changed) writeFileSync(`${guidesDir}${guide}`, out);
}
rmSync(tmp, { recursive: true, force: true });
