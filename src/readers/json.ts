/**
 * The JSON reader: one document. A top-level array streams, one record per element; anything else
 * is read whole as one record.
 *
 * Streaming an array: an incremental scanner tracks nesting depth and strings (with escapes, across
 * chunk boundaries) over the decoded text, cuts each top-level element at its closing `,` or `]`,
 * and hands just that text to JSON.parse. Memory is bounded by the largest element (and an element
 * past MAX_ELEMENT_CHARS stops the reader), not by the file.
 *
 * Errors: the first syntax error is a `parse/json` finding with its line (and the element's record
 * number) and reading stops there — after a syntax error the scanner cannot tell where the next
 * element starts. Records before it still count. JSON.parse's own messages can quote the input, so
 * findings use a fixed description instead (common.ts describeJsonError).
 */
import { batchSizeOf, countLineBreaks, describeJsonError } from './common.js';
import { openText } from './decode.js';
import type { DocumentInput, DocumentRecord, Reader, ReaderFinding, ReaderSink } from './types.js';

export const MAX_ELEMENT_CHARS = 64 * 1024 * 1024;

enum Phase {
  /** Before the first non-whitespace character. */
  Start = 0,
  /** The top level is not an array: collecting the whole document. */
  Doc = 1,
  /** Inside the top-level array, expecting an element (or `]`). */
  Before = 2,
  /** Inside an element. */
  Elem = 3,
  /** After the top-level array: only whitespace may follow. */
  After = 4,
  /** Stopped by an error. */
  Done = 5,
}

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Incremental scanner; records and the first error are collected for the reader to hand on. */
export class JsonScanner {
  records: DocumentRecord[] = [];
  error: ReaderFinding | null = null;
  private phase = Phase.Start;
  private line = 1;
  private pendingCr = false;
  /** Elements so far (the next element's record number is count + 1). */
  private count = 0;
  private sawComma = false;
  // Current element or document.
  private parts: string[] = [];
  private partsLength = 0;
  private startLine = 1;
  private depth = 0;
  private inString = false;
  private escapeNext = false;
  /** Position of the next backslash in the chunk being fed (-1: not looked for yet). */
  private nextBackslash = -1;

  get stopped(): boolean {
    return this.phase === Phase.Done;
  }

  feed(s: string): void {
    this.nextBackslash = -1;
    const n = s.length;
    let i = 0;
    // Where the current element/document text starts in `s` (when collecting).
    let from = 0;
    while (i < n) {
      switch (this.phase) {
        case Phase.Done:
          return;
        case Phase.Start: {
          const c = s.charCodeAt(i);
          if (isWs(c)) {
            this.countBreak(s, i);
            i++;
            break;
          }
          this.pendingCr = false;
          this.startLine = this.line;
          if (c === 91) {
            this.phase = Phase.Before;
            i++;
          } else {
            this.phase = Phase.Doc;
            from = i;
            i = n;
          }
          break;
        }
        case Phase.Doc:
          from = i;
          i = n;
          break;
        case Phase.Before: {
          const c = s.charCodeAt(i);
          if (isWs(c)) {
            this.countBreak(s, i);
            i++;
            break;
          }
          this.pendingCr = false;
          if (c === 93 && !this.sawComma) {
            this.phase = Phase.After;
            i++;
            break;
          }
          if (c === 93 || c === 44) {
            this.fail('a value is missing (is there an extra comma?)', this.count + 1, this.line);
            return;
          }
          this.phase = Phase.Elem;
          this.startLine = this.line;
          this.depth = 0;
          this.inString = false;
          this.escapeNext = false;
          this.parts = [];
          this.partsLength = 0;
          from = i;
          break;
        }
        case Phase.Elem:
          i = this.scanElement(s, i, from);
          if (this.phase === Phase.Elem) {
            // The element goes on in the next chunk.
            this.collect(s.slice(from, n));
            if (this.partsLength > MAX_ELEMENT_CHARS) {
              this.fail(
                `element ${this.count + 1} of the top-level array is longer than ${MAX_ELEMENT_CHARS / (1024 * 1024)} Mi characters`,
                this.count + 1,
                this.startLine,
              );
            }
            return;
          }
          break;
        case Phase.After: {
          const c = s.charCodeAt(i);
          if (isWs(c)) {
            this.countBreak(s, i);
            i++;
            break;
          }
          this.pendingCr = false;
          this.fail('there is more content after the end of the top-level array', null, this.line);
          return;
        }
      }
    }
    if (this.phase === Phase.Doc) this.collect(from === 0 ? s : s.slice(from));
  }

  end(): void {
    switch (this.phase) {
      case Phase.Start:
        this.fail('The file is empty', null, null, true);
        break;
      case Phase.Doc:
        this.finishDoc();
        break;
      case Phase.Before:
        this.fail('the file ends before the top-level array is closed', null, this.line);
        break;
      case Phase.Elem: {
        // Parse what there is: a broken element gives the more precise error.
        const text = this.takeText();
        if (this.parseElement(text)) {
          this.fail('the file ends before the top-level array is closed', null, this.line);
        }
        break;
      }
      default:
        break;
    }
    this.phase = Phase.Done;
  }

  /** Scans element text from `i`; on the element's end, parses it and moves to the next phase. */
  private scanElement(s: string, i: number, from: number): number {
    const n = s.length;
    if (this.inString) {
      i = this.skipString(s, i);
      if (i >= n) return n;
    }
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 10 || c === 13) {
        this.countBreak(s, i);
        i++;
        continue;
      }
      this.pendingCr = false;
      if (c === 34) {
        this.inString = true;
        i = this.skipString(s, i + 1);
        continue;
      }
      if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) {
        if (this.depth > 0) this.depth--;
        else if (c === 93) {
          const text = this.takeText(s.slice(from, i));
          this.phase = Phase.After;
          this.parseElement(text);
          return i + 1;
        }
      } else if (c === 44 && this.depth === 0) {
        const text = this.takeText(s.slice(from, i));
        this.phase = Phase.Before;
        this.sawComma = true;
        this.parseElement(text);
        return i + 1;
      }
      i++;
    }
    return i;
  }

  /** Skips string content from `i` (just after the opening quote or a chunk start); returns the index after the closing quote, or `s.length`. */
  private skipString(s: string, i: number): number {
    const n = s.length;
    if (this.escapeNext) {
      this.escapeNext = false;
      i++;
    }
    for (;;) {
      let q = s.indexOf('"', i);
      if (q < 0) q = n;
      // The next backslash is cached per chunk: searching for it afresh in every string would
      // scan to the end of the chunk each time when there are none (quadratic).
      if (this.nextBackslash < i) {
        this.nextBackslash = s.indexOf('\\', i);
        if (this.nextBackslash < 0) this.nextBackslash = n;
      }
      const b = this.nextBackslash;
      if (b < q) {
        if (b + 1 >= n) {
          this.escapeNext = true;
          return n;
        }
        i = b + 2;
        continue;
      }
      if (q === n) return n;
      this.inString = false;
      return q + 1;
    }
  }

  private countBreak(s: string, i: number): void {
    const c = s.charCodeAt(i);
    if (c === 10) {
      if (!this.pendingCr) this.line++;
      this.pendingCr = false;
    } else if (c === 13) {
      this.line++;
      this.pendingCr = true;
    } else this.pendingCr = false;
  }

  private collect(piece: string): void {
    if (piece.length === 0) return;
    this.parts.push(piece);
    this.partsLength += piece.length;
  }

  private takeText(last = ''): string {
    const text = this.parts.length === 0 ? last : this.parts.join('') + last;
    this.parts = [];
    this.partsLength = 0;
    return text;
  }

  /** Parses one element; true when it was valid (and became a record). */
  private parseElement(text: string): boolean {
    const record = ++this.count;
    if (text.trim() === '') {
      this.fail('a value is missing (is there an extra comma?)', record, this.startLine);
      return false;
    }
    try {
      this.records.push({ record, line: this.startLine, value: JSON.parse(text) });
      return true;
    } catch (e) {
      const { reason, position } = describeJsonError(e);
      const line = position === null ? this.startLine : this.startLine + countLineBreaks(text, 0, position);
      this.fail(`element ${record} of the top-level array is not valid JSON: ${reason}`, record, line);
      return false;
    }
  }

  private finishDoc(): void {
    let text: string;
    try {
      text = this.takeText();
    } catch {
      this.fail('the document is too large to read as one value', null, this.startLine);
      return;
    }
    try {
      this.records.push({ record: 1, line: this.startLine, value: JSON.parse(text) });
    } catch (e) {
      const { reason, position } = describeJsonError(e);
      const line = position === null ? this.startLine : this.startLine + countLineBreaks(text, 0, position);
      this.fail(`the document is not valid JSON: ${reason}`, null, line);
    }
  }

  private fail(what: string, record: number | null, line: number | null, verbatim = false): void {
    this.phase = Phase.Done;
    this.parts = [];
    this.error = {
      rule: 'parse/json',
      severity: 'error',
      message: verbatim ? what : `Invalid JSON: ${what}${record === null ? '' : '; reading stopped here'}`,
      record,
      line,
      field: null,
    };
  }
}

export const readJson: Reader = async (source, sink, options) => {
  const batchSize = batchSizeOf(options);
  const text = await openText(source, sink, options);
  const input: DocumentInput = {
    kind: 'document',
    format: 'json',
    get encoding() {
      return text.encoding;
    },
    batches: jsonBatches(text.binary ? null : text.chunks, sink, batchSize),
  };
  return input;
};

async function* jsonBatches(
  chunks: AsyncIterable<string> | null,
  sink: ReaderSink,
  batchSize: number,
): AsyncGenerator<DocumentRecord[]> {
  if (chunks === null) return;
  const scanner = new JsonScanner();
  let batch: DocumentRecord[] = [];
  const drain = function* (): Generator<DocumentRecord[]> {
    const recs = scanner.records;
    if (recs.length === 0) return;
    scanner.records = [];
    for (const r of recs) {
      batch.push(r);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  };
  for await (const chunk of chunks) {
    scanner.feed(chunk);
    yield* drain();
    if (scanner.stopped) break;
  }
  if (!scanner.stopped) scanner.end();
  yield* drain();
  if (batch.length > 0) yield batch;
  if (scanner.error !== null) sink.finding(scanner.error);
}
