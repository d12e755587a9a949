/**
 * Building the Report once: findings are counted exactly (per file, rule, field and severity) as they
 * arrive, only the first `maxFindings` per file are kept for listing, and everything is sorted so the
 * output is the same whatever order files or checks ran in.
 */
import type {
  AcceptedSummary,
  FileReport,
  Finding,
  InputFormat,
  Report,
  RuleCount,
  StandardRef,
} from './types.js';

export const REPORT_VERSION = '1.0';

/**
 * Count tables are keyed by field names, which come from the data (a JSON property may be called
 * `__proto__`): they are prototype-less objects so no key can reach Object.prototype.
 */
function countTable(): Record<string, RuleCount> {
  return Object.create(null) as Record<string, RuleCount>;
}

function bump(map: Record<string, RuleCount>, key: string, f: Finding): void {
  let c = map[key];
  if (c === undefined) {
    c = { count: 0, errors: 0, warnings: 0, infos: 0 };
    map[key] = c;
  }
  c.count++;
  if (f.severity === 'error') c.errors++;
  else if (f.severity === 'warning') c.warnings++;
  else c.infos++;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.record ?? 0) - (b.record ?? 0) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.field ?? '').localeCompare(b.field ?? '') ||
    a.rule.localeCompare(b.rule) ||
    a.message.localeCompare(b.message)
  );
}

/** Per-file accumulator: exact counts, capped list. */
export class FileAccumulator {
  readonly path: string;
  format: InputFormat;
  encoding: string | null = null;
  delimiter: string | null = null;
  table: string | null = null;
  sha256: string | null = null;
  size: number | null = null;
  records = 0;
  errors = 0;
  warnings = 0;
  infos = 0;
  readonly byRule: Record<string, RuleCount> = countTable();
  readonly byField: Record<string, RuleCount> = countTable();
  readonly findings: Finding[] = [];
  /** Extra per-file data reporters may use (e.g. completeness per field). */
  readonly extra: Record<string, unknown> = {};
  private readonly cap: number;
  /** Findings a baseline accepts go here instead, counted apart (see `divert`). */
  private readonly accepted: FileAccumulator | undefined;
  private readonly divert: ((f: Finding) => Record<string, unknown> | undefined) | undefined;

  /**
   * @param divert called for every finding; when it returns extra keys (e.g. `{ baseline: {…} }`) the
   * finding is accepted: counted and listed (capped) apart from the findings that count, so a
   * baseline needs no second pass and memory stays bounded by the cap.
   */
  constructor(
    path: string,
    format: InputFormat,
    maxFindings: number,
    hooks: {
      divert?: ((f: Finding) => Record<string, unknown> | undefined) | undefined;
      /** Sees every counted finding as it arrives (streaming consumers such as diff's impact preview). */
      onFinding?: ((f: Finding) => void) | undefined;
    } = {},
  ) {
    this.path = path;
    this.format = format;
    // 0 = list every finding; a negative cap lists none (counts only).
    this.cap = maxFindings === 0 ? Number.POSITIVE_INFINITY : Math.max(0, maxFindings);
    this.divert = hooks.divert;
    this.onFinding = hooks.onFinding;
    this.accepted = hooks.divert ? new FileAccumulator(path, format, maxFindings) : undefined;
  }

  private readonly onFinding: ((f: Finding) => void) | undefined;

  add(f: Finding): void {
    if (this.divert && this.accepted) {
      const extra = this.divert(f);
      if (extra !== undefined) {
        this.accepted.add({ ...f, ...extra } as Finding);
        return;
      }
    }
    this.onFinding?.(f);
    if (f.severity === 'error') this.errors++;
    else if (f.severity === 'warning') this.warnings++;
    else this.infos++;
    bump(this.byRule, f.rule, f);
    bump(this.byField, f.field ?? '(record)', f);
    if (this.findings.length < this.cap) this.findings.push(f);
  }

  get total(): number {
    return this.errors + this.warnings + this.infos;
  }

  finish(): FileReport {
    const findings = [...this.findings].sort(compareFindings);
    return {
      path: this.path,
      format: this.format,
      encoding: this.encoding,
      delimiter: this.delimiter,
      table: this.table,
      sha256: this.sha256,
      size: this.size,
      records: this.records,
      valid: this.errors === 0,
      errors: this.errors,
      warnings: this.warnings,
      infos: this.infos,
      truncated: this.total > findings.length,
      byRule: sortKeys(this.byRule),
      byField: sortKeys(this.byField),
      findings,
      ...this.extra,
      ...(this.accepted && { accepted: this.accepted.summary() }),
    };
  }

  /** Counts and (capped, sorted) list of what this accumulator holds, for `FileReport.accepted`. */
  summary(): AcceptedSummary {
    const findings = [...this.findings].sort(compareFindings);
    return {
      count: this.total,
      errors: this.errors,
      warnings: this.warnings,
      infos: this.infos,
      byRule: sortKeys(this.byRule),
      truncated: this.total > findings.length,
      findings,
    };
  }
}

/** Sorted copy; Object.fromEntries defines own properties, so a `__proto__` key stays a plain key. */
function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

export interface ReportInput {
  tool: { name: string; version: string };
  generatedAt: string;
  standard: StandardRef | null;
  schema: { path: string } | null;
  files: FileReport[];
  options: Record<string, unknown>;
  notices: string[];
}

export function buildReport(input: ReportInput): Report {
  const files = [...input.files].sort((a, b) => a.path.localeCompare(b.path));
  const byRule = countTable();
  const byField = countTable();
  let records = 0;
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of files) {
    records += f.records;
    errors += f.errors;
    warnings += f.warnings;
    infos += f.infos;
    for (const [k, c] of Object.entries(f.byRule)) merge(byRule, k, c);
    for (const [k, c] of Object.entries(f.byField)) merge(byField, k, c);
  }
  return {
    reportVersion: REPORT_VERSION,
    tool: input.tool,
    generatedAt: input.generatedAt,
    standard: input.standard,
    schema: input.schema,
    valid: errors === 0,
    summary: {
      files: files.length,
      records,
      errors,
      warnings,
      infos,
      byRule: sortKeys(byRule),
      byField: sortKeys(byField),
    },
    files,
    options: input.options,
    notices: input.notices,
    network: 'none',
  };
}

function merge(into: Record<string, RuleCount>, key: string, c: RuleCount): void {
  let t = into[key];
  if (t === undefined) {
    t = { count: 0, errors: 0, warnings: 0, infos: 0 };
    into[key] = t;
  }
  t.count += c.count;
  t.errors += c.errors;
  t.warnings += c.warnings;
  t.infos += c.infos;
}
