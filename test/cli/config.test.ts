/**
 * carecheck.config.yaml end to end, in-process: discovery from the working folder upwards, a bare
 * `carecheck validate` running every mapping, command-line options overriding the file, and schema
 * errors as exit 2 naming the file and key path.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import type { Report } from '../../src/report/types.js';
import { repoRoot, tempDir, writePeopleStandard } from '../helpers/tmp.js';

const t = tempDir();

writePeopleStandard(t, 'proj/standards');
t.write(
  'proj/schemas/visit.schema.json',
  JSON.stringify({ type: 'object', required: ['visit'], properties: { visit: { type: 'string' } } }),
);
t.write('proj/exports/people_q1.csv', 'id,name,age\nP001,Alice Smith,34\nP002,Bob Jones,200\n');
t.write('proj/exports/people_q2.csv', 'id,name,age\nP003,Cy Young,40\n');
t.write('proj/exports/notes.txt', 'not data');
t.write('proj/visits/a.jsonl', '{"visit":"v1"}\n{"visit":"v2"}\n');
t.write('proj/sub/keep.txt', '');
t.write('proj/keys/pseudo.key', 'k3y-material-0123456789abcdef0123\n');

const BASE_CONFIG = `# carecheck.config.yaml (test)
standardsDirs: [standards]
inputs:
  - files: exports/people_*.csv
    standard: people
  - files: [visits/*.jsonl]
    schema: schemas/visit.schema.json
`;
t.write('proj/carecheck.config.yaml', BASE_CONFIG);

/** A project folder of its own, with this configuration (the shared data and standards are reused). */
let n = 0;
function project(config: string): string {
  n++;
  const dir = t.path(`p${n}`);
  t.write(`p${n}/carecheck.config.yaml`, config.replaceAll('standards]', '../proj/standards]'));
  return dir;
}

async function cli(cwd: string, ...argv: string[]) {
  const io = memoryIo({ now: () => new Date('2026-01-01T00:00:00Z'), cwd });
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('a bare carecheck validate runs every mapping of the configuration', () => {
  it('found from a sub-folder; one report per mapping in sequence; the exit code is the worst', async () => {
    const r = await cli(t.path('proj/sub'), 'validate');
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    const reports = r.out.split(/\n(?=carecheck \d)/);
    expect(reports).toHaveLength(2);
    expect(reports[0]).toMatch(/people@1.0.0/);
    expect(reports[0]).toContain('../exports/people_q1.csv');
    expect(reports[0]).toContain('../exports/people_q2.csv');
    expect(reports[0]).not.toContain('notes.txt');
    expect(reports[1]).toMatch(/visit.schema.json/);
    expect(reports[1]).toContain('../visits/a.jsonl');
    expect(r.out).toMatch(/Overall: not conformant \(1 of 2 reports has errors\)\n$/);
  });

  it('report files get the mapping in their name; JSON to the terminal is refused with several reports', async () => {
    const dir = project(
      `${BASE_CONFIG.replaceAll('exports/', '../proj/exports/').replaceAll('visits/', '../proj/visits/').replaceAll('schemas/', '../proj/schemas/')}formats: [text, {json: reports/carecheck.json}]\n`,
    );
    const r = await cli(dir, 'validate');
    expect(r.code).toBe(1);
    const people = JSON.parse(
      readFileSync(path.join(dir, 'reports/carecheck.people.json'), 'utf8'),
    ) as Report;
    const visits = JSON.parse(readFileSync(path.join(dir, 'reports/carecheck.visit.json'), 'utf8')) as Report;
    expect(people.standard?.id).toBe('people');
    expect(people.files.map((f) => f.path)).toEqual([
      '../proj/exports/people_q1.csv',
      '../proj/exports/people_q2.csv',
    ]);
    expect(visits.valid).toBe(true);
    expect(existsSync(path.join(dir, 'reports/carecheck.json'))).toBe(false);
    const refused = await cli(dir, 'validate', '--format', 'json');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(
      /makes 2 reports \(one per standard\): give the json report a file, --format json=FILE/,
    );
  });

  it('files named on the command line take the standard of the mapping they match', async () => {
    const r = await cli(t.path('proj'), 'validate', 'exports/people_q2.csv', '--format', 'json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as Report;
    expect(report.standard?.id).toBe('people');
    expect(report.files.map((f) => f.path)).toEqual(['exports/people_q2.csv']);
    const none = await cli(t.path('proj'), 'validate', 'exports/notes.txt');
    expect(none.code).toBe(2);
    expect(none.err).toMatch(
      /No standard for exports\/notes.txt: it matches no 'inputs' entry of carecheck.config.yaml/,
    );
  });

  it('a pattern that matches nothing is exit 2', async () => {
    const dir = project('inputs:\n  - files: nothing/*.csv\n    standard: people\n');
    const r = await cli(dir, 'validate');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /carecheck.config.yaml: 'inputs\[0\].files' pattern 'nothing\/\*.csv' matches no files/,
    );
  });

  it('no files and no configuration is exit 2 with a hint', async () => {
    const r = await cli(t.path('proj/sub'), 'validate', '--no-config');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/No input files given/);
  });
});

describe('settings from the configuration, overridden by the command line', () => {
  const people = '../proj/exports/people_q1.csv';
  const config = `standardsDirs: [standards]
inputs:
  - files: ${people}
    standard: people
failOn: never
maxFindings: 1
formats: [json]
privacy:
  pseudonymise: ../proj/keys/pseudo.key
  suppressBelow: 5
`;

  it('the configuration sets failOn, maxFindings, formats and privacy options (paths relative to it)', async () => {
    const dir = project(config);
    const r = await cli(t.path('proj/sub'), 'validate', '--config', path.join(dir, 'carecheck.config.yaml'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as Report;
    expect(report.options).toMatchObject({
      failOn: 'never',
      maxFindings: 1,
      suppressBelow: 5,
      pseudonymised: true,
    });
    expect(report.files[0]?.findings[0]?.recordRef).toMatch(/^[0-9a-f]{16}$/);
  });

  it('command-line options win', async () => {
    const dir = project(config);
    const r = await cli(dir, 'validate', '--fail-on', 'error', '--format', 'text', '--suppress-below', '0');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✖ Not conformant to people@1.0.0: 1 error/);
    const j = await cli(dir, 'validate', '--max-findings', '0', '--standard', 'people');
    expect((JSON.parse(j.out) as Report).options['maxFindings']).toBe(0);
  });

  it('--no-config ignores a configuration, even a broken one', async () => {
    const dir = project('formts: [text]\n');
    const r = await cli(
      dir,
      'validate',
      path.join(t.path('proj'), 'exports/people_q2.csv'),
      '--standard',
      'people',
      '--standards-dir',
      t.path('proj/standards'),
      '--no-config',
    );
    expect(r.code).toBe(0);
  });
});

describe('configuration errors are exit 2 naming the file and key path', () => {
  it.each([
    ['formts: [text]\n', "carecheck.config.yaml: unknown key 'formts'"],
    [
      'inputs:\n  - files: a.csv\n    standrd: people\n',
      "carecheck.config.yaml: unknown key 'inputs[0].standrd'",
    ],
    ['failOn: sometimes\n', "carecheck.config.yaml: 'failOn' must be one of error, warning, never"],
    ['privacy:\n  suppressBelow: -2\n', "carecheck.config.yaml: 'privacy.suppressBelow' must be 0 or more"],
    ['inputs: [\n', 'carecheck.config.yaml (line 2) is not valid YAML'],
  ])('%j', async (text, message) => {
    const dir = project(text);
    const r = await cli(dir, 'validate');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`carecheck: ${message}`);
    expect(r.err.trimEnd().split('\n').length).toBeLessThanOrEqual(2);
  });

  it('--config naming a missing file is exit 2', async () => {
    const r = await cli(t.dir, 'validate', '--config', 'nope.yaml');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^carecheck: Cannot read the configuration nope.yaml: no such file\n$/);
  });
});

describe('baseline with a configuration', () => {
  it('carecheck baseline writes to the configured baseline, validate uses it', async () => {
    const dir = project(`standardsDirs: [standards]
inputs:
  - files: ../proj/exports/people_*.csv
    standard: people
baseline: carecheck-baseline.json
`);
    const b = await cli(dir, 'baseline', '--reason', 'Known', '--expires', '2026-12-31');
    expect(b.err).toBe('');
    expect(b.code).toBe(0);
    expect(existsSync(path.join(dir, 'carecheck-baseline.json'))).toBe(true);
    const r = await cli(dir, 'validate');
    expect(r.code).toBe(0);
    expect(r.out).toContain('1 finding accepted by the baseline (listed in the JSON report)');
  });
});

describe('the example configuration in examples/', () => {
  it('is valid and, with its baseline, accepts the planted errors of the samples', async () => {
    const base = JSON.parse(readFileSync(path.join(repoRoot, 'examples/carecheck-baseline.json'), 'utf8'));
    // Rules that compare with today (future dates, ages) are judged on the day the baseline was made.
    const day: string = base.entries[0].addedAt;
    const r = await cli(repoRoot, 'validate', '--config', 'examples/carecheck.config.yaml', '--today', day);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/[0-9]+ findings accepted by the baseline \(listed in the JSON report\)/);
    expect(r.out).toMatch(/Overall: conformant \(2 reports\)/);
    const plain = await cli(
      repoRoot,
      'validate',
      '--config',
      'examples/carecheck.config.yaml',
      '--today',
      day,
      '--baseline',
      t.write('empty-base.json', JSON.stringify({ carecheckBaseline: 1, key: base.key, entries: [] })),
    );
    expect(plain.code).toBe(1);
  });
});
