import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// scripts/build-native.mjs run as `pnpm install` runs it, into a temporary output: the failure
// paths must exit cleanly and leave nothing half-written, and a real build must load.
const script = fileURLToPath(new URL('../scripts/build-native.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kornlp-native-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function build(args: string[], env: Record<string, string> = {}, out = join(dir, 'k.node')) {
  const e: Record<string, string | undefined> = { ...process.env, ...env };
  if (!('KORNLP_NATIVE' in env)) delete e.KORNLP_NATIVE;
  const r = spawnSync(process.execPath, [script, ...args, '--out', out], { encoding: 'utf8', env: e });
  return { status: r.status, text: `${r.stdout}${r.stderr}` };
}

/** g++ and OpenBLAS's cblas.h are there (what the real build needs). */
const toolchain =
  spawnSync('g++', ['-E', '-x', 'c++', '-'], { input: '#include <cblas.h>\n', encoding: 'utf8' }).status ===
  0;

describe('scripts/build-native.mjs', () => {
  it('--optional without a compiler says so, exits 0 and writes nothing; without --optional exits 1', () => {
    const sub = mkdtempSync(join(dir, 'nocxx-'));
    const r = build(['--optional'], { CXX: '/nonexistent' }, join(sub, 'k.node'));
    expect(r.status).toBe(0);
    expect(r.text).toMatch(
      /native accelerator not built: C\+\+ compiler \/nonexistent not found \(apt-get install g\+\+\)/,
    );
    expect(r.text).toMatch(/wasm backend alone/);
    expect(readdirSync(sub)).toEqual([]);
    expect(build([], { CXX: '/nonexistent' }, join(sub, 'k.node')).status).toBe(1);
  });

  it('--optional without Node.js headers (KORNLP_NODE_HEADERS elsewhere) says so and exits 0', () => {
    const sub = mkdtempSync(join(dir, 'noheaders-'));
    const r = build(['--optional'], { KORNLP_NODE_HEADERS: join(dir, 'nowhere') }, join(sub, 'k.node'));
    expect(r.status).toBe(0);
    expect(r.text).toMatch(/node_api\.h not found in .*nowhere/);
    expect(readdirSync(sub)).toEqual([]);
  });

  it('KORNLP_NATIVE=0 skips the build', () => {
    const r = build(['--optional'], { KORNLP_NATIVE: '0' }, join(dir, 'skipped.node'));
    expect(r.status).toBe(0);
    expect(r.text).toMatch(/not built: KORNLP_NATIVE=0/);
    expect(existsSync(join(dir, 'skipped.node'))).toBe(false);
  });

  it('a failing compile keeps the previous module byte for byte and sweeps a killed build’s leftovers', () => {
    const sub = mkdtempSync(join(dir, 'atomic-'));
    const out = join(sub, 'k.node');
    writeFileSync(out, 'previous module');
    // A temporary file of a build whose process is gone.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(`${out}.${dead.stdout}.tmp`, 'half');
    // A "compiler" that writes half an output and then fails.
    const cxx = join(sub, 'fake-cxx');
    writeFileSync(
      cxx,
      '#!/bin/sh\nif [ "$1" = --version ]; then echo fake; exit 0; fi\n' +
        'while [ $# -gt 0 ]; do if [ "$1" = -o ]; then echo partial > "$2"; fi; shift; done\n' +
        'echo "fake: internal compiler error" >&2; exit 1\n',
    );
    chmodSync(cxx, 0o755);
    const r = build(['--optional'], { CXX: cxx }, out);
    expect(r.status).toBe(0);
    expect(r.text).toMatch(/failed:\nfake: internal compiler error/);
    expect(readFileSync(out, 'utf8')).toBe('previous module');
    expect(readdirSync(sub).sort()).toEqual(['fake-cxx', 'k.node']);
  });

  it.skipIf(!toolchain)(
    'builds a module that loads and multiplies (needs g++ and libopenblas-dev)',
    () => {
      const out = join(dir, 'real', 'kornlp_native.node');
      const r = build([], {}, out);
      expect(r.text).toMatch(/native accelerator built in [\d.]+ s/);
      expect(r.status).toBe(0);
      // Loaded in a child: this process may hold the package's own module.
      const run = spawnSync(
        process.execPath,
        [
          '-e',
          `const m = require(${JSON.stringify(out)});
           const c = new Float32Array(4);
           m.gemm(new Float32Array([1, 2, 3, 4]), new Float32Array([5, 6, 7, 8]), c, 1, 1, 2, 2, 2, false, false, 0);
           console.log(JSON.stringify({ c: Array.from(c), blas: m.info().blas }));`,
        ],
        { encoding: 'utf8' },
      );
      expect(run.stderr).toBe('');
      const got = JSON.parse(run.stdout) as { c: number[]; blas: string };
      // [[1,2],[3,4]] · [[5,6],[7,8]] by hand.
      expect(got.c).toEqual([19, 22, 43, 50]);
      expect(got.blas).toMatch(/OpenBLAS/);
      expect(readdirSync(join(dir, 'real'))).toEqual(['kornlp_native.node']);
    },
    120_000,
  );
});
