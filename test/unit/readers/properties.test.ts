/**
 * Property tests: the readers never throw and always finish on arbitrary input, CSV round-trips
 * through RFC 4180 quoting and agrees with csv-parse, and tokenizing does not depend on chunking.
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/readers/csv.js';
import { CsvTokenizer } from '../../../src/readers/csv-tokenizer.js';
import { readJson } from '../../../src/readers/json.js';
import { readJsonl } from '../../../src/readers/jsonl.js';
import type { Reader, TabularRecord } from '../../../src/readers/types.js';
import { readYaml } from '../../../src/readers/yaml.js';
import { read, toCsv } from './helpers.js';

const readers: [string, Reader][] = [
  ['csv', readCsv],
  ['json', readJson],
  ['jsonl', readJsonl],
  ['yaml', readYaml],
];

/** Text rich in CSV/JSON/YAML syntax, so generated inputs hit the interesting paths. */
const syntaxy = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '"',
        ',',
        ';',
        '\t',
        '|',
        '\n',
        '\r\n',
        '\r',
        ' ',
        '""',
        '[',
        ']',
        '{',
        '}',
        ':',
        '\\',
        '---\n',
      ),
      fc.constantFrom('-', '#', '&a ', '*a', '- ', 'a: ', '"x"', '1', 'null', '\uFEFF', 'é', '😀', '\u0000'),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('readers never throw and always finish', () => {
  for (const [name, reader] of readers) {
    it(`${name}: arbitrary bytes, any chunking, rereadable or stream`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ maxLength: 300 }),
          fc.integer({ min: 1, max: 64 }),
          fc.boolean(),
          async (bytes, chunkSize, stream) => {
            const { records, findings } = await read(reader, bytes, { batchSize: 3 }, { chunkSize, stream });
            expect(Array.isArray(records)).toBe(true);
            for (const f of findings) expect(typeof f.message).toBe('string');
          },
        ),
        { numRuns: 300 },
      );
    });

    it(`${name}: arbitrary Unicode strings (lone surrogates included)`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.boolean(),
          async (text, stream) => {
            const { records } = await read(reader, text, {}, { chunkSize: 7, stream });
            expect(Array.isArray(records)).toBe(true);
          },
        ),
        { numRuns: 300 },
      );
    });

    it(`${name}: arbitrary syntax-heavy strings`, async () => {
      await fc.assert(
        fc.asyncProperty(syntaxy, fc.integer({ min: 1, max: 16 }), async (text, chunkSize) => {
          const { records } = await read(reader, text, {}, { chunkSize });
          for (const r of records) expect(r.record).toBeGreaterThan(0);
        }),
        { numRuns: 300 },
      );
    });
  }
});

/** Cell text including quotes, delimiters, line breaks and non-ASCII (no NUL: that means binary). */
const cell = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
      {
        weight: 2,
        arbitrary: fc.constantFrom('"', ',', ';', '\t', '|', '\n', '\r\n', '\r', ' ', '""', 'é', '😀'),
      },
    ),
    { maxLength: 5 },
  )
  .map((parts) => parts.join('').replaceAll('\u0000', ''));

const table = fc.integer({ min: 1, max: 5 }).chain((width) =>
  fc.record({
    width: fc.constant(width),
    rows: fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 8 }),
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    eol: fc.constantFrom('\n', '\r\n'),
    trailing: fc.boolean(),
    chunkSize: fc.integer({ min: 1, max: 40 }),
  }),
);

describe('CSV round trip', () => {
  it('reads back RFC 4180-quoted records exactly, and csv-parse agrees', async () => {
    await fc.assert(
      fc.asyncProperty(table, async ({ width, rows, delimiter, eol, trailing, chunkSize }) => {
        const header = Array.from({ length: width }, (_, k) => `c${k + 1}`);
        // A one-column blank cell would be a blank line: quote it, as a careful writer would.
        const force = (c: string) => width === 1 && /^[ \t]*$/.test(c);
        const text = toCsv([header, ...rows], delimiter, eol, force) + (trailing ? eol : '');
        const { input, records, findings } = await read<TabularRecord>(
          readCsv,
          text,
          { delimiter },
          { chunkSize },
        );
        expect(input.kind === 'tabular' && input.header).toEqual(header);
        expect(records.map((r) => r.cells)).toEqual(rows);
        expect(records.map((r) => r.record)).toEqual(rows.map((_, k) => k + 1));
        expect(findings).toEqual([]);

        const theirs = parse(text, { delimiter, relax_column_count: true }) as string[][];
        expect(theirs).toEqual([header, ...rows]);
      }),
      { numRuns: 500 },
    );
  });

  it('detects the delimiter of generated files with two or more columns', async () => {
    await fc.assert(
      fc.asyncProperty(table, async ({ width, rows, delimiter, eol }) => {
        fc.pre(width >= 2);
        const header = Array.from({ length: width }, (_, k) => `c${k + 1}`);
        const text = toCsv([header, ...rows], delimiter, eol);
        const { input } = await read(readCsv, text);
        expect(input.kind === 'tabular' && input.delimiter).toBe(delimiter);
      }),
      { numRuns: 200 },
    );
  });

  it('record lines match the physical lines of the serialised text', async () => {
    await fc.assert(
      fc.asyncProperty(table, async ({ width, rows, delimiter, eol }) => {
        const header = Array.from({ length: width }, (_, k) => `c${k + 1}`);
        const force = (c: string) => width === 1 && /^[ \t]*$/.test(c);
        const lines = [header, ...rows].map((r) => toCsv([r], delimiter, eol, force));
        const text = lines.join(eol);
        const breaks = (s: string) => s.split(/\r\n|\r|\n/).length - 1;
        let line = 1;
        const expected: number[] = [];
        for (const [k, l] of lines.entries()) {
          if (k > 0) expected.push(line);
          line += breaks(l) + 1;
        }
        const { records } = await read<TabularRecord>(readCsv, text, { delimiter });
        expect(records.map((r) => r.line)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('JSON and JSON Lines round trip', () => {
  const values = fc.array(
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 8 }).map((t) => `${t}\\"\\\\${t}`),
      fc.jsonValue({ maxDepth: 3 }),
    ),
    { maxLength: 12 },
  );

  it('reads back JSON.stringify output element by element, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        values,
        fc.integer({ min: 1, max: 30 }),
        fc.boolean(),
        async (vals, chunkSize, pretty) => {
          const text = JSON.stringify(vals, null, pretty ? 2 : undefined);
          const { records, findings } = await read(readJson, text, {}, { chunkSize });
          expect(findings).toEqual([]);
          expect(records.map((r) => ('value' in r ? r.value : undefined))).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads back one JSON value per line', async () => {
    await fc.assert(
      fc.asyncProperty(values, fc.integer({ min: 1, max: 30 }), async (vals, chunkSize) => {
        const text = vals.map((v) => JSON.stringify(v)).join('\n');
        const { records, findings } = await read(readJsonl, text, {}, { chunkSize });
        expect(findings).toEqual([]);
        expect(records.map((r) => ('value' in r ? r.value : undefined))).toEqual(
          vals.map((v) => JSON.parse(JSON.stringify(v))),
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('CSV tokenizer', () => {
  it('gives the same rows, lines, issues and blank lines however the text is chunked', () => {
    fc.assert(
      fc.property(syntaxy, fc.array(fc.nat(), { maxLength: 10 }), (text, cuts) => {
        const run = (pieces: string[]) => {
          const tok = new CsvTokenizer({ delimiter: ',' });
          for (const p of pieces) tok.push(p);
          tok.end();
          const rows = tok.takeRows();
          return {
            rows: rows.map((r) => [r.line, r.cells]),
            issues: tok.takeIssues().map((i) => [i.kind, i.line, i.column, i.row ? rows.indexOf(i.row) : -1]),
            blank: tok.takeBlankLines(),
          };
        };
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const pieces: string[] = [];
        let at = 0;
        for (const p of points) {
          pieces.push(text.slice(at, p));
          at = p;
        }
        pieces.push(text.slice(at));
        expect(run(pieces)).toEqual(run([text]));
      }),
      { numRuns: 1000 },
    );
  });
});
