/**
 * The integration files: action.yml (composite GitHub Action), the example workflow and
 * .pre-commit-hooks.yaml. Their YAML is read with the project's YAML parser and checked for shape,
 * and the action's shell steps are RUN with bash the way a runner would (inputs through environment
 * variables, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / RUNNER_TEMP files), against the real CLI:
 * the step summary gets the Markdown report, SARIF is written, the exit code is carecheck's
 * (warnings alone pass, errors fail), globs and paths with spaces work, and input text cannot run
 * shell code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { repoRoot, tempDir } from '../helpers/tmp.js';
import { ensureBuilt } from './bin.js';

const t = tempDir('carecheck-action-');
const hasBash = process.platform !== 'win32' && spawnSync('bash', ['--version']).status === 0;

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

/** A GitHub Actions expression as written in YAML: gh('x') is the text dollar, {{ x }}. */
const gh = (expr: string) => `\${{ ${expr} }}`;

const actionText = readFileSync(path.join(repoRoot, 'action.yml'), 'utf8');
const action = parseYaml(actionText) as Action;
const stepNamed = (id: string) => {
  const s = action.runs.steps.find((x) => x.id === id || x.name === id);
  if (!s) throw new Error(`no step ${id}`);
  return s;
};

describe('action.yml: shape', () => {
  it('is a composite action with the documented inputs and outputs', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining([
        'files',
        'standard',
        'standards-dir',
        'config',
        'fail-on',
        'sarif',
        'markdown-summary',
        'version',
        'working-directory',
      ]),
    );
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).not.toBe('');
      expect(input.required ?? false, name).toBe(false);
    }
    expect(Object.keys(action.outputs)).toEqual(['exit-code', 'sarif-file', 'summary-file']);
  });

  it('every input used is declared and every declared input is used', () => {
    const used = new Set([...actionText.matchAll(/\binputs\.([\w-]+)/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual(Object.keys(action.inputs).sort());
  });

  it('shell steps take inputs only through env (no GitHub expression inside a script: no injection)', () => {
    const scripts = action.runs.steps.filter((s) => s.run !== undefined);
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const s of scripts) {
      expect(s.shell, s.name).toBe('bash');
      expect(s.run, s.name).not.toContain(gh('').slice(0, 3));
    }
  });

  it('uploads SARIF with codeql-action only when a SARIF file was written, then exits with the CLI code', () => {
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.if).toBe("steps.run.outputs.sarif-file != ''");
    expect(upload?.with?.['sarif_file']).toBe(gh('steps.run.outputs.sarif-file'));
    const last = action.runs.steps.at(-1);
    expect(last?.env?.['CC_EXIT_CODE']).toBe(gh('steps.run.outputs.exit-code'));
    expect(action.runs.steps.indexOf(upload as Step)).toBeLessThan(action.runs.steps.length - 1);
  });
});

/** `${{ inputs.x }}` and `${{ github.action_path }}` / `${{ steps.run.outputs.x }}` as a runner would fill them. */
function expand(value: string, inputs: Record<string, string>, outputs: Record<string, string> = {}): string {
  return value.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, expr: string) => {
    if (expr.startsWith('inputs.')) {
      const name = expr.slice(7);
      return inputs[name] ?? action.inputs[name]?.default ?? '';
    }
    if (expr === 'github.action_path') return repoRoot;
    if (expr.startsWith('steps.run.outputs.')) return outputs[expr.slice(18)] ?? '';
    throw new Error(`unexpected expression ${expr}`);
  });
}

interface ActionRun {
  exitCode: number | null;
  outputs: Record<string, string>;
  summary: string;
  log: string;
  finalExit: number | null;
  finalLog: string;
}

let runCount = 0;

/** Runs the action's steps (not the `uses:` ones) in `workdir` with the given inputs. */
function runAction(workdir: string, inputs: Record<string, string>): ActionRun {
  const n = ++runCount;
  const runnerTemp = t.path(`runner-${n}/temp`);
  mkdirSync(runnerTemp, { recursive: true });
  const outputFile = t.path(`runner-${n}/output`);
  const summaryFile = t.path(`runner-${n}/summary.md`);
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const step = stepNamed('run');
  const baseEnv = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? t.dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: runnerTemp,
    NO_COLOR: '1',
  };
  const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v, inputs)]));
  const cwd = path.resolve(workdir, expand(step['working-directory'] ?? '.', inputs));
  const r = spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', step.run ?? ''], {
    cwd,
    env: { ...baseEnv, ...env },
    encoding: 'utf8',
  });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const last = action.runs.steps.at(-1) as Step;
  const lastEnv = Object.fromEntries(
    Object.entries(last.env ?? {}).map(([k, v]) => [k, expand(v, inputs, outputs)]),
  );
  const f = spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', last.run ?? ''], {
    env: { ...baseEnv, ...lastEnv },
    encoding: 'utf8',
  });
  return {
    exitCode: r.status,
    outputs,
    summary: readFileSync(summaryFile, 'utf8'),
    log: r.stdout + r.stderr,
    finalExit: f.status,
    finalLog: f.stdout + f.stderr,
  };
}

describe.skipIf(!hasBash)('action.yml: the steps run against the real CLI', () => {
  const work = t.path('repo');
  const sample = readFileSync(path.join(repoRoot, 'fixtures/samples/asc-cld/cld-r2-sample.csv'), 'utf8');
  const errors = readFileSync(path.join(repoRoot, 'fixtures/samples/asc-cld/cld-r2-errors.csv'), 'utf8');
  // The clean sample with a trailing space after one First Name: one warning, no error.
  const lines = sample.split('\n');
  const header = (lines[0] ?? '').split(',');
  const fn = header.indexOf('First Name');
  const warnRow = (lines[1] ?? '').split(',');
  warnRow[fn] = `${warnRow[fn]} `;
  const warningsOnly = [lines[0], warnRow.join(','), ...lines.slice(2)].join('\n');

  beforeAll(() => {
    ensureBuilt();
    t.write('repo/exports/clean.csv', sample);
    t.write('repo/exports/q3/CLD Q3 2026.csv', sample);
    t.write('repo/bad/errors.csv', errors);
    t.write('repo/warn/warnings.csv', warningsOnly);
  }, 180_000);

  it('errors: exit code 1 after the summary and SARIF are written', () => {
    const r = runAction(work, {
      files: 'bad/errors.csv',
      standard: 'asc-cld@2',
      sarif: 'reports/carecheck.sarif',
    });
    expect(r.exitCode, r.log).toBe(0);
    expect(r.outputs['exit-code']).toBe('1');
    expect(r.summary).toMatch(/^## ❌ Does not conform to `asc-cld@2\.0\.0`/);
    expect(r.log).toContain('✖ Not conformant to asc-cld@2.0.0: 10 errors, 1 warning');
    const sarifFile = r.outputs['sarif-file'] ?? '';
    expect(sarifFile).toBe(path.join(work, 'reports/carecheck.sarif'));
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as {
      version: string;
      runs: Array<{ results: unknown[] }>;
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results).toHaveLength(11);
    expect(r.finalExit).toBe(1);
    expect(r.finalLog).toContain('::error title=carecheck::not conformant');
  });

  it('warnings only: passes with fail-on error, fails with fail-on warning', () => {
    const pass = runAction(work, { files: 'warn/warnings.csv', standard: 'asc-cld@2' });
    expect(pass.outputs['exit-code'], pass.log).toBe('0');
    expect(pass.summary).toMatch(/^## ✅ Conforms to/);
    expect(pass.summary).toContain('1 warning');
    expect(pass.outputs['sarif-file']).toBeUndefined();
    expect(pass.finalExit).toBe(0);
    const fail = runAction(work, { files: 'warn/warnings.csv', standard: 'asc-cld@2', 'fail-on': 'warning' });
    expect(fail.outputs['exit-code']).toBe('1');
    expect(fail.finalExit).toBe(1);
  });

  it('globs (** and paths with spaces), several lines, working-directory', () => {
    const r = runAction(t.dir, {
      'working-directory': 'repo',
      files: '  exports/**/*.csv  \n\nbad/errors.csv\n',
      standard: 'asc-cld@2',
      'markdown-summary': 'false',
    });
    expect(r.outputs['exit-code'], r.log).toBe('1');
    expect(r.summary).toBe('');
    expect(r.log).toContain('exports/q3/CLD Q3 2026.csv');
    expect(r.log).toContain('exports/clean.csv');
    expect(r.log).toContain('(3 files, 120 records)');
  });

  it('config: files and standard from carecheck.config.yaml, its failOn kept (fail-on left empty)', () => {
    t.write(
      'repo/config/carecheck.config.yaml',
      ['inputs:', '  - files: "../warn/*.csv"', '    standard: asc-cld@2', 'failOn: warning', ''].join('\n'),
    );
    const strict = runAction(work, { config: 'config/carecheck.config.yaml' });
    expect(strict.outputs['exit-code'], strict.log).toBe('1');
    expect(strict.log).toContain('warnings.csv');
    const relaxed = runAction(work, { config: 'config/carecheck.config.yaml', 'fail-on': 'error' });
    expect(relaxed.outputs['exit-code'], relaxed.log).toBe('0');
  });

  it('problems are exit code 2 with an error annotation: no match, bad fail-on, bad version, unknown standard', () => {
    const noMatch = runAction(work, { files: 'nothing/*.csv', standard: 'asc-cld@2' });
    expect(noMatch.outputs['exit-code']).toBe('2');
    expect(noMatch.log).toContain("::error title=carecheck::no file matches 'nothing/*.csv'");
    expect(noMatch.finalExit).toBe(2);
    const failOn = runAction(work, {
      files: 'bad/errors.csv',
      standard: 'asc-cld@2',
      'fail-on': 'sometimes',
    });
    expect(failOn.outputs['exit-code']).toBe('2');
    const version = runAction(work, {
      files: 'bad/errors.csv',
      standard: 'asc-cld@2',
      version: 'latest; rm -rf /',
    });
    expect(version.outputs['exit-code']).toBe('2');
    expect(version.log).toContain("version must be 'local' or an exact version");
    const unknown = runAction(work, { files: 'bad/errors.csv', standard: 'no-such-standard' });
    expect(unknown.outputs['exit-code']).toBe('2');
    expect(unknown.log).toContain("Unknown standard 'no-such-standard'");
    expect(unknown.summary).toContain('carecheck could not run (exit code 2)');
    expect(unknown.finalExit).toBe(2);
  });

  it('input text is data, never shell code', () => {
    const marker = t.path('pwned');
    const r = runAction(work, {
      files: `exports/clean.csv\n$(touch ${marker})\n\`touch ${marker}\``,
      standard: `asc-cld@2$(touch ${marker})`,
      args: `--suppress-below 5 ; touch ${marker}`,
    });
    expect(r.outputs['exit-code']).toBe('2');
    expect(existsSync(marker)).toBe(false);
  });

  it('extra args reach the CLI; --show-values gets a warning annotation', () => {
    const r = runAction(work, {
      files: 'bad/errors.csv',
      standard: 'asc-cld@2',
      args: '--suppress-below 5 --show-values',
    });
    expect(r.outputs['exit-code']).toBe('1');
    expect(r.summary).toContain('<5 warnings');
    expect(r.log).toContain('::warning title=carecheck::--show-values');
  });
});

describe('.github/workflows/carecheck-example.yml', () => {
  const wf = parseYaml(
    readFileSync(path.join(repoRoot, '.github/workflows/carecheck-example.yml'), 'utf8'),
  ) as {
    on: { pull_request: { paths: string[] } };
    permissions: Record<string, string>;
    jobs: Record<string, { permissions: Record<string, string>; steps: Step[] }>;
  };

  it('runs on pull requests that touch data, uses this action, and is labelled as an example', () => {
    expect(wf.on.pull_request.paths.length).toBeGreaterThan(0);
    expect(wf.permissions).toEqual({ contents: 'read' });
    const job = Object.values(wf.jobs)[0];
    expect(job?.permissions['security-events']).toBe('write');
    const step = job?.steps.find((s) => s.uses === './');
    expect(step?.with?.['standard']).toBeTruthy();
    for (const key of Object.keys(step?.with ?? {})) expect(Object.keys(action.inputs)).toContain(key);
    const files = (step?.with?.['files'] ?? '').split('\n').filter((l) => l.trim());
    for (const f of files) expect(existsSync(path.join(repoRoot, f.trim())), f).toBe(true);
    expect(readFileSync(path.join(repoRoot, '.github/workflows/carecheck-example.yml'), 'utf8')).toMatch(
      /^# EXAMPLE/,
    );
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parseYaml(readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{
    id: string;
    entry: string;
    language: string;
    files: string;
    pass_filenames: boolean;
    args: string[];
  }>;
  const hook = hooks.find((h) => h.id === 'carecheck');

  it('declares a node hook running carecheck validate on data files, one run per batch of file names', () => {
    expect(hook).toMatchObject({ entry: 'carecheck validate', language: 'node', pass_filenames: true });
    expect(Array.isArray(hook?.args)).toBe(true);
    const re = new RegExp(hook?.files ?? '^$');
    for (const f of ['exports/cld.csv', 'a.tsv', 'people.json', 'x.jsonl', 'y.ndjson', 'z.yaml', 'w.yml']) {
      expect(re.test(f), f).toBe(true);
    }
    for (const f of ['notes.txt', 'report.csv.bak', 'data.xlsx', 'yaml.md'])
      expect(re.test(f), f).toBe(false);
  });

  it('the entry, with a standard and file names appended as pre-commit does, gives the CLI exit code', () => {
    ensureBuilt();
    const bin = path.join(repoRoot, 'bin', 'carecheck.js');
    const [, sub] = (hook?.entry ?? '').split(' ');
    const runHook = (...files: string[]) =>
      spawnSync(
        process.execPath,
        [bin, sub ?? '', ...(hook?.args ?? []), '--standard', 'asc-cld@2', ...files],
        {
          cwd: repoRoot,
          encoding: 'utf8',
        },
      ).status;
    expect(runHook('fixtures/samples/asc-cld/cld-r2-sample.csv')).toBe(0);
    expect(
      runHook('fixtures/samples/asc-cld/cld-r2-sample.csv', 'fixtures/samples/asc-cld/cld-r2-errors.csv'),
    ).toBe(1);
  });
});
