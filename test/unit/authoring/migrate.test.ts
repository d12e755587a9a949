/**
 * migrate on small files: code mappings, unmapped values reported (not guessed), header renames,
 * CSV dialect kept (CRLF, quoted cells, delimiter, quote-all), encodings, the other formats, and the
 * safety rules (never the input, no overwrite without force, nothing written when records are lost).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { csvText } from '../../../src/authoring/csv-writer.js';
import { fieldRenames } from '../../../src/authoring/diff.js';
import { type MigrateOptions, migrateFile } from '../../../src/authoring/migrate.js';
import { composeMigrations, migrationPath } from '../../../src/authoring/migrations.js';
import { loadSibling, loadVersion } from '../../../src/authoring/resolve.js';
import { CarecheckError } from '../../../src/errors.js';
import { readCsv } from '../../../src/readers/csv.js';
import { fileSource } from '../../../src/readers/source.js';
import type { TabularRecord } from '../../../src/readers/types.js';
import { repoRoot, tempDir } from '../../helpers/tmp.js';

const fixtures = path.join(repoRoot, 'fixtures', 'authoring-diff');
const t = tempDir();
const v1 = loadVersion('toy@1.0.0', [fixtures], repoRoot);
const v2 = loadVersion('toy@2.0.0', [fixtures], repoRoot);

function options(input: string, output: string, over: Partial<MigrateOptions> = {}): MigrateOptions {
  return {
    input,
    output,
    from: v1.standard,
    to: v2.standard,
    migrations: v2.standard.manifest.migrations ?? {},
    renames: fieldRenames(v1.standard, v2.standard),
    ...over,
  };
}

async function readBack(file: string) {
  const input = await readCsv(fileSource(file), { finding: () => undefined }, {});
  if (input.kind !== 'tabular') throw new Error('not tabular');
  const rows: string[][] = [];
  for await (const batch of input.batches as AsyncIterable<TabularRecord[]>)
    for (const r of batch) rows.push(r.cells);
  return { header: input.header, rows, delimiter: input.delimiter, encoding: input.encoding };
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('CSV', () => {
  const input = t.write(
    'in.csv',
    'id,kind,notes,legacy,reason\r\n' +
      'A123,Gamma,"line one\r\nline two, with ""quotes""",x,why\r\n' +
      'A124,Beta,plain,y,because\r\n' +
      'A125,Omega,,x,\r\n' +
      'A126,Alpha,"a,b",,\r\n',
  );

  it('maps codes, renames the header of a renamed field, keeps CRLF and quoted cells', async () => {
    const before = sha(input);
    const out = t.path('out.csv');
    const r = await migrateFile(options(input, out));
    expect(sha(input)).toBe(before);
    const text = readFileSync(out, 'utf8');
    expect(text).toBe(
      'id,kind,comments,legacy,reason\r\n' +
        'A123,Gamma-ray,"line one\r\nline two, with ""quotes""",x,why\r\n' +
        'A124,Beta,plain,y,because\r\n' +
        'A125,Omega,,x,\r\n' +
        'A126,Alpha,"a,b",,\r\n',
    );
    expect(r).toMatchObject({
      format: 'csv',
      delimiter: ',',
      lineEnding: 'CRLF',
      quoting: 'minimal',
      encoding: { input: 'utf-8', output: 'utf-8' },
      records: 4,
      changedValues: 1,
      changedRecords: 1,
      mapped: [{ field: 'kind', from: 'Gamma', to: 'Gamma-ray', count: 1 }],
      // 'notes' is not a header 2.0.0 accepts; 'legacy' is an alias of 'heritage', so it stays.
      headerRenames: [{ from: 'notes', to: 'comments' }],
    });
    const back = await readBack(out);
    expect(back.rows[0]?.[2]).toBe('line one\r\nline two, with "quotes"');
  });

  it('reports values with no mapping per field and record, without the values unless asked', async () => {
    const r = await migrateFile(options(input, t.path('out2.csv')));
    expect(r.unmapped).toEqual([
      { field: 'kind', count: 2, noEquivalent: 1, notInCodeList: 1, records: [2, 3], truncated: false },
    ]);
    expect(JSON.stringify(r)).not.toContain('Omega');
    const shown = await migrateFile(options(input, t.path('out3.csv'), { showValues: true }));
    expect(shown.unmapped[0]?.values).toEqual([
      { value: 'Beta', count: 1 },
      { value: 'Omega', count: 1 },
    ]);
  });

  it('caps the record list but keeps counts exact', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => `A${100 + i},Beta,,,`).join('\n');
    const many = t.write('many.csv', `id,kind,notes,legacy,reason\n${rows}\n`);
    const r = await migrateFile(options(many, t.path('many-out.csv'), { maxRecords: 2 }));
    expect(r.unmapped[0]).toMatchObject({ count: 5, records: [1, 2], truncated: true });
  });

  it('keeps the delimiter, LF line endings and the quote-everything style', async () => {
    const semi = t.write('semi.csv', '"id";"kind";"reason"\n"A123";"Gamma";"x;y"\n');
    const out = t.path('semi-out.csv');
    const r = await migrateFile(options(semi, out));
    expect(r).toMatchObject({ delimiter: ';', lineEnding: 'LF', quoting: 'all' });
    expect(readFileSync(out, 'utf8')).toBe('"id";"kind";"reason"\n"A123";"Gamma-ray";"x;y"\n');
  });

  it('a Windows-1252 file is written as UTF-8, and says so; a BOM is kept', async () => {
    const bytes = Buffer.concat([
      Buffer.from('id,kind,reason\nA123,Gamma,O'),
      Buffer.from([0x92]),
      Buffer.from('Neill\n'),
    ]);
    const cp = t.write('cp1252.csv', bytes);
    const out = t.path('cp1252-out.csv');
    const r = await migrateFile(options(cp, out));
    expect(r.encoding).toEqual({ input: 'windows-1252', output: 'utf-8' });
    expect(r.notices.join(' ')).toMatch(/read as windows-1252; .* written as UTF-8/);
    expect(readFileSync(out, 'utf8')).toBe('id,kind,reason\nA123,Gamma-ray,O\u2019Neill\n');

    const bom = t.write('bom.csv', '\uFEFFid,kind\nA1,Gamma\n');
    const bomOut = t.path('bom-out.csv');
    expect((await migrateFile(options(bom, bomOut))).encoding).toEqual({
      input: 'utf-8-bom',
      output: 'utf-8-bom',
    });
    expect(readFileSync(bomOut, 'utf8')).toBe('\uFEFFid,kind\nA1,Gamma-ray\n');
  });

  it('ragged rows are copied as they are, with a notice', async () => {
    const ragged = t.write('ragged.csv', 'id,kind\nA1,Gamma,extra\nA2\n');
    const out = t.path('ragged-out.csv');
    const r = await migrateFile(options(ragged, out));
    expect(readFileSync(out, 'utf8')).toBe('id,kind\nA1,Gamma-ray,extra\nA2\n');
    expect(r.notices.join(' ')).toMatch(/2 records have more or fewer cells/);
  });
});

describe('property: migrate changes mapped codes and nothing else', () => {
  const cell = fc
    .array(
      fc.oneof(
        fc.constantFrom('"', ',', ';', '\t', '|', '\n', '\r\n', '\r', ' ', 'é', '😀', '='),
        fc.string({ unit: 'grapheme', maxLength: 4 }),
      ),
      { maxLength: 6 },
    )
    .map((parts) => parts.join('').replaceAll('\u0000', ''));
  const kind = fc.oneof(fc.constantFrom('Alpha', 'Beta', 'Gamma', ''), cell);
  let n = 0;

  it('any rows, delimiter and line ending: unmapped cells come back identical, Gamma becomes Gamma-ray', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(cell, kind, cell), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(',', ';', '\t', '|'),
        fc.constantFrom('\n', '\r\n'),
        async (rows, delimiter, lineEnding) => {
          n++;
          const opts = { delimiter, lineEnding, quote: 'minimal' } as const;
          const input = t.write(`prop/in-${n}.csv`, csvText([['id', 'kind', 'reason'], ...rows], opts));
          const out = t.path(`prop/out-${n}.csv`);
          const r = await migrateFile(options(input, out, { delimiter }));
          const back = await readBack(out);
          expect(back.header).toEqual(['id', 'kind', 'reason']);
          expect(back.rows).toEqual(rows.map(([a, k, c]) => [a, k === 'Gamma' ? 'Gamma-ray' : k, c]));
          expect(r.lineEnding).toBe(lineEnding === '\r\n' ? 'CRLF' : 'LF');
          expect(r.changedValues).toBe(rows.filter(([, k]) => k === 'Gamma').length);
          const left = rows.filter(([, k]) => k !== '' && k !== 'Gamma' && k !== 'Alpha').length;
          expect(r.unmapped.reduce((s, u) => s + u.count, 0)).toBe(left);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('safety', () => {
  const input = t.write('safe.csv', 'id,kind\nA1,Gamma\n');

  it('never writes over the input, even with force', async () => {
    await expect(migrateFile(options(input, input, { force: true }))).rejects.toThrow(
      /Refusing to write over the input/,
    );
    await expect(
      migrateFile(options(input, path.join(path.dirname(input), '.', 'safe.csv'), { force: true })),
    ).rejects.toBeInstanceOf(CarecheckError);
  });

  it('refuses an existing output unless forced', async () => {
    const out = t.write('exists.csv', 'old');
    await expect(migrateFile(options(input, out))).rejects.toThrow(/already exists/);
    await migrateFile(options(input, out, { force: true }));
    expect(readFileSync(out, 'utf8')).toBe('id,kind\nA1,Gamma-ray\n');
  });

  it('writes nothing (not even a temporary file) when a record cannot be read', async () => {
    const dir = path.join(t.dir, 'broken');
    const bad = t.write('broken/bad.csv', 'id,kind\nA1,Gamma\nA2,"never closed\n');
    const out = path.join(dir, 'out.csv');
    await expect(migrateFile(options(bad, out))).rejects.toThrow(/never closed|no file was written/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(['bad.csv']);
  });

  it('a missing input or an unknown extension is a usage error', async () => {
    await expect(migrateFile(options(t.path('nope.csv'), t.path('x.csv')))).rejects.toThrow(/no such file/);
    const txt = t.write('data.txt', 'id\n');
    await expect(migrateFile(options(txt, t.path('x.csv')))).rejects.toThrow(/Cannot tell the format/);
  });
});

describe('JSON, JSON Lines and YAML', () => {
  it('JSON Lines: maps values, renames keys of renamed fields, keeps key order', async () => {
    const input = t.write('in.jsonl', '{"id":"A1","kind":"Gamma","notes":"n"}\n{"id":"A2","kind":"Beta"}\n');
    const out = t.path('out.jsonl');
    const r = await migrateFile(options(input, out));
    expect(readFileSync(out, 'utf8')).toBe(
      '{"id":"A1","kind":"Gamma-ray","comments":"n"}\n{"id":"A2","kind":"Beta"}\n',
    );
    expect(r.unmapped.map((u) => [u.field, u.records])).toEqual([['kind', [2]]]);
  });

  it('JSON array and YAML documents', async () => {
    const json = t.write('in.json', '[\r\n  {"id": "A1", "kind": "Gamma", "age": 30}\r\n]\r\n');
    const jsonOut = t.path('out.json');
    await migrateFile(options(json, jsonOut));
    expect(readFileSync(jsonOut, 'utf8')).toBe('[\r\n  {"id":"A1","kind":"Gamma-ray","age":30}\r\n]\r\n');
    expect(JSON.parse(readFileSync(jsonOut, 'utf8'))).toEqual([{ id: 'A1', kind: 'Gamma-ray', age: 30 }]);

    const yaml = t.write('in.yaml', 'id: A1\nkind: Gamma\n---\nid: A2\nkind: Alpha\n');
    const yamlOut = t.path('out.yaml');
    const r = await migrateFile(options(yaml, yamlOut));
    const docs = readFileSync(yamlOut, 'utf8')
      .split(/^---$/m)
      .map((d) => parseYaml(d));
    expect(docs).toEqual([
      { id: 'A1', kind: 'Gamma-ray' },
      { id: 'A2', kind: 'Alpha' },
    ]);
    expect(r.notices.join(' ')).toMatch(/not layout or comments/);
  });

  it('a JSON syntax error stops the migration', async () => {
    const bad = t.write('bad.jsonl', '{"id":"A1","kind":"Gamma"}\n{"id":\n');
    await expect(migrateFile(options(bad, t.path('bad-out.jsonl')))).rejects.toThrow(/no file was written/);
    expect(existsSync(t.path('bad-out.jsonl'))).toBe(false);
  });
});

describe('mappings along the predecessor chain', () => {
  it('composes old → middle → new; null stays null', () => {
    expect(
      composeMigrations({ f: { a: 'b', x: null, k: 'k2' } }, { f: { b: 'c', y: 'z' }, g: { p: 'q' } }),
    ).toEqual({ f: { a: 'c', x: null, k: 'k2', b: 'c', y: 'z' }, g: { p: 'q' } });
  });

  it('toy 1.0.0 → 1.2.0 steps through 1.1.0', () => {
    const to = loadVersion('toy@1.2.0', [fixtures], repoRoot);
    const route = migrationPath(v1.standard, to.standard, (v) => loadSibling(to, v));
    expect(route?.versions).toEqual(['1.0.0', '1.1.0', '1.2.0']);
    expect(route?.migrations).toEqual({ kind: { Gamma: 'Gamma-ray' } });
  });

  it('no path when the target does not descend from the source', () => {
    const newer = loadVersion('toy@2.0.1', [fixtures], repoRoot);
    const older = loadVersion('toy@1.1.0', [fixtures], repoRoot);
    expect(migrationPath(older.standard, newer.standard, (v) => loadSibling(newer, v))).toBeUndefined();
  });
});
