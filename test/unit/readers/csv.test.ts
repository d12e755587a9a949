import { describe, expect, it } from 'vitest';
import { detectDelimiter, normaliseDelimiter, readCsv } from '../../../src/readers/csv.js';
import type { TabularInput, TabularRecord } from '../../../src/readers/types.js';
import { brief, cellsOf, read, utf8 } from './helpers.js';

const csv = (text: string | Uint8Array, options = {}, chunkSize?: number) =>
  read<TabularRecord>(readCsv, text, options, chunkSize === undefined ? {} : { chunkSize });

describe('readCsv: header and delimiter', () => {
  it('reads a simple file with header, records and lines', async () => {
    const { input, records, findings } = await csv('id,name\n1,Ann\n2,Bob\n');
    const t = input as TabularInput;
    expect(t.kind).toBe('tabular');
    expect(t.format).toBe('csv');
    expect(t.header).toEqual(['id', 'name']);
    expect(t.headerLine).toBe(1);
    expect(t.delimiter).toBe(',');
    expect(t.encoding).toBe('utf-8');
    expect(records).toEqual([
      { record: 1, line: 2, cells: ['1', 'Ann'] },
      { record: 2, line: 3, cells: ['2', 'Bob'] },
    ]);
    expect(findings).toEqual([]);
  });

  it.each([
    [';', 'a;b;c\n1;2;3\n'],
    ['\t', 'a\tb\tc\n1\t2\t3\n'],
    ['|', 'a|b|c\n1|2|3\n'],
    [',', 'a,b,c\n1,2,3\n'],
  ])('detects %j from the header line', async (d, text) => {
    const { input, records } = await csv(text);
    expect((input as TabularInput).delimiter).toBe(d);
    expect(cellsOf(records)).toEqual([['1', '2', '3']]);
  });

  it('counts delimiters outside quotes only, most frequent wins, ties go to comma', () => {
    expect(detectDelimiter('"a;b;c;d",x,y\n', false)).toBe(',');
    expect(detectDelimiter('a;b,c\n', false)).toBe(',');
    expect(detectDelimiter('a;b|c|d\n', false)).toBe('|');
    expect(detectDelimiter('a;b|c\n', false)).toBe(';');
    expect(detectDelimiter('single\n', false)).toBe(',');
    expect(detectDelimiter('a;b', false)).toBeNull();
    expect(detectDelimiter('a;b', true)).toBe(';');
    expect(detectDelimiter('\n\n  \na;b\n', false)).toBe(';');
    expect(detectDelimiter('"multi\nline;;;",x\n', false)).toBe(',');
  });

  it('uses options.delimiter instead of detecting, and validates it', async () => {
    const { input, records } = await csv('a;b,c\n1;2,3\n', { delimiter: ';' });
    expect((input as TabularInput).delimiter).toBe(';');
    expect(cellsOf(records)).toEqual([['1', '2,3']]);
    expect(normaliseDelimiter('tab')).toBe('\t');
    expect(normaliseDelimiter('\\t')).toBe('\t');
    expect(() => normaliseDelimiter('"')).toThrow(/Invalid CSV delimiter/);
    expect(() => normaliseDelimiter(',,')).toThrow(/Invalid CSV delimiter/);
    await expect(csv('a,b\n', { delimiter: '\n' })).rejects.toThrow(/Invalid CSV delimiter/);
  });

  it('detects the delimiter when the header line is split across chunks', async () => {
    const { input, records } = await csv('alpha;beta;gamma\n1;2;3\n', {}, 2);
    expect((input as TabularInput).delimiter).toBe(';');
    expect((input as TabularInput).header).toEqual(['alpha', 'beta', 'gamma']);
    expect(cellsOf(records)).toEqual([['1', '2', '3']]);
  });

  it('trims header names and strips a BOM', async () => {
    const { input } = await csv('\uFEFF id , name\t,"  quoted  "\n1,2,3\n');
    expect((input as TabularInput).header).toEqual(['id', 'name', 'quoted']);
    expect((input as TabularInput).encoding).toBe('utf-8-bom');
  });

  it('reports an empty file as csv/no-header, with zero records', async () => {
    const { input, records, findings } = await csv('');
    expect((input as TabularInput).header).toEqual([]);
    expect(records).toEqual([]);
    expect(brief(findings)).toEqual(['error csv/no-header r- l- -']);
    expect(findings[0]!.message).toMatch(/empty/);
  });

  it('reports a whitespace-only file as one csv/no-header', async () => {
    const { records, findings } = await csv('   \n\n \t \r\n');
    expect(records).toEqual([]);
    expect(brief(findings)).toEqual(['error csv/no-header r- l- -']);
    expect(findings[0]!.message).toMatch(/only blank lines/);
  });

  it('reads a header-only file: no records, no findings', async () => {
    const { input, records, findings } = await csv('a,b\n');
    expect((input as TabularInput).header).toEqual(['a', 'b']);
    expect(records).toEqual([]);
    expect(findings).toEqual([]);
  });

  it('skips blank lines before the header, reporting them', async () => {
    const { input, records, findings } = await csv('\n\na,b\n1,2\n');
    expect((input as TabularInput).headerLine).toBe(3);
    expect(records).toEqual([{ record: 1, line: 4, cells: ['1', '2'] }]);
    expect(brief(findings)).toEqual(['warning csv/blank-row r- l1 -', 'warning csv/blank-row r- l2 -']);
  });

  it('reports blank header names by position', async () => {
    const { findings } = await csv('a,,c, \n1,2,3,4\n');
    expect(brief(findings)).toEqual(['error csv/blank-header r- l1 -', 'error csv/blank-header r- l1 -']);
    expect(findings[0]!.message).toBe('Column 2 has no name in the header');
    expect(findings[1]!.message).toBe('Column 4 has no name in the header');
  });

  it('reports duplicate header names with both positions', async () => {
    const { findings } = await csv('id,name,id, name\n1,2,3,4\n');
    expect(brief(findings)).toEqual([
      'error csv/duplicate-header r- l1 id',
      'error csv/duplicate-header r- l1 name',
    ]);
    expect(findings[0]!.message).toMatch(/columns 1 and 3/);
    expect(findings[1]!.message).toMatch(/columns 2 and 4/);
  });
});

describe('readCsv: records', () => {
  it('handles quoted cells with delimiters, doubled quotes and newlines, with exact lines', async () => {
    const text = 'id,note,n\n1,"first\nsecond\nthird",a\n2,"say ""hi"", ok",b\n3,"x\r\ny",c\n4,plain,d\n';
    const { records, findings } = await csv(text);
    expect(records).toEqual([
      { record: 1, line: 2, cells: ['1', 'first\nsecond\nthird', 'a'] },
      { record: 2, line: 5, cells: ['2', 'say "hi", ok', 'b'] },
      { record: 3, line: 6, cells: ['3', 'x\r\ny', 'c'] },
      { record: 4, line: 8, cells: ['4', 'plain', 'd'] },
    ]);
    expect(findings).toEqual([]);
  });

  it('gives the same records and lines whatever the chunk size', async () => {
    const text = 'id,note\r\n1,"a\r\nb"\r\n\r\n2,"x"\r\n3,"q""q"\r4,z\n5,"\n"\n';
    const whole = await csv(text);
    for (const size of [1, 2, 3, 5, 7]) {
      const split = await csv(text, {}, size);
      expect(split.records).toEqual(whole.records);
      expect(split.findings).toEqual(whole.findings);
    }
    expect(whole.records.map((r) => [r.record, r.line])).toEqual([
      [1, 2],
      [2, 5],
      [3, 6],
      [4, 7],
      [5, 8],
    ]);
  });

  it('reads CRLF, LF and lone CR line breaks', async () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const { records } = await csv(['a,b', '1,2', '3,4'].join(eol) + eol);
      expect(records).toEqual([
        { record: 1, line: 2, cells: ['1', '2'] },
        { record: 2, line: 3, cells: ['3', '4'] },
      ]);
    }
  });

  it('reads a last record without a trailing newline, and an empty last cell', async () => {
    const { records } = await csv('a,b\n1,2\n3,');
    expect(cellsOf(records)).toEqual([
      ['1', '2'],
      ['3', ''],
    ]);
  });

  it('keeps cell text exactly (no trimming, quotes inside unquoted cells kept)', async () => {
    const { records, findings } = await csv('a,b\n  x  ,5" nail\n');
    expect(cellsOf(records)).toEqual([['  x  ', '5" nail']]);
    expect(findings).toEqual([]);
  });

  it('skips blank body lines as csv/blank-row warnings; one trailing newline is not blank', async () => {
    const { records, findings } = await csv('a,b\n1,2\n\n   \n3,4\n\n');
    expect(records).toEqual([
      { record: 1, line: 2, cells: ['1', '2'] },
      { record: 2, line: 5, cells: ['3', '4'] },
    ]);
    expect(brief(findings)).toEqual([
      'warning csv/blank-row r- l3 -',
      'warning csv/blank-row r- l4 -',
      'warning csv/blank-row r- l6 -',
    ]);
    expect((await csv('a,b\n1,2\n')).findings).toEqual([]);
  });

  it('does not treat a row of empty cells or a quoted empty cell as blank', async () => {
    const { records, findings } = await csv('a,b\n,\n""\n');
    expect(cellsOf(records)).toEqual([['', ''], ['']]);
    expect(brief(findings)).toEqual(['error csv/ragged-row r2 l3 -']);
  });

  it('reports ragged rows but still yields their cells', async () => {
    const { records, findings } = await csv('a,b,c\n1,2,3\n4,5\n6,7,8,9\n');
    expect(cellsOf(records)).toEqual([
      ['1', '2', '3'],
      ['4', '5'],
      ['6', '7', '8', '9'],
    ]);
    expect(brief(findings)).toEqual(['error csv/ragged-row r2 l3 -', 'error csv/ragged-row r3 l4 -']);
    expect(findings[0]!.message).toBe('Record has 2 cells; the header has 3 columns');
    expect(findings[1]!.message).toBe('Record has 4 cells; the header has 3 columns');
  });

  it('words the ragged-row message like the spec (48 of 50)', async () => {
    const header = Array.from({ length: 50 }, (_, k) => `c${k}`).join(',');
    const row = Array.from({ length: 48 }, () => 'x').join(',');
    const { findings } = await csv(`${header}\n${row}\n`);
    expect(findings[0]!.message).toBe('Record has 48 cells; the header has 50 columns');
  });

  it('reports an unclosed quote at the line where the quoted cell started', async () => {
    const { records, findings } = await csv('a,b\n1,2\n3,"never\nclosed\n');
    expect(records).toEqual([
      { record: 1, line: 2, cells: ['1', '2'] },
      { record: 2, line: 3, cells: ['3', 'never\nclosed\n'] },
    ]);
    expect(brief(findings)).toEqual(['error csv/unclosed-quote r2 l3 b']);
    expect(findings[0]!.message).toMatch(/starting on line 3 is never closed/);
  });

  it('warns about text after a closing quote and keeps it', async () => {
    const { records, findings } = await csv('a,b\n"ab"c,2\n1,"x"y\n');
    expect(cellsOf(records)).toEqual([
      ['ab"c', '2'],
      ['1', 'x"y'],
    ]);
    expect(brief(findings)).toEqual([
      'warning csv/invalid-quote r1 l2 a',
      'warning csv/invalid-quote r2 l3 b',
    ]);
  });

  it('names no cell text in any finding message', async () => {
    const secret = 'SECRET-9434765919';
    const text = `a,b\n"${secret}"x,1\n${secret}\n\n"${secret}`;
    const { findings } = await csv(text);
    expect(findings.length).toBeGreaterThan(2);
    for (const f of findings) expect(f.message).not.toContain('SECRET');
  });

  it('delivers records in batches of options.batchSize (default 1024)', async () => {
    const rows = Array.from({ length: 2500 }, (_, k) => `${k},x`).join('\n');
    const byDefault = await csv(`a,b\n${rows}\n`);
    expect(byDefault.batches).toEqual([1024, 1024, 452]);
    const small = await csv(`a,b\n${rows}\n`, { batchSize: 1000 });
    expect(small.batches).toEqual([1000, 1000, 500]);
    expect(small.records.at(-1)).toEqual({ record: 2500, line: 2501, cells: ['2499', 'x'] });
  });

  it('can be abandoned part way through without error', async () => {
    const rows = Array.from({ length: 5000 }, (_, k) => `${k},x`).join('\n');
    const input = await readCsv(
      (await import('./helpers.js')).memorySource(`a,b\n${rows}\n`, { chunkSize: 100 }),
      { finding: () => undefined },
      { batchSize: 10 },
    );
    for await (const batch of input.batches) {
      expect(batch.length).toBe(10);
      break;
    }
  });
});

describe('readCsv: encodings', () => {
  it('decodes Windows-1252 (0x92 → ’, 0xA3 → £) with an info finding', async () => {
    const bytes = new Uint8Array([...utf8('a,b\nO'), 0x92, ...utf8('Brien,'), 0xa3, ...utf8('5\n')]);
    const { input, records, findings } = await csv(bytes);
    expect(input.encoding).toBe('windows-1252');
    expect(cellsOf(records)).toEqual([['O’Brien', '£5']]);
    expect(brief(findings)).toEqual(['info io/encoding r- l2 -']);
    expect(findings[0]!.message).toMatch(/^Decoded as Windows-1252 because the bytes are not valid UTF-8/);
  });

  it('switches standard input to Windows-1252 at the first bad byte, with a warning and the line', async () => {
    const bytes = new Uint8Array([...utf8('a,b\n1,x\n2,'), 0xa3, ...utf8('3\n')]);
    const { input, records, findings } = await read<TabularRecord>(
      readCsv,
      bytes,
      {},
      { stream: true, chunkSize: 4 },
    );
    expect(input.encoding).toBe('windows-1252');
    expect(cellsOf(records)).toEqual([
      ['1', 'x'],
      ['2', '£3'],
    ]);
    expect(brief(findings)).toEqual(['warning io/encoding r- l3 -', 'info io/encoding r- l- -']);
  });

  it('reads UTF-16 LE and BE with a BOM', async () => {
    const text = 'id,name\r\n1,Zoë\r\n';
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    const beBody = Buffer.from(text, 'utf16le');
    for (let i = 0; i < beBody.length; i += 2) beBody.writeUInt16BE(beBody.readUInt16LE(i), i);
    const be = new Uint8Array([0xfe, 0xff, ...beBody]);
    for (const [bytes, name] of [
      [le, 'utf-16le'],
      [be, 'utf-16be'],
    ] as const) {
      const { input, records, findings } = await csv(bytes, {}, 3);
      expect(input.encoding).toBe(name);
      expect((input as TabularInput).header).toEqual(['id', 'name']);
      expect(cellsOf(records)).toEqual([['1', 'Zoë']]);
      expect(findings).toEqual([]);
    }
  });

  it('reports a binary file as io/binary with zero records', async () => {
    const { records, findings } = await csv(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0x61, 0x2c, 0x62, 10]));
    expect(records).toEqual([]);
    expect(brief(findings)).toEqual(['error io/binary r- l- -']);
  });
});

describe('flatten', () => {
  it('returns an equal string', async () => {
    const { flatten } = await import('../../../src/readers/csv-tokenizer.js');
    const long = 'a,b,c\n'.repeat(100).slice(3, 200);
    expect(flatten(long)).toBe(long);
    expect(flatten('short')).toBe('short');
  });
});

describe('readCsv: limits', () => {
  it('stops with csv/record-too-large instead of buffering a runaway quote', async () => {
    const { CsvTokenizer } = await import('../../../src/readers/csv-tokenizer.js');
    const tok = new CsvTokenizer({ delimiter: ',', maxRecordChars: 100 });
    tok.push('a,b\n1,"');
    for (let k = 0; k < 20; k++) tok.push('x'.repeat(20));
    expect(tok.stopped).toBe(true);
    expect(tok.takeRows().map((r) => r.cells)).toEqual([['a', 'b']]);
    expect(tok.takeIssues().map((i) => [i.kind, i.line])).toEqual([['record-too-large', 2]]);
  });
});
