/**
 * Rules across records and files: unique keys, composite primary keys and foreign keys.
 *
 * Key values are never kept: each key is reduced to a 53-bit hash (two independent 32-bit FNV-1a
 * style hashes combined), computed straight from the record's values with no allocation. Hashes live
 * in an open-addressing table of typed arrays (`KeyTable`): 16 bytes a slot at most half full, so a
 * million keys cost about 32-64 MB and create no garbage (a Map of a million 53-bit keys allocates a
 * heap number per key and measured as a GC hot spot). The price of hashing is a tiny chance of a false
 * duplicate: about n²/2⁵⁴, i.e. 1 in 36,000 for a million distinct keys. Per-record lines are kept in
 * a growable Int32Array per file (4 bytes a record) so a duplicate can name the first record's line.
 */
import type { Finding, Severity } from '../report/types.js';
import type { ForeignKey, LoadedTable, UniqueKey } from '../standards/types.js';

function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0xfeff;
}

/**
 * Hash of the key fields' values, or -1 when any is absent (a missing key is `required`'s business).
 * Text is compared trimmed, as ASC-WDS and CLD keys are; no string is allocated for that.
 */
export function hashRecordKey(record: Record<string, unknown>, fields: readonly string[]): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let f = 0; f < fields.length; f++) {
    const raw = record[fields[f] as string];
    if (raw === undefined || raw === null || raw === '') return -1;
    const s = typeof raw === 'string' ? raw : String(raw);
    let start = 0;
    let end = s.length;
    while (start < end && isSpaceCode(s.charCodeAt(start))) start++;
    while (end > start && isSpaceCode(s.charCodeAt(end - 1))) end--;
    if (start === end) return -1;
    for (let i = start; i < end; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    // Separator so ["ab","c"] and ["a","bc"] differ.
    h1 = Math.imul(h1 ^ 0x1f, 0x01000193);
    h2 = Math.imul(h2 ^ 0x1f, 0x5bd1e995);
  }
  const h = (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
  return h === 0 ? 1 : h; // 0 marks an empty slot
}

/** Open-addressing hash table of 53-bit key hashes → a number (or just a set), in typed arrays. */
export class KeyTable {
  private keys: Float64Array;
  private values: Float64Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1024) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.keys = new Float64Array(n);
    this.values = new Float64Array(n);
    this.mask = n - 1;
  }

  private slot(h: number): number {
    // Low 32 bits of the hash pick the start slot; linear probing from there.
    let i = (h >>> 0) & this.mask;
    const keys = this.keys;
    while (keys[i] !== 0 && keys[i] !== h) i = (i + 1) & this.mask;
    return i;
  }

  get(h: number): number | undefined {
    const i = this.slot(h);
    return this.keys[i] === h ? this.values[i] : undefined;
  }

  has(h: number): boolean {
    return this.keys[this.slot(h)] === h;
  }

  /** Set h → value; returns the previous value, or undefined when h is new. */
  setIfAbsent(h: number, value: number): number | undefined {
    const i = this.slot(h);
    if (this.keys[i] === h) return this.values[i];
    this.keys[i] = h;
    this.values[i] = value;
    if (++this.size * 2 > this.keys.length) this.grow();
    return undefined;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.values = new Float64Array(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    for (let j = 0; j < oldKeys.length; j++) {
      const h = oldKeys[j] as number;
      if (h === 0) continue;
      const i = this.slot(h);
      this.keys[i] = h;
      this.values[i] = oldValues[j] as number;
    }
  }
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
  /** Key hash → fileIndex * 2^32 + record. */
  seen: KeyTable;
  primary: boolean;
}

const FILE_SHIFT = 2 ** 32;

/** Key state for one table across all its files in a run. */
export class TableKeys {
  readonly table: LoadedTable;
  private readonly uniques: UniqueCheck[] = [];
  /** Key sets other tables' foreign keys point at: fields joined by \u0000 → hashes. */
  private readonly referenced = new Map<string, { fields: string[]; hashes: KeyTable }>();
  private book = new LineBook();
  /** Files of this table seen so far, with their line books (index = position). */
  private readonly files: Array<{ file: string; book: LineBook }> = [];

  constructor(table: LoadedTable) {
    this.table = table;
    if (table.primaryKey) {
      this.uniques.push({ fields: table.primaryKey, severity: 'error', seen: new KeyTable(), primary: true });
    }
    for (const u of table.unique ?? []) {
      const spec: UniqueKey = Array.isArray(u) ? { fields: u } : u;
      this.uniques.push({
        ...spec,
        severity: spec.severity ?? 'error',
        seen: new KeyTable(),
        primary: false,
      });
    }
  }

  /** Another table's foreign key points at these fields of this table: keep their key set. */
  addReferenced(fields: string[]): void {
    const id = fields.join('\u0000');
    if (!this.referenced.has(id)) this.referenced.set(id, { fields, hashes: new KeyTable() });
  }

  get active(): boolean {
    return this.uniques.length > 0 || this.referenced.size > 0;
  }

  /** Start a new file of this table (line numbers are per file). */
  startFile(file: string): void {
    this.book = new LineBook();
    this.files.push({ file, book: this.book });
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
    const fileIndex = this.files.length - 1;
    for (const u of this.uniques) {
      const h = hashRecordKey(record, u.fields);
      if (h < 0) continue;
      const packed = u.seen.setIfAbsent(h, fileIndex * FILE_SHIFT + recordNo);
      if (packed === undefined) continue;
      const firstFile = this.files[Math.floor(packed / FILE_SHIFT)] ?? { file, book: this.book };
      const first = { file: firstFile.file, record: packed % FILE_SHIFT, book: firstFile.book };
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
      const h = hashRecordKey(record, r.fields);
      if (h >= 0) r.hashes.setIfAbsent(h, 1);
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
    const h = hashRecordKey(record, fk.fields);
    if (h < 0) continue;
    if (target.has(fk.reference.fields, h)) continue;
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
