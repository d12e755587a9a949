/**
 * `carecheck infer`: the heuristics (types, formats, code lists, required, sensitivity), bounded
 * memory, privacy (no sample value in the output), and the round trip: the draft lints clean, its
 * generated fixtures pass, and validation accepts the sample.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  analyseSample,
  ENUM_MAX_DISTINCT,
  enumRule,
  guessSensitivity,
  identifierLike,
  idFromFile,
  inferStandard,
  nameTokens,
} from '../../../src/authoring/infer.js';
import { lintVersionDir } from '../../../src/authoring/lint.js';
import { resolveTargets } from '../../../src/authoring/targets.js';
import { runSuite } from '../../../src/authoring/test-runner.js';
import { validate } from '../../../src/engine/validate.js';
import { CarecheckError } from '../../../src/errors.js';
import { repoRoot, tempDir } from '../../helpers/tmp.js';

const t = tempDir('carecheck-infer-');
const today = '2026-11-23';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Infer, then check the three promises: lint clean, own fixtures pass, the sample validates. */
async function roundTrip(file: string, id: string) {
  const out = t.path(`out-${id}`);
  const r = await inferStandard({ file, output: out, id, today });
  expect(lintVersionDir(r.versionDir).findings).toEqual([]);
  const suite = await runSuite(resolveTargets([r.versionDir])[0]!);
  expect(suite.error).toBeUndefined();
  expect(
    suite.cases.map((c) => ({
      name: `${c.kind}/${c.name}`,
      passed: c.passed,
      missing: c.missing,
      unexpected: c.unexpected,
    })),
  ).toEqual(
    suite.cases.map((c) => ({ name: `${c.kind}/${c.name}`, passed: true, missing: [], unexpected: [] })),
  );
  const report = await validate({
    inputs: [{ path: file }],
    standard: `${id}@0.1.0`,
    standardsDirs: [out],
    maxFindings: 0,
  });
  expect(report.files.flatMap((f) => f.findings).map((f) => `${f.rule} ${f.record} ${f.field}`)).toEqual([]);
  return r;
}

describe('names', () => {
  it.each([
    ['NHS Number', ['nhs', 'number']],
    ['dateOfBirth', ['date', 'of', 'birth']],
    ['Adult 1 Linked Person_ID', ['adult', '1', 'linked', 'person', 'id']],
    ['UNIQUEWORKERID', ['uniqueworkerid']],
  ])('%s → %j', (name, tokens) => {
    expect(nameTokens(name)).toEqual(tokens);
  });

  it.each([
    ['NHS Number', undefined, 'direct-identifier'],
    ['First Name', undefined, 'direct-identifier'],
    ['Home Address Line 1', undefined, 'direct-identifier'],
    ['Mobile', undefined, 'direct-identifier'],
    ['e-mail', undefined, 'direct-identifier'],
    ['NI', undefined, 'direct-identifier'],
    ['NINUMBER', undefined, 'direct-identifier'],
    ['LA Person Unique Identifier', undefined, 'direct-identifier'],
    ['UNIQUEWORKERID', undefined, 'direct-identifier'],
    ['Contact', 'email', 'direct-identifier'],
    ['Ref', 'nhs-number', 'direct-identifier'],
    ['Ethnicity', undefined, 'special-category'],
    ['Religion', undefined, 'special-category'],
    ['DISABLED', undefined, 'special-category'],
    ['sexualOrientation', undefined, 'special-category'],
    ['Mental Health Act status', undefined, 'special-category'],
    ['Dementia', undefined, 'special-category'],
    ['Visual Impairment', undefined, 'special-category'],
    ['Date of Birth', undefined, 'quasi-identifier'],
    ['DOB', undefined, 'quasi-identifier'],
    ['Postcode', undefined, 'quasi-identifier'],
    ['Where', 'uk-postcode', 'quasi-identifier'],
    ['Gender', undefined, 'quasi-identifier'],
    ['Unit Cost', undefined, 'none'],
    ['Minimum hours', undefined, 'none'],
    ['Client Type', undefined, 'none'],
  ])('%s (%s) → %s', (name, format, sensitivity) => {
    expect(guessSensitivity(name, format).sensitivity).toBe(sensitivity);
  });

  it.each([
    ['Event Reference', true],
    ['LOCALESTID', true],
    ['GP Practice Code', true],
    ['Case No', true],
    ['Event Type', false],
    ['Status', false],
  ])('%s identifier-like: %s', (name, yes) => {
    expect(identifierLike(name)).toBe(yes);
  });

  it('default ids come from the file name', () => {
    expect(idFromFile('/x/CLD R2 sample (Q3).csv')).toBe('cld-r2-sample-q3');
    expect(idFromFile('___.csv')).toBe('inferred-standard');
  });
});

describe('the code-list rule', () => {
  const base = {
    name: 'Event Type',
    types: ['string' as const],
    sensitivity: 'none' as const,
    freeText: false,
    nonEmpty: 10,
  };
  const set = (...v: string[]) => new Set(v);
  it.each([
    [{}, set('A', 'B'), 'ok'],
    [{ format: 'uk-date' }, set('A', 'B'), 'has a format'],
    [{ sensitivity: 'quasi-identifier' as const }, set('A', 'B'), 'guessed quasi-identifier'],
    [{ name: 'Event Reference' }, set('A', 'B'), 'identifier'],
    [{ freeText: true }, set('A', 'B'), 'free text'],
    [{}, null, `more than ${ENUM_MAX_DISTINCT}`],
    [{}, set('A'), 'fewer than 2'],
    [{ nonEmpty: 5 }, set('A', 'B', 'C'), 'rarely repeat'],
    [{}, set('Yes', 'yes '), 'case or surrounding spaces'],
    [{ types: ['integer' as const] }, set('1', '2'), 'not text'],
  ])('%j with %j → %s', (over, distinct, expected) => {
    const r = enumRule({ ...base, ...over }, distinct);
    if (expected === 'ok') expect(r).toEqual({ ok: true });
    else expect(r.ok ? 'ok' : r.because).toMatch(new RegExp(expected.replace(/[()]/g, '\\$&')));
  });
});

describe('reading a sample', () => {
  it('CSV: types, formats, code lists, required, sensitivity', async () => {
    const rows = Array.from({ length: 12 }, (_, i) =>
      [
        i + 1, // Count: integer
        `${i}.5`, // Cost: number
        i % 2 ? 'true' : 'false', // Active: boolean
        i % 3 ? 'Open' : 'Closed', // Status: code list
        '2026-0' + ((i % 9) + 1) + '-01', // Start: ISO date
        i % 4 ? '' : '01/02/1950', // Date of Birth: uk-date, optional
        'E0600000' + (i % 10), // Area: ONS code
        `Note number ${i}`, // Notes: text, every value different
        i % 2 ? 'Yes' : 'yes', // Flag: case variants: no code list
        '007', // Code: leading zeros stay text
      ].join(','),
    );
    const file = t.write(
      'types.csv',
      `Count,Cost,Active,Status,Start,Date of Birth,Area,Notes,Flag,Code\n${rows.join('\n')}\n`,
    );
    const s = await analyseSample(file);
    expect(s).toMatchObject({ kind: 'tabular', format: 'csv', records: 12, stoppedEarly: false });
    const by = Object.fromEntries(s.fields.map((f) => [f.name, f]));
    expect(by['Count']).toMatchObject({ types: ['integer'], required: true, sensitivity: 'none' });
    expect(by['Cost']?.types).toEqual(['number']);
    expect(by['Active']?.types).toEqual(['boolean']);
    expect(by['Status']).toMatchObject({ types: ['string'], enum: ['Closed', 'Open'] });
    expect(by['Start']).toMatchObject({ types: ['string'], format: 'date' });
    expect(by['Date of Birth']).toMatchObject({
      format: 'uk-date',
      required: false,
      sensitivity: 'quasi-identifier',
    });
    expect(by['Area']?.format).toBe('ons-area-code');
    expect(by['Notes']?.enum).toBeUndefined();
    expect(by['Flag']).toMatchObject({
      noEnumBecause: 'some values differ only in case or surrounding spaces',
    });
    expect(by['Code']).toMatchObject({ types: ['string'] });
  });

  it('--sample-rows stops early; duplicate and empty headers are left out; reader problems are counted', async () => {
    const file = t.write('rows.csv', 'A,B,A,\n1,2,3,4\n5,6,7,8\n9,10\n11,12,13,14\n');
    const s = await analyseSample(file, { sampleRows: 3 });
    expect(s.records).toBe(3);
    expect(s.stoppedEarly).toBe(true);
    expect(s.fields.map((f) => f.name)).toEqual(['A', 'B']);
    expect(s.skippedColumns).toEqual(['A', '(empty header)']);
    expect(Object.keys(s.readerFindings)).toEqual(expect.arrayContaining(['csv/duplicate-header']));
  });

  it('memory is bounded: a high-cardinality column keeps no more than the cap of distinct values', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `R${i},${i % 3 ? 'a' : 'b'}`);
    const file = t.write('wide.csv', `Ref,Kind\n${rows.join('\n')}\n`);
    const s = await analyseSample(file);
    expect(s.fields.map((f) => [f.name, f.distinct])).toEqual([
      ['Ref', null],
      ['Kind', 2],
    ]);
  });

  it('JSON documents: JSON types, null, keys missing from some records, non-object records skipped', async () => {
    const file = t.write(
      'docs.json',
      JSON.stringify([
        { id: 1, score: 1.5, tags: ['a'], meta: {}, status: 'open', note: null },
        { id: 2, score: 2, tags: [], status: 'closed', note: 'x' },
        { id: 3, score: 3, tags: [], status: 'open', note: null, extra: true },
        { id: 4, score: 4, tags: [], status: 'open', note: null },
        42,
      ]),
    );
    const s = await analyseSample(file);
    expect(s).toMatchObject({ kind: 'document', records: 4, skippedRecords: 1 });
    const by = Object.fromEntries(s.fields.map((f) => [f.name, f]));
    expect(by['id']).toMatchObject({ types: ['integer'], required: true });
    expect(by['score']?.types).toEqual(['number']);
    expect(by['tags']?.types).toEqual(['array']);
    expect(by['meta']).toMatchObject({ types: ['object'], required: false });
    expect(by['status']).toMatchObject({ types: ['string'], enum: ['closed', 'open'] });
    expect(by['note']).toMatchObject({ types: ['string', 'null'], required: true });
    expect(by['extra']).toMatchObject({ types: ['boolean'], required: false });
  });

  it('usage and IO problems are exit-2 errors', async () => {
    await expect(analyseSample(t.path('missing.csv'))).rejects.toThrow(/Cannot read .*no such file/);
    await expect(analyseSample(t.write('x.txt', 'a'))).rejects.toThrow(/Cannot tell the format/);
    await expect(analyseSample(t.write('nums.json', '[1, 2]'))).rejects.toThrow(/not objects/);
  });
});

describe('privacy: no value of the sample in the draft', () => {
  it('names, NHS Numbers, postcodes, dates and free text never appear in any written file', async () => {
    const people = [
      [
        '9434765919',
        'Zebedee',
        'Quuxington',
        'LS1 4AP',
        '12/03/1941',
        'Lives with daughter Xanthe',
        'Male',
        'Open',
      ],
      [
        '4010232137',
        'Ottoline',
        'Vexwhistle',
        'YO1 7HH',
        '30/11/1938',
        'Key safe code 4471',
        'Female',
        'Open',
      ],
      [
        '9434765870',
        'Barnaby',
        'Frobisher-Quill',
        'HU1 1AA',
        '01/01/1950',
        'Prefers mornings',
        'Male',
        'Closed',
      ],
      [
        '4010232137',
        'Zebedee',
        'Quuxington',
        'LS1 4AP',
        '12/03/1941',
        'Lives with daughter Xanthe',
        'Male',
        'Open',
      ],
    ];
    const file = t.write(
      'people.csv',
      `NHS Number,First Name,Surname,Postcode,Date of Birth,Notes,Gender,Status\n${people.map((p) => p.join(',')).join('\n')}\n`,
    );
    const r = await inferStandard({ file, output: t.path('private'), id: 'private', today });
    const written = [...filesUnder(r.versionDir), r.changelog!]
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const secrets = new Set(people.flatMap((p) => p.slice(0, 7)));
    for (const secret of secrets) expect(written, secret).not.toContain(secret);
    // The non-personal code list is kept.
    const schema = JSON.parse(readFileSync(path.join(r.versionDir, 'schema.json'), 'utf8')) as {
      properties: Record<string, { enum?: string[]; sensitivity: string; description: string }>;
    };
    expect(schema.properties['Status']?.enum).toEqual(['Closed', 'Open']);
    expect(schema.properties['Gender']).toMatchObject({ sensitivity: 'quasi-identifier' });
    expect(schema.properties['Gender']?.enum).toBeUndefined();
    for (const p of Object.values(schema.properties)) expect(p.description).toMatch(/\(inferred: review\)$/);
  });
});

describe('round trip: lint clean, fixtures pass, the sample validates', () => {
  it('acceptance: the CLD Release 2 sample', async () => {
    const r = await roundTrip(
      path.join(repoRoot, 'fixtures/samples/asc-cld/cld-r2-sample.csv'),
      'cld-inferred',
    );
    expect(r.summary.records).toBe(40);
    expect(r.summary.fields).toHaveLength(50);
    const manifest = readFileSync(path.join(r.versionDir, 'standard.yaml'), 'utf8');
    expect(manifest).toMatch(/^status: draft$/m);
    expect(readFileSync(path.join(r.versionDir, 'README.md'), 'utf8')).toMatch(/from \*\*40 records\*\*/);
  });

  it('JSON Lines and YAML samples', async () => {
    await roundTrip(path.join(repoRoot, 'fixtures/samples/dscr-mods/persons.jsonl'), 'mods-jsonl');
    await roundTrip(path.join(repoRoot, 'fixtures/samples/dscr-mods/persons.yaml'), 'mods-yaml');
  });

  it.each([
    [
      'no required field, a code list',
      'Status,Note\nOpen,\nClosed,x\n,y\nOpen,\nOpen,\n',
      'not-a-listed-code',
    ],
    ['no required field or code list, a format', 'When,Note\n01/02/2026,\n,x\n', 'bad-format'],
    ['a number column only', 'Hours,Note\n1,\n,x\n', 'not-a-number'],
    ['one required free-text column', 'Note\nfree text one\n', 'unexpected-column'],
    ['free text only', 'Note,Other\nfree text one,\n,more text\n', 'unexpected-column'],
  ])('the generated invalid case fits the schema: %s', async (what, csv, invalidCase) => {
    const id = nameTokens(what).join('-');
    const r = await roundTrip(t.write(`${id}.csv`, csv), id);
    expect(readdirSync(path.join(r.versionDir, 'fixtures/invalid')).sort()).toEqual([
      `${invalidCase}.csv`,
      `${invalidCase}.expected.json`,
    ]);
  });

  it('a JSON sample with nothing required gets an unexpected-field case', async () => {
    const r = await roundTrip(t.write('loose.json', '[{"a": "x"}, {"b": "y"}, {}]'), 'loose');
    expect(readdirSync(path.join(r.versionDir, 'fixtures/invalid')).sort()).toEqual([
      'unexpected-field.expected.json',
      'unexpected-field.json',
    ]);
  });
});

describe('writing', () => {
  it('refuses an existing version folder and a bad id, before reading anything', async () => {
    const file = t.write('again.csv', 'A\n1\n');
    await inferStandard({ file, output: t.path('again'), id: 'again', today });
    await expect(inferStandard({ file, output: t.path('again'), id: 'again', today })).rejects.toThrow(
      /already exists/,
    );
    await expect(
      inferStandard({ file, output: t.path('again'), id: 'Not OK', today }),
    ).rejects.toBeInstanceOf(CarecheckError);
    await expect(
      inferStandard({ file: t.write('empty.csv', 'A,B\n'), output: t.path('e'), today }),
    ).rejects.toThrow(/no records/);
  });
});
