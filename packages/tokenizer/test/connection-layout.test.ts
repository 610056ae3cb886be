import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDictionary } from '../src/dictionary/dictionary.js';
import { Analyzer } from '../src/engine/analyzer.js';
import { usageLayout } from '../src/engine/connection-layout.js';

const dict = loadDictionary();
const lines = readFileSync(
  fileURLToPath(new URL('./fixtures/stock-mecab/sentences.txt', import.meta.url)),
  'utf8',
)
  .split('\n')
  .slice(0, -1);

/** The best path of every line as `begin:length:source:token` strings. */
function paths(a: Analyzer): string[] {
  return lines.map((line) => {
    const n = a.analyze(line);
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const k = a.path[i]!;
      out.push(`${a.begin(k)}:${a.end(k) - a.begin(k)}:${a.source(k)}:${a.ref(k)}`);
    }
    return out.join(' ');
  });
}

describe('connection cost layout', () => {
  it('a usage layout holds every cost of matrix.bin, most used ids first', () => {
    const { lsize, rsize, costs } = dict.matrix;
    // Arbitrary use counts with many ties; id 17 (left) and 1234 (right) are the most used.
    const leftUse = Uint32Array.from({ length: rsize }, (_, i) => (i * 7919) % 13);
    const rightUse = Uint32Array.from({ length: lsize }, (_, i) => (i * 104729) % 11);
    leftUse[17] = 99;
    rightUse[1234] = 99;
    const layout = usageLayout(dict.matrix, leftUse, rightUse);
    expect([layout.rowOff[17], layout.colOff[1234]]).toEqual([0, 0]);
    let mismatches = 0;
    for (let lid = 0; lid < rsize; lid++) {
      const row = layout.rowOff[lid]!;
      for (let rid = 0; rid < lsize; rid++) {
        if (layout.costs[row + layout.colOff[rid]!] !== costs[rid + lsize * lid]) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
    // Offsets are distinct, so no two costs share a place (tiles pad the copy at the edges).
    expect(new Set(layout.rowOff).size).toBe(rsize);
    expect(new Set(layout.colOff).size).toBe(lsize);
  });

  it('the analyzer switches layouts after sampling and finds the same paths', () => {
    const a = new Analyzer(dict);
    const before = paths(a);
    expect(a.usesUsageLayout).toBe(false);
    for (let round = 0; round < 100 && !a.usesUsageLayout; round++) paths(a);
    expect(a.usesUsageLayout).toBe(true);
    expect(paths(a)).toEqual(before);
    // A second analyzer of the same dictionary starts with the shared usage layout.
    const b = new Analyzer(dict);
    expect(b.usesUsageLayout).toBe(true);
    expect(paths(b)).toEqual(before);
  });
});
