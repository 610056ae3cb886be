import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DataFormatError } from '@kornlp/core';
import { describe, expect, it } from 'vitest';
import {
  conlluToTagged,
  klueToTagged,
  readConllBio,
  readConllu,
  readJsonlTagged,
  readJsonlText,
  readKlueNer,
  readNsmc,
  readTsv,
  splitMorphemes,
  streamConllu,
  stripKlueMarkup,
} from '../src/index.js';

const fx = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const shared = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
const hasShared = existsSync(shared);

async function expectDataError(p: Promise<unknown>, file: string, line: number, text: RegExp): Promise<void> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DataFormatError);
  const d = e as DataFormatError;
  expect(d.file).toBe(file);
  expect(d.line).toBe(line);
  expect(d.message).toMatch(text);
  expect(d.message).toContain(`${file}:${line}`);
}

describe('readTsv / readNsmc', () => {
  it('splits on TAB only, keeps quotes and empty documents, skips blank lines', async () => {
    const rows = await readNsmc(fx('nsmc_small.tsv'));
    expect(rows.map((r) => [r.id, r.text, r.label, r.line])).toEqual([
      ['1', '아 더빙.. 진짜 짜증나네요', '0', 2],
      ['2', '"""최고""" 영화', '1', 3],
      ['3', '', '0', 4],
      ['4', '굿', '1', 6],
    ]);
  });
  it('takes columns by index without a header', async () => {
    const rows = await readTsv(fx('nsmc_small.tsv'), { header: false, textColumn: 2, labelColumn: 0 });
    expect(rows[0]).toEqual({ text: 'label', label: 'id', id: undefined, line: 1 });
  });
  it('names the file and line of a row without a label', async () => {
    await expectDataError(
      readNsmc(fx('tsv_missing_label.tsv')),
      fx('tsv_missing_label.tsv'),
      3,
      /columns, got 2/,
    );
  });
  it('rejects a label outside the allowed set', async () => {
    await expectDataError(
      readNsmc(fx('tsv_bad_label.tsv')),
      fx('tsv_bad_label.tsv'),
      3,
      /"2"; expected one of 0, 1/,
    );
  });
  it('reports a missing header column with the header it saw', async () => {
    await expectDataError(
      readTsv(fx('nsmc_small.tsv'), { textColumn: 'text' }),
      fx('nsmc_small.tsv'),
      1,
      /"id", "document", "label"/,
    );
  });
  it('reports a missing file as a DataFormatError', async () => {
    await expect(readTsv(fx('nope.tsv'))).rejects.toThrow(DataFormatError);
  });
});

describe('readConllu', () => {
  it('reads words, skips ranges and empty nodes, splits morphemes and finds offsets', async () => {
    const [s1, s2] = await readConllu(fx('small.conllu'));
    expect(s1?.id).toBe('s1');
    expect(s1?.text).toBe('프랑스의 + 기업, 좋다.');
    expect(s1?.tokens.map((t) => [t.id, t.form, t.tag, t.start, t.end])).toEqual([
      [1, '프랑스의', 'PROPN', 0, 4],
      [2, '+', 'PUNCT', 5, 6],
      [3, '기업', 'NOUN', 7, 9],
      [4, ',', 'PUNCT', 9, 10],
      [5, '좋다', 'ADJ', 11, 13],
      [6, '.', 'PUNCT', 13, 14],
    ]);
    expect(s1?.tokens[0]?.morphemes).toEqual([
      { form: '프랑스', tag: 'NNP' },
      { form: '의', tag: 'JKG' },
    ]);
    expect(s1?.tokens[1]?.morphemes).toEqual([{ form: '+', tag: 'SW' }]);
    expect(s1?.tokens[4]?.head).toBe(0);
    // No `# text`: rebuilt from FORMs; a lemma/xpos count mismatch leaves morphemes undefined.
    expect(s2?.text).toBe('있다 _');
    expect(s2?.tokens[0]?.morphemes).toBeUndefined();
    expect(s2?.tokens[1]?.morphemes).toEqual([{ form: '_', tag: 'SS' }]);
  });
  it('flattens to eojeol or morpheme tokens', async () => {
    const [s1, s2] = await readConllu(fx('small.conllu'));
    expect(conlluToTagged(s1 as never).tags).toEqual(['PROPN', 'PUNCT', 'NOUN', 'PUNCT', 'ADJ', 'PUNCT']);
    expect(conlluToTagged(s1 as never, { level: 'morpheme' })).toEqual({
      tokens: ['프랑스', '의', '+', '기업', ',', '좋', '다', '.'],
      tags: ['NNP', 'JKG', 'SW', 'NNG', 'SP', 'VA', 'EF', 'SF'],
      line: 1,
    });
    expect(conlluToTagged(s2 as never, { level: 'morpheme' }).tokens).toEqual(['있다', '_']);
    expect(conlluToTagged(s2 as never, { level: 'morpheme' }).tags).toEqual(['px+ef', 'SS']);
  });
  it('uses XPOS when asked', async () => {
    const [s1] = await readConllu(fx('small.conllu'), { tagColumn: 'xpos' });
    expect(s1?.tokens.map((t) => t.tag)).toEqual(['NNP+JKG', '+SW', 'NNG', 'SP', 'VA+EF', 'SF']);
  });
  it('splits + joined values with literal + morphemes', () => {
    expect(splitMorphemes('프랑스+의')).toEqual(['프랑스', '의']);
    expect(splitMorphemes('+')).toEqual(['+']);
    expect(splitMorphemes('+SW')).toEqual(['SW']);
    expect(splitMorphemes('1+++2')).toEqual(['1', '+', '2']);
  });
  it('names the file and line of a short word line', async () => {
    await expectDataError(
      readConllu(fx('bad_columns.conllu')),
      fx('bad_columns.conllu'),
      2,
      /10 tab-separated columns, got 9/,
    );
  });
  it.skipIf(!hasShared)('reads UD Korean GSD dev in full (needs ../shared/data)', async () => {
    let sentences = 0;
    let words = 0;
    for await (const s of streamConllu(`${shared}ud-korean-gsd/ko_gsd-ud-dev.conllu`)) {
      sentences++;
      words += s.tokens.length;
      for (const t of s.tokens) {
        expect(t.morphemes?.length).toBeGreaterThan(0);
        expect(s.text.slice(t.start, t.end)).toBe(t.form);
      }
    }
    expect([sentences, words]).toEqual([950, 11958]);
  });
});

describe('readKlueNer', () => {
  it('reads characters and tags, skipping the header comments', async () => {
    const [s1, s2] = await readKlueNer(fx('klue_small.tsv'));
    expect(s1).toMatchObject({ id: 's1', text: '경찰은 박 씨', line: 3 });
    expect(s1?.tags).toEqual(['B-OG', 'I-OG', 'O', 'O', 'B-PS', 'I-PS', 'I-PS']);
    expect(s1?.chars[3]).toBe(' ');
    expect(s2).toMatchObject({ id: 's2', text: '오늘 3시', markup: '오늘 <3시:TI>' });
    expect(klueToTagged(s2 as never)).toEqual({
      tokens: ['오', '늘', ' ', '3', '시'],
      tags: ['O', 'O', 'O', 'B-TI', 'I-TI'],
      line: 12,
    });
  });
  it('strips markup', () => {
    expect(stripKlueMarkup('<경찰:OG>은 <a<b:PS>')).toBe('경찰은 <ab');
  });
  it('rejects characters that do not spell the markup line', async () => {
    await expectDataError(
      readKlueNer(fx('klue_mismatch.tsv')),
      fx('klue_mismatch.tsv'),
      1,
      /"경찰는".*"경찰은"/,
    );
  });
  it('rejects a character line without a tab', async () => {
    await expectDataError(readKlueNer(fx('klue_no_tab.tsv')), fx('klue_no_tab.tsv'), 3, /<char><TAB><tag>/);
  });
  it('rejects a tag that is not O, B-X or I-X', async () => {
    await expectDataError(readKlueNer(fx('klue_bad_tag.tsv')), fx('klue_bad_tag.tsv'), 3, /bad tag "PS"/);
  });
  it.skipIf(!hasShared)('reads the shared KLUE-NER dev file (needs ../shared/data)', async () => {
    const sents = await readKlueNer(`${shared}klue-ner/klue-ner-v1.1_dev-4of5.tsv`);
    expect(sents.length).toBe(4000);
    expect(sents[0]?.text.startsWith('경찰은 또 성매매')).toBe(true);
  });
});

describe('readConllBio', () => {
  it('reads space or tab columns, skips -DOCSTART- and repeated blank lines', async () => {
    expect(await readConllBio(fx('small.bio'))).toEqual([
      { tokens: ['김철수', '씨'], tags: ['B-PS', 'O'], line: 3 },
      { tokens: ['서울', '에'], tags: ['B-LC', 'O'], line: 7 },
    ]);
  });
  it('names the file and line of a token without a tag', async () => {
    await expectDataError(readConllBio(fx('bad.bio')), fx('bad.bio'), 2, /<token> <tag>/);
  });
});

describe('readJsonl*', () => {
  it('reads text/label records, numbers as strings', async () => {
    expect(await readJsonlText(fx('text.jsonl'))).toEqual([
      { text: '좋다', label: '1', line: 1 },
      { text: '싫다', label: '0', line: 3 },
    ]);
  });
  it('rejects a record without a label', async () => {
    await expectDataError(readJsonlText(fx('text_bad.jsonl')), fx('text_bad.jsonl'), 2, /"label"/);
  });
  it('rejects unequal tokens and tags, and invalid JSON', async () => {
    await expectDataError(
      readJsonlTagged(fx('tagged_bad.jsonl')),
      fx('tagged_bad.jsonl'),
      2,
      /1 tokens but 2 tags/,
    );
    await expectDataError(
      readJsonlTagged(fx('tagged_badjson.jsonl')),
      fx('tagged_badjson.jsonl'),
      2,
      /not valid JSON/,
    );
  });
});
