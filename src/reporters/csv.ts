/**
 * Findings as CSV for Excel: one row per listed finding, for practice teams who work through
 * errors in a spreadsheet.
 *
 * - RFC 4180: comma-separated, fields quoted when needed with quotes doubled, CRLF line ends.
 * - UTF-8 with a byte-order mark, because Excel reads a BOM-less CSV as the local ANSI code page and
 *   garbles names such as "Siân" or "Łukasz" in messages and field names.
 * - Every text cell goes through csvCell, which neutralises cells a spreadsheet would run as a
 *   formula (= + - @ TAB CR): file names, field names and values come from outside.
 * - The value column appears only when some finding carries a value (the engine decides), and
 *   recordRef only when records were pseudonymised, so a default export holds no data values.
 */
import type { Finding } from '../report/types.js';
import type { Reporter } from './types.js';
import { allFindings, csvCell } from './util.js';

const BOM = '\ufeff';
const CRLF = '\r\n';

type Column = [header: string, get: (f: Finding) => string | number | null | undefined];

const BASE_COLUMNS: Column[] = [
  ['file', (f) => f.file],
  ['record', (f) => f.record],
  ['line', (f) => f.line],
  ['field', (f) => f.field],
  ['rule', (f) => f.rule],
  ['severity', (f) => f.severity],
  ['message', (f) => f.message],
];

export const csv: Reporter = (report) => {
  const findings = allFindings(report);
  const columns = [...BASE_COLUMNS];
  if (findings.some((f) => f.value !== undefined)) columns.push(['value', (f) => f.value]);
  if (findings.some((f) => f.recordRef !== undefined)) columns.push(['recordRef', (f) => f.recordRef]);
  const lines = [columns.map(([h]) => csvCell(h)).join(',')];
  for (const f of findings) lines.push(columns.map(([, get]) => csvCell(get(f))).join(','));
  return BOM + lines.join(CRLF) + CRLF;
};
