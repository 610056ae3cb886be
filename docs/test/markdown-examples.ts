/**
 * Extracts the runnable code examples of the guides: every ```ts fence, with the ```text output
 * fence that follows it (if any) as the expected standard output.
 *
 * Fence info strings understood:
 * - ```ts            runnable TypeScript (run by docs/test/examples.test.ts)
 * - ```ts no-run     shown but not run; the guide must say why in its text
 * - ```text output   the exact standard output of the ts block just above it; a line `...`
 *                    matches any number of lines (for progress lines or timings)
 */
import { readFileSync } from 'node:fs';

/** One ```ts block of a guide. */
export interface CodeExample {
  /** Guide file name, e.g. `tokenizer.md`. */
  readonly guide: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The TypeScript source. */
  readonly code: string;
  /** Whether the fence says `no-run`. */
  readonly noRun: boolean;
  /** The expected standard output, when a ```text output fence follows. */
  readonly expected?: string;
}

interface Fence {
  readonly info: string;
  readonly line: number;
  readonly body: string;
}

function fences(markdown: string): Fence[] {
  const lines = markdown.split('\n');
  const out: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(.*)$/.exec(lines[i] ?? '');
    if (!open) continue;
    const ticks = open[1] ?? '```';
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !(lines[j] ?? '').startsWith(ticks)) body.push(lines[j++] ?? '');
    out.push({ info: (open[2] ?? '').trim(), line: i + 1, body: body.join('\n') });
    i = j;
  }
  return out;
}

/**
 * Reads a guide and returns its ts examples in order.
 *
 * @param path - the Markdown file
 * @param guide - the name used in test titles
 */
export function extractExamples(path: string, guide: string): CodeExample[] {
  const all = fences(readFileSync(path, 'utf8'));
  const examples: CodeExample[] = [];
  for (let k = 0; k < all.length; k++) {
    const f = all[k]!;
    const words = f.info.split(/\s+/);
    if (words[0] !== 'ts' && words[0] !== 'typescript') continue;
    const next = all[k + 1];
    const expected = next && /^text\s+output\b/.test(next.info) ? next.body : undefined;
    examples.push({
      guide,
      line: f.line,
      code: f.body,
      noRun: words.includes('no-run'),
      ...(expected === undefined ? {} : { expected }),
    });
  }
  return examples;
}

/**
 * Compares actual output with an expected block; `...` lines match any run of lines. Trailing
 * whitespace on each line and trailing blank lines are ignored.
 *
 * @returns whether they match
 */
export function outputMatches(actual: string, expected: string): boolean {
  const norm = (s: string) =>
    s
      .replace(/\s+$/, '')
      .split('\n')
      .map((l) => l.replace(/\s+$/, ''));
  const a = norm(actual);
  const e = norm(expected);
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (j === e.length) r = i === a.length;
    else if (e[j] === '...') r = go(i, j + 1) || (i < a.length && go(i + 1, j));
    else r = i < a.length && a[i] === e[j] && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}
