import { existsSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';

async function run(args: string[], input: string) {
  let out = '';
  let err = '';
  const code = await runCli(['tokenize', ...args], {
    stdin: Readable.from([Buffer.from(input, 'utf8')]),
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
  });
  return { code, out, err };
}

const fixture = new URL('../../tokenizer/test/fixtures/stock-mecab/', import.meta.url);
const shared = fileURLToPath(new URL('../../../../shared/fixtures/mecab-ko/', import.meta.url));
const haveShared = existsSync(`${shared}sentences.txt`);

describe('kornlp tokenize', () => {
  it('--format morphs prints the morphemes of each line', async () => {
    const r = await run(['--format', 'morphs'], '아버지가방에들어가신다\n우리 가게로');
    expect(r.code).toBe(0);
    expect(r.out).toBe('아버지 가 방 에 들어가 신다\n우리 가게 로\n');
  });

  it('--format json prints one token array per line', async () => {
    const r = await run(['-f', 'json'], '가방\n');
    const [tokens] = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(tokens).toEqual([
      expect.objectContaining({ surface: '가방', pos: 'NNG', start: 0, end: 2, eojeol: 0 }),
    ]);
  });

  it('--format mecab reproduces the in-repo stock MeCab fixture', async () => {
    const input = readFileSync(fileURLToPath(new URL('sentences.txt', fixture)), 'utf8');
    const r = await run([], input);
    expect(r.out).toBe(readFileSync(fileURLToPath(new URL('sentences.stock-mecab.txt', fixture)), 'utf8'));
  });

  it.skipIf(!haveShared)(
    'is byte-identical to mecab-ko on the 4,546 shared sentences (skipped: ../shared absent)',
    async () => {
      const r = await run(['--format', 'mecab'], readFileSync(`${shared}sentences.txt`, 'utf8'));
      expect(r.out === readFileSync(`${shared}sentences.mecab-ko.txt`, 'utf8')).toBe(true);
    },
  );

  it('rejects a bad format or engine with a usage error', async () => {
    expect((await run(['--format', 'xml'], '')).code).toBe(2);
    const r = await run(['--engine', 'kiwi'], '');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--engine must be one of builtin/);
  });

  it('names a missing dictionary', async () => {
    const r = await run(['--dict', '/nonexistent'], 'x');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/DictionaryError: .*missing dictionary file \(\/nonexistent\/dicrc\)/);
  });
});
