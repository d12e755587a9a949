/**
 * The JSON Lines reader: one record per non-blank line.
 *
 * Record numbers count every non-blank line, bad ones included, so they match what a person counts
 * in the file; `line` is the physical line. A line that is not valid JSON is a `parse/jsonl` error
 * and reading goes on with the next line (unlike a JSON document, JSON Lines resynchronise at each
 * line break). Lines end at LF; a CR before it is JSON whitespace and so harmless. A line longer
 * than MAX_LINE_CHARS is reported and skipped rather than buffered, keeping memory bounded.
 */
import { batchSizeOf, describeJsonError } from './common.js';
import { openText } from './decode.js';
import type { DocumentInput, DocumentRecord, Reader, ReaderSink } from './types.js';

export const MAX_LINE_CHARS = 64 * 1024 * 1024;

export const readJsonl: Reader = async (source, sink, options) => {
  const batchSize = batchSizeOf(options);
  const text = await openText(source, sink, options);
  const input: DocumentInput = {
    kind: 'document',
    format: 'jsonl',
    get encoding() {
      return text.encoding;
    },
    batches: jsonlBatches(text.binary ? null : text.chunks, sink, batchSize),
  };
  return input;
};

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return false;
  }
  return true;
}

async function* jsonlBatches(
  chunks: AsyncIterable<string> | null,
  sink: ReaderSink,
  batchSize: number,
): AsyncGenerator<DocumentRecord[]> {
  if (chunks === null) return;
  let batch: DocumentRecord[] = [];
  let record = 0;
  let line = 1;
  // The start of a line that goes on in the next chunk.
  let parts: string[] = [];
  let partsLength = 0;
  let skipping = false;

  const handle = (text: string, at: number): void => {
    if (isBlank(text)) return;
    record++;
    try {
      batch.push({ record, line: at, value: JSON.parse(text) });
    } catch (e) {
      sink.finding({
        rule: 'parse/jsonl',
        severity: 'error',
        message: `Line is not valid JSON: ${describeJsonError(e).reason}`,
        record,
        line: at,
        field: null,
      });
    }
  };

  for await (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      if (nl < 0) break;
      if (skipping) skipping = false;
      else if (parts.length > 0) {
        parts.push(chunk.slice(start, nl));
        handle(parts.join(''), line);
        parts = [];
        partsLength = 0;
      } else handle(chunk.slice(start, nl), line);
      line++;
      start = nl + 1;
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (start < chunk.length && !skipping) {
      parts.push(start === 0 ? chunk : chunk.slice(start));
      partsLength += chunk.length - start;
      if (partsLength > MAX_LINE_CHARS) {
        parts = [];
        partsLength = 0;
        skipping = true;
        record++;
        sink.finding({
          rule: 'parse/jsonl',
          severity: 'error',
          message: `Line is longer than ${MAX_LINE_CHARS / (1024 * 1024)} Mi characters; it was skipped`,
          record,
          line,
          field: null,
        });
      }
    }
  }
  if (parts.length > 0) handle(parts.join(''), line);
  if (batch.length > 0) yield batch;
}
