/**
 * Fixture-driven tests over every bundled standard: adding a case means adding files.
 *
 *   standards/<id>/<version>/fixtures/valid/<case>.<ext>        → zero findings
 *   standards/<id>/<version>/fixtures/invalid/<case>.<ext>      → exactly <case>.expected.json
 *   …/fixtures/{valid,invalid}/<case>/ (folder of files)        → a multi-file case (datasets)
 *
 * "Today" is pinned so rules about future dates give the same answer on any day.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSchema, createAjv, draftOf } from '../../src/engine/ajv.js';
import { validate } from '../../src/engine/validate.js';
import type { Finding } from '../../src/report/types.js';
import { discoverStandards, loadStandard } from '../../src/standards/registry.js';

export const FIXTURE_TODAY = new Date('2026-11-23T00:00:00Z');

interface Expected {
  rule: string;
  record: number | null;
  field: string | null;
  severity?: string;
  line?: number | null;
  file?: string;
}

/** Does finding f satisfy expectation e? rule/record/field always; severity/line/file when e gives them. */
function matches(f: Finding, e: Expected, caseDir: string | null): boolean {
  if (f.rule !== e.rule || f.record !== (e.record ?? null) || f.field !== (e.field ?? null)) return false;
  if (e.severity !== undefined && f.severity !== e.severity) return false;
  if (e.line !== undefined && f.line !== e.line) return false;
  if (e.file !== undefined) {
    const rel = caseDir ? path.relative(caseDir, f.file) : path.basename(f.file);
    if (rel !== e.file) return false;
  }
  return true;
}

/** Multiset difference both ways: expectations nobody met, findings nobody expected. */
function compare(findings: Finding[], expected: Expected[], caseDir: string | null) {
  const left = [...findings];
  const missing: Expected[] = [];
  for (const e of expected) {
    const i = left.findIndex((f) => matches(f, e, caseDir));
    if (i === -1) missing.push(e);
    else left.splice(i, 1);
  }
  return {
    missing: missing.map((e) => JSON.stringify(e)),
    unexpected: left.map((f) => `${path.basename(f.file)} record ${f.record} field ${f.field}: ${f.rule} (${f.severity}) ${f.message}`),
  };
}

function cases(dir: string): Array<{ name: string; inputs: string[]; expected?: string; caseDir: string | null }> {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      const files = readdirSync(p).filter((f) => f !== 'expected.json' && !f.startsWith('.') && f !== 'README.md').sort();
      const expected = path.join(p, 'expected.json');
      out.push({ name, inputs: files.map((f) => path.join(p, f)), caseDir: p, ...(existsSync(expected) && { expected }) });
    } else if (!name.endsWith('.expected.json') && !name.endsWith('.md')) {
      const expected = p.replace(/\.[^.]+$/, '.expected.json');
      out.push({ name, inputs: [p], caseDir: null, ...(existsSync(expected) && { expected }) });
    }
  }
  return out;
}

const bundled = discoverStandards([]).filter((e) => e.bundled);

describe('bundled standards', () => {
  it('there are bundled standards', () => {
    expect(bundled.length).toBeGreaterThan(0);
  });

  for (const entry of bundled) {
    const { id, version } = entry.manifest;
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

      const valid = cases(path.join(entry.dir, 'fixtures', 'valid'));
      const invalid = cases(path.join(entry.dir, 'fixtures', 'invalid'));
      it('has valid and invalid fixtures', () => {
        expect(valid.length).toBeGreaterThan(0);
        expect(invalid.length).toBeGreaterThan(0);
      });

      for (const c of valid) {
        it(`valid/${c.name} has no findings`, async () => {
          const report = await validate({ inputs: c.inputs.map((p) => ({ path: p })), standard: `${id}@${version}`, today: FIXTURE_TODAY, maxFindings: 0 });
          const findings = report.files.flatMap((f) => f.findings);
          expect(findings.map((f) => `${path.basename(f.file)} ${f.record}/${f.field}: ${f.rule} ${f.message}`)).toEqual([]);
          expect(report.summary.records).toBeGreaterThan(0);
        });
      }

      for (const c of invalid) {
        it(`invalid/${c.name} gives exactly its expected findings`, async () => {
          expect(c.expected, `missing sidecar for ${c.name}`).toBeDefined();
          const expected = JSON.parse(readFileSync(c.expected as string, 'utf8')) as Expected[];
          const report = await validate({ inputs: c.inputs.map((p) => ({ path: p })), standard: `${id}@${version}`, today: FIXTURE_TODAY, maxFindings: 0 });
          const findings = report.files.flatMap((f) => f.findings);
          expect(compare(findings, expected, c.caseDir)).toEqual({ missing: [], unexpected: [] });
        });
      }
    });
  }
});
