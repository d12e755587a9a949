/**
 * Small pure helpers shared by the reporters: escaping for each output language, small-number
 * suppression, plural nouns, CSV cells that spreadsheets cannot execute, and example picking.
 *
 * Everything here is a pure function of its arguments so reporters stay pure too.
 */
import type { Finding, Report, RuleCount, Severity } from '../report/types.js';

/**
 * True for a UTF-16 code unit sequence position that XML 1.0 does not allow (§2.2 Char):
 * C0 controls other than TAB, LF and CR, the non-characters U+FFFE/U+FFFF, and unpaired surrogates.
 * Unpaired surrogates are included because they cannot be encoded as UTF-8 at all.
 */
function isXmlForbidden(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0x20) return c !== 0x09 && c !== 0x0a && c !== 0x0d;
  if (c === 0xfffe || c === 0xffff) return true;
  if (c >= 0xd800 && c <= 0xdbff) {
    const next = s.charCodeAt(i + 1);
    return !(next >= 0xdc00 && next <= 0xdfff);
  }
  if (c >= 0xdc00 && c <= 0xdfff) {
    const prev = s.charCodeAt(i - 1);
    return !(prev >= 0xd800 && prev <= 0xdbff);
  }
  return false;
}

/**
 * Removes characters that are not allowed in XML 1.0 or HTML text (C0 controls except TAB/LF/CR,
 * DEL and C1 controls, U+FFFE/U+FFFF, unpaired surrogates). Data can carry any of these (a stray
 * form feed in a CSV cell, a truncated UTF-16 pair), and one of them makes a whole XML report
 * unparseable, so they are dropped rather than escaped: XML 1.0 has no escape for them.
 */
export function stripControl(s: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // DEL and C1 controls are legal XML but invisible and sometimes reinterpreted as Windows-1252
    // punctuation by mail clients; nothing legitimate in a report needs them.
    if (isXmlForbidden(s, i) || (c >= 0x7f && c <= 0x9f)) {
      out += s.slice(start, i);
      start = i + 1;
    }
  }
  return start === 0 ? s : out + s.slice(start);
}

const XML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};

/**
 * Escapes text for XML element content or a quoted attribute value. CR is written as a character
 * reference because XML parsers normalise a literal CR (and CRLF) to LF.
 */
export function xmlEscape(s: string): string {
  return stripControl(s).replace(/[&<>"'\r]/g, (ch) => XML_ENTITIES[ch] ?? ch);
}

/**
 * Escapes text for a quoted XML attribute. Parsers normalise literal TAB and LF in attributes to
 * spaces (XML 1.0 §3.3.3), so they are written as character references to survive a round trip.
 */
export function xmlAttr(s: string): string {
  return xmlEscape(s).replace(/[\t\n]/g, (ch) => (ch === '\t' ? '&#9;' : '&#10;'));
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values alike. */
export function htmlEscape(s: string): string {
  return stripControl(s).replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch);
}

/**
 * A count as it may appear in a shareable summary. With `--suppress-below N`, counts from 1 to
 * N-1 become `<N` so a report leaving the organisation cannot single out a handful of people
 * ("3 records with ethnicity X failed"). Zero stays 0: "no findings" discloses nobody.
 */
export function formatCount(n: number, suppressBelow: number): string {
  if (suppressBelow > 1 && n >= 1 && n < suppressBelow) return `<${suppressBelow}`;
  return String(n);
}

/** True when `formatCount` would hide this count. */
export function isSuppressed(n: number, suppressBelow: number): boolean {
  return suppressBelow > 1 && n >= 1 && n < suppressBelow;
}

/**
 * The noun for a count: `pluralize(1, 'finding')` → 'finding', `pluralize(2, 'finding')` → 'findings'.
 * Returns the noun only so callers can pair it with `formatCount` (a suppressed `<5` takes the plural).
 */
export function pluralize(n: number, singular: string, plural = `${singular}s`): string {
  return n === 1 ? singular : plural;
}

/** `countOf(3, 'error', 0)` → '3 errors'; with suppression `countOf(3, 'error', 5)` → '<5 errors'. */
export function countOf(n: number, singular: string, suppressBelow: number, plural = `${singular}s`): string {
  const shown = formatCount(n, suppressBelow);
  return `${shown} ${shown === '1' ? singular : plural}`;
}

/**
 * Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV Injection"): = + - @,
 * TAB and CR, plus their full-width forms, which some spreadsheet locales also accept.
 */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\uff1d', '\uff0b', '\uff0d', '\uff20']);

/**
 * True when a spreadsheet could read this cell as a formula. Leading spaces are skipped because
 * LibreOffice and some Excel import paths trim them before deciding.
 */
export function isFormulaLike(s: string): boolean {
  let i = 0;
  while (i < s.length && s[i] === ' ') i++;
  const first = s[i];
  return first !== undefined && FORMULA_START.has(first);
}

/**
 * One RFC 4180 CSV field, safe to open in Excel. Text that a spreadsheet would evaluate
 * (`=cmd|' /C calc'!A0`) is prefixed with a single quote, which makes Excel and LibreOffice show
 * it as text (OWASP guidance). Numbers are written as-is: they come from the report's positions,
 * never from the data, and a negative one cannot occur (positions are 1-based).
 */
export function csvCell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  // stripControl keeps TAB, CR and LF, which are legal inside a quoted CSV field.
  let s = stripControl(v);
  if (isFormulaLike(s)) s = `'${s}`;
  // Quote whenever the field contains a delimiter, quote or line break; also quote neutralised
  // cells so the leading quote is obviously part of the value to anyone reading the raw file.
  if (/[",\r\n]/.test(s) || s.startsWith("'")) return `"${s.replace(/"/g, '""')}"`;
  return s;
}

/**
 * The first `perRule` findings of each rule, in report order (the report is already sorted), keyed
 * by rule in order of first appearance. Human formats show these as examples.
 */
export function firstExamples(findings: readonly Finding[], perRule: number): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  if (perRule <= 0) return out;
  for (const f of findings) {
    let list = out.get(f.rule);
    if (list === undefined) {
      list = [];
      out.set(f.rule, list);
    }
    if (list.length < perRule) list.push(f);
  }
  return out;
}

/** Every listed finding of the report, file by file (the report's own order). */
export function allFindings(report: Report): Finding[] {
  return report.files.flatMap((f) => f.findings);
}

/**
 * Where a finding is, in words: 'record 3, line 4, field nhs_number'. Parts that are unknown are
 * left out; a file-level finding with no position gives ''.
 */
export function describeLocation(f: Pick<Finding, 'record' | 'line' | 'field' | 'recordRef'>): string {
  const parts: string[] = [];
  if (f.record !== null) parts.push(`record ${f.record}`);
  if (f.recordRef !== undefined) parts.push(`ref ${f.recordRef}`);
  if (f.line !== null) parts.push(`line ${f.line}`);
  if (f.field !== null) parts.push(`field ${f.field}`);
  return parts.join(', ');
}

/** The highest severity a rule count carries. */
export function worstSeverity(c: RuleCount): Severity {
  if (c.errors > 0) return 'error';
  if (c.warnings > 0) return 'warning';
  return 'info';
}

/**
 * Entries of a byRule / byField table, most serious first: by errors, then warnings, then total,
 * then key, so the order is stable whatever order the object keys were inserted in.
 */
export function sortedCounts(table: Record<string, RuleCount>): Array<[string, RuleCount]> {
  return Object.entries(table)
    .filter(([, c]) => c.count > 0)
    .sort(
      ([ka, a], [kb, b]) =>
        b.errors - a.errors ||
        b.warnings - a.warnings ||
        b.count - a.count ||
        (ka < kb ? -1 : ka > kb ? 1 : 0),
    );
}

/** The standard as people name it (`id@version`), or the ad-hoc schema path, or a placeholder. */
export function standardLabel(report: Report): string {
  if (report.standard) return `${report.standard.id}@${report.standard.version}`;
  if (report.schema) return report.schema.path;
  return 'no standard';
}

/** True when any file's finding list was cut short by the findings cap. */
export function isTruncated(report: Report): boolean {
  return report.files.some((f) => f.truncated);
}
