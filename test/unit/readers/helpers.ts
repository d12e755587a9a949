/**
 * Test helpers for the readers: in-memory sources (rereadable or stream-like, any chunk size),
 * a collecting sink, and `read` that opens an input and drains every batch.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesSource, streamSource } from '../../../src/readers/source.js';
import type {
  ByteSource,
  DocumentRecord,
  OpenedInput,
  Reader,
  ReaderFinding,
  ReadOptions,
  TabularRecord,
} from '../../../src/readers/types.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const inputsDir = path.join(repoRoot, 'fixtures', 'inputs');

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export interface SourceOptions {
  /** Bytes per chunk (default 64 KiB). */
  chunkSize?: number;
  /** A read-once source like stdin instead of a rereadable one. */
  stream?: boolean;
}

export function memorySource(data: string | Uint8Array, opts: SourceOptions = {}): ByteSource {
  const bytes = typeof data === 'string' ? utf8(data) : data;
  const chunkSize = opts.chunkSize ?? 64 * 1024;
  if (!opts.stream) return bytesSource('mem', bytes, chunkSize);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.slice(i, i + chunkSize);
  }
  return streamSource('<stdin>', chunks());
}

export interface ReadResult<R> {
  input: OpenedInput;
  records: R[];
  findings: ReaderFinding[];
  batches: number[];
}

export async function readSource<R = TabularRecord | DocumentRecord>(
  reader: Reader,
  source: ByteSource,
  options: ReadOptions = {},
): Promise<ReadResult<R>> {
  const findings: ReaderFinding[] = [];
  const input = await reader(source, { finding: (f) => findings.push(f) }, options);
  const records: R[] = [];
  const batches: number[] = [];
  for await (const batch of input.batches as AsyncIterable<R[]>) {
    batches.push(batch.length);
    records.push(...batch);
  }
  return { input, records, findings, batches };
}

export function read<R = TabularRecord | DocumentRecord>(
  reader: Reader,
  data: string | Uint8Array,
  options: ReadOptions = {},
  source: SourceOptions = {},
): Promise<ReadResult<R>> {
  return readSource<R>(reader, memorySource(data, source), options);
}

/** Findings as compact `severity rule record line field` strings, for readable assertions. */
export function brief(findings: ReaderFinding[]): string[] {
  return findings.map(
    (f) => `${f.severity} ${f.rule} r${f.record ?? '-'} l${f.line ?? '-'} ${f.field ?? '-'}`,
  );
}

export function cellsOf(records: TabularRecord[]): string[][] {
  return records.map((r) => r.cells);
}

/** RFC 4180 serialisation: quote when needed (or always for `force`), double quotes inside. */
export function toCsv(
  rows: string[][],
  delimiter = ',',
  eol = '\n',
  force?: (cell: string) => boolean,
): string {
  return rows
    .map((row) =>
      row
        .map((cell) =>
          force?.(cell) ||
          cell.includes('"') ||
          cell.includes(delimiter) ||
          cell.includes('\n') ||
          cell.includes('\r')
            ? `"${cell.replaceAll('"', '""')}"`
            : cell,
        )
        .join(delimiter),
    )
    .join(eol);
}
