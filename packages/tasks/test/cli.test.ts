import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { KorNlpError } from '@kornlp/core';
import { describe, expect, it } from 'vitest';
import { runCli, UsageError, VERSION } from '../src/index.js';
import { captureIo } from './support/cli_io.js';

const bin = fileURLToPath(new URL('../bin/kornlp.mjs', import.meta.url));

describe('kornlp CLI', () => {
  it('--help lists usage and exits 0', async () => {
    const c = captureIo();
    expect(await runCli(['--help'], c.io)).toBe(0);
    expect(c.out).toMatch(/^Usage: kornlp <command>/);
    expect(c.out).toMatch(/Commands:/);
  });

  it('--version prints the package version', async () => {
    const c = captureIo();
    expect(await runCli(['--version'], c.io)).toBe(0);
    expect(c.out.trim()).toBe(VERSION);
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('an unknown command prints usage and exits 2', async () => {
    const c = captureIo();
    expect(await runCli(['nonsense'], c.io)).toBe(2);
    expect(c.err).toMatch(/unknown command "nonsense"/);
    expect(c.err).toMatch(/Usage: kornlp/);
  });

  it('a usage problem found by a command (UsageError, a KorNlpError) prints the problem and the usage, exits 2', async () => {
    expect(new UsageError('--x is required')).toBeInstanceOf(KorNlpError);
    const c = captureIo();
    expect(await runCli(['vocab', 'build'], c.io)).toBe(2);
    expect(c.err).toMatch(/^kornlp vocab: --output is required\n/);
    expect(c.err).toMatch(/Usage: kornlp vocab/);
  });

  it('no command prints usage to stderr and exits 2', async () => {
    const c = captureIo();
    expect(await runCli([], c.io)).toBe(2);
    expect(c.err).toMatch(/Usage: kornlp/);
  });

  it('the bin runs from the checkout without a build step', () => {
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: kornlp/);
    const bad = spawnSync(process.execPath, [bin, 'nonsense'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown command/);
  });
});
