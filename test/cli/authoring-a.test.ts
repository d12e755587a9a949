/**
 * In-process CLI tests for the authoring commands lint, test, infer and init: run(argv, memoryIo) →
 * exit code, stdout, stderr. Exit codes: 0 clean / passed, 1 problems found / a case failed, 2 usage.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { repoRoot, tempDir } from '../helpers/tmp.js';

const t = tempDir('carecheck-authoring-cli-');
const BROKEN = 'fixtures/authoring/broken/broken-draft/0.1.0';
const CLD_SAMPLE = 'fixtures/samples/asc-cld/cld-r2-sample.csv';

async function cli(...argv: string[]) {
  const io = memoryIo({ cwd: repoRoot, now: () => new Date('2026-11-23T09:30:00Z') });
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
}

function expectUsageError(r: { code: number; out: string; err: string }, message: RegExp) {
  expect(r.code).toBe(2);
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/\n\s+at /);
}

describe('carecheck lint', () => {
  it('the broken draft: exit 1, one line per problem with file:line, rule and pointer', async () => {
    const r = await cli('lint', BROKEN);
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    const lines = r.out.split('\n').filter((l) => l.includes('lint/'));
    expect(lines.map((l) => /schema\.json:(\d+) +(\w+) +(lint\/[a-z-]+)/.exec(l)?.slice(1))).toEqual([
      ['10', 'error', 'lint/unknown-format'],
      ['15', 'error', 'lint/ref'],
      ['23', 'error', 'lint/example'],
      ['29', 'error', 'lint/enum-duplicate'],
      ['35', 'error', 'lint/pattern-unsafe'],
    ]);
    expect(r.out).toMatch(/1 standard version linted: 5 errors, 0 warnings\n$/);
  });

  it('--format json', async () => {
    const r = await cli('lint', BROKEN, '--format', 'json');
    const data = JSON.parse(r.out) as {
      summary: unknown;
      results: Array<{ id: string; findings: Array<{ rule: string }> }>;
    };
    expect(data.summary).toEqual({ versions: 1, errors: 5, warnings: 0 });
    expect(data.results[0]?.id).toBe('broken-draft');
  });

  it('a clean standard by id: exit 0', async () => {
    const r = await cli('lint', 'dscr-mods-person');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1 standard version linted: 0 errors, 0 warnings/);
  });

  it('warnings alone do not fail (exit 0)', async () => {
    const dir = t.path('warn');
    expect((await cli('init', 'only-warnings', '--dir', dir)).code).toBe(0);
    // A README that says nothing about where the rules come from is a warning.
    writeFileSync(path.join(dir, 'only-warnings/0.1.0/README.md'), '# Notes\n');
    const r = await cli('lint', path.join(dir, 'only-warnings'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/README\.md:1 {2}warning {2}lint\/readme/);
    expect(r.out).toMatch(/0 errors, 1 warning\n$/);
  });

  it('--standards-dir with no arguments lints every version in it', async () => {
    const r = await cli('lint', '--standards-dir', 'fixtures/authoring/broken');
    expect(r.code).toBe(1);
    expect(r.out).toContain('broken-draft@0.1.0');
  });

  it.each([
    [['lint'], /No standard given/],
    [['lint', 'no-such-standard'], /Unknown standard 'no-such-standard'/],
    [['lint', 'asc-cld@9'], /No version of 'asc-cld' matches 'asc-cld@9'/],
    [['lint', './nowhere/1.0.0'], /No such folder/],
    [['lint', 'fixtures/samples'], /No standard found in fixtures\/samples/],
    [['lint', BROKEN, '--format', 'xml'], /argument 'xml' is invalid/],
  ])('%j → exit 2', async (argv, message) => {
    expectUsageError(await cli(...argv), message);
  });
});

describe('carecheck test', () => {
  it('a bundled standard: ✔ per case and a summary, exit 0', async () => {
    const r = await cli('test', 'asc-cld@2');
    expect(r.code).toBe(0);
    expect(r.out).toContain('asc-cld@2.0.0');
    expect(r.out).toMatch(/✔ valid\/code-lists\.csv/);
    expect(r.out).toMatch(/\n(\d+) passed, 0 failed in 1 standard version \(today = 2026-11-23\)\n$/);
  });

  it('--today moves $today: future-date rules then fire and cases fail (exit 1)', async () => {
    const r = await cli('test', 'asc-cld@2.0.0', '--today', '2020-01-01', '--failures-only');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✖ valid\/code-lists\.csv\n\s+\+ unexpected: cld\/future-date/);
    expect(r.out).not.toContain('✔');
  });

  it('a failing case shows missing and unexpected findings', async () => {
    const dir = t.path('fails');
    expect((await cli('init', 'will-fail', '--dir', dir)).code).toBe(0);
    const sidecar = path.join(dir, 'will-fail/0.1.0/fixtures/invalid/example.expected.json');
    writeFileSync(
      sidecar,
      JSON.stringify([
        { rule: 'schema/enum', record: 1, field: 'Status' },
        { rule: 'schema/format', record: 2, field: 'Reference' },
      ]),
    );
    const r = await cli('test', path.join(dir, 'will-fail'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('✔ valid/example.csv');
    expect(r.out).toContain('✖ invalid/example.csv');
    expect(r.out).toContain('- missing:    schema/format record 2 field Reference');
    expect(r.out).toMatch(/\+ unexpected: schema\/required record 2 field Reference \(error\)/);
    expect(r.out).toMatch(/1 passed, 1 failed/);
  });

  it('JUnit to a file, JSON to stdout', async () => {
    const out = t.path('reports/junit.xml');
    const r = await cli('test', 'dscr-mods-person', '--format', 'junit', '--output', out);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    const xml = readFileSync(out, 'utf8');
    expect(xml).toMatch(
      /<testsuite name="dscr-mods-person@1\.0\.0" tests="\d+" failures="0" errors="0" skipped="0">/,
    );
    expect(xml).toContain('<testcase classname="dscr-mods-person@1.0.0" name="valid/persons.json"/>');
    const json = JSON.parse((await cli('test', 'dscr-mods-person', '--format', 'json')).out) as {
      summary: { failed: number };
    };
    expect(json.summary.failed).toBe(0);
  });

  it('a standard that does not load fails (exit 1) and says why', async () => {
    const r = await cli('test', BROKEN);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✖ could not run: .*unknown format 'nhs-numbr'/);
  });

  it.each([
    [['test'], /No standard given/],
    [['test', 'asc-cld', '--today', '23/11/2026'], /--today takes a date written yyyy-mm-dd/],
    [['test', 'asc-cld', '--today', '2026-02-30'], /--today takes a date written yyyy-mm-dd/],
    [['test', 'asc-cld', '--format', 'tap'], /argument 'tap' is invalid/],
  ])('%j → exit 2', async (argv, message) => {
    expectUsageError(await cli(...argv), message);
  });
});

describe('carecheck init', () => {
  it('scaffolds, lints clean and passes its own fixtures (both kinds)', async () => {
    const dir = t.path('init');
    for (const kind of ['tabular', 'document']) {
      const id = `starter-${kind}`;
      const r = await cli('init', id, '--dir', dir, '--kind', kind);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(
        new RegExp(`Created .*${id}/0\\.1\\.0/ \\(draft ${kind} standard ${id}@0\\.1\\.0\\)`),
      );
      expect(existsSync(path.join(dir, id, 'CHANGELOG.md'))).toBe(true);
      expect((await cli('lint', path.join(dir, id, '0.1.0'))).out).toMatch(/no problems/);
      const tested = await cli('test', path.join(dir, id));
      expect(tested.code).toBe(0);
      expect(tested.out).toMatch(/2 passed, 0 failed/);
    }
    const manifest = readFileSync(path.join(dir, 'starter-tabular/0.1.0/standard.yaml'), 'utf8');
    expect(manifest).toMatch(/^status: draft$/m);
    expect(manifest).toMatch(/^effectiveFrom: "2026-11-23"$/m);
  });

  it('refuses to overwrite (exit 2), and refuses a bad id (exit 2)', async () => {
    const dir = t.path('init2');
    expect((await cli('init', 'once', '--dir', dir)).code).toBe(0);
    expectUsageError(
      await cli('init', 'once', '--dir', dir),
      /already exists: carecheck will not overwrite it/,
    );
    expectUsageError(await cli('init', 'Not_Kebab', '--dir', dir), /'Not_Kebab' is not a valid standard id/);
    expectUsageError(
      await cli('init', 'x', '--dir', dir, '--kind', 'spreadsheet'),
      /argument 'spreadsheet' is invalid/,
    );
    expectUsageError(await cli('init'), /missing required argument 'id'/);
  });
});

describe('carecheck infer', () => {
  it('acceptance: the CLD sample → a draft that lints clean, passes its fixtures and accepts the sample', async () => {
    const out = t.path('drafts');
    const r = await cli(
      'infer',
      CLD_SAMPLE,
      '--output',
      out,
      '--id',
      'cld-draft',
      '--title',
      'CLD as exported',
    );
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(
      /Drafted cld-draft@0\.1\.0 \(draft, tabular\) in .*cld-draft\/0\.1\.0\/ from 40 records:/,
    );
    expect(r.out).toMatch(/NHS Number +string \(nhs-number\) +optional +direct-identifier/);
    expect(r.out).toMatch(/Client Type +string \(3 codes\) +required +none/);
    // The summary names fields, never values: the sample's first person is Gareth Okafor, PE11 2JG.
    expect(r.out).not.toMatch(/Gareth|Okafor|PE11 2JG|9991126481/);
    const lint = await cli('lint', path.join(out, 'cld-draft/0.1.0'));
    expect(lint.code).toBe(0);
    expect(lint.out).toMatch(/no problems/);
    const tested = await cli('test', path.join(out, 'cld-draft/0.1.0'));
    expect(tested.code).toBe(0);
    const validated = await cli(
      'validate',
      CLD_SAMPLE,
      '--standards-dir',
      out,
      '--standard',
      'cld-draft@0.1.0',
      '--format',
      'json',
    );
    expect(validated.code).toBe(0);
    expect(JSON.parse(validated.out)).toMatchObject({
      valid: true,
      summary: { records: 40, errors: 0, warnings: 0 },
    });
  });

  it('--sample-rows reads only the first records', async () => {
    const r = await cli('infer', CLD_SAMPLE, '--output', t.path('drafts2'), '--sample-rows', '5');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Drafted cld-r2-sample@0\.1\.0 .* from 5 records \(stopped at --sample-rows\)/);
  });

  it.each([
    [['infer', CLD_SAMPLE], /required option '-o, --output <folder>' not specified/],
    [['infer', 'nope.csv', '--output', 'x'], /Cannot read .*nope\.csv: no such file/],
    [
      ['infer', CLD_SAMPLE, '--output', 'x', '--sample-rows', '0'],
      /--sample-rows takes a whole number of at least 1/,
    ],
    [['infer', CLD_SAMPLE, '--output', 'x', '--id', 'Bad Id'], /'Bad Id' is not a valid standard id/],
    [['infer', 'README.md', '--output', 'x'], /Cannot tell the format/],
  ])('%j → exit 2', async (argv, message) => {
    expectUsageError(await cli(...argv), message);
  });

  it('refuses to overwrite a draft (exit 2)', async () => {
    const out = t.path('drafts3');
    expect((await cli('infer', CLD_SAMPLE, '--output', out)).code).toBe(0);
    expectUsageError(await cli('infer', CLD_SAMPLE, '--output', out), /already exists/);
  });
});

describe('help', () => {
  it.each(['lint', 'test', 'infer', 'init'])('%s --help exits 0 and shows examples', async (cmd) => {
    const r = await cli(cmd, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Example/);
  });
});
