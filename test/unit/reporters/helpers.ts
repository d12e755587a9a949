/**
 * Hand-built Reports for reporter tests. Counts are derived from the findings the way buildReport
 * does (byRule / byField / totals), so each fixture is internally consistent without depending on
 * the report builder.
 */
import { Chalk } from 'chalk';
import { builtinRuleInfo } from '../../../src/report/rule-catalog.js';
import type { FileReport, Finding, Report, RuleCount } from '../../../src/report/types.js';
import type { ReporterContext } from '../../../src/reporters/types.js';

export function ctx(overrides: Partial<ReporterContext> = {}): ReporterContext {
  return {
    color: new Chalk({ level: 0 }),
    ruleInfo: (rule) => builtinRuleInfo(rule) ?? { title: rule, help: '' },
    suppressBelow: 0,
    examplesPerRule: 3,
    ...overrides,
  };
}

export function finding(partial: Partial<Finding> & Pick<Finding, 'rule'>): Finding {
  return {
    severity: 'error',
    message: `Problem found by ${partial.rule}.`,
    file: 'data/people.csv',
    record: 1,
    line: 2,
    field: 'nhs_number',
    pointer: '/nhs_number',
    ...partial,
  };
}

function bump(table: Record<string, RuleCount>, key: string, f: Finding): void {
  const c = table[key] ?? { count: 0, errors: 0, warnings: 0, infos: 0 };
  c.count++;
  if (f.severity === 'error') c.errors++;
  else if (f.severity === 'warning') c.warnings++;
  else c.infos++;
  table[key] = c;
}

export interface FileSpec {
  path: string;
  records?: number;
  findings?: Finding[];
  /** Findings counted but not listed (simulates --max-findings). */
  unlisted?: Finding[];
  extra?: Record<string, unknown>;
}

export function fileReport(spec: FileSpec): FileReport {
  const listed = (spec.findings ?? []).map((f) => ({ ...f, file: spec.path }));
  const unlisted = (spec.unlisted ?? []).map((f) => ({ ...f, file: spec.path }));
  const byRule: Record<string, RuleCount> = {};
  const byField: Record<string, RuleCount> = {};
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of [...listed, ...unlisted]) {
    bump(byRule, f.rule, f);
    if (f.field !== null) bump(byField, f.field, f);
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else infos++;
  }
  return {
    path: spec.path,
    format: spec.path.endsWith('.json') ? 'json' : 'csv',
    encoding: 'utf-8',
    delimiter: ',',
    sha256: 'a'.repeat(64),
    size: 1234,
    records: spec.records ?? 10,
    valid: errors === 0,
    errors,
    warnings,
    infos,
    truncated: unlisted.length > 0,
    byRule,
    byField,
    findings: listed,
    ...spec.extra,
  };
}

export function makeReport(files: FileSpec[], overrides: Partial<Report> = {}): Report {
  const reports = files.map(fileReport);
  const byRule: Record<string, RuleCount> = {};
  const byField: Record<string, RuleCount> = {};
  for (const fr of reports) {
    for (const [table, source] of [
      [byRule, fr.byRule],
      [byField, fr.byField],
    ] as const) {
      for (const [k, c] of Object.entries(source)) {
        const t = table[k] ?? { count: 0, errors: 0, warnings: 0, infos: 0 };
        t.count += c.count;
        t.errors += c.errors;
        t.warnings += c.warnings;
        t.infos += c.infos;
        table[k] = t;
      }
    }
  }
  const sum = (k: 'records' | 'errors' | 'warnings' | 'infos') => reports.reduce((n, f) => n + f[k], 0);
  return {
    reportVersion: '1.0.0',
    tool: { name: 'carecheck', version: '0.1.0' },
    generatedAt: '2026-01-02T03:04:05.000Z',
    standard: {
      id: 'asc-cld',
      version: '2.0.0',
      title: 'Adult Social Care Client Level Data',
      status: 'active',
    },
    schema: null,
    valid: reports.every((f) => f.valid),
    summary: {
      files: reports.length,
      records: sum('records'),
      errors: sum('errors'),
      warnings: sum('warnings'),
      infos: sum('infos'),
      byRule,
      byField,
    },
    files: reports,
    options: {},
    notices: [],
    network: 'none',
    ...overrides,
  };
}

/** Strings that try to break out of each output language. */
export const HOSTILE = {
  script: '</script><script>alert(1)</script>',
  quote: 'say "hi" & \'bye\'',
  formula: "=cmd|' /C calc'!A0",
  control: 'bell\u0007 nul\u0000 vt\u000b ok',
  markdown: '| `code` <b>bold</b> @someone [x](y)',
};

/** Empty, clean, multi-file with errors and warnings, truncated, hostile: the fixtures every reporter must survive. */
export function fixtures(): Record<string, Report> {
  const multi = makeReport([
    {
      path: 'data/people.csv',
      records: 120,
      findings: [
        finding({
          rule: 'schema/required',
          record: 3,
          line: 4,
          field: 'nhs_number',
          message: 'nhs_number is required.',
        }),
        finding({
          rule: 'schema/required',
          record: 7,
          line: 8,
          field: 'nhs_number',
          message: 'nhs_number is required.',
        }),
        finding({
          rule: 'schema/enum',
          record: 9,
          line: 10,
          field: 'ethnicity',
          message: 'ethnicity is not an allowed code.',
        }),
        finding({
          rule: 'value/whitespace',
          severity: 'warning',
          record: 2,
          line: 3,
          field: 'postcode',
          message: 'postcode has trailing spaces.',
        }),
      ],
    },
    {
      path: 'data\\services.json',
      records: 40,
      findings: [
        finding({
          rule: 'value/case',
          severity: 'warning',
          record: 5,
          line: null,
          field: 'service_type',
          pointer: '/service_type',
          message: 'service_type is in the wrong case.',
        }),
        finding({
          rule: 'key/duplicate',
          record: 6,
          line: 30,
          field: 'person_id',
          pointer: '/person_id',
          message: 'person_id repeats another record.',
          related: { file: 'data\\services.json', record: 2, line: 10, field: 'person_id' },
        }),
        finding({
          rule: 'io/encoding',
          severity: 'info',
          record: null,
          line: null,
          field: null,
          pointer: '',
          message: 'Read as windows-1252.',
        }),
      ],
    },
  ]);
  const hostileFindings = [
    finding({ rule: 'schema/pattern', field: HOSTILE.script, message: `Bad ${HOSTILE.script}` }),
    finding({ rule: 'schema/type', field: HOSTILE.quote, message: HOSTILE.quote, record: 2, line: 3 }),
    finding({
      rule: 'value/formula',
      severity: 'warning',
      field: HOSTILE.formula,
      message: HOSTILE.formula,
      value: HOSTILE.formula,
      record: 3,
      line: 4,
    }),
    finding({
      rule: 'schema/enum',
      field: 'notes',
      message: HOSTILE.control,
      record: 4,
      line: 5,
      recordRef: '@ref-1',
    }),
    finding({
      rule: 'schema/maxLength',
      field: HOSTILE.markdown,
      message: HOSTILE.markdown,
      record: 5,
      line: 6,
    }),
  ];
  return {
    empty: makeReport([]),
    clean: makeReport([{ path: 'data/clean.csv', records: 50 }]),
    multi,
    truncated: makeReport(
      [
        {
          path: 'big.csv',
          records: 5000,
          findings: [1, 2].map((r) =>
            finding({ rule: 'schema/format', record: r, line: r + 1, field: 'dob' }),
          ),
          unlisted: [3, 4, 5, 6].map((r) =>
            finding({ rule: 'schema/format', record: r, line: r + 1, field: 'dob' }),
          ),
        },
      ],
      { notices: ['Findings were capped at 2 (--max-findings).'] },
    ),
    hostile: makeReport([{ path: 'odd <name> & "q".csv', findings: hostileFindings }], {
      notices: [`Notice ${HOSTILE.script}`],
    }),
  };
}

/** True when the text holds a C0 control other than TAB, LF or CR (invalid in XML, invisible elsewhere). */
export function hasC0Control(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true;
  }
  return false;
}
