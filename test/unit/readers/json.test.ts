import { describe, expect, it } from 'vitest';
import { readJson } from '../../../src/readers/json.js';
import type { DocumentRecord } from '../../../src/readers/types.js';
import { brief, read } from './helpers.js';

const json = (text: string | Uint8Array, chunkSize?: number, batchSize?: number) =>
  read<DocumentRecord>(
    readJson,
    text,
    batchSize === undefined ? {} : { batchSize },
    chunkSize === undefined ? {} : { chunkSize },
  );

describe('readJson: top-level array', () => {
  it('streams each element as a record with the line where it starts', async () => {
    const text = '[\n  {"id": 1, "s": "a,]}\\"["},\n  {\n    "id": 2\n  },\n  3, "x", null, [1, [2]]\n]\n';
    for (const chunkSize of [1, 2, 7, 1000]) {
      const { input, records, findings } = await json(text, chunkSize);
      expect(input.kind).toBe('document');
      expect(input.format).toBe('json');
      expect(records).toEqual([
        { record: 1, line: 2, value: { id: 1, s: 'a,]}"[' } },
        { record: 2, line: 3, value: { id: 2 } },
        { record: 3, line: 6, value: 3 },
        { record: 4, line: 6, value: 'x' },
        { record: 5, line: 6, value: null },
        { record: 6, line: 6, value: [1, [2]] },
      ]);
      expect(findings).toEqual([]);
    }
  });

  it('handles escaped backslashes and quotes at chunk boundaries', async () => {
    const text = '[{"a":"\\\\"},{"b":"\\"]\\\\\\""},"\\\\\\\\"]';
    const expected = JSON.parse(text) as unknown[];
    for (let size = 1; size <= 6; size++) {
      const { records, findings } = await json(text, size);
      expect(records.map((r) => r.value)).toEqual(expected);
      expect(findings).toEqual([]);
    }
  });

  it('reads an empty array as no records', async () => {
    const { records, findings } = await json(' [ \n ] \n');
    expect(records).toEqual([]);
    expect(findings).toEqual([]);
  });

  it('counts CRLF and lone CR as line breaks', async () => {
    const { records } = await json('[\r\n1,\r\n2,\r3]');
    expect(records.map((r) => r.line)).toEqual([2, 3, 4]);
  });

  it('batches elements', async () => {
    const text = `[${Array.from({ length: 25 }, (_, k) => k).join(',')}]`;
    const { batches, records } = await json(text, 4, 10);
    expect(batches).toEqual([10, 10, 5]);
    expect(records.at(-1)).toEqual({ record: 25, line: 1, value: 24 });
  });

  it('stops at the first syntax error; earlier records count', async () => {
    const { records, findings } = await json('[\n {"a":1},\n {"b":\n   },\n {"c":3}\n]');
    expect(records).toEqual([{ record: 1, line: 2, value: { a: 1 } }]);
    expect(brief(findings)).toEqual(['error parse/json r2 l3 -']);
    expect(findings[0]!.message).toMatch(/element 2 of the top-level array is not valid JSON/);
  });

  it('gives the line of the error inside a multi-line element when V8 says where', async () => {
    const { findings } = await json('[\n{\n"a": 1\n"b": 2\n}\n]');
    expect(brief(findings)).toEqual(['error parse/json r1 l4 -']);
    expect(findings[0]!.message).toMatch(/expected ',' or '\}' after property value/);
  });

  it.each([
    ['[1,,2]', 'r2 l1'],
    ['[1,]', 'r2 l1'],
    ['[,1]', 'r1 l1'],
    ['[1 2]', 'r1 l1'],
    ['[{"a":1]]', 'r1 l1'],
  ])('reports %j', async (text, where) => {
    const { findings } = await json(text);
    expect(brief(findings)).toEqual([`error parse/json ${where} -`]);
  });

  it('reports an unterminated array and content after it', async () => {
    const open = await json('[1,\n2');
    expect(open.records.map((r) => r.value)).toEqual([1, 2]);
    expect(brief(open.findings)).toEqual(['error parse/json r- l2 -']);
    expect(open.findings[0]!.message).toMatch(/ends before the top-level array is closed/);
    const after = await json('[1]\n\n{}');
    expect(after.records.map((r) => r.value)).toEqual([1]);
    expect(brief(after.findings)).toEqual(['error parse/json r- l3 -']);
    const str = await json('[1, "abc');
    expect(brief(str.findings)).toEqual(['error parse/json r2 l1 -']);
  });

  it('never quotes the data in a message', async () => {
    for (const text of ['[{"nhs": 9434765919x}]', '{"name": SECRET}', '["SECRET" "x"]', '[SECRET]']) {
      const { findings } = await json(text);
      expect(findings).toHaveLength(1);
      expect(findings[0]!.message).not.toMatch(/SECRET|943/);
    }
  });
});

describe('readJson: other documents', () => {
  it('reads an object as one record at the line where it starts', async () => {
    const { records, findings } = await json('\n\n  {"a": [1, 2],\n "b": {"c": null}}\n');
    expect(records).toEqual([{ record: 1, line: 3, value: { a: [1, 2], b: { c: null } } }]);
    expect(findings).toEqual([]);
  });

  it('reads a scalar document', async () => {
    expect((await json(' 42 ')).records).toEqual([{ record: 1, line: 1, value: 42 }]);
    expect((await json('"x"', 1)).records).toEqual([{ record: 1, line: 1, value: 'x' }]);
  });

  it('reports a broken document with its line and no record', async () => {
    const { records, findings } = await json('{\n "a": 1,\n "b": }\n');
    expect(records).toEqual([]);
    expect(brief(findings)).toEqual(['error parse/json r- l1 -']);
    const pos = await json('{\n "a": 1\n "b": 2}');
    expect(brief(pos.findings)).toEqual(['error parse/json r- l3 -']);
  });

  it('reports an empty or whitespace-only file', async () => {
    for (const text of ['', '  \n\t\n']) {
      const { records, findings } = await json(text);
      expect(records).toEqual([]);
      expect(brief(findings)).toEqual(['error parse/json r- l- -']);
      expect(findings[0]!.message).toBe('The file is empty');
    }
  });

  it('reads a file with a UTF-8 BOM', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('[1]')]);
    const { input, records } = await json(bytes);
    expect(records.map((r) => r.value)).toEqual([1]);
    expect(input.encoding).toBe('utf-8-bom');
  });
});
