import { describe, expect, it } from 'vitest';
import { readJsonl } from '../../../src/readers/jsonl.js';
import type { DocumentRecord } from '../../../src/readers/types.js';
import { brief, read } from './helpers.js';

const jsonl = (text: string | Uint8Array, chunkSize?: number, batchSize?: number) =>
  read<DocumentRecord>(
    readJsonl,
    text,
    batchSize === undefined ? {} : { batchSize },
    chunkSize === undefined ? {} : { chunkSize },
  );

describe('readJsonl', () => {
  it('reads one record per non-blank line with physical lines', async () => {
    const text = '{"a":1}\n\n  \n[2]\n"three"\n';
    for (const chunkSize of [1, 3, 100]) {
      const { input, records, findings } = await jsonl(text, chunkSize);
      expect(input.format).toBe('jsonl');
      expect(records).toEqual([
        { record: 1, line: 1, value: { a: 1 } },
        { record: 2, line: 4, value: [2] },
        { record: 3, line: 5, value: 'three' },
      ]);
      expect(findings).toEqual([]);
    }
  });

  it('reports a bad line with record and line, and reads on', async () => {
    const { records, findings } = await jsonl('{"a":1}\n{"a":\n\n{"a":3}\nnope\n{"a":5}');
    expect(records).toEqual([
      { record: 1, line: 1, value: { a: 1 } },
      { record: 3, line: 4, value: { a: 3 } },
      { record: 5, line: 6, value: { a: 5 } },
    ]);
    expect(brief(findings)).toEqual(['error parse/jsonl r2 l2 -', 'error parse/jsonl r4 l5 -']);
    for (const f of findings) expect(f.message).not.toMatch(/nope/);
  });

  it('handles CRLF and a UTF-8 BOM', async () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...new TextEncoder().encode('{"a":1}\r\n\r\n{"b":2}\r\n'),
    ]);
    const { input, records, findings } = await jsonl(bytes, 2);
    expect(input.encoding).toBe('utf-8-bom');
    expect(records).toEqual([
      { record: 1, line: 1, value: { a: 1 } },
      { record: 2, line: 3, value: { b: 2 } },
    ]);
    expect(findings).toEqual([]);
  });

  it('batches records', async () => {
    const text = Array.from({ length: 21 }, (_, k) => `{"k":${k}}`).join('\n');
    const { batches } = await jsonl(text, 5, 10);
    expect(batches).toEqual([10, 10, 1]);
  });

  it('reads an empty file as no records and no findings', async () => {
    const { records, findings } = await jsonl('');
    expect(records).toEqual([]);
    expect(findings).toEqual([]);
  });
});
