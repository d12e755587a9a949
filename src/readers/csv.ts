/**
 * The CSV reader: bytes → decoded text → tokenizer (csv-tokenizer.ts) → header + numbered records.
 *
 * It reads just far enough to know the delimiter and the header before resolving, so that
 * `TabularInput.header` is ready at open time; the records stream through `batches`.
 *
 * Choices worth knowing:
 * - The delimiter is detected from the header line: the most frequent of `,` `;` TAB `|` outside
 *   quotes; ties go to the earlier in that list (so comma wins a tie); none at all means comma
 *   (a one-column file). `options.delimiter` overrides detection.
 * - Leading blank lines before the header are skipped; blank lines anywhere are `csv/blank-row`
 *   warnings, except in a file that has nothing but blank lines (one `csv/no-header` error).
 * - Header names are trimmed; cells are not (typing is the engine's job).
 * - Findings never quote cell text: they name the column (a header name, which is not data) and
 *   positions only.
 */
import { CarecheckError } from '../errors.js';
import { batchSizeOf, noBatches } from './common.js';
import { type CsvIssue, type CsvRow, CsvTokenizer, DEFAULT_MAX_RECORD_CHARS } from './csv-tokenizer.js';
import { openText } from './decode.js';
import type { Reader, ReaderSink, TabularInput, TabularRecord } from './types.js';

const CANDIDATES = [',', ';', '\t', '|'] as const;
/** Detection gives up waiting for the end of the header line after this much text. */
const MAX_HEADER_SCAN = 1024 * 1024;

const DELIMITER_NAMES: Readonly<Record<string, string>> = {
  tab: '\t',
  '\\t': '\t',
  comma: ',',
  semicolon: ';',
  pipe: '|',
};

/** Validates a delimiter option: one character (or tab/comma/semicolon/pipe/`\t`), not a quote or line break. */
export function normaliseDelimiter(option: string): string {
  const d = option.length === 1 ? option : DELIMITER_NAMES[option.toLowerCase()];
  if (d === undefined || d === '"' || d === '\n' || d === '\r') {
    throw new CarecheckError(`Invalid CSV delimiter "${option}"`, {
      hint: 'Use a single character such as , ; | or "tab".',
    });
  }
  return d;
}

/**
 * Picks the delimiter from the first non-blank line of `text`. Returns null when that line is not
 * complete yet and more text may come (`final` false).
 */
export function detectDelimiter(text: string, final: boolean): string | null {
  const counts = [0, 0, 0, 0];
  let content = false;
  let inQuotes = false;
  let fieldStart = true;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (inQuotes) {
      if (c === 34) {
        if (text.charCodeAt(i + 1) === 34) i++;
        else inQuotes = false;
      }
      continue;
    }
    if (c === 10 || c === 13) {
      if (content) return pick(counts);
      counts.fill(0); // a blank line (spaces, tabs) says nothing about the delimiter
      fieldStart = true;
      continue;
    }
    if (c === 34 && fieldStart) {
      inQuotes = true;
      content = true;
      fieldStart = false;
      continue;
    }
    const k = c === 44 ? 0 : c === 59 ? 1 : c === 9 ? 2 : c === 124 ? 3 : -1;
    if (k >= 0) {
      counts[k]!++;
      fieldStart = true;
      if (c !== 9) content = true;
      continue;
    }
    if (c !== 32) content = true;
    fieldStart = false;
  }
  return final || n >= MAX_HEADER_SCAN ? pick(counts) : null;
}

function pick(counts: number[]): string {
  let best = 0;
  for (let k = 1; k < counts.length; k++) if (counts[k]! > counts[best]!) best = k;
  return CANDIDATES[best as 0 | 1 | 2 | 3];
}

function quoteName(name: string): string {
  return JSON.stringify(name);
}

export const readCsv: Reader = async (source, sink, options) => {
  const forcedDelimiter = options.delimiter === undefined ? null : normaliseDelimiter(options.delimiter);
  const batchSize = batchSizeOf(options);
  const text = await openText(source, sink, options);

  const make = (
    delimiter: string,
    header: string[],
    headerLine: number,
    batches: AsyncIterable<TabularRecord[]>,
  ): TabularInput => ({
    kind: 'tabular',
    format: 'csv',
    get encoding() {
      return text.encoding;
    },
    delimiter,
    header,
    headerLine,
    batches,
  });

  if (text.binary) return make(forcedDelimiter ?? ',', [], 1, noBatches());

  const chunks = text.chunks[Symbol.asyncIterator]();
  let ended = false;
  const close = async (): Promise<void> => {
    if (!ended) {
      ended = true;
      await chunks.return?.();
    }
  };

  try {
    // 1. Enough text to see the whole header line, for delimiter detection.
    let head = '';
    let delimiter = forcedDelimiter;
    while (delimiter === null) {
      delimiter = detectDelimiter(head, ended);
      if (delimiter !== null) break;
      const r = await chunks.next();
      if (r.done) ended = true;
      else head += r.value;
    }

    // 2. Tokenize until the header row is complete.
    const tok = new CsvTokenizer({ delimiter, maxRecordChars: DEFAULT_MAX_RECORD_CHARS });
    /** Feeds the next chunk (or the end) to the tokenizer; false once everything was fed. */
    let finished = false;
    const pull = async (): Promise<boolean> => {
      if (finished) return false;
      if (tok.stopped) {
        finished = true;
        await close();
        return false;
      }
      if (ended) {
        tok.end();
        finished = true;
        return true;
      }
      const r = await chunks.next();
      if (r.done) {
        ended = true;
        tok.end();
        finished = true;
      } else tok.push(r.value);
      return true;
    };

    if (head.length > 0) tok.push(head);
    let rows: CsvRow[] = tok.takeRows();
    while (rows.length === 0 && (await pull())) rows = tok.takeRows();

    const headerRow = rows[0];
    if (headerRow === undefined) {
      reportIssues(tok.takeIssues(), [], sink);
      if (!tok.stopped) {
        sink.finding({
          rule: 'csv/no-header',
          severity: 'error',
          message:
            tok.takeBlankLines().length > 0
              ? 'The file has no header row: it contains only blank lines'
              : 'The file is empty: a CSV file needs a header row',
          record: null,
          line: null,
          field: null,
        });
      }
      await close();
      return make(delimiter, [], 1, noBatches());
    }

    const header = headerRow.cells.map((c, k) => (k === 0 ? c.replace(/^\uFEFF/, '') : c).trim());
    checkHeader(header, headerRow.line, sink);

    const firstRows = rows.slice(1);
    // Issues so far: the header's are reported now, the others once their records are numbered.
    const early = tok.takeIssues();
    reportIssues(
      early.filter((i) => i.row === headerRow),
      header,
      sink,
      headerRow,
    );
    let carried = early.filter((i) => i.row !== headerRow);
    const batches = async function* (): AsyncGenerator<TabularRecord[]> {
      const ncols = header.length;
      let record = 0;
      let batch: TabularRecord[] = [];
      let pending = firstRows;
      try {
        for (;;) {
          for (let k = 0; k < pending.length; k++) {
            const row = pending[k]!;
            row.record = ++record;
            if (row.cells.length !== ncols) {
              sink.finding({
                rule: 'csv/ragged-row',
                severity: 'error',
                message: `Record has ${row.cells.length} ${row.cells.length === 1 ? 'cell' : 'cells'}; the header has ${ncols} ${ncols === 1 ? 'column' : 'columns'}`,
                record: row.record,
                line: row.line,
                field: null,
              });
            }
            batch.push(row);
            if (batch.length >= batchSize) {
              yield batch;
              batch = [];
            }
          }
          if (carried.length > 0) {
            reportIssues(carried, header, sink, headerRow, record + 1);
            carried = [];
          }
          reportIssues(tok.takeIssues(), header, sink, headerRow, record + 1);
          for (const line of tok.takeBlankLines()) reportBlank(line, sink);
          if (!(await pull())) break;
          pending = tok.takeRows();
        }
        if (batch.length > 0) yield batch;
      } finally {
        await close();
      }
    };
    for (const line of tok.takeBlankLines()) reportBlank(line, sink);
    return make(delimiter, header, headerRow.line, batches());
  } catch (e) {
    await close();
    throw e;
  }
};

function reportBlank(line: number, sink: ReaderSink): void {
  sink.finding({
    rule: 'csv/blank-row',
    severity: 'warning',
    message: 'Blank line skipped: it is not a record',
    record: null,
    line,
    field: null,
  });
}

function checkHeader(header: string[], line: number, sink: ReaderSink): void {
  const seen = new Map<string, number>();
  header.forEach((name, k) => {
    if (name === '') {
      sink.finding({
        rule: 'csv/blank-header',
        severity: 'error',
        message: `Column ${k + 1} has no name in the header`,
        record: null,
        line,
        field: null,
      });
      return;
    }
    const first = seen.get(name);
    if (first === undefined) seen.set(name, k);
    else {
      sink.finding({
        rule: 'csv/duplicate-header',
        severity: 'error',
        message: `Column name ${quoteName(name)} appears more than once in the header: columns ${first + 1} and ${k + 1}`,
        record: null,
        line,
        field: name,
      });
    }
  });
}

function reportIssues(
  issues: CsvIssue[],
  header: string[],
  sink: ReaderSink,
  headerRow?: CsvRow,
  nextRecord?: number,
): void {
  for (const issue of issues) {
    const inHeader = issue.row !== null && issue.row === headerRow;
    const record = inHeader ? null : issue.row !== null ? issue.row.record : (nextRecord ?? null);
    const name = inHeader ? undefined : header[issue.column - 1];
    const field = name === undefined || name === '' ? null : name;
    const where = inHeader
      ? `header, column ${issue.column}`
      : field !== null
        ? `column ${quoteName(field)}`
        : `column ${issue.column}`;
    if (issue.kind === 'invalid-quote') {
      sink.finding({
        rule: 'csv/invalid-quote',
        severity: 'warning',
        message: `A quoted cell (${where}) has more text after its closing quote; the text was kept as written`,
        record,
        line: issue.line,
        field,
      });
    } else if (issue.kind === 'unclosed-quote') {
      sink.finding({
        rule: 'csv/unclosed-quote',
        severity: 'error',
        message: `A quoted cell (${where}) starting on line ${issue.line} is never closed: the rest of the file was read into it`,
        record,
        line: issue.line,
        field,
      });
    } else {
      sink.finding({
        rule: 'csv/record-too-large',
        severity: 'error',
        message: `The record starting on line ${issue.line} is longer than ${DEFAULT_MAX_RECORD_CHARS / (1024 * 1024)} Mi characters (is a closing quote missing?); reading stopped there`,
        record: headerRow === undefined ? null : record,
        line: issue.line,
        field: null,
      });
    }
  }
}
