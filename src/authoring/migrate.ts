/**
 * `carecheck migrate`: rewrite a data file from one version of a standard to a newer one, applying
 * the code mappings the newer version declares for its predecessor (manifest `migrations`, composed
 * along the predecessor chain) and renaming headers of fields renamed between the versions.
 *
 * What it never does:
 * - guess: a value with no mapping (`null` in `migrations`, or neither mapped nor in the target's
 *   code list) is left as it is and REPORTED (count per field and record numbers; the values only
 *   with `showValues`);
 * - touch the input: output goes to a new file, written to a temporary file beside it and renamed
 *   into place at the end, so a failed run leaves no half-written file;
 * - lose records: input the reader cannot fully read (an unclosed quote, a JSON syntax error …) stops
 *   the migration (exit 2) instead of writing a file with records missing.
 *
 * CSV output keeps the delimiter, the line endings (CRLF if the header line ended in CRLF) and the
 * quoting style (every cell quoted when every header cell was quoted, else only where RFC 4180 needs
 * it). Output is UTF-8 (with a BOM when the input had one); a Windows-1252 or UTF-16 input is
 * converted and the result says so. JSON, JSON Lines and YAML are re-serialised record by record:
 * values and key order are kept, layout and comments are not.
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { stringify as yamlStringify } from 'yaml';
import { type FieldInfo, fieldsOf } from '../engine/fields.js';
import { mapColumns } from '../engine/typing.js';
import { CarecheckError } from '../errors.js';
import { formatFromPath, openInput } from '../readers/index.js';
import { fileSource } from '../readers/source.js';
import type { OpenedInput, ReaderFinding } from '../readers/types.js';
import type { InputFormat } from '../report/types.js';
import type { Standard } from '../standards/types.js';
import { CsvWriter, type LineEnding } from './csv-writer.js';
import { canonical, constraintsOf, isObject, type Migrations } from './model.js';

export interface MigrateOptions {
  input: string;
  output: string;
  from: Standard;
  to: Standard;
  /** Code mappings old → new (see migrations.ts `migrationPath`). */
  migrations: Migrations;
  /** Fields renamed between the versions: old name → new name. */
  renames: ReadonlyMap<string, string>;
  /** Overwrite an existing output file (never the input). */
  force?: boolean;
  inputFormat?: InputFormat;
  delimiter?: string;
  encoding?: string;
  /** Keep unmapped values (with counts) in the result. */
  showValues?: boolean;
  /** Record numbers listed per field (counts stay exact). Default 1000. */
  maxRecords?: number;
}

export interface UnmappedField {
  field: string;
  /** Values left as they were. */
  count: number;
  /** …because the mapping says there is no equivalent (`null`). */
  noEquivalent: number;
  /** …because the value is neither mapped nor in the target's code list. */
  notInCodeList: number;
  /** Record numbers (1-based, header excluded), at most `maxRecords`. */
  records: number[];
  truncated: boolean;
  /** Only with showValues: each value left as it was, with its count. */
  values?: Array<{ value: string; count: number }>;
}

export interface MigrateResult {
  input: string;
  output: string;
  from: string;
  to: string;
  /** Versions the mappings stepped through, oldest first. */
  path: string[];
  format: InputFormat;
  encoding: { input: string; output: 'utf-8' | 'utf-8-bom' };
  delimiter?: string;
  lineEnding: 'LF' | 'CRLF';
  quoting?: 'minimal' | 'all';
  records: number;
  /** Values replaced, and records with at least one replaced value. */
  changedValues: number;
  changedRecords: number;
  /** Each mapping applied: code → code (standard text, not data) and how often. */
  mapped: Array<{ field: string; from: string; to: string; count: number }>;
  headerRenames: Array<{ from: string; to: string }>;
  unmapped: UnmappedField[];
  notices: string[];
}

/** Reader findings that mean records were (or may have been) lost: stop instead of writing a short file. */
const FATAL = new Set(['io/binary', 'csv/no-header', 'csv/unclosed-quote', 'csv/record-too-large']);

function fatal(f: ReaderFinding): boolean {
  return FATAL.has(f.rule) || (f.rule.startsWith('parse/') && f.severity === 'error');
}

interface FieldPlan {
  /** Target field name. */
  target: string;
  mapping: Record<string, string | null> | undefined;
  /** Target codes as text (every list the field has, warning-level ones too); undefined = no code list. */
  codes: Set<string> | undefined;
}

function codesOf(field: FieldInfo, schema: Record<string, unknown>): Set<string> | undefined {
  const props = schema['properties'];
  const raw = isObject(props) ? props[field.name] : undefined;
  if (!isObject(raw)) return undefined;
  const enums = constraintsOf(schema, raw, 'error').filter((c) => c.keyword === 'enum');
  if (enums.length === 0) return undefined;
  return new Set(
    enums.flatMap((c) => (c.value as unknown[]).map((v) => (typeof v === 'string' ? v : canonical(v)))),
  );
}

/** The one table of the target a file is migrated to (datasets: by header match, else the first table). */
function targetTable(to: Standard, header: readonly string[] | undefined) {
  const tables = [...to.tables.values()];
  if (tables.length === 1 || header === undefined) return tables[0]!;
  const set = new Set(header);
  return tables.find((t) => t.match?.headers?.every((h) => set.has(h))) ?? tables[0]!;
}

function sourceTable(from: Standard, name: string, header: readonly string[] | undefined) {
  return from.tables.get(name) ?? targetTable(from, header);
}

/** Line ending of the first line of the raw bytes (UTF-16 aware: NUL bytes are skipped). */
async function sniff(file: string): Promise<{ crlf: boolean; head: Buffer }> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    const lf = head.indexOf(0x0a);
    if (lf <= 0) return { crlf: false, head };
    let k = lf - 1;
    if (head[k] === 0x00) k--;
    return { crlf: head[k] === 0x0d, head };
  } finally {
    await fh.close();
  }
}

/** Whether every header cell was quoted (then every cell is written quoted, as the export did). */
function headerAllQuoted(head: Buffer, delimiter: string, header: readonly string[]): boolean {
  if (header.length === 0) return false;
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const line = text.split(/\r?\n|\r/, 1)[0] ?? '';
  // Cheap and sufficient: the header line starts with a quote and every delimiter outside quotes is
  // followed by one.
  if (!line.startsWith('"')) return false;
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === delimiter && line[i + 1] !== '"') return false;
  }
  return true;
}

class Tally {
  readonly mapped = new Map<string, { field: string; from: string; to: string; count: number }>();
  readonly unmapped = new Map<string, UnmappedField & { valueCounts: Map<string, number> }>();
  changedValues = 0;
  changedRecords = 0;
  constructor(
    private readonly maxRecords: number,
    private readonly showValues: boolean,
  ) {}

  map(field: string, from: string, to: string): void {
    const key = `${field}\u0000${from}`;
    const m = this.mapped.get(key) ?? { field, from, to, count: 0 };
    m.count++;
    this.mapped.set(key, m);
    this.changedValues++;
  }

  leave(field: string, record: number, value: string, why: 'noEquivalent' | 'notInCodeList'): void {
    let u = this.unmapped.get(field);
    if (!u) {
      u = {
        field,
        count: 0,
        noEquivalent: 0,
        notInCodeList: 0,
        records: [],
        truncated: false,
        valueCounts: new Map(),
      };
      this.unmapped.set(field, u);
    }
    u.count++;
    u[why]++;
    if (u.records[u.records.length - 1] !== record) {
      if (u.records.length < this.maxRecords) u.records.push(record);
      else u.truncated = true;
    }
    if (this.showValues) u.valueCounts.set(value, (u.valueCounts.get(value) ?? 0) + 1);
  }

  unmappedList(): UnmappedField[] {
    return [...this.unmapped.values()].map(({ valueCounts, ...u }) =>
      this.showValues
        ? {
            ...u,
            values: [...valueCounts]
              .map(([value, count]) => ({ value, count }))
              .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
          }
        : u,
    );
  }
}

/** Apply the plan to one value: the new value, or undefined to keep it. */
function migrateValue(plan: FieldPlan, value: string, record: number, tally: Tally): string | undefined {
  if (value === '') return undefined;
  const m = plan.mapping;
  if (m && Object.hasOwn(m, value)) {
    const next = m[value];
    if (next === null || next === undefined) {
      tally.leave(plan.target, record, value, 'noEquivalent');
      return undefined;
    }
    if (next !== value) {
      tally.map(plan.target, value, next);
      return next;
    }
    return undefined;
  }
  if (plan.codes && !plan.codes.has(value)) tally.leave(plan.target, record, value, 'notInCodeList');
  return undefined;
}

async function checkPaths(options: MigrateOptions): Promise<void> {
  const input = path.resolve(options.input);
  const output = path.resolve(options.output);
  if (input === output) {
    throw new CarecheckError(
      `Refusing to write over the input file ${options.input}: migrate never changes its input`,
      {
        hint: 'Give a new file with --output',
      },
    );
  }
  let inputStat: Awaited<ReturnType<typeof stat>>;
  try {
    inputStat = await stat(input);
  } catch {
    throw new CarecheckError(`Cannot read ${options.input}: no such file`);
  }
  if (!inputStat.isFile()) throw new CarecheckError(`Cannot read ${options.input}: it is not a regular file`);
  try {
    const out = await stat(output);
    if (out.isDirectory()) throw new CarecheckError(`Cannot write ${options.output}: it is a folder`);
    if (out.ino === inputStat.ino && out.dev === inputStat.dev) {
      throw new CarecheckError(
        `Refusing to write over the input file ${options.input} (${options.output} is the same file)`,
      );
    }
    if (!options.force) {
      throw new CarecheckError(`${options.output} already exists`, { hint: 'Use --force to replace it' });
    }
  } catch (e) {
    if (e instanceof CarecheckError) throw e;
  }
}

/** Temporary file beside the output, renamed into place on success, removed on failure. */
async function withTempFile<T>(output: string, body: (fh: FileHandle) => Promise<T>): Promise<T> {
  const dir = path.dirname(path.resolve(output));
  await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(output)}.${randomBytes(6).toString('hex')}.tmp`);
  // Care data: the new file is readable by its owner only, like the reports carecheck writes.
  const fh = await open(tmp, 'wx', 0o600);
  try {
    const result = await body(fh);
    await fh.close();
    await rename(tmp, output);
    return result;
  } catch (e) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw e;
  }
}

export async function migrateFile(options: MigrateOptions): Promise<MigrateResult> {
  await checkPaths(options);
  const format = options.inputFormat ?? formatFromPath(options.input);
  if (format === null) {
    throw new CarecheckError(`Cannot tell the format of ${options.input} from its extension`, {
      hint: 'Use --input-format csv|json|jsonl|yaml',
    });
  }
  const { crlf, head } = await sniff(options.input);
  const eol: LineEnding = crlf ? '\r\n' : '\n';
  const findings: ReaderFinding[] = [];
  const stop = (f: ReaderFinding) => {
    const where = f.line !== null ? ` (line ${f.line})` : '';
    return new CarecheckError(`Cannot migrate ${options.input}: ${f.message}${where}; no file was written`, {
      hint: 'Fix the file so every record can be read (carecheck validate shows the problem), then migrate again',
    });
  };
  const sink = {
    finding: (f: ReaderFinding) => {
      findings.push(f);
    },
  };
  let input: OpenedInput;
  try {
    input = await openInput(fileSource(options.input), format, sink, {
      ...(options.delimiter !== undefined && { delimiter: options.delimiter }),
      ...(options.encoding !== undefined && { encoding: options.encoding }),
      batchSize: 256,
    });
  } catch (cause) {
    if (cause instanceof CarecheckError) throw cause;
    throw new CarecheckError(`Cannot read ${options.input}: ${(cause as Error).message}`, { cause });
  }
  const firstFatal = () => findings.find(fatal);
  const early = firstFatal();
  if (early) throw stop(early);

  const header = input.kind === 'tabular' ? input.header : undefined;
  const toTable = targetTable(options.to, header);
  const fromTable = sourceTable(options.from, toTable.name, header);
  const toFields = fieldsOf(toTable.schema);
  const fromFields = fieldsOf(fromTable.schema);
  const toByName = new Map(toFields.map((f) => [f.name, f]));
  const planFor = (fromName: string | undefined, header: string): { plan?: FieldPlan; header: string } => {
    // The column's field in the old version, then its name in the new one.
    const targetName =
      fromName !== undefined
        ? (options.renames.get(fromName) ?? fromName)
        : mapColumns([header], toFields).propertyOf[0];
    const target = targetName === undefined ? undefined : toByName.get(targetName);
    if (!target) return { header };
    const accepted = header === target.name || target.aliases.includes(header);
    const plan: FieldPlan = {
      target: target.name,
      mapping:
        options.migrations[target.name] ??
        (fromName !== undefined ? options.migrations[fromName] : undefined),
      codes: codesOf(target, toTable.schema),
    };
    return { plan, header: accepted ? header : target.name };
  };

  const tally = new Tally(options.maxRecords ?? 1000, options.showValues ?? false);
  const notices: string[] = [];
  const headerRenames: Array<{ from: string; to: string }> = [];
  let records = 0;
  let quoting: 'minimal' | 'all' | undefined;
  const outEncoding: 'utf-8' | 'utf-8-bom' = input.encoding === 'utf-8-bom' ? 'utf-8-bom' : 'utf-8';

  await withTempFile(options.output, async (fh) => {
    const write = async (text: string) => {
      await fh.write(text, null, 'utf8');
    };
    if (outEncoding === 'utf-8-bom') await write('\uFEFF');
    if (input.kind === 'tabular') {
      const fromMapping = mapColumns(input.header, fromFields);
      const plans: Array<FieldPlan | undefined> = [];
      const outHeader = input.header.map((h, i) => {
        const { plan, header: written } = planFor(fromMapping.propertyOf[i], h);
        plans.push(plan);
        if (written !== h) headerRenames.push({ from: h, to: written });
        return written;
      });
      quoting = headerAllQuoted(head, input.delimiter, input.header) ? 'all' : 'minimal';
      const writer = new CsvWriter(write, { delimiter: input.delimiter, lineEnding: eol, quote: quoting });
      await writer.write(outHeader);
      for await (const batch of input.batches) {
        const bad = firstFatal();
        if (bad) throw stop(bad);
        for (const rec of batch) {
          records = rec.record;
          const cells = rec.cells.slice();
          let changed = false;
          for (let i = 0; i < cells.length; i++) {
            const plan = plans[i];
            if (!plan) continue;
            const next = migrateValue(plan, cells[i]!, rec.record, tally);
            if (next !== undefined) {
              cells[i] = next;
              changed = true;
            }
          }
          if (changed) tally.changedRecords++;
          await writer.write(cells);
        }
      }
      const bad = firstFatal();
      if (bad) throw stop(bad);
      await writer.flush();
      return;
    }
    // Documents: top-level properties, by name or alias.
    const keyPlans = new Map<string, { plan?: FieldPlan; header: string }>();
    const planForKey = (key: string) => {
      let p = keyPlans.get(key);
      if (!p) {
        p = planFor(mapColumns([key], fromFields).propertyOf[0], key);
        if (p.header !== key) headerRenames.push({ from: key, to: p.header });
        keyPlans.set(key, p);
      }
      return p;
    };
    let first = true;
    if (format === 'json') await write(`[${eol}`);
    let buffer = '';
    for await (const batch of input.batches) {
      const bad = firstFatal();
      if (bad) throw stop(bad);
      for (const rec of batch) {
        records = rec.record;
        let value = rec.value;
        if (isObject(value)) {
          const out: Record<string, unknown> = {};
          let changed = false;
          for (const [k, v] of Object.entries(value)) {
            const { plan, header: key } = planForKey(k);
            let nv = v;
            if (plan && typeof v === 'string') {
              const next = migrateValue(plan, v, rec.record, tally);
              if (next !== undefined) {
                nv = next;
                changed = true;
              }
            }
            out[key] = nv;
          }
          if (changed) tally.changedRecords++;
          value = out;
        }
        if (format === 'json') buffer += `${first ? '' : `,${eol}`}  ${JSON.stringify(value)}`;
        else if (format === 'jsonl') buffer += `${JSON.stringify(value)}${eol}`;
        else buffer += `${first ? '' : `---${eol}`}${yamlStringify(value).replace(/\n/g, eol)}`;
        first = false;
      }
      if (buffer.length > 256 * 1024) {
        await write(buffer);
        buffer = '';
      }
    }
    const bad = firstFatal();
    if (bad) throw stop(bad);
    if (format === 'json') buffer += `${first ? '' : eol}]${eol}`;
    await write(buffer);
  });

  if (input.encoding !== 'utf-8' && input.encoding !== 'utf-8-bom') {
    notices.push(`${options.input} was read as ${input.encoding}; ${options.output} is written as UTF-8`);
  }
  const blank = findings.filter((f) => f.rule === 'csv/blank-row').length;
  if (blank > 0)
    notices.push(
      `${blank} blank ${blank === 1 ? 'line was' : 'lines were'} not copied (a blank line is not a record)`,
    );
  const invalidQuote = findings.filter((f) => f.rule === 'csv/invalid-quote').length;
  if (invalidQuote > 0)
    notices.push(
      `${invalidQuote} ${invalidQuote === 1 ? 'cell has' : 'cells have'} text after a closing quote: written back quoted, with the text kept as read`,
    );
  const ragged = findings.filter((f) => f.rule === 'csv/ragged-row').length;
  if (ragged > 0)
    notices.push(
      `${ragged} ${ragged === 1 ? 'record has' : 'records have'} more or fewer cells than the header: copied as they are`,
    );
  if (format !== 'csv')
    notices.push('JSON, JSON Lines and YAML output keeps values and key order, not layout or comments');

  const result: MigrateResult = {
    input: options.input,
    output: options.output,
    from: `${options.from.manifest.id}@${options.from.manifest.version}`,
    to: `${options.to.manifest.id}@${options.to.manifest.version}`,
    path: [],
    format,
    encoding: { input: input.encoding, output: outEncoding },
    lineEnding: crlf ? 'CRLF' : 'LF',
    records,
    changedValues: tally.changedValues,
    changedRecords: tally.changedRecords,
    mapped: [...tally.mapped.values()],
    headerRenames,
    unmapped: tally.unmappedList(),
    notices,
  };
  if (input.kind === 'tabular') result.delimiter = input.delimiter;
  if (quoting !== undefined) result.quoting = quoting;
  return result;
}
