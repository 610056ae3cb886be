import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTokenizer } from '../src/index.js';

const shared = fileURLToPath(new URL('../../../../shared/fixtures/mecab-ko/', import.meta.url));
const input = `${shared}sentences.txt`;
const expected = `${shared}sentences.mecab-ko.txt`;
const haveShared = existsSync(input) && existsSync(expected);

describe('mecab-ko parity', () => {
  it.skipIf(!haveShared)(
    'prints mecab-ko output byte for byte on all 4,546 shared sentences (skipped: ../shared/fixtures/mecab-ko absent)',
    async () => {
      const tok = await createTokenizer();
      const lines = readFileSync(input, 'utf8').split('\n');
      if (lines.at(-1) === '') lines.pop();
      const want = readFileSync(expected, 'utf8').split('EOS\n');
      want.pop();
      expect(lines.length).toBe(4546);
      expect(want.length).toBe(lines.length);
      const mismatches: string[] = [];
      lines.forEach((line, i) => {
        const got = tok.mecab(line);
        if (got !== `${want[i]}EOS\n`) mismatches.push(`line ${i + 1}: ${JSON.stringify(line)}`);
      });
      expect(mismatches).toEqual([]);
    },
  );
});
