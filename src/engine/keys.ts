/**
 * Rules across records and files: unique keys, composite primary keys and foreign keys.
 *
 * Key values are never kept: each key is reduced to a 53-bit hash (two independent 32-bit FNV-1a
 * style hashes combined), held in a Map from hash to the first record that had it. A million keys cost
 * roughly 40-50 MB. The price of hashing is a tiny chance of a false duplicate: about n²/2⁵⁴, i.e.
 * 1 in 36,000 for a million distinct keys. Per-record lines are kept in a growable Int32Array (4 bytes a
 * record) so a duplicate can name the first record's line.
 */
import type { Finding, Severity } from '../report/types.js';
import type { ForeignKey, LoadedTable, UniqueKey } from '../standards/types.js';

export function hashKey(parts: readonly string[]): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let p = 0; p < parts.length; p++) {
    const s = parts[p] as string;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    // Separator so ["ab","c"] and ["a","bc"] differ.
    h1 = Math.imul(h1 ^ 0x1f, 0x01000193);
    h2 = Math.imul(h2 ^ 0x1f, 0x5bd1e995);
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

/** The key's parts as text, or undefined when any part is absent (a missing key is `required`'s business). */
export function keyParts(record: Record<string, unknown>, fields: readonly string[]): string[] | undefined {
  const parts: string[] = [];
  for (const f of fields) {
    const v = record[f];
    if (v === undefined || v === null || v === '') return undefined;
    parts.push(typeof v === 'string' ? v.trim() : String(v));
  }
  return parts;
}

class LineBook {
  private lines = new Int32Array(1024);
  set(record: number, line: number): void {
    if (record >= this.lines.length) {
      let n = this.lines.length;
      while (n <= record) n *= 2;
      const next = new Int32Array(n);
      next.set(this.lines);
      this.lines = next;
    }
    this.lines[record] = line;
  }
  get(record: number): number | null {
    return this.lines[record] || null;
  }
}

interface UniqueCheck {
  fields: string[];
  severity: Severity;
  message?: string;
  seen: Map<number, { file: string; record: number; book: LineBook }>;
  primary: boolean;
}

/** Key state for one table across all its files in a run. */
export class TableKeys {
  readonly table: LoadedTable;
  private readonly uniques: UniqueCheck[] = [];
  /** Key sets other tables' foreign keys point at: fields joined by \u0000 → hashes. */
  private readonly referenced = new Map<string, { fields: string[]; hashes: Set<number> }>();
  private book = new LineBook();

  constructor(table: LoadedTable) {
    this.table = table;
    if (table.primaryKey) {
      this.uniques.push({ fields: table.primaryKey, severity: 'error', seen: new Map(), primary: true });
    }
    for (const u of table.unique ?? []) {
      const spec: UniqueKey = Array.isArray(u) ? { fields: u } : u;
      this.uniques.push({ ...spec, severity: spec.severity ?? 'error', seen: new Map(), primary: false });
    }
  }

  /** Another table's foreign key points at these fields of this table: keep their key set. */
  addReferenced(fields: string[]): void {
    const id = fields.join('\u0000');
    if (!this.referenced.has(id)) this.referenced.set(id, { fields, hashes: new Set() });
  }

  get active(): boolean {
    return this.uniques.length > 0 || this.referenced.size > 0;
  }

  /** Start a new file of this table (line numbers are per file). */
  startFile(): void {
    this.book = new LineBook();
  }

  has(fields: readonly string[], hash: number): boolean {
    return this.referenced.get(fields.join('\u0000'))?.hashes.has(hash) ?? false;
  }

  check(
    record: Record<string, unknown>,
    recordNo: number,
    line: number,
    file: string,
    fieldLabel: (prop: string) => string,
    emit: (f: Finding) => void,
  ): void {
    if (this.uniques.length > 0) this.book.set(recordNo, line);
    for (const u of this.uniques) {
      const parts = keyParts(record, u.fields);
      if (!parts) continue;
      const h = hashKey(parts);
      const first = u.seen.get(h);
      if (first === undefined) {
        u.seen.set(h, { file, record: recordNo, book: this.book });
        continue;
      }
      const names = u.fields.map(fieldLabel);
      const where =
        first.file === file ? `record ${first.record}` : `record ${first.record} of ${first.file}`;
      emit({
        rule: 'key/duplicate',
        severity: u.severity,
        message:
          u.message ??
          `${names.join(' + ')} ${names.length > 1 ? 'repeat' : 'repeats'} the ${u.primary ? 'primary key' : 'unique key'} of ${where}`,
        file,
        record: recordNo,
        line,
        field: names.join(' + '),
        pointer: `/${u.fields[0] ?? ''}`,
        related: { file: first.file, record: first.record, line: first.book.get(first.record), field: null },
      });
    }
    for (const r of this.referenced.values()) {
      const parts = keyParts(record, r.fields);
      if (parts) r.hashes.add(hashKey(parts));
    }
  }
}

export interface ForeignKeyCheck {
  fk: ForeignKey;
  target: TableKeys;
  /** The files of the referenced table, for messages; empty when none was given. */
  targetFiles: string[];
}

export function checkForeignKeys(
  checks: readonly ForeignKeyCheck[],
  record: Record<string, unknown>,
  recordNo: number,
  line: number,
  file: string,
  fieldLabel: (prop: string) => string,
  emit: (f: Finding) => void,
): void {
  for (const { fk, target, targetFiles } of checks) {
    if (targetFiles.length === 0) continue;
    const parts = keyParts(record, fk.fields);
    if (!parts) continue;
    if (target.has(fk.reference.fields, hashKey(parts))) continue;
    const names = fk.fields.map(fieldLabel);
    emit({
      rule: 'key/foreign',
      severity: fk.severity ?? 'error',
      message:
        fk.message ??
        `${names.join(' + ')} ${names.length > 1 ? 'do' : 'does'} not match any record in the ${fk.reference.table} file (${targetFiles.join(', ')})`,
      file,
      record: recordNo,
      line,
      field: names.join(' + '),
      pointer: `/${fk.fields[0] ?? ''}`,
      related: {
        file: targetFiles[0] ?? '',
        record: null,
        line: null,
        field: fk.reference.fields.join(' + '),
      },
    });
  }
}
