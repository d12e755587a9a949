/**
 * A small RFC 4180 CSV writer for `carecheck migrate`: it writes back what the project's CSV reader
 * (src/readers/csv.ts) read, so that reading the output gives exactly the same header and cells.
 *
 * Why not reporters/util.ts `csvCell`: that one protects report readers from spreadsheet formulas by
 * prefixing a quote to values, which is right for a report and wrong for data, where a migrated file
 * must hold the values exactly as they were (only the mapped code values change).
 *
 * Quoting rules, chosen so the round trip through the project's reader is exact:
 * - a cell holding the delimiter, a double quote, CR or LF is quoted, with quotes doubled (RFC 4180);
 *   with `quote: 'all'` every cell is quoted (some exports quote everything; migrate keeps that style);
 * - a row whose text would be only spaces and tabs (e.g. one empty cell, or empty cells with a TAB
 *   delimiter) gets its first cell quoted: the reader skips such lines as blank, so the row would be
 *   lost otherwise;
 * - header cells are written as given; the reader trims header names, so callers pass trimmed ones.
 */

export type LineEnding = '\n' | '\r\n';

export interface CsvWriteOptions {
  /** One character, not a quote, CR or LF. */
  delimiter: string;
  lineEnding: LineEnding;
  /** 'minimal' quotes only cells that need it; 'all' quotes every cell. */
  quote: 'minimal' | 'all';
}

export const DEFAULT_CSV_OPTIONS: CsvWriteOptions = { delimiter: ',', lineEnding: '\n', quote: 'minimal' };

function checkDelimiter(d: string): void {
  if (d.length !== 1 || d === '"' || d === '\r' || d === '\n') {
    throw new Error(`Invalid CSV delimiter ${JSON.stringify(d)}: one character, not a quote or line break`);
  }
}

/** True when the cell must be quoted to survive a round trip with this delimiter. */
export function needsQuotes(cell: string, delimiter: string): boolean {
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i];
    if (c === '"' || c === '\n' || c === '\r' || c === delimiter) return true;
  }
  return false;
}

function quoted(cell: string): string {
  return `"${cell.replaceAll('"', '""')}"`;
}

const BLANK_LINE = /^[ \t]*$/;

/** One row as text, including the line ending. */
export function csvRow(cells: readonly string[], options: CsvWriteOptions = DEFAULT_CSV_OPTIONS): string {
  checkDelimiter(options.delimiter);
  const out: string[] = new Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] ?? '';
    out[i] = options.quote === 'all' || needsQuotes(cell, options.delimiter) ? quoted(cell) : cell;
  }
  let line = out.join(options.delimiter);
  // A line of nothing but spaces/tabs reads back as a blank line (no record): quote the first cell.
  if (BLANK_LINE.test(line)) {
    out[0] = quoted(cells[0] ?? '');
    line = out.join(options.delimiter);
  }
  return line + options.lineEnding;
}

/** A whole file in memory (tests, small outputs). */
export function csvText(
  rows: readonly (readonly string[])[],
  options: CsvWriteOptions = DEFAULT_CSV_OPTIONS,
): string {
  let s = '';
  for (const r of rows) s += csvRow(r, options);
  return s;
}

/**
 * Buffers rows and hands text to `sink` in pieces of about `chunkChars` characters, so a file of a
 * million rows is written in a few hundred writes, not a million.
 */
export class CsvWriter {
  private buffer: string[] = [];
  private size = 0;
  rows = 0;

  constructor(
    private readonly sink: (text: string) => Promise<void>,
    private readonly options: CsvWriteOptions = DEFAULT_CSV_OPTIONS,
    private readonly chunkChars = 256 * 1024,
  ) {
    checkDelimiter(options.delimiter);
  }

  async write(cells: readonly string[]): Promise<void> {
    const line = csvRow(cells, this.options);
    this.buffer.push(line);
    this.size += line.length;
    this.rows++;
    if (this.size >= this.chunkChars) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const text = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    await this.sink(text);
  }
}
