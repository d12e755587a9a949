/**
 * In-process CLI tests: run(argv, fakeIo) → exit code, stdout, stderr. Planted errors in every input
 * format, encodings and CSV dialects, exit codes, the JSON report shape, --output, privacy.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import type { Report } from '../../src/report/types.js';
import { byteStream, tempDir } from '../helpers/tmp.js';

const t = tempDir();

const schema = t.write(
  'person.schema.json',
  JSON.stringify({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    required: ['id', 'name', 'age'],
    properties: {
      id: { type: 'integer' },
      name: { type: 'string', minLength: 1 },
      age: { type: 'integer', minimum: 0, maximum: 120 },
      town: { type: 'string' },
    },
    additionalProperties: false,
  }),
);

async function cli(...argv: string[]) {
  const io = memoryIo({ now: () => new Date('2026-01-01T00:00:00Z') });
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
}

async function jsonReport(...argv: string[]) {
  const r = await cli(...argv, '--format', 'json');
  expect(r.err).toBe('');
  return { code: r.code, report: JSON.parse(r.out) as Report };
}

function located(report: Report) {
  return report.files.flatMap((f) => f.findings).map((f) => [f.rule, f.record, f.line, f.field]);
}

describe('validate: planted errors in each format', () => {
  it('CSV: right record, line and field', async () => {
    const file = t.write('people.csv', 'id,name,age,town\n1,Ann,34,Leeds\n2,Bob,x,York\n3,,200,Hull\n');
    const { code, report } = await jsonReport('validate', file, '--schema', schema);
    expect(code).toBe(1);
    expect(located(report)).toEqual([
      ['schema/type', 2, 3, 'age'],
      ['schema/maximum', 3, 4, 'age'],
      ['schema/required', 3, 4, 'name'],
    ]);
  });

  it('CSV with BOM, CRLF, ; delimiter and a quoted multi-line cell', async () => {
    const file = t.write(
      'semi.csv',
      '\uFEFFid;name;age;town\r\n1;"Ann\r\nSmith";34;Leeds\r\n2;Bob;-1;York\r\n',
    );
    const { code, report } = await jsonReport('validate', file, '--schema', schema);
    expect(code).toBe(1);
    expect(located(report)).toEqual([['schema/minimum', 2, 4, 'age']]);
    expect(report.files[0]?.encoding).toBe('utf-8-bom');
    expect(report.files[0]?.delimiter).toBe(';');
  });

  it('CSV in Windows-1252 is decoded and says so', async () => {
    const bytes = Buffer.concat([
      Buffer.from('id,name,age,town\n1,'),
      Buffer.from([0x4f, 0x92, 0x4e, 0x65, 0x69, 0x6c, 0x6c]),
      Buffer.from(',34,\xa3\n', 'latin1'),
    ]);
    const file = t.write('cp1252.csv', bytes);
    const { code, report } = await jsonReport('validate', file, '--schema', schema);
    expect(report.files[0]?.encoding).toBe('windows-1252');
    expect(code).toBe(0);
  });

  it('JSON array: each element is a record with its line', async () => {
    const file = t.write(
      'people.json',
      '[\n  {"id": 1, "name": "Ann", "age": 34},\n  {"id": 2, "name": "Bob", "age": "old"}\n]\n',
    );
    const { code, report } = await jsonReport('validate', file, '--schema', schema);
    expect(code).toBe(1);
    expect(located(report)).toEqual([['schema/type', 2, 3, 'age']]);
  });

  it('JSON Lines: a bad line is a finding and the rest is still checked', async () => {
    const file = t.write(
      'people.jsonl',
      '{"id":1,"name":"Ann","age":34}\n{"id":2,\n\n{"id":3,"name":"Cy","age":34,"extra":1}\n',
    );
    const { code, report } = await jsonReport('validate', file, '--schema', schema);
    expect(code).toBe(1);
    expect(located(report)).toEqual([
      ['parse/jsonl', 2, 2, null],
      ['schema/additionalProperties', 3, 4, 'extra'],
    ]);
  });

  it('YAML: each document is a record', async () => {
    const file = t.write('people.yaml', 'id: 1\nname: Ann\nage: 34\n---\nid: 2\nname: Bob\n');
    const { code, report } = await jsonReport('validate', file, '--schema', schema);
    expect(code).toBe(1);
    expect(located(report)).toEqual([['schema/required', 2, 5, 'age']]);
  });
});

describe('validate: bad input gets a clear answer', () => {
  it('an empty CSV is a finding, not a crash', async () => {
    const file = t.write('empty.csv', '');
    const r = await cli('validate', file, '--schema', schema);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/csv\/no-header/);
    expect(r.err).toBe('');
  });

  it('a duplicate header is a finding', async () => {
    const file = t.write('dup.csv', 'id,name,age,name\n1,Ann,34,Ann\n');
    const { code, report } = await jsonReport('validate', file, '--schema', schema);
    expect(code).toBe(1);
    expect(located(report)).toContainEqual(['csv/duplicate-header', null, 1, 'name']);
  });

  it('random bytes give findings, not a stack trace', async () => {
    const file = t.write('junk.csv', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02, 0x80, 0x81, 0x0a, 0x00]));
    const r = await cli('validate', file, '--schema', schema);
    expect([1, 0]).toContain(r.code);
    expect(r.err).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it.each([
    [['validate', 'nope.csv', '--schema', 'x.json'], /Cannot read .*x.json|Cannot read nope.csv/],
    [['validate', '--schema', 'x.json'], /No input files/],
    [['validate', 'a.csv'], /No standard given/],
    [['validate', 'a.csv', '--standard', 'no-such-standard'], /Unknown standard 'no-such-standard'/],
    [['validate', 'a.csv', '--bogus'], /unknown option '--bogus'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['validate', 'a.csv', '--format', 'pdf', '--schema', 'x'], /Unknown format 'pdf'/],
    [['validate', 'a.csv', '--max-findings', 'lots', '--schema', 'x'], /whole number/],
  ])('%j → exit 2 with a one-line message', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.split('\n').filter((l) => l.trim()).length).toBeLessThanOrEqual(3);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('a missing input file is exit 2', async () => {
    const r = await cli('validate', t.path('missing.csv'), '--schema', schema);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Cannot read .*missing.csv: no such file/);
  });

  it('a schema that does not compile is exit 2', async () => {
    const bad = t.write(
      'bad.schema.json',
      JSON.stringify({ type: 'object', properties: { a: { type: 'strang' } } }),
    );
    const file = t.write('one.csv', 'a\n1\n');
    const r = await cli('validate', file, '--schema', bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/does not compile/);
  });

  it('an unknown format in a schema is exit 2', async () => {
    const bad = t.write(
      'fmt.schema.json',
      JSON.stringify({ type: 'object', properties: { a: { type: 'string', format: 'nhs-numbr' } } }),
    );
    const file = t.write('two.csv', 'a\n1\n');
    const r = await cli('validate', file, '--schema', bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown format 'nhs-numbr'/);
  });

  it('help and version exit 0', async () => {
    expect((await cli('--help')).code).toBe(0);
    expect((await cli('--version')).out.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect((await cli('validate', '--help')).out).toMatch(/--max-findings/);
  });
});

describe('validate: report shape and options', () => {
  it('the JSON report has the documented shape', async () => {
    const file = t.write('shape.csv', 'id,name,age\n1,Ann,34\n2,Bob,x\n');
    const { report } = await jsonReport('validate', file, '--schema', schema);
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining([
        'reportVersion',
        'tool',
        'generatedAt',
        'standard',
        'schema',
        'valid',
        'summary',
        'files',
      ]),
    );
    expect(report.tool.name).toBe('carecheck');
    expect(report.generatedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(report.summary).toMatchObject({ files: 1, records: 2, errors: 1, warnings: 0 });
    expect(report.summary.byRule['schema/type']?.count).toBe(1);
    const f = report.files[0]!;
    expect(f).toMatchObject({
      path: file,
      format: 'csv',
      records: 2,
      valid: false,
      errors: 1,
      warnings: 0,
      truncated: false,
    });
    expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(f.findings[0]!).sort()).toEqual([
      'field',
      'file',
      'line',
      'message',
      'pointer',
      'record',
      'rule',
      'severity',
    ]);
  });

  it('--max-findings caps the list but keeps counts exact', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `${i},N,x`).join('\n');
    const file = t.write('many.csv', `id,name,age\n${rows}\n`);
    const { report } = await jsonReport('validate', file, '--schema', schema, '--max-findings', '5');
    expect(report.files[0]?.findings).toHaveLength(5);
    expect(report.files[0]?.errors).toBe(50);
    expect(report.files[0]?.truncated).toBe(true);
    const all = await jsonReport('validate', file, '--schema', schema, '--max-findings', '0');
    expect(all.report.files[0]?.findings.filter((f) => f.severity === 'error')).toHaveLength(50);
  });

  it('--output writes the report to a file', async () => {
    const file = t.write('out.csv', 'id,name,age\n1,Ann,34\n');
    const out = t.path('reports/out.json');
    const r = await cli('validate', file, '--schema', schema, '--format', 'json', '--output', out);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect((JSON.parse(readFileSync(out, 'utf8')) as Report).valid).toBe(true);
  });

  it('refuses to write a report over an input', async () => {
    const file = t.write('self.csv', 'id,name,age\n1,Ann,34\n');
    const r = await cli('validate', file, '--schema', schema, '--output', file);
    expect(r.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('id,name,age\n1,Ann,34\n');
  });

  it('no value from the data appears in text or JSON without --show-values', async () => {
    const file = t.write('secret.csv', 'id,name,age,town\n1,Zebedee Quux,not-a-number,Xyzzyville\n2,,7,\n');
    for (const format of ['text', 'json']) {
      const r = await cli('validate', file, '--schema', schema, '--format', format);
      expect(r.code).toBe(1);
      expect(r.out).not.toMatch(/Zebedee|Quux|not-a-number|Xyzzyville/);
    }
    // A bare schema classifies nothing: --show-values masks unclassified fields, =all shows them.
    const masked = await cli('validate', file, '--schema', schema, '--format', 'json', '--show-values');
    expect(masked.out).not.toContain('not-a-number');
    expect(masked.out).toContain('not*******er');
    const all = await cli('validate', file, '--schema', schema, '--format', 'json', '--show-values=all');
    expect(all.out).toContain('not-a-number');
  });

  it('text output has no colour unless asked, and honours NO_COLOR', async () => {
    const file = t.write('col.csv', 'id,name,age\n1,Ann,x\n');
    expect((await cli('validate', file, '--schema', schema)).out).not.toContain('\u001b[');
    expect((await cli('validate', file, '--schema', schema, '--color')).out).toContain('\u001b[');
    const io = memoryIo({ stdoutIsTTY: true, env: { NO_COLOR: '1' } });
    await run(['validate', file, '--schema', schema], io);
    expect(io.out).not.toContain('\u001b[');
  });

  it('reads standard input with --input-format', async () => {
    const io = memoryIo({ stdin: byteStream('id,name,age\n1,Ann,34\n') });
    const code = await run(['validate', '-', '--schema', schema, '--input-format', 'csv'], io);
    expect(io.err).toBe('');
    expect(code).toBe(0);
    expect(io.out).toContain('<stdin>');
  });

  it('--fail-on warning and --max-warnings gate on warnings', async () => {
    const loose = t.write(
      'loose.schema.json',
      JSON.stringify({
        type: 'object',
        properties: { a: { type: 'string', maxLength: 1, severity: 'warning' } },
      }),
    );
    const file = t.write('warn.csv', 'a\nxx\n');
    expect((await cli('validate', file, '--schema', loose)).code).toBe(0);
    expect((await cli('validate', file, '--schema', loose, '--fail-on', 'warning')).code).toBe(1);
    expect((await cli('validate', file, '--schema', loose, '--max-warnings', '0')).code).toBe(1);
  });
});
