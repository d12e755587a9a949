/**
 * Readers turn bytes into records. One reader per input format; each streams, so memory does
 * not grow with the number of records.
 *
 * A reader knows nothing about standards or schemas. Tabular readers (CSV) hand back raw cell
 * texts aligned to the header; typing them is the engine's job (engine/typing.ts), driven by the
 * schema. Document readers (JSON, JSON Lines, YAML) hand back parsed values.
 *
 * Records come in batches (arrays) so a consumer can hand a batch to a worker thread later
 * without changing the reader, and so per-record async overhead stays off the hot path.
 */
import type { InputFormat, Severity } from '../report/types.js';

/** A problem the reader found: malformed syntax, a ragged row, an encoding issue. */
export interface ReaderFinding {
  rule: string;
  severity: Severity;
  message: string;
  record: number | null;
  line: number | null;
  field: string | null;
  pointer?: string;
}

/** Where reader findings go. Readers never throw for bad data: they report it here and carry on. */
export interface ReaderSink {
  finding(f: ReaderFinding): void;
}

/** A source of bytes: a file or standard input. */
export interface ByteSource {
  /** Name used in findings: the path as given, or `<stdin>`. */
  name: string;
  /** Fresh stream of the bytes each call (stdin can be read once only). */
  open(): AsyncIterable<Uint8Array>;
  /** True when `open()` may be called more than once (regular files). */
  rereadable: boolean;
}

export interface TabularRecord {
  /** 1-based data record number (header excluded). */
  record: number;
  /** 1-based physical line where the record starts. */
  line: number;
  /** Raw cell texts, in file column order. May be shorter or longer than the header (ragged rows are reported by the reader). */
  cells: string[];
}

export interface DocumentRecord {
  record: number;
  line: number;
  value: unknown;
}

export interface TabularInput {
  kind: 'tabular';
  format: 'csv';
  encoding: string;
  delimiter: string;
  /** Header cell texts as in the file (BOM and surrounding whitespace removed). Empty when the file has no header. */
  header: string[];
  headerLine: number;
  batches: AsyncIterable<TabularRecord[]>;
}

export interface DocumentInput {
  kind: 'document';
  format: Exclude<InputFormat, 'csv'>;
  encoding: string;
  batches: AsyncIterable<DocumentRecord[]>;
}

export type OpenedInput = TabularInput | DocumentInput;

export interface ReadOptions {
  /** Force a delimiter instead of detecting one (CSV). */
  delimiter?: string;
  /** Force an encoding instead of detecting one. */
  encoding?: string;
  /** Records per batch (default 1024). */
  batchSize?: number;
}

export type Reader = (source: ByteSource, sink: ReaderSink, options: ReadOptions) => Promise<OpenedInput>;
