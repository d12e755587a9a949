/**
 * The migrate CSV writer: RFC 4180 quoting, line endings, and the property that matters: whatever
 * rows are written, the project's own CSV reader reads back exactly the same header and cells.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvWriter, csvRow, csvText, needsQuotes } from '../../../src/authoring/csv-writer.js';
import { readCsv } from '../../../src/readers/csv.js';
import { bytesSource } from '../../../src/readers/source.js';
import type { ReaderFinding, TabularRecord } from '../../../src/readers/types.js';

async function readBack(text: string, delimiter?: string, chunkSize = 64 * 1024) {
  const findings: ReaderFinding[] = [];
  const input = await readCsv(
    bytesSource('mem', new TextEncoder().encode(text), chunkSize),
    { finding: (f) => findings.push(f) },
    delimiter === undefined ? {} : { delimiter },
  );
  if (input.kind !== 'tabular') throw new Error('not tabular');
  const rows: string[][] = [];
  for await (const batch of input.batches as AsyncIterable<TabularRecord[]>)
    for (const r of batch) rows.push(r.cells);
  return { header: input.header, rows, findings, delimiter: input.delimiter };
}

describe('csvRow', () => {
  it('quotes only what needs quoting, doubling quotes', () => {
    expect(csvRow(['a', 'b c', 'x,y', 'say "hi"', 'l1\nl2', 'cr\r'])).toBe(
      'a,b c,"x,y","say ""hi""","l1\nl2","cr\r"\n',
    );
  });

  it('quotes by the delimiter in use', () => {
    const opts = { delimiter: ';', lineEnding: '\r\n', quote: 'minimal' } as const;
    expect(csvRow(['x,y', 'a;b'], opts)).toBe('x,y;"a;b"\r\n');
    expect(needsQuotes('a|b', '|')).toBe(true);
    expect(needsQuotes('a|b', ',')).toBe(false);
  });

  it('quote: all quotes every cell', () => {
    expect(csvRow(['a', ''], { delimiter: ',', lineEnding: '\n', quote: 'all' })).toBe('"a",""\n');
  });

  it('a row that would read back as a blank line keeps its first cell quoted', () => {
    expect(csvRow([''])).toBe('""\n');
    expect(csvRow(['  '])).toBe('"  "\n');
    expect(csvRow(['', ''], { delimiter: '\t', lineEnding: '\n', quote: 'minimal' })).toBe('""\t\n');
    expect(csvRow(['', ''])).toBe(',\n');
  });

  it('refuses a delimiter that cannot work', () => {
    expect(() => csvRow(['a'], { delimiter: '"', lineEnding: '\n', quote: 'minimal' })).toThrow(/delimiter/);
    expect(() => csvRow(['a'], { delimiter: ',,', lineEnding: '\n', quote: 'minimal' })).toThrow(/delimiter/);
  });
});

describe('CsvWriter', () => {
  it('buffers rows and flushes in chunks', async () => {
    const pieces: string[] = [];
    const w = new CsvWriter(async (t) => void pieces.push(t), undefined, 10);
    for (let i = 0; i < 5; i++) await w.write([`row${i}`, 'x']);
    await w.flush();
    expect(w.rows).toBe(5);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(csvText([0, 1, 2, 3, 4].map((i) => [`row${i}`, 'x'])));
  });
});

/** Cell text rich in CSV syntax plus arbitrary printable Unicode. NUL is left out: the reader treats a
 * NUL in the first 8 KiB as a binary file (documented in docs/authoring-diff-migrate-docs.md). */
const cell = fc
  .array(
    fc.oneof(
      fc.constantFrom('"', ',', ';', '\t', '|', '\n', '\r\n', '\r', ' ', '""', 'é', '😀', '\uFEFF', '='),
      fc.string({ unit: 'grapheme', maxLength: 5 }),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join('').replaceAll('\u0000', ''));

/** Header names as the reader returns them: trimmed, and without a BOM in front of the first one. */
const headerName = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 8 })
  .map((s) => s.replaceAll('\u0000', '').trim())
  .filter((s) => s.length > 0 && !s.startsWith('\uFEFF'));

const table = fc.integer({ min: 1, max: 5 }).chain((ncols) =>
  fc.record({
    header: fc.array(headerName, { minLength: ncols, maxLength: ncols }),
    rows: fc.array(fc.array(cell, { minLength: ncols, maxLength: ncols }), { maxLength: 8 }),
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    lineEnding: fc.constantFrom('\n', '\r\n'),
    quote: fc.constantFrom('minimal', 'all'),
    chunkSize: fc.integer({ min: 1, max: 64 }),
  }),
);

describe('round trip through the project CSV reader', () => {
  it('arbitrary rows → write → read → identical header and cells', async () => {
    await fc.assert(
      fc.asyncProperty(table, async (t) => {
        const opts = { delimiter: t.delimiter, lineEnding: t.lineEnding, quote: t.quote } as const;
        const text = csvText([t.header, ...t.rows], opts);
        const back = await readBack(text, t.delimiter, t.chunkSize);
        expect(back.header).toEqual(t.header);
        expect(back.rows).toEqual(t.rows);
        expect(back.findings.filter((f) => f.rule !== 'csv/duplicate-header')).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('the delimiter is detected back from a plain header', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(',', ';', '\t', '|'),
        fc.array(cell, { minLength: 2, maxLength: 2 }),
        async (delimiter, row) => {
          const opts = { delimiter, lineEnding: '\r\n', quote: 'minimal' } as const;
          const text = csvText([['id', 'name'], row], opts);
          const back = await readBack(text);
          expect(back.delimiter).toBe(delimiter);
          expect(back.rows).toEqual([row]);
        },
      ),
      { numRuns: 100 },
    );
  });
});
