/** Every reader fixture under fixtures/inputs, read from disk with fileSource. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFromPath, openInput } from '../../../src/readers/index.js';
import { fileSource } from '../../../src/readers/source.js';
import type { DocumentRecord, ReaderFinding, TabularRecord } from '../../../src/readers/types.js';
import { brief, inputsDir } from './helpers.js';

async function readFixture(name: string) {
  const file = path.join(inputsDir, name);
  const format = formatFromPath(file);
  if (format === null) throw new Error(`no format for ${name}`);
  const findings: ReaderFinding[] = [];
  const input = await openInput(fileSource(file), format, { finding: (f) => findings.push(f) });
  const records: (TabularRecord | DocumentRecord)[] = [];
  for await (const batch of input.batches) records.push(...batch);
  return {
    input,
    header: input.kind === 'tabular' ? input.header : null,
    delimiter: input.kind === 'tabular' ? input.delimiter : null,
    rows: records.map((r) => ('cells' in r ? r.cells : r.value)),
    where: records.map((r) => [r.record, r.line]),
    findings: brief(findings),
  };
}

describe('fixtures/inputs', () => {
  it('cp1252.csv', async () => {
    const r = await readFixture('cp1252.csv');
    expect(r.input.encoding).toBe('windows-1252');
    expect(r.rows).toEqual([
      ['1', 'O’Brien', '£12'],
      ['2', 'René', '5'],
    ]);
    expect(r.findings).toEqual(['info io/encoding r- l2 -']);
  });

  it('utf16le-bom.csv and utf16be-bom.csv', async () => {
    const le = await readFixture('utf16le-bom.csv');
    expect([le.input.encoding, le.header, le.rows]).toEqual([
      'utf-16le',
      ['id', 'name'],
      [
        ['1', 'Zoë'],
        ['2', 'Łukasz'],
      ],
    ]);
    const be = await readFixture('utf16be-bom.csv');
    expect([be.input.encoding, be.rows]).toEqual(['utf-16be', [['1', 'Zoë']]]);
  });

  it('semicolon.csv, tab.tsv, pipe.csv', async () => {
    const semi = await readFixture('semicolon.csv');
    expect([semi.delimiter, semi.rows]).toEqual([
      ';',
      [
        ['1', 'Ann', 'a;b'],
        ['2', 'Bob', 'plain'],
      ],
    ]);
    expect((await readFixture('tab.tsv')).delimiter).toBe('\t');
    expect((await readFixture('pipe.csv')).rows).toEqual([['1', 'Ann']]);
  });

  it('multiline.csv: records start further down after multi-line cells', async () => {
    const r = await readFixture('multiline.csv');
    expect(r.where).toEqual([
      [1, 2],
      [2, 5],
      [3, 6],
      [4, 8],
    ]);
    expect(r.rows[0]).toEqual(['1', 'first\nsecond\nthird', 'a']);
    expect(r.rows[1]).toEqual(['2', 'say "hi"', 'b']);
  });

  it('crlf.csv and bom.csv', async () => {
    expect((await readFixture('crlf.csv')).rows).toEqual([
      ['1', 'Ann'],
      ['2', 'Bob'],
    ]);
    const bom = await readFixture('bom.csv');
    expect([bom.input.encoding, bom.header]).toEqual(['utf-8-bom', ['id', 'name']]);
  });

  it('empty.csv and blank.csv', async () => {
    expect((await readFixture('empty.csv')).findings).toEqual(['error csv/no-header r- l- -']);
    expect((await readFixture('blank.csv')).findings).toEqual(['error csv/no-header r- l- -']);
  });

  it('dup-header.csv', async () => {
    expect((await readFixture('dup-header.csv')).findings).toEqual([
      'error csv/blank-header r- l1 -',
      'error csv/duplicate-header r- l1 id',
    ]);
  });

  it('bad-utf8.csv: a file that is not all UTF-8 is decoded as Windows-1252 throughout', async () => {
    const r = await readFixture('bad-utf8.csv');
    expect(r.input.encoding).toBe('windows-1252');
    expect(r.rows).toEqual([
      ['1', 'cafÃ©'],
      ['2', 'badÿbyte'],
    ]);
    expect(r.findings).toEqual(['info io/encoding r- l3 -']);
  });

  it('ragged.csv', async () => {
    const r = await readFixture('ragged.csv');
    expect(r.findings).toEqual(['error csv/ragged-row r2 l3 -', 'error csv/ragged-row r3 l4 -']);
    expect(r.rows).toHaveLength(3);
  });

  it('binary.csv', async () => {
    const r = await readFixture('binary.csv');
    expect([r.rows, r.findings]).toEqual([[], ['error io/binary r- l- -']]);
  });

  it('records.json', async () => {
    const r = await readFixture('records.json');
    expect(r.where).toEqual([
      [1, 2],
      [2, 3],
      [3, 7],
    ]);
    expect(r.rows[2]).toEqual({ id: 3, tags: ['a', 'b,]'] });
    expect(r.findings).toEqual([]);
  });

  it('records.jsonl: the bad line is reported, the rest read', async () => {
    const r = await readFixture('records.jsonl');
    expect(r.where).toEqual([
      [1, 1],
      [3, 4],
    ]);
    expect(r.findings).toEqual(['error parse/jsonl r2 l2 -']);
  });

  it('multi.yaml', async () => {
    const r = await readFixture('multi.yaml');
    expect(r.rows).toEqual([
      { id: 1, name: 'Ann', answer: 'no' },
      { id: 2, name: 'Bob' },
      { id: 4, name: 'Dee' },
    ]);
    expect(r.where).toEqual([
      [1, 2],
      [2, 6],
      [4, 13],
    ]);
    expect(r.findings).toEqual(['error parse/yaml r3 l12 -']);
  });
});
