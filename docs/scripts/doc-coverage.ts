/**
 * Lists public exports whose documentation falls short of STYLE.md: a summary, a description for
 * every parameter, an @example (functions, classes, constants), and a @default on every optional
 * property of an exported options interface. Reads typedoc's JSON model of the five packages.
 *
 *   node --import tsx docs/scripts/doc-coverage.ts            # prints the list, exits 1 if any
 *   node --import tsx docs/scripts/doc-coverage.ts --json     # machine-readable
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Comment {
  summary?: { text: string }[];
  blockTags?: { tag: string; content: { text: string }[] }[];
}
interface Refl {
  name: string;
  kind: number;
  flags?: { isOptional?: boolean; isPrivate?: boolean; isProtected?: boolean; isExternal?: boolean };
  comment?: Comment;
  signatures?: Refl[];
  parameters?: Refl[];
  children?: Refl[];
  getSignature?: Refl;
  type?: { type: string; declaration?: Refl };
  inheritedFrom?: unknown;
}

const KIND = {
  Variable: 32,
  Function: 64,
  Class: 128,
  Interface: 256,
  Constructor: 512,
  Property: 1024,
  Method: 2048,
  Accessor: 262144,
  TypeAlias: 2097152,
  Reference: 4194304,
} as const;

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'kornlp-doc-coverage-'));
const jsonPath = join(out, 'model.json');
execFileSync(
  join(root, 'node_modules', '.bin', 'typedoc'),
  ['--skipErrorChecking', '--json', jsonPath, '--out', join(out, 'site')],
  {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
const project = JSON.parse(readFileSync(jsonPath, 'utf8')) as Refl;
rmSync(out, { recursive: true, force: true });

const hasSummary = (c?: Comment) => !!c?.summary?.some((p) => p.text.trim() !== '');
const hasTag = (c: Comment | undefined, tag: string) => !!c?.blockTags?.some((t) => t.tag === tag);
const problems: { module: string; name: string; missing: string[] }[] = [];

function checkCallable(sigs: Refl[], own: Comment | undefined, missing: string[], needExample: boolean) {
  const c = sigs.find((s) => hasSummary(s.comment))?.comment ?? own;
  if (!hasSummary(c) && !hasSummary(own)) missing.push('summary');
  if (needExample && !sigs.some((s) => hasTag(s.comment, '@example')) && !hasTag(own, '@example'))
    missing.push('@example');
  const documented = new Set<string>();
  for (const s of sigs) for (const p of s.parameters ?? []) if (hasSummary(p.comment)) documented.add(p.name);
  // `_name` marks a parameter an override must accept but does not use (tfjs's `call(inputs, _kwargs)`).
  const all = new Set(
    sigs.flatMap((s) => (s.parameters ?? []).map((p) => p.name)).filter((n) => !n.startsWith('_')),
  );
  for (const p of all) if (!documented.has(p)) missing.push(`@param ${p}`);
}

for (const mod of project.children ?? []) {
  for (const r of mod.children ?? []) {
    if (r.kind === KIND.Reference) continue;
    const missing: string[] = [];
    if (r.kind === KIND.Function) checkCallable(r.signatures ?? [], r.comment, missing, true);
    else if (r.kind === KIND.Class) {
      if (!hasSummary(r.comment)) missing.push('summary');
      if (!hasTag(r.comment, '@example')) missing.push('@example');
      for (const m of r.children ?? []) {
        if (m.flags?.isPrivate || m.flags?.isProtected || m.flags?.isExternal || m.inheritedFrom) continue;
        if (m.kind === KIND.Method) {
          const sub: string[] = [];
          checkCallable(m.signatures ?? [], m.comment, sub, false);
          missing.push(...sub.map((x) => `${m.name}: ${x}`));
        } else if (m.kind === KIND.Property || m.kind === KIND.Accessor) {
          if (!hasSummary(m.comment) && !hasSummary(m.getSignature?.comment))
            missing.push(`${m.name}: summary`);
        }
      }
    } else if (r.kind === KIND.Variable) {
      if (!hasSummary(r.comment)) missing.push('summary');
    } else if (r.kind === KIND.Interface || r.kind === KIND.TypeAlias) {
      if (!hasSummary(r.comment)) missing.push('summary');
      const props = r.children ?? r.type?.declaration?.children ?? [];
      for (const p of props) {
        if (p.flags?.isExternal || p.inheritedFrom) continue;
        if (!hasSummary(p.comment) && !hasSummary(p.signatures?.[0]?.comment))
          missing.push(`${p.name}: summary`);
        if (p.flags?.isOptional && /Options$|Args$|Config$/.test(r.name) && !hasTag(p.comment, '@default'))
          missing.push(`${p.name}: @default`);
      }
    }
    if (missing.length > 0) problems.push({ module: mod.name, name: r.name, missing });
  }
}

if (process.argv.includes('--json')) console.log(JSON.stringify(problems, null, 2));
else {
  for (const p of problems) console.log(`${p.module}  ${p.name}: ${p.missing.join(', ')}`);
  console.log(`${problems.length} exports fall short`);
}
process.exitCode = problems.length > 0 ? 1 : 0;
