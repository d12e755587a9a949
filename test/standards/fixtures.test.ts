/**
 * Fixture-driven tests over every bundled standard: adding a case means adding files.
 *
 *   standards/<id>/<version>/fixtures/valid/<case>.<ext>        → zero findings
 *   standards/<id>/<version>/fixtures/invalid/<case>.<ext>      → exactly <case>.expected.json
 *   …/fixtures/{valid,invalid}/<case>/ (folder of files)        → a multi-file case (datasets)
 *
 * Case discovery and matching live in src/authoring/test-runner.ts (what `carecheck test` runs);
 * this file gives each case its own vitest test. "Today" is pinned (FIXTURE_TODAY) so rules about
 * future dates give the same answer on any day.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CaseResult,
  describeActual,
  describeExpected,
  discoverCases,
  fixtureToday,
  runCase,
} from '../../src/authoring/test-runner.js';
import { compileSchema, createAjv, draftOf } from '../../src/engine/ajv.js';
import { discoverStandards, loadStandard } from '../../src/standards/registry.js';

export const FIXTURE_TODAY = fixtureToday();

/** What a failing case shows: its error, and the diff of expected vs actual findings. */
function outcome(r: CaseResult) {
  return {
    error: r.error,
    missing: r.missing.map(describeExpected),
    unexpected: r.unexpected.map((f) => describeActual(f)),
  };
}

const bundled = discoverStandards([]).filter((e) => e.bundled);

describe('bundled standards', () => {
  it('there are bundled standards', () => {
    expect(bundled.length).toBeGreaterThan(0);
  });

  for (const entry of bundled) {
    const { id, version } = entry.manifest;
    const selector = { standard: `${id}@${version}` };
    describe(`${id}@${version}`, () => {
      it('compiles in strict mode with no warnings', () => {
        const standard = loadStandard(entry);
        for (const t of standard.tables.values()) {
          const warnings: string[] = [];
          const ajv = createAjv({ draft: draftOf(t.schema), strict: true, today: () => 0, warn: (m) => warnings.push(m) });
          expect(() => compileSchema(ajv, t.schema, t.schemaPath)).not.toThrow();
          expect(warnings).toEqual([]);
        }
      });

      it('has a README with provenance and known gaps', () => {
        const readme = path.join(entry.dir, 'README.md');
        expect(existsSync(readme)).toBe(true);
        expect(readFileSync(readme, 'utf8')).toMatch(/provenance|source/i);
      });

      const { valid, invalid } = discoverCases(entry.dir);
      it('has valid and invalid fixtures', () => {
        expect(valid.length).toBeGreaterThan(0);
        expect(invalid.length).toBeGreaterThan(0);
      });

      for (const c of valid) {
        it(`valid/${c.name} has no findings`, async () => {
          const r = await runCase(c, selector, FIXTURE_TODAY);
          expect(outcome(r)).toEqual({ error: undefined, missing: [], unexpected: [] });
          expect(r.records).toBeGreaterThan(0);
          expect(r.passed).toBe(true);
        });
      }

      for (const c of invalid) {
        it(`invalid/${c.name} gives exactly its expected findings`, async () => {
          expect(c.expected, `missing sidecar for ${c.name}`).toBeDefined();
          const r = await runCase(c, selector, FIXTURE_TODAY);
          expect(outcome(r)).toEqual({ error: undefined, missing: [], unexpected: [] });
          expect(r.passed).toBe(true);
        });
      }
    });
  }
});
