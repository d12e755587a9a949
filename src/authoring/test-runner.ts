/**
 * `carecheck test`: run a standard version's fixtures like a test suite.
 *
 *   fixtures/valid/<case>.<ext>          must give zero findings (and at least one record)
 *   fixtures/invalid/<case>.<ext>        must give exactly the findings in <case>.expected.json
 *   fixtures/{valid,invalid}/<case>/     a multi-file case (datasets); the sidecar is expected.json
 *
 * Matching (the contract in standards/README.md): `rule`, `record` and `field` always; `severity`,
 * `line` and `file` (relative to a folder case) when the expectation gives them. Expectations and
 * findings are matched as multisets: each finding satisfies at most one expectation.
 *
 * "Today" is pinned (FIXTURE_TODAY unless told otherwise) so rules about future dates give the same
 * answer on any day. Reporting is pure: results in, text / JUnit XML / JSON out.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ChalkInstance } from 'chalk';
import { Chalk } from 'chalk';
import { compileSchema, createAjv, draftOf } from '../engine/ajv.js';
import { todayDayNumber } from '../engine/dates.js';
import { resolveTarget, validate } from '../engine/validate.js';
import { isCarecheckError } from '../errors.js';
import type { Finding, Severity } from '../report/types.js';
import { xmlAttr, xmlEscape } from '../reporters/util.js';
import type { VersionTarget } from './targets.js';

/** The date `$today` means in fixture runs unless `--today` says otherwise. */
export const FIXTURE_TODAY = '2026-11-23';

export function fixtureToday(day: string = FIXTURE_TODAY): Date {
  return new Date(`${day}T00:00:00Z`);
}

/** One expected finding of a sidecar. */
export interface ExpectedFinding {
  rule: string;
  record?: number | null;
  field?: string | null;
  severity?: Severity;
  line?: number | null;
  file?: string;
}

export interface FixtureCase {
  kind: 'valid' | 'invalid';
  /** File or folder name under fixtures/valid or fixtures/invalid. */
  name: string;
  /** Input files, in name order. */
  inputs: string[];
  /** The case folder for a multi-file case; null for a single file. */
  caseDir: string | null;
  /** Sidecar path, when there is one. */
  expected?: string;
}

const IGNORED = (name: string) => name.startsWith('.') || name.toLowerCase().endsWith('.md');

/** The cases of one fixtures/valid or fixtures/invalid folder, in name order. */
export function casesIn(dir: string, kind: FixtureCase['kind']): FixtureCase[] {
  if (!existsSync(dir)) return [];
  const out: FixtureCase[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (IGNORED(name)) continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      const files = readdirSync(p)
        .filter((f) => f !== 'expected.json' && !IGNORED(f))
        .sort();
      const expected = path.join(p, 'expected.json');
      out.push({
        kind,
        name,
        inputs: files.map((f) => path.join(p, f)),
        caseDir: p,
        ...(existsSync(expected) && { expected }),
      });
    } else if (!name.endsWith('.expected.json')) {
      const expected = p.replace(/\.[^.]+$/, '.expected.json');
      out.push({ kind, name, inputs: [p], caseDir: null, ...(existsSync(expected) && { expected }) });
    }
  }
  return out;
}

/** Every case of a version folder. */
export function discoverCases(versionDir: string): { valid: FixtureCase[]; invalid: FixtureCase[] } {
  const root = path.join(versionDir, 'fixtures');
  return {
    valid: casesIn(path.join(root, 'valid'), 'valid'),
    invalid: casesIn(path.join(root, 'invalid'), 'invalid'),
  };
}

/** Does finding f satisfy expectation e? rule/record/field always; severity/line/file when e gives them. */
export function matchesExpectation(f: Finding, e: ExpectedFinding, caseDir: string | null): boolean {
  if (f.rule !== e.rule || f.record !== (e.record ?? null) || f.field !== (e.field ?? null)) return false;
  if (e.severity !== undefined && f.severity !== e.severity) return false;
  if (e.line !== undefined && f.line !== e.line) return false;
  if (e.file !== undefined) {
    const rel = caseDir ? path.relative(caseDir, f.file) : path.basename(f.file);
    if (rel.split(path.sep).join('/') !== e.file) return false;
  }
  return true;
}

/** Multiset difference both ways: expectations nobody met, findings nobody expected. */
export function compareFindings(
  findings: readonly Finding[],
  expected: readonly ExpectedFinding[],
  caseDir: string | null,
): { missing: ExpectedFinding[]; unexpected: Finding[] } {
  const left = [...findings];
  const missing: ExpectedFinding[] = [];
  for (const e of expected) {
    const i = left.findIndex((f) => matchesExpectation(f, e, caseDir));
    if (i === -1) missing.push(e);
    else left.splice(i, 1);
  }
  return { missing, unexpected: left };
}

/** Problems with a sidecar's shape, each with the JSON Pointer of the offending item. */
export function sidecarProblems(value: unknown): Array<{ pointer: string; message: string }> {
  if (!Array.isArray(value)) return [{ pointer: '', message: 'must be a JSON array of expected findings' }];
  const problems: Array<{ pointer: string; message: string }> = [];
  const known = new Set(['rule', 'record', 'field', 'severity', 'line', 'file', 'message', '$comment']);
  value.forEach((e, i) => {
    const at = `/${i}`;
    if (typeof e !== 'object' || e === null || Array.isArray(e)) {
      problems.push({ pointer: at, message: 'each expected finding must be an object' });
      return;
    }
    const o = e as Record<string, unknown>;
    if (typeof o['rule'] !== 'string' || o['rule'] === '') {
      problems.push({ pointer: at, message: "an expected finding needs a 'rule'" });
    }
    for (const k of ['record', 'line'] as const) {
      if (k in o && o[k] !== null && !(Number.isInteger(o[k]) && (o[k] as number) >= 1)) {
        problems.push({ pointer: `${at}/${k}`, message: `'${k}' must be a whole number from 1, or null` });
      }
    }
    if ('field' in o && o['field'] !== null && typeof o['field'] !== 'string') {
      problems.push({ pointer: `${at}/field`, message: "'field' must be text or null" });
    }
    if ('severity' in o && !['error', 'warning', 'info'].includes(o['severity'] as string)) {
      problems.push({ pointer: `${at}/severity`, message: "'severity' must be error, warning or info" });
    }
    if ('file' in o && typeof o['file'] !== 'string') {
      problems.push({ pointer: `${at}/file`, message: "'file' must be text" });
    }
    for (const k of Object.keys(o)) {
      if (!known.has(k)) problems.push({ pointer: `${at}/${k}`, message: `unknown key '${k}'` });
    }
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------------------------

export interface CaseResult {
  kind: FixtureCase['kind'];
  name: string;
  passed: boolean;
  records: number;
  expected: number;
  missing: ExpectedFinding[];
  unexpected: Finding[];
  /** Why the case could not be run (a missing or unreadable sidecar, an input carecheck refuses). */
  error?: string;
}

export interface SuiteResult {
  id: string;
  version: string;
  dir: string;
  cases: CaseResult[];
  /** The standard could not be loaded or compiled: no case ran. */
  error?: string;
}

/** Which standard `validate` should use: `id@version`, found in the bundled folder or in `standardsDirs`. */
export interface StandardSelector {
  standard: string;
  standardsDirs?: string[];
}

function message(e: unknown): string {
  if (isCarecheckError(e)) return e.hint ? `${e.message} (${e.hint})` : e.message;
  return e instanceof Error ? e.message : String(e);
}

/** Run one case. Never throws: problems become `error`. */
export async function runCase(c: FixtureCase, selector: StandardSelector, today: Date): Promise<CaseResult> {
  const base = { kind: c.kind, name: c.name, records: 0, expected: 0, missing: [], unexpected: [] };
  let expected: ExpectedFinding[] = [];
  if (c.kind === 'invalid') {
    if (c.expected === undefined) {
      return {
        ...base,
        passed: false,
        error: `no sidecar: expected ${c.caseDir ? 'expected.json in the case folder' : `${c.name.replace(/\.[^.]+$/, '')}.expected.json`}`,
      };
    }
    try {
      const value = JSON.parse(readFileSync(c.expected, 'utf8')) as unknown;
      const problems = sidecarProblems(value);
      if (problems.length > 0) {
        return {
          ...base,
          passed: false,
          error: `the sidecar is not valid: ${problems[0]!.pointer || '/'} ${problems[0]!.message}`,
        };
      }
      expected = value as ExpectedFinding[];
    } catch (e) {
      return { ...base, passed: false, error: `the sidecar cannot be read: ${message(e)}` };
    }
  }
  if (c.inputs.length === 0) return { ...base, passed: false, error: 'the case folder holds no input files' };
  try {
    const report = await validate({
      inputs: c.inputs.map((p) => ({ path: p })),
      standard: selector.standard,
      ...(selector.standardsDirs !== undefined && { standardsDirs: selector.standardsDirs }),
      today,
      maxFindings: 0,
    });
    const findings = report.files.flatMap((f) => f.findings);
    const { missing, unexpected } = compareFindings(findings, expected, c.caseDir);
    const records = report.summary.records;
    const result: CaseResult = {
      ...base,
      records,
      expected: expected.length,
      missing,
      unexpected,
      passed: missing.length === 0 && unexpected.length === 0 && (c.kind === 'invalid' || records > 0),
    };
    if (c.kind === 'valid' && records === 0 && unexpected.length === 0) result.error = 'no records were read';
    return result;
  } catch (e) {
    return { ...base, expected: expected.length, passed: false, error: message(e) };
  }
}

/** How `validate` finds a target: bundled versions by id, others through their own folder only. */
export function selectorFor(target: VersionTarget, id: string, version: string): StandardSelector {
  return target.bundled
    ? { standard: `${id}@${version}` }
    : { standard: `${id}@${version}`, standardsDirs: [target.dir] };
}

export interface RunOptions {
  /** Default: FIXTURE_TODAY. */
  today?: Date;
  /** Called after each case (progress, streaming output). */
  onCase?: (suite: SuiteResult, result: CaseResult) => void;
}

/** Run every case of one version folder. Never throws. */
export async function runSuite(target: VersionTarget, options: RunOptions = {}): Promise<SuiteResult> {
  const today = options.today ?? fixtureToday();
  const suite: SuiteResult = { id: target.id, version: target.version, dir: target.dir, cases: [] };
  let selector: StandardSelector;
  try {
    // Load and compile once: a schema that does not compile fails the suite, not every case.
    const probe = selectorFor(target, target.id, target.version);
    const { standard } = resolveTarget(probe);
    suite.id = standard.manifest.id;
    suite.version = standard.manifest.version;
    selector = probe;
    const day = todayDayNumber(today);
    for (const t of standard.tables.values()) {
      const ajv = createAjv({ draft: draftOf(t.schema), strict: standard.bundled, today: () => day });
      compileSchema(ajv, t.schema, t.schemaPath);
    }
  } catch (e) {
    suite.error = message(e);
    return suite;
  }
  const { valid, invalid } = discoverCases(target.dir);
  if (valid.length + invalid.length === 0) {
    suite.error = 'no fixtures: add cases under fixtures/valid and fixtures/invalid';
    return suite;
  }
  for (const c of [...valid, ...invalid]) {
    const result = await runCase(c, selector, today);
    suite.cases.push(result);
    options.onCase?.(suite, result);
  }
  return suite;
}

// ---------------------------------------------------------------------------------------------
// Reporting (pure)
// ---------------------------------------------------------------------------------------------

export interface TestSummary {
  suites: number;
  passed: number;
  failed: number;
  /** Suites that could not run (each counted once in `failed`). */
  broken: number;
}

export function summarise(results: readonly SuiteResult[]): TestSummary {
  let passed = 0;
  let failed = 0;
  let broken = 0;
  for (const s of results) {
    if (s.error !== undefined) {
      broken++;
      failed++;
    }
    for (const c of s.cases) {
      if (c.passed) passed++;
      else failed++;
    }
  }
  return { suites: results.length, passed, failed, broken };
}

function caseLabel(c: Pick<CaseResult, 'kind' | 'name'>): string {
  return `${c.kind}/${c.name}`;
}

/** "schema/format record 2 field Postcode (error) in staff.csv line 3" */
export function describeExpected(e: ExpectedFinding): string {
  const parts = [e.rule, `record ${e.record ?? '-'}`, `field ${e.field ?? '-'}`];
  if (e.severity !== undefined) parts.push(`(${e.severity})`);
  if (e.file !== undefined) parts.push(`in ${e.file}`);
  if (e.line !== undefined) parts.push(`line ${e.line ?? '-'}`);
  return parts.join(' ');
}

export function describeActual(f: Finding, caseDir?: string | null): string {
  const file = caseDir ? path.relative(caseDir, f.file).split(path.sep).join('/') : path.basename(f.file);
  return `${f.rule} record ${f.record ?? '-'} field ${f.field ?? '-'} (${f.severity}) in ${file} line ${f.line ?? '-'}: ${f.message}`;
}

function caseDetail(c: CaseResult): string[] {
  const lines: string[] = [];
  if (c.error !== undefined) lines.push(c.error);
  for (const e of c.missing) lines.push(`- missing:    ${describeExpected(e)}`);
  for (const f of c.unexpected) lines.push(`+ unexpected: ${describeActual(f)}`);
  return lines;
}

export interface TextOptions {
  color?: ChalkInstance;
  /** Paths are shown relative to this folder. */
  cwd?: string;
  /** Show passing cases too (default true). */
  verbose?: boolean;
  today?: string;
}

export function formatTestText(results: readonly SuiteResult[], options: TextOptions = {}): string {
  const c = options.color ?? new Chalk({ level: 0 });
  const cwd = options.cwd ?? '.';
  const verbose = options.verbose ?? true;
  const out: string[] = [];
  for (const s of results) {
    const rel = path.relative(path.resolve(cwd), s.dir) || '.';
    out.push(c.bold(`${s.id}@${s.version}`) + c.dim(`  ${rel}`));
    if (s.error !== undefined) out.push(`  ${c.red('✖')} could not run: ${s.error}`);
    for (const r of s.cases) {
      if (r.passed) {
        if (verbose) out.push(`  ${c.green('✔')} ${caseLabel(r)}`);
        continue;
      }
      out.push(`  ${c.red('✖')} ${caseLabel(r)}`);
      for (const line of caseDetail(r)) {
        const colour = line.startsWith('-') ? c.red : line.startsWith('+') ? c.yellow : (s: string) => s;
        out.push(`      ${colour(line)}`);
      }
    }
    out.push('');
  }
  const sum = summarise(results);
  const counts = `${sum.passed} passed, ${sum.failed} failed`;
  const suites = `${sum.suites} standard version${sum.suites === 1 ? '' : 's'}`;
  const today = options.today ? ` (today = ${options.today})` : '';
  out.push(`${sum.failed > 0 ? c.red(counts) : c.green(counts)} in ${suites}${today}`);
  return `${out.join('\n')}\n`;
}

/** JUnit XML: a testsuite per standard version, a testcase per fixture case. No timings (pure). */
export function formatTestJunit(results: readonly SuiteResult[], options: { today?: string } = {}): string {
  const attrs = (pairs: Record<string, string | number>) =>
    Object.entries(pairs)
      .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
      .join('');
  const sum = summarise(results);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'carecheck test', tests: sum.passed + sum.failed, failures: sum.failed - sum.broken, errors: sum.broken })}>`,
  ];
  for (const s of results) {
    const name = `${s.id}@${s.version}`;
    const failures = s.cases.filter((c) => !c.passed).length;
    const tests = s.cases.length + (s.error !== undefined ? 1 : 0);
    lines.push(
      `  <testsuite${attrs({ name, tests, failures, errors: s.error !== undefined ? 1 : 0, skipped: 0 })}>`,
    );
    lines.push('    <properties>');
    lines.push(`      <property${attrs({ name: 'folder', value: s.dir })}/>`);
    if (options.today) lines.push(`      <property${attrs({ name: 'today', value: options.today })}/>`);
    lines.push('    </properties>');
    if (s.error !== undefined) {
      lines.push(`    <testcase${attrs({ classname: name, name: 'load standard' })}>`);
      lines.push(`      <error${attrs({ message: s.error, type: 'load' })}>${xmlEscape(s.error)}</error>`);
      lines.push('    </testcase>');
    }
    for (const c of s.cases) {
      const open = `    <testcase${attrs({ classname: name, name: caseLabel(c) })}`;
      if (c.passed) {
        lines.push(`${open}/>`);
        continue;
      }
      const summary =
        c.error !== undefined && c.missing.length + c.unexpected.length === 0
          ? c.error
          : `${c.missing.length} missing, ${c.unexpected.length} unexpected`;
      lines.push(`${open}>`);
      lines.push(
        `      <failure${attrs({ message: summary, type: 'fixture' })}>${xmlEscape(caseDetail(c).join('\n'))}</failure>`,
      );
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

export function formatTestJson(results: readonly SuiteResult[], options: { today?: string } = {}): string {
  const data = {
    ...(options.today !== undefined && { today: options.today }),
    summary: summarise(results),
    suites: results.map((s) => ({
      id: s.id,
      version: s.version,
      dir: s.dir,
      ...(s.error !== undefined && { error: s.error }),
      cases: s.cases.map((c) => ({
        kind: c.kind,
        name: c.name,
        passed: c.passed,
        records: c.records,
        expected: c.expected,
        ...(c.error !== undefined && { error: c.error }),
        missing: c.missing,
        unexpected: c.unexpected.map((f) => ({
          rule: f.rule,
          record: f.record,
          field: f.field,
          severity: f.severity,
          line: f.line,
          file: f.file,
          message: f.message,
        })),
      })),
    })),
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}
