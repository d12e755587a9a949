/**
 * The fixture runner behind `carecheck test`: case discovery, the matching contract, running a suite,
 * and the three report formats.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initStandard } from '../../../src/authoring/init.js';
import { resolveTargets } from '../../../src/authoring/targets.js';
import {
  casesIn,
  compareFindings,
  discoverCases,
  type ExpectedFinding,
  FIXTURE_TODAY,
  fixtureToday,
  formatTestJson,
  formatTestJunit,
  formatTestText,
  matchesExpectation,
  runSuite,
  type SuiteResult,
  sidecarProblems,
  summarise,
} from '../../../src/authoring/test-runner.js';
import type { Finding } from '../../../src/report/types.js';
import { tempDir } from '../../helpers/tmp.js';

const t = tempDir('carecheck-runner-');

function f(over: Partial<Finding>): Finding {
  return {
    rule: 'schema/enum',
    severity: 'error',
    message: 'Status must be one of the listed codes',
    file: '/x/case.csv',
    record: 1,
    line: 2,
    field: 'Status',
    pointer: '/Status',
    ...over,
  };
}

describe('matching (standards/README.md contract)', () => {
  it('compares rule, record and field always', () => {
    const e: ExpectedFinding = { rule: 'schema/enum', record: 1, field: 'Status' };
    expect(matchesExpectation(f({}), e, null)).toBe(true);
    expect(matchesExpectation(f({ rule: 'schema/type' }), e, null)).toBe(false);
    expect(matchesExpectation(f({ record: 2 }), e, null)).toBe(false);
    expect(matchesExpectation(f({ field: 'Other' }), e, null)).toBe(false);
  });

  it('an absent record or field means null', () => {
    expect(matchesExpectation(f({ record: null, field: null }), { rule: 'schema/enum' }, null)).toBe(true);
    expect(matchesExpectation(f({}), { rule: 'schema/enum' }, null)).toBe(false);
  });

  it('compares severity, line and file only when given', () => {
    const base = { rule: 'schema/enum', record: 1, field: 'Status' };
    expect(matchesExpectation(f({ severity: 'warning' }), base, null)).toBe(true);
    expect(matchesExpectation(f({ severity: 'warning' }), { ...base, severity: 'error' }, null)).toBe(false);
    expect(matchesExpectation(f({ line: 7 }), { ...base, line: 7 }, null)).toBe(true);
    expect(matchesExpectation(f({ line: 7 }), { ...base, line: 8 }, null)).toBe(false);
    expect(
      matchesExpectation(f({ file: '/x/case/staff.csv' }), { ...base, file: 'staff.csv' }, '/x/case'),
    ).toBe(true);
    expect(
      matchesExpectation(f({ file: '/x/case/staff.csv' }), { ...base, file: 'training.csv' }, '/x/case'),
    ).toBe(false);
    expect(matchesExpectation(f({ file: '/x/y/case.csv' }), { ...base, file: 'case.csv' }, null)).toBe(true);
  });

  it('matches as multisets: two expectations need two findings', () => {
    const e: ExpectedFinding = { rule: 'schema/enum', record: 1, field: 'Status' };
    expect(compareFindings([f({})], [e, e], null)).toEqual({ missing: [e], unexpected: [] });
    expect(compareFindings([f({}), f({})], [e], null)).toEqual({ missing: [], unexpected: [f({})] });
    expect(compareFindings([f({}), f({})], [e, e], null)).toEqual({ missing: [], unexpected: [] });
  });
});

describe('sidecar shape', () => {
  it('accepts the documented keys', () => {
    expect(
      sidecarProblems([
        { rule: 'schema/enum', record: 3, field: 'X', severity: 'warning', line: 4, file: 'a.csv' },
        { rule: 'csv/no-header', record: null, field: null },
      ]),
    ).toEqual([]);
  });

  it('points at each problem', () => {
    expect(sidecarProblems({})).toEqual([
      { pointer: '', message: 'must be a JSON array of expected findings' },
    ]);
    expect(
      sidecarProblems([{ record: 0 }, 'x', { rule: 'r/x', severity: 'fatal', colour: 1, field: 3 }]).map(
        (p) => p.pointer,
      ),
    ).toEqual(['/0', '/0/record', '/1', '/2/field', '/2/severity', '/2/colour']);
  });
});

describe('case discovery', () => {
  it('finds single-file and folder cases, their sidecars, and skips notes', () => {
    const root = t.path('disc/fixtures/invalid');
    t.write('disc/fixtures/invalid/a.csv', 'x\n1\n');
    t.write('disc/fixtures/invalid/a.expected.json', '[]');
    t.write('disc/fixtures/invalid/b.json', '[]');
    t.write('disc/fixtures/invalid/README.md', 'notes');
    t.write('disc/fixtures/invalid/.DS_Store', '');
    t.write('disc/fixtures/invalid/multi/workplace.csv', 'x\n');
    t.write('disc/fixtures/invalid/multi/staff.csv', 'x\n');
    t.write('disc/fixtures/invalid/multi/expected.json', '[]');
    t.write('disc/fixtures/valid/ok.csv', 'x\n1\n');
    const cases = casesIn(root, 'invalid');
    expect(
      cases.map((c) => [c.name, c.inputs.map((i) => path.basename(i)), c.expected !== undefined]),
    ).toEqual([
      ['a.csv', ['a.csv'], true],
      ['b.json', ['b.json'], false],
      ['multi', ['staff.csv', 'workplace.csv'], true],
    ]);
    expect(cases[2]?.caseDir).toBe(path.join(root, 'multi'));
    const all = discoverCases(t.path('disc'));
    expect(all.valid.map((c) => c.name)).toEqual(['ok.csv']);
    expect(casesIn(t.path('nowhere'), 'valid')).toEqual([]);
  });
});

describe('running a suite', () => {
  const run = async (dir: string) => runSuite(resolveTargets([dir])[0]!, { today: fixtureToday() });

  it('a scaffolded standard passes', async () => {
    const { versionDir } = initStandard({
      id: 'runner-ok',
      dir: t.path('std'),
      kind: 'tabular',
      today: FIXTURE_TODAY,
    });
    const s = await run(versionDir);
    expect(s.error).toBeUndefined();
    expect(s.cases.map((c) => [c.kind, c.name, c.passed])).toEqual([
      ['valid', 'example.csv', true],
      ['invalid', 'example.csv', true],
    ]);
    expect(summarise([s])).toEqual({ suites: 1, passed: 2, failed: 0, broken: 0 });
  });

  it('reports missing and unexpected findings, a missing sidecar and a valid case with findings', async () => {
    const { versionDir } = initStandard({
      id: 'runner-bad',
      dir: t.path('std'),
      kind: 'tabular',
      today: FIXTURE_TODAY,
    });
    const sidecar = path.join(versionDir, 'fixtures/invalid/example.expected.json');
    const expected = JSON.parse(readFileSync(sidecar, 'utf8')) as ExpectedFinding[];
    // Expect the enum finding on the wrong record, and forget the required one.
    writeFileSync(sidecar, JSON.stringify([{ ...expected[0], record: 2 }]));
    t.write('std/runner-bad/0.1.0/fixtures/invalid/no-sidecar.csv', 'Reference,Status\nREF-1,Open\n');
    t.write('std/runner-bad/0.1.0/fixtures/valid/not-valid.csv', 'Reference,Status\nREF-1,Maybe\n');
    const s = await run(versionDir);
    const byName = new Map(s.cases.map((c) => [`${c.kind}/${c.name}`, c]));
    const bad = byName.get('invalid/example.csv')!;
    expect(bad.passed).toBe(false);
    expect(bad.missing).toEqual([{ rule: 'schema/enum', record: 2, field: 'Status', severity: 'error' }]);
    expect(bad.unexpected.map((u) => [u.rule, u.record, u.field])).toEqual([
      ['schema/enum', 1, 'Status'],
      ['schema/required', 2, 'Reference'],
    ]);
    expect(byName.get('invalid/no-sidecar.csv')).toMatchObject({
      passed: false,
      error: expect.stringMatching(/no sidecar/),
    });
    expect(byName.get('valid/not-valid.csv')?.unexpected.map((u) => u.rule)).toEqual(['schema/enum']);
    expect(byName.get('valid/example.csv')?.passed).toBe(true);
    expect(summarise([s])).toMatchObject({ passed: 1, failed: 3 });

    const text = formatTestText([s], { cwd: t.dir, today: FIXTURE_TODAY });
    expect(text).toContain('✔ valid/example.csv');
    expect(text).toContain('✖ invalid/example.csv');
    expect(text).toContain('- missing:    schema/enum record 2 field Status (error)');
    expect(text).toMatch(
      /\+ unexpected: schema\/required record 2 field Reference \(error\) in example\.csv line 3: /,
    );
    expect(text).toMatch(/1 passed, 3 failed in 1 standard version \(today = 2026-11-23\)\n$/);
    expect(formatTestText([s], { verbose: false })).not.toContain('✔ valid/example.csv');
  });

  it('a standard that does not compile fails as a whole, once', async () => {
    const s = await run('fixtures/authoring/broken/broken-draft/0.1.0');
    expect(s.cases).toEqual([]);
    expect(s.error).toMatch(/unknown format 'nhs-numbr'/);
    expect(summarise([s])).toEqual({ suites: 1, passed: 0, failed: 1, broken: 1 });
    expect(formatTestText([s])).toMatch(/✖ could not run: .*nhs-numbr/);
  });

  it('a standard with no fixtures fails', async () => {
    const { versionDir } = initStandard({
      id: 'runner-empty',
      dir: t.path('std'),
      kind: 'document',
      today: FIXTURE_TODAY,
    });
    rmSync(path.join(versionDir, 'fixtures'), { recursive: true });
    expect((await run(versionDir)).error).toMatch(/no fixtures/);
  });
});

describe('report formats', () => {
  const results: SuiteResult[] = [
    {
      id: 'demo',
      version: '1.0.0',
      dir: '/s/demo/1.0.0',
      cases: [
        { kind: 'valid', name: 'ok.csv', passed: true, records: 2, expected: 0, missing: [], unexpected: [] },
        {
          kind: 'invalid',
          name: 'bad <&>.csv',
          passed: false,
          records: 1,
          expected: 1,
          missing: [{ rule: 'schema/enum', record: 1, field: 'Status' }],
          unexpected: [f({ rule: 'schema/type', message: 'Age must be a "number" & <whole>' })],
        },
      ],
    },
    { id: 'broken', version: '0.1.0', dir: '/s/broken/0.1.0', cases: [], error: 'Schema does not compile' },
  ];

  it('JUnit: a testsuite per version, a testcase per case, failures and load errors, escaped', () => {
    const xml = formatTestJunit(results, { today: FIXTURE_TODAY });
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="carecheck test" tests="3" failures="1" errors="1">/,
    );
    expect(xml).toContain('<testsuite name="demo@1.0.0" tests="2" failures="1" errors="0" skipped="0">');
    expect(xml).toContain('<testcase classname="demo@1.0.0" name="valid/ok.csv"/>');
    expect(xml).toContain('<testcase classname="demo@1.0.0" name="invalid/bad &lt;&amp;&gt;.csv">');
    expect(xml).toContain('<failure message="1 missing, 1 unexpected" type="fixture">');
    expect(xml).toContain('Age must be a &quot;number&quot; &amp; &lt;whole&gt;');
    expect(xml).toContain('<testsuite name="broken@0.1.0" tests="1" failures="0" errors="1" skipped="0">');
    expect(xml).toContain('<error message="Schema does not compile" type="load">');
    expect(xml).toContain('<property name="today" value="2026-11-23"/>');
    expect(xml.match(/<testcase /g)).toHaveLength(3);
  });

  it('JSON: summary and every case', () => {
    const data = JSON.parse(formatTestJson(results, { today: FIXTURE_TODAY })) as {
      today: string;
      summary: unknown;
      suites: Array<{
        id: string;
        error?: string;
        cases: Array<{ name: string; unexpected: Array<{ rule: string }> }>;
      }>;
    };
    expect(data.today).toBe(FIXTURE_TODAY);
    expect(data.summary).toEqual({ suites: 2, passed: 1, failed: 2, broken: 1 });
    expect(data.suites[0]?.cases[1]?.unexpected[0]?.rule).toBe('schema/type');
    expect(data.suites[1]?.error).toBe('Schema does not compile');
  });
});
