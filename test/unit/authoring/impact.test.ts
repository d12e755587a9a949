/**
 * Impact preview: records passing the old version and failing the new one, attributed to the changes
 * their new errors name; records failing both counted apart; whole-file findings listed.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Change, diffStandards } from '../../../src/authoring/diff.js';
import { explain, previewImpact } from '../../../src/authoring/impact.js';
import { loadVersion } from '../../../src/authoring/resolve.js';
import type { Finding } from '../../../src/report/types.js';
import { repoRoot, tempDir } from '../../helpers/tmp.js';

const fixtures = path.join(repoRoot, 'fixtures', 'authoring-diff');
const t = tempDir();
const today = new Date('2026-01-01T00:00:00Z');

function setup(a: string, b: string) {
  const from = loadVersion(a, [fixtures], repoRoot).standard;
  const to = loadVersion(b, [fixtures], repoRoot).standard;
  return { from, to, diff: diffStandards(from, to) };
}

function countFor(changes: readonly Change[], perChange: number[], kind: string, field: string): number {
  const i = changes.findIndex((c) => c.kind === kind && c.field === field);
  if (i === -1) throw new Error(`no ${kind} on ${field}`);
  return perChange[i]!;
}

describe('previewImpact (toy 1.0.0 → 2.0.0)', () => {
  // r1 fails 2.0.0 on its id only; r2 fails both (id under 1.0.0, the renamed code under 2.0.0);
  // r3 fails 1.0.0 only; r4 the id and the renamed code; r5 the id and the raised minimum age;
  // r6 the id, the new required region and a score that is no longer an integer.
  const file = t.write(
    'toy.csv',
    [
      'id,kind,status,age,region,start,score,reason',
      'A123,Alpha,open,30,North,01/02/2020,2,why',
      'BB123,Gamma,open,40,North,01/02/2020,2,why',
      'BB124,Alpha,open,40,North,01/02/2020,2,why',
      'A124,Gamma,open,40,South,01/02/2020,2,why',
      'A125,Alpha,open,10,North,01/02/2020,2,why',
      'A126,Alpha,closed,30,,01/02/2020,2.5,why',
      '',
    ].join('\n'),
  );
  const { from, to, diff } = setup('toy@1.0.0', 'toy@2.0.0');

  it('counts pass/fail per version and the records the new version newly rejects', async () => {
    const r = await previewImpact(
      { files: [file], from, to, fromDirs: [fixtures], toDirs: [fixtures], today },
      diff.changes,
    );
    expect(r.files).toHaveLength(1);
    expect(r.files[0]).toMatchObject({
      records: 6,
      passFrom: 4,
      passTo: 1,
      newlyFailing: 4,
      failingBoth: 1,
      fixed: 1,
      unattributed: 0,
      fileFindings: [],
    });
    expect(r.totals.newlyFailing).toBe(4);
  });

  it('attributes each newly failing record to the changes its errors name', async () => {
    const r = await previewImpact(
      { files: [file], from, to, fromDirs: [fixtures], toDirs: [fixtures], today },
      diff.changes,
    );
    const n = (kind: string, field: string) => countFor(diff.changes, r.perChange, kind, field);
    expect(n('constraint.changed', 'id')).toBe(4); // every id that passed 1.0.0 fails 2.0.0
    expect(n('code.renamed', 'kind')).toBe(1); // r4 only: r2 failed 1.0.0 already
    expect(n('code.removed', 'kind')).toBe(0);
    expect(n('constraint.tightened', 'age')).toBe(1);
    expect(n('field.added', 'region')).toBe(1);
    expect(n('constraint.tightened', 'score')).toBe(1);
    expect(r.byRule).toMatchObject({
      'schema/pattern': 4,
      'schema/enum': 1,
      'schema/minimum': 1,
      'schema/required': 1,
    });
    // Loosening never explains a new failure.
    r.perChange.forEach((count, i) => {
      if (count > 0) expect(diff.changes[i]!.breaking).toBe(true);
    });
  });

  it('a column the new version requires and the file lacks is a whole-file finding', async () => {
    const noRegion = t.write('no-region.csv', 'id,kind,start,reason\nA123,Alpha,01/02/2020,why\n');
    const r = await previewImpact(
      { files: [noRegion], from, to, fromDirs: [fixtures], toDirs: [fixtures], today },
      diff.changes,
    );
    const ff = r.files[0]!.fileFindings;
    expect(ff.map((f) => [f.rule, f.field])).toEqual([['csv/missing-column', 'region']]);
    expect(ff[0]!.changes.map((i) => diff.changes[i]!.kind)).toEqual(['field.added']);
    expect(JSON.stringify(r)).not.toContain('A123');
  });
});

describe('explain', () => {
  const { diff } = setup('toy@1.0.0', 'toy@2.0.0');
  const finding = (over: Partial<Finding>): Finding => ({
    rule: 'schema/enum',
    severity: 'error',
    message: 'm',
    file: 'f',
    record: 1,
    line: 2,
    field: 'kind',
    pointer: '/kind',
    ...over,
  });
  const kinds = (f: Finding, property: string | null) =>
    explain(f, property, diff.changes).map((i) => diff.changes[i]!.kind);

  it('an enum finding goes to the rename or removal of its value', () => {
    expect(kinds(finding({ value: 'Gamma' }), 'kind')).toEqual(['code.renamed']);
    expect(kinds(finding({ value: 'Beta' }), 'kind')).toEqual(['code.removed']);
  });

  it('findings go to changes of their own kind on their field', () => {
    expect(kinds(finding({ rule: 'schema/required', field: 'start', pointer: '' }), 'start')).toEqual([
      'required.added',
    ]);
    expect(kinds(finding({ rule: 'schema/pattern', field: 'id', pointer: '/id' }), 'id')).toEqual([
      'constraint.changed',
    ]);
    expect(
      kinds(finding({ rule: 'csv/unknown-column', field: 'notes', pointer: '', record: null }), 'notes'),
    ).toEqual(['field.renamed']);
    expect(kinds(finding({ rule: 'value/whitespace', field: 'id', pointer: '/id' }), 'id')).toEqual([
      'rule.severity',
    ]);
    expect(kinds(finding({ rule: 'key/duplicate', field: 'postcode', pointer: '' }), 'postcode')).toEqual([
      'key.added',
    ]);
  });

  it('long values cut at 80 characters still match their code', () => {
    const long = `${'x'.repeat(100)}`;
    const change: Change = {
      kind: 'code.renamed',
      table: 't',
      field: 'f',
      breaking: true,
      bump: 'major',
      summary: 's',
      fromCode: long,
      code: 'y',
    };
    const shown = `${'x'.repeat(79)}…`;
    expect(explain(finding({ field: 'f', pointer: '/f', value: shown }), 'f', [change])).toEqual([0]);
  });
});

describe('asc-cld Release 1 sample under Release 2', () => {
  it('Release 2 rejects all 40 Release 1 records, and names the changes that reject them', async () => {
    const from = loadVersion('asc-cld@1.0.0', [], repoRoot).standard;
    const to = loadVersion('asc-cld@2.0.0', [], repoRoot).standard;
    const diff = diffStandards(from, to);
    const sample = path.join(repoRoot, 'fixtures', 'samples', 'asc-cld', 'cld-r1-sample.csv');
    const r = await previewImpact(
      { files: [sample], from, to, fromDirs: [], toDirs: [], today },
      diff.changes,
    );
    expect(r.totals).toMatchObject({
      records: 40,
      passFrom: 40,
      passTo: 0,
      newlyFailing: 40,
      failingBoth: 0,
      unattributed: 0,
    });
    const i = diff.changes.findIndex((c) => c.kind === 'code.renamed' && c.fromCode === 'Service User');
    expect(r.perChange[i]).toBe(33);
    const provision = diff.changes.findIndex(
      (c) => c.kind === 'code.removed' && c.code === 'Provision of service',
    );
    expect(r.perChange[provision]).toBe(12);
  });
});

describe('RecordSet', () => {
  it('behaves like a Set of record keys across files', async () => {
    const { RecordSet } = await import('../../../src/authoring/impact.js');
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 5000 }))),
        (pairs) => {
          const rs = new RecordSet();
          const ref = new Set<number>();
          for (const [file, record] of pairs) {
            const key = file * 2 ** 32 + record;
            rs.add(key);
            ref.add(key);
          }
          expect(rs.size).toBe(ref.size);
          expect([...rs].sort((a, b) => a - b)).toEqual([...ref].sort((a, b) => a - b));
          for (const k of ref) expect(rs.has(k)).toBe(true);
          expect(rs.has(7 * 2 ** 32 + 1)).toBe(false);
        },
      ),
    );
  });
});
