import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AWKWARD_INPUTS, megabyteLine } from '../../tokenizer/test/awkward-inputs.js';
import {
  attentionSvg,
  confusionMatrix,
  confusionMatrixSvg,
  readJsonlText,
  readKlueNer,
  readTsv,
} from '../src/index.js';

// STYLE §11: the shared awkward inputs go through the readers and the SVG escaping.
const dir = mkdtempSync(join(tmpdir(), 'kornlp-readers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// What a UTF-8 file round trip does to a JS string (lone surrogates become U+FFFD).
const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('utf8');
const oneLine = Object.entries(AWKWARD_INPUTS).filter(([, s]) => !/[\t\r\n]/.test(s));

describe('readers on awkward inputs', () => {
  it('TSV keeps every single-line text as written, including a 1 MB line', async () => {
    const texts = [...oneLine.map(([, s]) => s), megabyteLine()];
    const file = join(dir, 'awkward.tsv');
    writeFileSync(file, `id\tdocument\tlabel\n${texts.map((t, i) => `${i}\t${t}\t${i % 2}`).join('\n')}\n`);
    const rows = await readTsv(file);
    expect(rows.map((r) => r.text)).toEqual(texts.map(utf8));
  });
  it('JSONL keeps every input, newlines and tabs included', async () => {
    const texts = Object.values(AWKWARD_INPUTS);
    const file = join(dir, 'awkward.jsonl');
    writeFileSync(file, `${texts.map((text) => JSON.stringify({ text, label: 'x' })).join('\n')}\n`);
    // JSON.stringify escapes lone surrogates (as \udXXX escapes), so even those survive.
    expect((await readJsonlText(file)).map((r) => r.text)).toEqual(texts);
  });
  it('KLUE-NER rebuilds sentences made of awkward characters', async () => {
    const texts = oneLine.map(([, s]) => utf8(s)).filter((s) => s.length > 0 && !/[<>]/.test(s));
    const file = join(dir, 'awkward_klue.tsv');
    const blocks = texts.map((t, i) => [`## s${i}\t${t}`, ...[...t].map((ch) => `${ch}\tO`)].join('\n'));
    writeFileSync(file, `## header\n${blocks.join('\n\n')}\n`);
    const sents = await readKlueNer(file);
    expect(sents.map((s) => s.text)).toEqual(texts);
  });
});

describe('charts on awkward labels', () => {
  it('always produce well-formed XML text (no raw markup or control characters)', () => {
    const labels = Object.values(AWKWARD_INPUTS).map((s, i) => `${i}${s.slice(0, 20)}<&>"'`);
    const svgs = [
      confusionMatrixSvg(confusionMatrix(labels, [...labels].reverse())),
      attentionSvg(
        labels,
        labels.map(() => 1 / labels.length),
      ),
    ];
    for (const svg of svgs) {
      for (const ch of svg) {
        const c = ch.codePointAt(0) as number;
        expect(c < 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd, `control U+${c.toString(16)}`).toBe(false);
        expect(c >= 0xd800 && c <= 0xdfff, `lone surrogate U+${c.toString(16)}`).toBe(false);
      }
      // Every < opens a tag, every & starts an entity.
      expect(svg).not.toMatch(/<(?![a-z/])/);
      expect(svg).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
    }
  });
});
