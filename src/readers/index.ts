/**
 * Readers: pick one by format, or guess the format from a file name.
 *
 * Extensions: `.csv` and `.tsv` are CSV (the delimiter is detected, so TAB works); `.json`;
 * `.jsonl`, `.ndjson` and `.jsonlines` are JSON Lines; `.yaml` and `.yml`. Matching ignores case.
 * `.txt` gives null on purpose: a text file may hold any of these, so the user says which with
 * `--input-format`. Compressed files (`.gz`, `.zip` …) give null too: carecheck does not decompress.
 */
import type { InputFormat } from '../report/types.js';
import { readCsv } from './csv.js';
import { readJson } from './json.js';
import { readJsonl } from './jsonl.js';
import type { ByteSource, OpenedInput, Reader, ReaderSink, ReadOptions } from './types.js';
import { readYaml } from './yaml.js';

export { readCsv } from './csv.js';
export { readJson } from './json.js';
export { readJsonl } from './jsonl.js';
export { bytesSource, fileSource, streamSource } from './source.js';
export { readYaml } from './yaml.js';

const EXTENSIONS: Readonly<Record<string, InputFormat>> = {
  csv: 'csv',
  tsv: 'csv',
  json: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  jsonlines: 'jsonl',
  yaml: 'yaml',
  yml: 'yaml',
};

/** The input format a file name implies, or null when it does not say (no or unknown extension). */
export function formatFromPath(path: string): InputFormat | null {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return null;
  return EXTENSIONS[base.slice(dot + 1).toLowerCase()] ?? null;
}

export const readers: Readonly<Record<InputFormat, Reader>> = {
  csv: readCsv,
  json: readJson,
  jsonl: readJsonl,
  yaml: readYaml,
};

/**
 * Opens an input with the reader for `format`. Rejects with the Node error (ENOENT, EACCES,
 * EISDIR …) when the source cannot be read, and with a CarecheckError for a bad option (an unknown
 * encoding or an invalid delimiter). Bad data never rejects: it becomes findings in `sink`.
 */
export function openInput(
  source: ByteSource,
  format: InputFormat,
  sink: ReaderSink,
  options: ReadOptions = {},
): Promise<OpenedInput> {
  return readers[format](source, sink, options);
}
