/**
 * In-process CLI tests for the standards-author toolkit, part 2: `diff`, `migrate`, `docs`, with the
 * acceptance points of the issue: Release 1 → Release 2 is classified breaking and consistent with
 * the major bump; a Release 1 sample shows how many records Release 2 rejects; migrating it leaves
 * only findings on the values it reported as unmapped.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM JavaScript generator without type declarations
import { cldRows } from '../../scripts/gen-cld.js';
import type { MigrateResult } from '../../src/authoring/migrate.js';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import type { Report } from '../../src/report/types.js';
import { repoRoot, tempDir } from '../helpers/tmp.js';

const t = tempDir();
const fixtures = path.join(repoRoot, 'fixtures', 'authoring-diff');
const r1Sample = path.join(repoRoot, 'fixtures', 'samples', 'asc-cld', 'cld-r1-sample.csv');

async function cli(...argv: string[]) {
  const io = memoryIo({ cwd: repoRoot, now: () => new Date('2026-01-01T00:00:00Z') });
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('carecheck diff', () => {
  it('asc-cld 1.0.0 → 2.0.0: the changed code lists are breaking, and the major bump is consistent (exit 0)', async () => {
    const r = await cli('diff', 'asc-cld@1.0.0', 'asc-cld@2.0.0');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'Version check: 1.0.0 → 2.0.0 is a major release; the changes need a major release: consistent',
    );
    expect(r.out).toMatch(/Breaking changes \(\d+\)\n {2}Ethnicity\n {4}✖ Code 'White - English/);
    for (const field of ['Client Type', 'Event Outcome', 'Service Type', 'Primary Support Reason']) {
      expect(r.out).toContain(`\n  ${field}\n    ✖ `);
    }
  });

  it('JSON: documented shape, code renames breaking, semver consistent', async () => {
    const r = await cli('diff', 'asc-cld@1.0.0', 'asc-cld@2.0.0', '--format', 'json');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.out);
    expect(d.diffVersion).toBe('1');
    expect(d.from).toMatchObject({ id: 'asc-cld', version: '1.0.0', status: 'deprecated' });
    expect(d.semver).toEqual({ actual: 'major', required: 'major', consistent: true, findings: [] });
    const rename = d.changes.find((c: { fromCode?: string }) => c.fromCode === 'Carer');
    expect(rename).toMatchObject({
      kind: 'code.renamed',
      field: 'Client Type',
      code: 'Unpaid carer',
      breaking: true,
      bump: 'major',
    });
    expect(d.summary.breaking).toBeGreaterThan(100);
  });

  it('--data: previews how many Release 1 records Release 2 would reject (all 40)', async () => {
    const r = await cli(
      'diff',
      'asc-cld@1.0.0',
      'asc-cld@2.0.0',
      '--data',
      r1Sample,
      '--today',
      '2026-01-01',
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    const d = JSON.parse(r.out);
    expect(d.impact.totals).toEqual({
      records: 40,
      passFrom: 40,
      passTo: 0,
      newlyFailing: 40,
      failingBoth: 0,
      fixed: 0,
      unattributed: 0,
    });
    expect(d.impact.files[0].path).toBe(r1Sample);
    const serviceUser = d.changes.find((c: { fromCode?: string }) => c.fromCode === 'Service User');
    expect(serviceUser.records).toBe(33);
    const text = await cli(
      'diff',
      'asc-cld@1.0.0',
      'asc-cld@2.0.0',
      '--data',
      r1Sample,
      '--today',
      '2026-01-01',
    );
    expect(text.out).toContain('40 pass 1.0.0 but fail 2.0.0; 0 fail both; 0 fail 1.0.0 only');
    expect(text.out).toContain("✖ Code 'Service User' is now 'Service user' — 33 records would newly fail");
  });

  it('--data on a generated 2,000-row Release 1 file', async () => {
    const file = t.path('r1-2000.csv');
    writeFileSync(
      file,
      `${[...(cldRows({ rows: 2000, seed: 3, release: 1 }) as Iterable<string>)].join('\n')}\n`,
    );
    const r = await cli(
      'diff',
      'asc-cld@1.0.0',
      'asc-cld@2.0.0',
      '--data',
      file,
      '--today',
      '2026-01-01',
      '--format',
      'json',
    );
    const d = JSON.parse(r.out);
    expect(d.impact.totals).toMatchObject({
      records: 2000,
      passFrom: 2000,
      newlyFailing: 2000,
      unattributed: 0,
    });
  });

  it('--data with a dataset: a new foreign key rejects the visit that names no person', async () => {
    const person = t.write('person.csv', 'pid,name\nP1,Ann\n');
    const visit = t.write('visit.csv', 'vid,pid\nV1,P1\nV2,P9\n');
    const r = await cli(
      'diff',
      'toyset@1.0.0',
      'toyset@2.0.0',
      '--standards-dir',
      fixtures,
      '--data',
      person,
      visit,
      '--table',
      `person=${person}`,
      '--table',
      `visit=${visit}`,
      '--format',
      'json',
    );
    expect(r.err).toBe('');
    const d = JSON.parse(r.out);
    expect(d.impact.totals).toMatchObject({ records: 3, newlyFailing: 1, unattributed: 0 });
    expect(d.changes.find((c: { kind: string }) => c.kind === 'key.added').records).toBe(1);
  });

  it('a breaking change in a minor version fails the check (exit 1)', async () => {
    const r = await cli('diff', 'toy@1.1.0', 'toy@1.2.0', '--standards-dir', fixtures);
    expect(r.code).toBe(1);
    expect(r.out).toContain('✖ semver/breaking-in-minor: Breaking change in a minor version');
    const md = await cli(
      'diff',
      'toy@1.1.0',
      'toy@1.2.0',
      '--standards-dir',
      fixtures,
      '--format',
      'markdown',
    );
    expect(md.code).toBe(1);
    expect(md.out).toContain('> **Error** (semver/breaking-in-minor)');
  });

  it('takes version folders, and writes --output atomically', async () => {
    const out = t.path('notes.md');
    const r = await cli(
      'diff',
      path.join(fixtures, 'toy', '1.0.0'),
      path.join(fixtures, 'toy', '1.1.0'),
      '--format',
      'markdown',
      '--output',
      out,
    );
    expect(r).toMatchObject({ code: 0, out: '', err: '' });
    expect(readFileSync(out, 'utf8')).toMatch(/^# toy 1\.1\.0: changes since 1\.0\.0/);
  });

  it('usage problems exit 2', async () => {
    expect((await cli('diff', 'nope@1', 'asc-cld@2')).code).toBe(2);
    expect((await cli('diff', 'asc-cld@1.0.0')).code).toBe(2);
    expect((await cli('diff', 'asc-cld@1.0.0', 'asc-cld@2.0.0', '--format', 'xml')).code).toBe(2);
    const missing = await cli('diff', 'asc-cld@1.0.0', 'asc-cld@2.0.0', '--data', t.path('none.csv'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no such file/);
    const folder = await cli('diff', './fixtures', 'asc-cld@2');
    expect(folder.code).toBe(2);
    expect(folder.err).toMatch(/not a standard version folder/);
  });
});

describe('carecheck migrate', () => {
  it('Release 1 sample → Release 2: every remaining finding is on a record and field the migration listed as unmapped', async () => {
    const out = t.path('cld-r2.csv');
    const r = await cli(
      'migrate',
      r1Sample,
      '--from',
      'asc-cld@1.0.0',
      '--to',
      'asc-cld@2.0.0',
      '--output',
      out,
      '--today',
      '2026-01-01',
      '--format',
      'json',
    );
    const { migration, validation } = JSON.parse(r.out) as { migration: MigrateResult; validation: Report };
    expect(migration).toMatchObject({ records: 40, changedRecords: 40, format: 'csv', lineEnding: 'LF' });
    expect(migration.unmapped.map((u) => [u.field, u.count])).toEqual([['Event Outcome', 12]]);
    const listed = new Set(migration.unmapped.flatMap((u) => u.records.map((rec) => `${u.field}#${rec}`)));
    const findings = validation.files.flatMap((f) => f.findings);
    expect(findings.length).toBe(12);
    for (const f of findings) expect(listed.has(`${f.field}#${f.record}`)).toBe(true);
    // Exit code as validate's: the 12 unmapped values still fail.
    expect(r.code).toBe(1);
    // The input is untouched; the values are not in the migration report.
    expect(readFileSync(r1Sample, 'utf8')).toContain('Service User');
    expect(JSON.stringify(migration)).not.toContain('Provision of service');
  });

  it('text output: the migration summary, then the validation report', async () => {
    const out = t.path('cld-r2-text.csv');
    const r = await cli(
      'migrate',
      r1Sample,
      '--to',
      'asc-cld@2',
      '--output',
      out,
      '--today',
      '2026-01-01',
      '--show-values',
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain('carecheck migrate: ');
    expect(r.out).toContain('232 values changed (Release 1 values) in 40 records');
    expect(r.out).toContain('Event Outcome: 12 values (12 with no equivalent); records 3, 5, 10');
    expect(r.out).toContain('"Provision of service" ×12');
    expect(r.out).toMatch(/Not conformant to asc-cld@2\.0\.0: 12 errors, 0 warnings/);
  });

  it('a file whose values all map passes (exit 0)', async () => {
    const input = t.write('toy.csv', 'id,kind,reason\r\nA123,Gamma,why\r\n');
    const out = t.path('toy-out.csv');
    const r = await cli(
      'migrate',
      input,
      '--to',
      'toy@1.2.0',
      '--from',
      'toy@1.0.0',
      '--output',
      out,
      '--standards-dir',
      fixtures,
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('id,kind,reason\r\nA123,Gamma-ray,why\r\n');
    expect(r.out).toContain('mappings applied step by step: 1.0.0 → 1.1.0 → 1.2.0');
  });

  it('refuses the input as output and an existing output (exit 2, nothing written)', async () => {
    const same = await cli('migrate', r1Sample, '--to', 'asc-cld@2', '--output', r1Sample);
    expect(same.code).toBe(2);
    expect(same.err).toMatch(/Refusing to write over the input/);
    const existing = t.write('exists.csv', 'keep me');
    const r = await cli('migrate', r1Sample, '--to', 'asc-cld@2', '--output', existing);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/already exists/);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
  });

  it('usage problems exit 2', async () => {
    const noOutput = await cli('migrate', r1Sample, '--to', 'asc-cld@2');
    expect(noOutput.code).toBe(2);
    const backwards = await cli(
      'migrate',
      r1Sample,
      '--from',
      'asc-cld@2.0.0',
      '--to',
      'asc-cld@1.0.0',
      '--output',
      t.path('b.csv'),
    );
    expect(backwards.code).toBe(2);
    expect(backwards.err).toMatch(/names no predecessor|does not descend/);
    expect(existsSync(t.path('b.csv'))).toBe(false);
  });
});

describe('carecheck docs', () => {
  it('writes a self-contained HTML dictionary of asc-cld@2', async () => {
    const out = t.path('asc-cld.html');
    const r = await cli('docs', 'asc-cld@2', '--format', 'html', '--output', out);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<h1>Adult Social Care Client Level Data (CLD), Release 2</h1>');
    expect(html).toContain('Changes since 1.0.0');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  it('Markdown to stdout, the same on every run; --no-changes leaves the changes out', async () => {
    const a = await cli('docs', 'toy@2.0.0', '--standards-dir', fixtures);
    const b = await cli('docs', 'toy@2.0.0', '--standards-dir', fixtures);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    expect(a.out).toContain('## Changes since 1.0.0');
    const none = await cli('docs', 'toy@2.0.0', '--standards-dir', fixtures, '--no-changes');
    expect(none.out).not.toContain('Changes since');
  });

  it('a deprecated version gets a notice on stderr; an unknown one exits 2', async () => {
    const r = await cli('docs', 'asc-cld@1.0.0');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/deprecated/);
    expect((await cli('docs', 'nope')).code).toBe(2);
  });
});
