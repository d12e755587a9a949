/**
 * Issue-level acceptance for the bundled standards, as an analyst would run them:
 * a realistic synthetic Release 2 export passes with zero errors and warnings; the planted errors of
 * the errors sample are each found at the right record and field; a Release 1 file under Release 2
 * fails on the changed code values with "Release 1 value" messages; an ASC-WDS staff row pointing at
 * a missing workplace gets a cross-file finding.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM JavaScript generator without type declarations
import { cldRows } from '../../scripts/gen-cld.js';
import { validate } from '../../src/engine/validate.js';
import { repoRoot, tempDir } from '../helpers/tmp.js';

const today = new Date('2026-11-23T00:00:00Z');
const samples = path.join(repoRoot, 'fixtures', 'samples');
const t = tempDir();

describe('asc-cld acceptance', () => {
  it('a 3,000-row synthetic Release 2 export passes asc-cld@2 with zero errors and warnings', async () => {
    const file = t.path('cld-3000.csv');
    writeFileSync(file, `${[...(cldRows({ rows: 3000, seed: 11, release: 2 }) as Iterable<string>)].join('\n')}\n`);
    const report = await validate({ inputs: [{ path: file }], standard: 'asc-cld@2', today });
    expect(report.summary).toMatchObject({ records: 3000, errors: 0, warnings: 0 });
    expect(report.standard?.version).toBe('2.0.0');
  });

  it('finds each planted error of the errors sample at its record and field', async () => {
    const report = await validate({ inputs: [{ path: path.join(samples, 'asc-cld', 'cld-r2-errors.csv') }], standard: 'asc-cld@2', today });
    const got = report.files[0]!.findings.map((f) => [f.record, f.line, f.field, f.rule, f.severity]);
    expect(got).toEqual([
      [3, 4, 'NHS Number', 'schema/format', 'error'],
      [9, 10, 'Event Start Date', 'schema/format', 'error'],
      [11, 12, 'Ethnicity', 'schema/enum', 'error'],
      [15, 16, 'Service Type', 'schema/required', 'error'],
      [23, 24, 'Postcode', 'schema/format', 'error'],
      [27, 28, 'GP Practice Name', 'value/literal-null', 'error'],
      [31, 32, 'Event Outcome', 'schema/enum', 'error'],
      [33, 34, 'LA Code', 'schema/pattern', 'error'],
      [36, 37, 'Event Description', 'value/formula', 'error'],
      [38, 39, 'First Name', 'value/whitespace', 'warning'],
      [39, 40, 'Event End Date', 'record/compare', 'error'],
    ]);
  });

  it('a Release 1 file fails Release 2 on changed code values, saying they are Release 1 values', async () => {
    const file = path.join(samples, 'asc-cld', 'cld-r1-sample.csv');
    const r1 = await validate({ inputs: [{ path: file }], standard: 'asc-cld@1.0.0', today });
    expect(r1.summary.errors).toBe(0);
    expect(r1.notices.join(' ')).toMatch(/deprecated/);
    const r2 = await validate({ inputs: [{ path: file }], standard: 'asc-cld@2', today, maxFindings: 0 });
    expect(r2.summary.errors).toBeGreaterThan(0);
    const enums = r2.files[0]!.findings.filter((f) => f.rule === 'schema/enum');
    expect(enums.length).toBeGreaterThan(0);
    expect(enums.filter((f) => /Release 1 value/.test(f.message)).length).toBeGreaterThan(enums.length / 2);
  });
});

describe('asc-wds acceptance', () => {
  it('a staff row pointing at a missing workplace gets a cross-file finding naming both files', async () => {
    const dir = path.join(samples, 'asc-wds');
    const report = await validate({
      inputs: [{ path: path.join(dir, 'workplace.csv') }, { path: path.join(dir, 'staff-missing-workplace.csv') }],
      standard: 'asc-wds',
      today,
    });
    const fk = report.files.flatMap((f) => f.findings).filter((f) => f.rule === 'key/foreign');
    expect(fk.length).toBeGreaterThan(0);
    expect(fk[0]).toMatchObject({ field: 'LOCALESTID', severity: 'error' });
    expect(fk[0]!.file).toMatch(/staff-missing-workplace\.csv$/);
    expect(fk[0]!.related?.file).toMatch(/workplace\.csv$/);
    expect(report.valid).toBe(false);
  });

  it('the consistent sample dataset passes', async () => {
    const dir = path.join(samples, 'asc-wds');
    const report = await validate({
      inputs: ['workplace.csv', 'staff.csv', 'training.csv'].map((f) => ({ path: path.join(dir, f) })),
      standard: 'asc-wds',
      today,
    });
    expect(report.summary.errors).toBe(0);
    expect(report.files.map((f) => f.table).sort()).toEqual(['staff', 'training', 'workplace']);
  });
});
