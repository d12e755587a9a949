/**
 * The exceptions register end to end, in-process: `carecheck baseline` records today's findings,
 * `validate --baseline` accepts them until they expire or the record changes, and a new error still
 * fails the run. The register never holds a data value.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import type { Report } from '../../src/report/types.js';
import { tempDir, writePeopleStandard } from '../helpers/tmp.js';

const t = tempDir();
const stds = t.path('stds');
writePeopleStandard(t, 'stds');
const std = ['--standard', 'people', '--standards-dir', stds];
const ROWS = ['P001,Alice Smith,34', 'P002,Bob Jones,200', 'P003,,40'];
const key = t.write('pseudo.key', 'k3y-material-0123456789abcdef0123\n');
const otherKey = t.write('other.key', 'another-key-0123456789abcdef0123\n');

let n = 0;
/** A fresh data file and baseline path for each test, so tests do not share state. */
function fresh(rows = ROWS) {
  n++;
  return {
    data: t.write(`case${n}/people.csv`, `id,name,age\n${rows.join('\n')}\n`),
    base: t.path(`case${n}/base.json`),
  };
}

async function cli(day: string, ...argv: string[]) {
  const io = memoryIo({ now: () => new Date(`${day}T09:00:00Z`), cwd: t.dir });
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
}

async function record(day: string, data: string, base: string, ...extra: string[]) {
  const r = await cli(
    day,
    'baseline',
    data,
    ...std,
    '--output',
    base,
    '--reason',
    'Known legacy records',
    '--expires',
    '2026-06-30',
    ...extra,
  );
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return r;
}

async function json(day: string, ...argv: string[]) {
  const r = await cli(day, ...argv, '--format', 'json');
  expect(r.err).toBe('');
  return {
    code: r.code,
    report: JSON.parse(r.out) as Report & {
      files: Array<{ accepted: { count: number; findings: Array<{ baseline: { reason: string } }> } }>;
    },
  };
}

describe('carecheck baseline', () => {
  it("records today's findings with reason, expiry and date, and never a value", async () => {
    const { data, base } = fresh();
    const r = await record('2026-01-01', data, base, '--author', 'Data team');
    expect(r.out).toMatch(
      /^Wrote .*base.json: 2 new entries — 2 errors and 0 warnings found today; new entries accepted until 2026-06-30\./,
    );
    expect(r.out).toMatch(/carries its own random salt: keep it inside the organisation/);
    const file = JSON.parse(readFileSync(base, 'utf8'));
    expect(file.carecheckBaseline).toBe(1);
    expect(file.key.type).toBe('salt');
    expect(file.entries).toHaveLength(2);
    expect(file.entries[0]).toMatchObject({
      rule: 'schema/maximum',
      field: 'age',
      reason: 'Known legacy records',
      expires: '2026-06-30',
      addedAt: '2026-01-01',
      addedBy: 'Data team',
      severity: 'error',
    });
    expect(Object.keys(file.entries[0]).sort()).toEqual(
      [
        'addedAt',
        'addedBy',
        'expires',
        'field',
        'file',
        'reason',
        'recordDigest',
        'recordRef',
        'rule',
        'severity',
      ].sort(),
    );
    // Fingerprints, the random salt and the temporary path are random text: '200' can occur in
    // them by chance (it did, in CI), so they are blanked before searching for the data's values.
    const text = readFileSync(base, 'utf8').replace(
      /"(recordRef|recordDigest|salt|file)": "[^"]*"/g,
      '"$1": ""',
    );
    for (const value of ['P001', 'P002', 'P003', 'Alice', 'Bob', '200']) expect(text).not.toContain(value);
  });

  it('adds to an existing register: entries in force keep their reason, the salt is kept', async () => {
    const { data, base } = fresh();
    await record('2026-01-01', data, base);
    const before = JSON.parse(readFileSync(base, 'utf8'));
    writeFileSync(data, `id,name,age\n${[...ROWS, 'P004,Dee,-1'].join('\n')}\n`);
    const r = await cli(
      '2026-01-02',
      'baseline',
      data,
      ...std,
      '--output',
      base,
      '--reason',
      'Second look',
      '--expires',
      '2026-09-30',
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Updated .*base.json: 1 new entry, 2 already there \(kept as they were\)/);
    const after = JSON.parse(readFileSync(base, 'utf8'));
    expect(after.key).toEqual(before.key);
    expect(after.entries.map((e: { reason: string }) => e.reason).sort()).toEqual([
      'Known legacy records',
      'Known legacy records',
      'Second look',
    ]);
  });

  it.each([
    [['--expires', '2026-06-30'], /needs --reason/],
    [['--reason', 'x'], /needs --expires yyyy-mm-dd/],
    [['--reason', 'x', '--expires', '30/06/2026'], /--expires takes a date written yyyy-mm-dd/],
    [['--reason', 'x', '--expires', '2026-02-30'], /--expires takes a date written yyyy-mm-dd/],
    [
      ['--reason', 'x', '--expires', '2025-12-31'],
      /--expires 2025-12-31 is in the past \(today is 2026-01-01\)/,
    ],
  ])('usage problems are exit 2: %j', async (extra, message) => {
    const { data, base } = fresh();
    const r = await cli('2026-01-01', 'baseline', data, ...std, '--output', base, ...extra);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('needs --output, and refuses to write over an input', async () => {
    const { data } = fresh();
    const none = await cli(
      '2026-01-01',
      'baseline',
      data,
      ...std,
      '--reason',
      'x',
      '--expires',
      '2026-06-30',
      '--no-config',
    );
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/needs --output BASELINE.json/);
    const over = await cli(
      '2026-01-01',
      'baseline',
      data,
      ...std,
      '--output',
      data,
      '--reason',
      'x',
      '--expires',
      '2026-06-30',
    );
    expect(over.code).toBe(2);
    expect(over.err).toMatch(/Refusing to write the baseline over the input file/);
    expect(readFileSync(data, 'utf8')).toMatch(/^id,name,age\n/);
  });
});

describe('validate --baseline', () => {
  it("accepts yesterday's findings (exit 0) and says so in one line of the text report", async () => {
    const { data, base } = fresh();
    await record('2026-01-01', data, base);
    const plain = await cli('2026-01-02', 'validate', data, ...std);
    expect(plain.code).toBe(1);
    const r = await cli('2026-01-02', 'validate', data, ...std, '--baseline', base);
    expect(r.code).toBe(0);
    expect(r.out).toContain('2 findings accepted by the baseline (listed in the JSON report)');
    expect(r.out).toMatch(/✔ Conformant to people@1.0.0: 0 errors/);
  });

  it('a new error still fails the run; accepted findings are listed apart in the JSON report', async () => {
    const { data, base } = fresh();
    await record('2026-01-01', data, base);
    writeFileSync(data, `id,name,age\n${[...ROWS, 'P004,Dee,-1'].join('\n')}\n`);
    const { code, report } = await json('2026-01-02', 'validate', data, ...std, '--baseline', base);
    expect(code).toBe(1);
    expect(report.summary).toMatchObject({ errors: 1, accepted: 2 });
    const file = report.files[0]!;
    expect(file.findings.map((f) => [f.record, f.rule])).toEqual([[4, 'schema/minimum']]);
    expect(file.accepted.count).toBe(2);
    expect(file.accepted.findings[0]?.baseline.reason).toBe('Known legacy records');
    expect(report.options['baseline']).toMatch(/base.json$/);
  });

  it('the Markdown report says how many were accepted', async () => {
    const { data, base } = fresh();
    await record('2026-01-01', data, base);
    const r = await cli('2026-01-02', 'validate', data, ...std, '--baseline', base, '--format', 'markdown');
    expect(r.out).toContain('> - 2 findings accepted by the baseline \\(listed in the JSON report\\)');
    expect(r.out).toMatch(/## ✅ Conforms/);
  });

  it('an expired entry no longer applies, and a notice says so', async () => {
    const { data, base } = fresh();
    await record('2026-01-01', data, base);
    expect((await cli('2026-06-30', 'validate', data, ...std, '--baseline', base)).code).toBe(0);
    const r = await cli('2026-07-01', 'validate', data, ...std, '--baseline', base);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      '2 baseline entries have expired (the earliest on 2026-06-30); 2 findings they covered count again',
    );
    // --today judges expiry too (what would happen on that day).
    expect(
      (await cli('2026-01-02', 'validate', data, ...std, '--baseline', base, '--today', '2026-07-01')).code,
    ).toBe(1);
  });

  it('a changed record no longer matches, even when the finding is the same', async () => {
    const { data, base } = fresh();
    await record('2026-01-01', data, base);
    writeFileSync(
      data,
      `id,name,age\n${['P001,Alice Smith,34', 'P002,Robert Jones,200', 'P003,,40'].join('\n')}\n`,
    );
    const { code, report } = await json('2026-01-02', 'validate', data, ...std, '--baseline', base);
    expect(code).toBe(1);
    expect(report.files[0]?.findings.map((f) => [f.record, f.field])).toEqual([[2, 'age']]);
    expect(report.summary).toMatchObject({ errors: 1, accepted: 1 });
    expect(report.notices).toContain(
      '1 baseline entry matches no finding (the record was fixed or has changed); remove it from the baseline',
    );
  });

  it('with a salted register, the report carries no record fingerprints', async () => {
    const { data, base } = fresh();
    await record('2026-01-01', data, base);
    writeFileSync(data, `id,name,age\n${[...ROWS, 'P004,Dee,-1'].join('\n')}\n`);
    const { report } = await json('2026-01-02', 'validate', data, ...std, '--baseline', base);
    const all = report.files.flatMap((f) => [
      ...f.findings,
      ...(f as unknown as { accepted: { findings: object[] } }).accepted.findings,
    ]);
    expect(all).toHaveLength(3);
    for (const f of all) expect(Object.keys(f)).not.toContain('recordRef');
  });

  it('counts stay exact and the cap applies after the baseline', async () => {
    const rows = [...ROWS, ...Array.from({ length: 5 }, (_, i) => `Q${i},Q,-1`)];
    const { data, base } = fresh(ROWS);
    await record('2026-01-01', data, base);
    writeFileSync(data, `id,name,age\n${rows.join('\n')}\n`);
    const { report } = await json(
      '2026-01-02',
      'validate',
      data,
      ...std,
      '--baseline',
      base,
      '--max-findings',
      '2',
    );
    expect(report.files[0]).toMatchObject({ errors: 5, truncated: true });
    expect(report.files[0]?.findings).toHaveLength(2);
    expect(report.options['maxFindings']).toBe(2);
  });

  it('with --pseudonymise: later runs need the same key; the report keeps the references', async () => {
    const { data, base } = fresh();
    await record('2026-01-01', data, base, '--pseudonymise', key);
    const file = JSON.parse(readFileSync(base, 'utf8'));
    expect(file.key.type).toBe('pseudonymise');
    expect(readFileSync(base, 'utf8')).not.toContain('k3y-material');
    writeFileSync(data, `id,name,age\n${[...ROWS, 'P004,Dee,-1'].join('\n')}\n`);
    const { code, report } = await json(
      '2026-01-02',
      'validate',
      data,
      ...std,
      '--baseline',
      base,
      '--pseudonymise',
      key,
    );
    expect(code).toBe(1);
    expect(report.files[0]?.findings[0]?.recordRef).toMatch(/^[0-9a-f]{16}$/);
    expect(report.options['pseudonymised']).toBe(true);
    const noKey = await cli('2026-01-02', 'validate', data, ...std, '--baseline', base);
    expect(noKey.code).toBe(2);
    expect(noKey.err).toMatch(/was made with --pseudonymise: give the same key file/);
    const wrong = await cli(
      '2026-01-02',
      'validate',
      data,
      ...std,
      '--baseline',
      base,
      '--pseudonymise',
      otherKey,
    );
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/The --pseudonymise key is not the one .*base.json was made with/);
  });

  it('a salted register with --pseudonymise is exit 2 with the way out', async () => {
    const { data, base } = fresh();
    await record('2026-01-01', data, base);
    const r = await cli('2026-01-02', 'validate', data, ...std, '--baseline', base, '--pseudonymise', key);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/was made without --pseudonymise \(it carries its own salt\)/);
  });

  it('a missing or malformed register is exit 2 naming the file and key path', async () => {
    const { data } = fresh();
    const missing = await cli('2026-01-02', 'validate', data, ...std, '--baseline', 'nope.json');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^carecheck: Cannot read the baseline nope.json: no such file\n/);
    const bad = t.write(
      'bad-base.json',
      JSON.stringify({
        carecheckBaseline: 1,
        key: { type: 'salt', salt: 'A'.repeat(44) },
        entries: [{ rule: 'x' }],
      }),
    );
    const r = await cli('2026-01-02', 'validate', data, ...std, '--baseline', bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad-base.json: 'entries\[0\].reason' must be a non-empty string/);
  });
});

describe('validate --baseline keeps the findings cap (matching happens while streaming)', () => {
  it('accepted findings are counted exactly and listed up to --max-findings', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `P${100 + i},Name ${i},999`);
    const { data, base } = fresh(rows);
    await record('2026-01-01', data, base);
    const { code, report } = await json(
      '2026-01-02',
      'validate',
      data,
      ...std,
      '--baseline',
      base,
      '--max-findings',
      '5',
    );
    expect(code).toBe(0);
    const file = report.files[0]!;
    expect(file.accepted.count).toBe(30);
    expect(file.accepted.findings).toHaveLength(5);
    expect(report.summary.errors).toBe(0);
  });
});
