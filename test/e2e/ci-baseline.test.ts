/**
 * The CI example with an exceptions register, as a pipeline would run it (spawned bin/carecheck.js):
 *
 *   yesterday's export has known findings → `carecheck baseline` records them with a reason and an
 *   expiry date → today's export has the same findings (records moved down by new rows) plus one
 *   new error → `validate --baseline` fails (exit 1) naming only the new error; without it, it passes
 *   (exit 0); after the expiry date the accepted findings count again.
 *
 * The register itself must hold no value from the data (it is committed next to the pipeline).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.js';
import { repoRoot, tempDir } from '../helpers/tmp.js';
import { findLeaks } from '../privacy/harness.js';
import { csvLine } from '../privacy/synthetic.js';
import { BIN, carecheck, ensureBuilt } from './bin.js';

const t = tempDir('carecheck-ci-baseline-');
const TODAY = '2026-11-23';
const REASON = 'Legacy records from the old case system, corrected at source by March';
const EXPIRES = '2027-03-31';

ensureBuilt();
const help = spawnSync(process.execPath, [BIN, 'baseline', '--help'], { encoding: 'utf8' });
const available = help.status === 0 && help.stdout.includes('--reason') && help.stdout.includes('--expires');

describe.skipIf(!available)(
  'CI with an exceptions register (carecheck baseline + validate --baseline)',
  () => {
    const yesterdayRows = parse(
      readFileSync(path.join(repoRoot, 'fixtures/samples/asc-cld/cld-r2-errors.csv'), 'utf8'),
    ) as string[][];
    const header = yesterdayRows[0] ?? [];
    const col = (name: string) => header.indexOf(name);
    const toCsv = (rows: string[][]) => `${rows.map((r) => csvLine(r)).join('\n')}\n`;

    // Today: two new (valid) records at the top, so each of yesterday's records is two lines further
    // down, unchanged; `todayWithNew` also has one new error, on a record that had none.
    const clean = parse(
      readFileSync(path.join(repoRoot, 'fixtures/samples/asc-cld/cld-r2-sample.csv'), 'utf8'),
    ) as string[][];
    const added = clean.slice(1, 3).map((r, i) => {
      const row = [...r];
      row[col('Event Reference')] = `EV9${String(i).padStart(7, '0')}`;
      return row;
    });
    const todayRows = [header, ...added, ...yesterdayRows.slice(1)];
    const NEW_RECORD = 5 + added.length; // yesterday's record 5 has no finding
    const todayWithNew = todayRows.map((r) => [...r]);
    (todayWithNew[NEW_RECORD] as string[])[col('Postcode')] = 'PE11 2J';

    const yesterday = t.write('exports/2026-11-22/cld.csv', toCsv(yesterdayRows));
    const today = t.write('exports/2026-11-23/cld.csv', toCsv(todayWithNew));
    const todayFixed = t.write('exports/2026-11-23-fixed/cld.csv', toCsv(todayRows));
    const register = t.path('carecheck-baseline.json');

    let made: ReturnType<typeof carecheck>;
    beforeAll(() => {
      made = carecheck(
        [
          'baseline',
          yesterday,
          '--standard',
          'asc-cld@2',
          '--output',
          register,
          '--reason',
          REASON,
          '--expires',
          EXPIRES,
          '--today',
          TODAY,
          '--no-progress',
        ],
        { cwd: t.dir },
      );
    });

    const validate = (file: string, ...extra: string[]) => {
      const json = t.path(`report-${path.basename(path.dirname(file))}-${extra.join('')}.json`);
      const r = carecheck(
        [
          'validate',
          file,
          '--standard',
          'asc-cld@2',
          '--baseline',
          register,
          '--today',
          TODAY,
          '--no-progress',
          '--format',
          'text',
          '--format',
          `json=${json}`,
          ...extra,
        ],
        { cwd: t.dir },
      );
      return { ...r, report: JSON.parse(readFileSync(json, 'utf8')) as Report };
    };

    it("baseline records yesterday's 11 findings with the reason and expiry, and no value from the data", () => {
      expect(made.stderr, made.stderr).not.toMatch(/error/i);
      expect(made.code).toBe(0);
      const text = readFileSync(register, 'utf8');
      const reg = JSON.parse(text) as { entries: Array<{ rule: string; reason: string; expires: string }> };
      expect(reg.entries).toHaveLength(11);
      for (const e of reg.entries) expect(e).toMatchObject({ reason: REASON, expires: EXPIRES });
      // Identifying cells of every record: none may be in the register.
      const personal = [
        'NHS Number',
        'LA Person Unique Identifier',
        'First Name',
        'Last Name',
        'Date of Birth',
        'Postcode',
      ]
        .map(col)
        .flatMap((c) => yesterdayRows.slice(1).map((r) => r[c] ?? ''))
        .filter((v) => v.trim().length >= 4);
      expect(findLeaks({ register: text }, personal)).toEqual([]);
    });

    it('today with one new error: exit 1, and the report names only the new error', () => {
      const r = validate(today);
      expect(r.code).toBe(1);
      const findings = r.report.files.flatMap((f) => f.findings);
      expect(findings.filter((f) => f.severity === 'error')).toEqual([
        expect.objectContaining({
          rule: 'schema/format',
          field: 'Postcode',
          record: NEW_RECORD,
          line: NEW_RECORD + 1,
        }),
      ]);
      expect(r.report.summary.errors).toBe(1);
      expect(r.report.summary.warnings).toBe(0);
      expect(r.stdout).toContain(`record ${NEW_RECORD}, line ${NEW_RECORD + 1}, field Postcode`);
      expect(r.stdout).toMatch(/11 findings accepted by the baseline/);
      expect(r.stdout).not.toMatch(/NHS Number|Ethnicity|Service Type|LA Code/);
      expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(
        /^✖ Not conformant to asc-cld@2\.0\.0: 1 error, 0 warnings/,
      );
    });

    it('today without the new error: exit 0, every known finding accepted', () => {
      const r = validate(todayFixed);
      expect(r.code).toBe(0);
      expect(r.report.valid).toBe(true);
      expect(r.report.summary.errors).toBe(0);
      expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^✔ Conformant to asc-cld@2\.0\.0/);
    });

    it('after the expiry date the accepted findings fail the run again', () => {
      const r = validate(todayFixed, '--today', '2027-04-01');
      expect(r.code).toBe(1);
      expect(r.report.summary.errors).toBe(10);
    });
  },
);

if (!available) {
  describe('CI with an exceptions register', () => {
    it.skip('skipped: `carecheck baseline --reason --expires` is not in this build yet', () => {});
  });
}
