/**
 * A few spawned runs of the real bin/carecheck.js: what a user types and a pipeline sees (exit code,
 * stdout, stderr, files). Everything else about the CLI is tested in-process (test/cli).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.js';
import { repoRoot, tempDir } from '../helpers/tmp.js';
import { BIN, carecheck, ensureBuilt, STACK_TRACE } from './bin.js';

const t = tempDir('carecheck-e2e-');
const ERRORS = 'fixtures/samples/asc-cld/cld-r2-errors.csv';
const CLEAN = 'fixtures/samples/asc-cld/cld-r2-sample.csv';

beforeAll(() => ensureBuilt(), 180_000);

describe('README quick start', () => {
  it('the error sample: exit 1, findings by rule, the verdict line, nothing on stderr', () => {
    const r = carecheck(['validate', ERRORS, '--standard', 'asc-cld@2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('schema/format');
    expect(r.stdout).toContain('record 3, line 4, field NHS Number');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      '✖ Not conformant to asc-cld@2.0.0: 10 errors, 1 warning (1 file, 40 records)',
    );
  });

  it('the clean sample: exit 0', () => {
    const r = carecheck(['validate', CLEAN, '--standard', 'asc-cld@2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✔ Conformant to asc-cld@2\.0\.0: 0 errors, 0 warnings/);
  });
});

it('standard input: `-` with --input-format csv reads the same data as the file', () => {
  const bytes = readFileSync(path.join(repoRoot, ERRORS));
  const r = carecheck(
    ['validate', '-', '--input-format', 'csv', '--standard', 'asc-cld@2', '--format', 'json'],
    {
      input: bytes,
    },
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as Report;
  expect(report.files[0]?.path).toBe('<stdin>');
  expect(report.summary).toMatchObject({ records: 40, errors: 10, warnings: 1 });
});

describe('problems: exit 2 and a plain line, never a stack trace', () => {
  it('a missing input file', () => {
    const r = carecheck(['validate', 'no/such/file.csv', '--standard', 'asc-cld@2']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('carecheck: Cannot read no/such/file.csv: no such file\n');
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('an unknown option', () => {
    const r = carecheck(['validate', CLEAN, '--standard', 'asc-cld@2', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("carecheck: unknown option '--bogus'");
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('--help: exit 0, usage and exit codes on stdout', () => {
    const r = carecheck(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: carecheck /);
    expect(r.stdout).toContain('Exit codes: 0 conformant, 1 not conformant, 2');
    expect(carecheck(['validate', '--help']).code).toBe(0);
  });
});

describe('--output writes atomically', () => {
  it('replaces the file by rename (new inode), leaves no temporary file, and is readable only by the owner', () => {
    const dir = path.join(t.dir, 'out');
    const target = t.write('out/report.json', 'an old report that must be replaced whole\n');
    const before = statSync(target).ino;
    const r = carecheck([
      'validate',
      ERRORS,
      '--standard',
      'asc-cld@2',
      '--format',
      'json',
      '--output',
      target,
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(target, 'utf8')) as Report;
    expect(report.summary.errors).toBe(10);
    expect(statSync(target).ino).not.toBe(before);
    expect(readdirSync(dir)).toEqual(['report.json']);
    if (process.platform !== 'win32') expect(statSync(target).mode & 0o077).toBe(0);
  });

  it('creates missing folders, and --format NAME=FILE writes the same way', () => {
    const md = t.path('deep/er/summary.md');
    const r = carecheck([
      'validate',
      CLEAN,
      '--standard',
      'asc-cld@2',
      '--format',
      'text',
      '--format',
      `markdown=${md}`,
    ]);
    expect(r.code).toBe(0);
    expect(readFileSync(md, 'utf8')).toMatch(/^## ✅ Conforms to/);
    expect(readdirSync(path.dirname(md))).toEqual(['summary.md']);
  });

  it('refuses to write over an input file (exit 2, input untouched)', () => {
    const input = t.write('in/data.csv', readFileSync(path.join(repoRoot, CLEAN)));
    const r = carecheck(['validate', input, '--standard', 'asc-cld@2', '--output', input]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^carecheck: Refusing to write the text report over the input file/);
    expect(readFileSync(input)).toEqual(readFileSync(path.join(repoRoot, CLEAN)));
  });
});

it('a reader that stops early (`carecheck … | head -1`): no stack trace, no error message', async () => {
  // Several megabytes of JSON: far more than a pipe holds, so writes hit a closed pipe (EPIPE).
  const { cldRows } = (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'gen-cld.js')).href)) as {
    cldRows: (o: { rows: number; seed: number; release: number }) => Iterable<string>;
  };
  const big = path.join(t.dir, 'r1-as-r2.csv');
  writeFileSync(big, `${[...cldRows({ rows: 3000, seed: 3, release: 1 })].join('\n')}\n`);
  const child = spawn(
    process.execPath,
    [BIN, 'validate', big, '--standard', 'asc-cld@2', '--max-findings', '0', '--format', 'json'],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => {
    stderr += s;
  });
  let firstChunk = '';
  child.stdout.once('data', (chunk: Buffer) => {
    firstChunk = chunk.toString('utf8');
    child.stdout.destroy();
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  );
  expect(firstChunk.startsWith('{')).toBe(true);
  expect(stderr).toBe('');
  expect(signal).toBeNull();
  expect([0, 1]).toContain(code);
});
