/**
 * The report model: one flat `Finding` type and the `Report` built once from them.
 *
 * Every layer speaks this vocabulary. Readers and the engine produce findings; `buildReport`
 * (report/build.ts) sorts and counts them once; reporters are pure functions of a `Report`.
 * Positions are 1-based everywhere, so no reporter adds or subtracts one.
 */

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 2, warning: 1, info: 0 };

/** The input formats carecheck reads. */
export type InputFormat = 'csv' | 'json' | 'jsonl' | 'yaml';

/** Where a second record involved in a finding lives (duplicate keys, foreign keys). */
export interface RelatedLocation {
  file: string;
  record: number | null;
  line: number | null;
  field: string | null;
}

export interface Finding {
  /** Namespaced rule id: `schema/required`, `schema/enum`, `csv/ragged-row`, `parse/json`, `io/encoding`, `key/duplicate` … */
  rule: string;
  severity: Severity;
  /** Plain English. Names the field and what was expected. Never contains a data value unless `value` may be shown. */
  message: string;
  /** The input as named on the command line (`<stdin>` for `-`). */
  file: string;
  /** 1-based data record (CSV header excluded; JSON array element; YAML document; JSON Lines record); null for file-level findings. */
  record: number | null;
  /** 1-based physical line where the record (or the problem) starts; null when unknown. */
  line: number | null;
  /** Column or property name; for a missing required property, the missing one; null when the finding is about the whole record or file. */
  field: string | null;
  /** RFC 6901 JSON Pointer inside the record ('' = the record itself). */
  pointer: string;
  /** The offending value, present only when the privacy policy lets it be shown (see src/engine/privacy.ts). */
  value?: string;
  /** For cross-record findings: the other record involved. */
  related?: RelatedLocation;
  /** Keyed pseudonym of the record's local key (`--pseudonymise`), so an analyst can find the record without the report identifying anyone. */
  recordRef?: string;
  /** Keyed hash of the whole record: changes when the record changes (baselines use it). Never a value. */
  recordDigest?: string;
}

export interface RuleCount {
  count: number;
  errors: number;
  warnings: number;
  infos: number;
}

/** Findings an exceptions register (baseline) accepted: counted apart, never failing the run. */
export interface AcceptedSummary {
  count: number;
  errors: number;
  warnings: number;
  infos: number;
  byRule: Record<string, RuleCount>;
  truncated: boolean;
  findings: Finding[];
}

export interface FileReport {
  path: string;
  format: InputFormat;
  /** Encoding used to decode the bytes (`utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`, `windows-1252`); null for unreadable input. */
  encoding: string | null;
  /** CSV delimiter used, when tabular. */
  delimiter?: string | null;
  /** Table of a multi-table standard this file was matched to. */
  table?: string | null;
  sha256: string | null;
  size: number | null;
  records: number;
  valid: boolean;
  errors: number;
  warnings: number;
  infos: number;
  /** True when more findings exist than are listed (see `--max-findings`); counts stay exact. */
  truncated: boolean;
  byRule: Record<string, RuleCount>;
  byField: Record<string, RuleCount>;
  findings: Finding[];
  /** Present when a baseline was applied: what it accepted. */
  accepted?: AcceptedSummary;
}

export interface StandardRef {
  id: string;
  version: string;
  title: string;
  status: string;
  /** SHA-256 over the standard version's files, so a report pins exactly which rules were applied. */
  sha256?: string;
}

export interface Report {
  reportVersion: string;
  tool: { name: string; version: string };
  generatedAt: string;
  standard: StandardRef | null;
  schema: { path: string; sha256?: string } | null;
  valid: boolean;
  summary: {
    files: number;
    records: number;
    errors: number;
    warnings: number;
    infos: number;
    byRule: Record<string, RuleCount>;
    byField: Record<string, RuleCount>;
  };
  files: FileReport[];
  /** Options that change the verdict or what the report shows. */
  options: Record<string, unknown>;
  /** Run-level notices for people: a deprecated standard, a cap reached … */
  notices: string[];
  /** carecheck never uses the network; recorded for information-governance sign-off. */
  network: 'none';
  /** Titles and help of the standard's own rule ids, for reporters (built-in rules have a catalogue). */
  rules?: Record<string, { title: string; help: string }>;
}
