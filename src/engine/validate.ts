/**
 * The validation engine: one entry point for every input format.
 *
 * For each input: open a byte source (hashing it as it streams), pick the reader, match the file to a
 * table of the standard, then stream records through the compiled schema, the key checks and the
 * finding converter into a per-file accumulator. Tables other tables' foreign keys point at are read
 * first, so a foreign key is checked while the referencing file streams.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ErrorObject } from 'ajv';
import { CarecheckError, ioReason } from '../errors.js';
import { formatFromPath, openInput } from '../readers/index.js';
import { fileSource, streamSource } from '../readers/source.js';
import type { ByteSource, OpenedInput, ReaderFinding } from '../readers/types.js';
import { buildReport, FileAccumulator } from '../report/build.js';
import type { Finding, InputFormat, Report, StandardRef } from '../report/types.js';
import { standardHash } from '../standards/hash.js';
import {
  discoverStandards,
  loadStandard,
  type RegistryEntry,
  resolveStandard,
  standardFromSchemaFile,
  standardFromSchemaValue,
} from '../standards/registry.js';
import type { LoadedTable, Standard } from '../standards/types.js';
import { TOOL } from '../version.js';
import { type AnyAjv, compileSchema, createAjv, draftOf, type ValidateFunction } from './ajv.js';
import { todayDayNumber } from './dates.js';
import { columnPatterns, type FieldInfo, fieldsOf } from './fields.js';
import { type ConvertContext, type CustomDescriber, convertErrors } from './findings.js';
import { checkForeignKeys, type ForeignKeyCheck, TableKeys } from './keys.js';
import { DEFAULT_RULE_IDS } from './keywords.js';
import { mayShowName, type ValuePolicy } from './privacy.js';
import { buildRecordBuilder, mapColumns } from './typing.js';

export type InputSpec = { path: string } | { name: string; stream: AsyncIterable<Uint8Array> };

export interface ValidateOptions {
  inputs: InputSpec[];
  /** `id`, `id@2`, `id@2.0.0`. */
  standard?: string;
  /** Extra standards folders (authors' drafts). */
  standardsDirs?: string[];
  /** A bare JSON Schema file instead of a standard. */
  schema?: string;
  /** A bare JSON Schema given as a value (library use). */
  schemaValue?: Record<string, unknown>;
  /**
   * Schemas made available to `$ref` by URI without any network access (library use; the JSON Schema
   * Test Suite maps its remotes this way).
   */
  preloadSchemas?: ReadonlyArray<{ uri: string; schema: Record<string, unknown> }>;
  /** Force the input format instead of using the file extension. */
  inputFormat?: InputFormat;
  /** Table name → file path, for datasets whose files cannot be matched by header. */
  tables?: Record<string, string>;
  delimiter?: string;
  encoding?: string;
  /** Findings listed per file (default 1000; 0 = no cap; negative = list none). Counts stay exact. */
  maxFindings?: number;
  showValues?: ValuePolicy;
  /** "Today" for `$today` rules (default: the clock). */
  today?: Date;
  /** Clock for `generatedAt` (tests pin it). */
  now?: () => Date;
  /** Records per batch handed to the engine. */
  batchSize?: number;
  /**
   * Secret key for keyed record references: each finding about a record gets `recordRef`
   * (HMAC-SHA-256 of the record's local key, see the manifest's `recordKey`) and `recordDigest`
   * (HMAC of the whole record, which changes when the record does). Never the values themselves.
   */
  recordHmacKey?: Uint8Array;
  /** Called after each batch of records (progress display). */
  onProgress?: (progress: Progress) => void;
  /**
   * Called for every finding; returning extra keys accepts it (an exceptions register): it is
   * counted and listed apart in `FileReport.accepted` and does not fail the run.
   */
  accept?: (finding: Finding) => Record<string, unknown> | undefined;
  /**
   * Sees every counted finding as it is found, with the file as the engine opened it. With
   * `maxFindings: -1` (list none) a consumer can process any number of findings in bounded memory.
   */
  onFinding?: (finding: Finding) => void;
}

export interface Progress {
  file: string;
  /** Bytes read so far of this file. */
  bytes: number;
  /** Size of the file when known (regular files), else null. */
  totalBytes: number | null;
  records: number;
}

export interface ResolvedStandard {
  standard: Standard;
  notices: string[];
  ref: StandardRef | null;
}

/** Resolve the standard or bare schema named in the options. Throws CarecheckError (exit 2). */
export function resolveTarget(
  options: Pick<ValidateOptions, 'standard' | 'standardsDirs' | 'schema' | 'schemaValue'>,
): ResolvedStandard {
  if (options.schema !== undefined && options.standard !== undefined) {
    throw new CarecheckError('Give either --standard or --schema, not both');
  }
  if (options.schemaValue !== undefined) {
    return { standard: standardFromSchemaValue(options.schemaValue), notices: [], ref: null };
  }
  if (options.schema !== undefined) {
    return { standard: standardFromSchemaFile(options.schema), notices: [], ref: null };
  }
  if (options.standard === undefined) {
    throw new CarecheckError('No standard given', {
      hint: 'Use --standard ID[@VERSION] (see carecheck standards list) or --schema FILE',
    });
  }
  const entries: RegistryEntry[] = discoverStandards(options.standardsDirs ?? []);
  const { entry, notices } = resolveStandard(entries, options.standard);
  const standard = loadStandard(entry);
  const m = standard.manifest;
  return {
    standard,
    notices,
    ref: {
      id: m.id,
      version: m.version,
      title: m.title,
      status: m.status,
      sha256: standardHash(standard.dir),
    },
  };
}

interface CompiledTable {
  table: LoadedTable;
  validate: ValidateFunction;
  fields: FieldInfo[];
  fieldMap: Map<string, FieldInfo>;
  keys: TableKeys;
  foreign: ForeignKeyCheck[];
  files: string[];
}

/** compareFields / ageAt / cellChecks errors carry their finished wording in `message` (keywords.ts fills `{field}`). */
const customDescriber: CustomDescriber = (e: ErrorObject) => {
  if (e.keyword !== 'cellChecks' && e.keyword !== 'compareFields' && e.keyword !== 'ageAt') return undefined;
  const p = e.params as Record<string, unknown>;
  return {
    field: typeof p['field'] === 'string' ? p['field'] : null,
    // keywords.ts always words the message (the rule's own, `{field}` filled in, or the default).
    message: e.message ?? '',
    ruleId:
      typeof p['ruleId'] === 'string'
        ? p['ruleId']
        : DEFAULT_RULE_IDS[e.keyword as keyof typeof DEFAULT_RULE_IDS],
  };
};

function sourceFor(spec: InputSpec): ByteSource {
  return 'path' in spec ? fileSource(spec.path) : streamSource(spec.name, spec.stream);
}

/** Wrap a source so the bytes of the last complete pass are hashed and counted (`live.bytes` as it goes). */
function hashing(source: ByteSource, acc: FileAccumulator, live: { bytes: number }): ByteSource {
  return {
    name: source.name,
    rereadable: source.rereadable,
    open: () => ({
      async *[Symbol.asyncIterator]() {
        const hash = createHash('sha256');
        let size = 0;
        for await (const chunk of source.open()) {
          hash.update(chunk);
          size += chunk.length;
          live.bytes = size;
          yield chunk;
        }
        acc.sha256 = hash.digest('hex');
        acc.size = size;
      },
    }),
  };
}

function ioError(name: string, cause: unknown): CarecheckError {
  const known = ioReason(cause);
  const why = known !== 'cannot be read' ? known : ((cause as Error)?.message ?? String(cause));
  return new CarecheckError(`Cannot read ${name}: ${why}`, { cause });
}

export async function validate(options: ValidateOptions): Promise<Report> {
  if (options.inputs.length === 0) throw new CarecheckError('No input files given');
  const { standard, notices, ref } = resolveTarget(options);
  const policy = options.showValues ?? 'default';
  const today = todayDayNumber(options.today ?? new Date());
  const ajvWarnings: string[] = [];
  const ajvByDraft = new Map<string, AnyAjv>();
  const ajvFor = (schema: Record<string, unknown>): AnyAjv => {
    const draft = draftOf(schema);
    let ajv = ajvByDraft.get(draft);
    if (!ajv) {
      ajv = createAjv({
        draft,
        strict: standard.bundled,
        today: () => today,
        warn: (m) => ajvWarnings.push(m),
      });
      for (const { uri, schema: preload } of options.preloadSchemas ?? []) {
        try {
          ajv.addSchema(preload, uri);
        } catch {
          // A preloaded schema written for another draft: leave it out of this instance.
        }
      }
      ajvByDraft.set(draft, ajv);
    }
    return ajv;
  };

  // Compile every table once.
  const compiled = new Map<string, CompiledTable>();
  for (const [name, table] of standard.tables) {
    const validateFn = compileSchema(ajvFor(table.schema), table.schema, table.schemaPath);
    const fields = fieldsOf(table.schema);
    compiled.set(name, {
      table,
      validate: validateFn,
      fields,
      fieldMap: new Map(fields.map((f) => [f.name, f])),
      keys: new TableKeys(table),
      foreign: [],
      files: [],
    });
  }
  for (const c of compiled.values()) {
    for (const fk of c.table.foreignKeys ?? []) {
      const target = compiled.get(fk.reference.table);
      if (!target) continue;
      target.keys.addReferenced(fk.reference.fields);
      c.foreign.push({ fk, target: target.keys, targetFiles: target.files });
    }
  }
  for (const w of new Set(ajvWarnings)) notices.push(`Schema warning: ${w}`);

  // Check every input exists before reading any, so a typo fails fast (exit 2); keep the sizes for
  // the progress display.
  const sizes = new Map<string, number>();
  for (const spec of [...options.inputs, ...Object.values(options.tables ?? {}).map((path) => ({ path }))]) {
    if (!('path' in spec)) continue;
    try {
      const s = await stat(spec.path);
      if (s.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      sizes.set(spec.path, s.size);
    } catch (cause) {
      throw ioError(spec.path, cause);
    }
  }

  const tableByFile = new Map<string, string>();
  const inputs = [...options.inputs];
  for (const [table, file] of Object.entries(options.tables ?? {})) {
    // A file named only in --table is an input too.
    if (!inputs.some((i) => 'path' in i && i.path === file)) inputs.push({ path: file });
    if (!compiled.has(table)) {
      throw new CarecheckError(`--table ${table}=${file}: ${standard.manifest.id} has no table '${table}'`, {
        hint: `Tables: ${[...compiled.keys()].join(', ')}`,
      });
    }
    tableByFile.set(file, table);
  }

  // Open every input (reads the CSV header) so files can be matched to tables and ordered.
  interface Opened {
    spec: InputSpec;
    acc: FileAccumulator;
    input?: OpenedInput;
    table?: CompiledTable;
    live: { bytes: number; totalBytes: number | null };
  }
  const opened: Opened[] = [];
  const maxFindings = options.maxFindings ?? 1000;
  for (const spec of inputs) {
    const name = 'path' in spec ? spec.path : spec.name;
    const format = options.inputFormat ?? ('path' in spec ? formatFromPath(spec.path) : null);
    if (format === null) {
      throw new CarecheckError(`Cannot tell the format of ${name} from its extension`, {
        hint: 'Use --input-format csv|json|jsonl|yaml',
      });
    }
    const acc = new FileAccumulator(name, format, maxFindings, {
      divert: options.accept,
      onFinding: options.onFinding,
    });
    const sink = {
      finding: (f: ReaderFinding) => {
        acc.add({ ...f, file: name, pointer: f.pointer ?? '' });
        if (f.record !== null && f.record > acc.records) acc.records = f.record;
      },
    };
    const live = { bytes: 0, totalBytes: 'path' in spec ? (sizes.get(spec.path) ?? null) : null };
    let input: OpenedInput;
    try {
      input = await openInput(hashing(sourceFor(spec), acc, live), format, sink, {
        ...(options.delimiter !== undefined && { delimiter: options.delimiter }),
        ...(options.encoding !== undefined && { encoding: options.encoding }),
        // 256 records a batch: measured on 1M CLD rows, 1024 lets whole batches survive into the old
        // generation (~40% slower, ~50 MB more peak RSS); 64-256 keep garbage young.
        batchSize: options.batchSize ?? 256,
      });
    } catch (cause) {
      // A bad --encoding or --delimiter is already a clear CarecheckError: keep its words.
      if (cause instanceof CarecheckError) throw cause;
      throw ioError(name, cause);
    }
    acc.encoding = input.encoding;
    if (input.kind === 'tabular') acc.delimiter = input.delimiter;
    const entry: Opened = { spec, acc, input, live };
    entry.table = matchTable(name, input, compiled, tableByFile, acc);
    if (entry.table) {
      entry.table.files.push(name);
      if (compiled.size > 1) acc.table = entry.table.table.name;
    }
    opened.push(entry);
  }

  // Referenced tables first.
  const rank = tableRanks(compiled);
  opened.sort(
    (a, b) =>
      (a.table ? (rank.get(a.table.table.name) ?? 0) : 0) -
      (b.table ? (rank.get(b.table.table.name) ?? 0) : 0),
  );

  for (const o of opened) {
    if (!o.input || !o.table) {
      if (o.input) await drain(o.input, o.acc);
      continue;
    }
    try {
      const onBatch = options.onProgress
        ? () =>
            options.onProgress?.({
              file: o.acc.path,
              bytes: o.live.bytes,
              totalBytes: o.live.totalBytes,
              records: o.acc.records,
            })
        : undefined;
      await validateInput(o.input, o.table, o.acc, standard, policy, options.recordHmacKey, onBatch);
    } catch (cause) {
      if (cause instanceof CarecheckError) throw cause;
      throw ioError(o.acc.path, cause);
    }
    o.acc.encoding = o.input.encoding;
  }

  // A foreign key whose target table has no file cannot be checked: say so once.
  for (const c of compiled.values()) {
    if (c.files.length === 0) continue;
    for (const fk of c.foreign) {
      if (fk.targetFiles.length > 0) continue;
      notices.push(
        `Not checked: ${fk.fk.fields.join(' + ')} of the ${c.table.name} file against the ${fk.fk.reference.table} file (no ${fk.fk.reference.table} file was given)`,
      );
    }
  }

  const report = buildReport({
    tool: TOOL,
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    standard: ref,
    schema:
      ref === null
        ? {
            path: options.schema ?? '(in memory)',
            // Pins the exact bare schema used, as standard.sha256 does for a standard.
            ...(options.schema !== undefined && {
              sha256: createHash('sha256').update(readFileSync(options.schema)).digest('hex'),
            }),
          }
        : null,
    files: opened.map((o) => o.acc.finish()),
    options: {
      showValues: policy,
      maxFindings,
      ...(options.inputFormat !== undefined && { inputFormat: options.inputFormat }),
      ...(options.delimiter !== undefined && { delimiter: options.delimiter }),
      ...(options.encoding !== undefined && { encoding: options.encoding }),
      ...(options.today !== undefined && { today: options.today.toISOString().slice(0, 10) }),
    },
    notices,
  });
  const declared = standard.manifest.rules;
  if (declared && Object.keys(declared).length > 0) {
    report.rules = Object.fromEntries(
      Object.entries(declared).map(([id, r]) => [id, { title: r.title, help: r.help ?? r.title }]),
    );
  }
  return report;
}

function tableRanks(compiled: Map<string, CompiledTable>): Map<string, number> {
  const rank = new Map<string, number>();
  const visit = (name: string, depth: number): number => {
    if (depth > compiled.size) return 0;
    const known = rank.get(name);
    if (known !== undefined) return known;
    const c = compiled.get(name);
    let r = 0;
    for (const fk of c?.table.foreignKeys ?? []) r = Math.max(r, visit(fk.reference.table, depth + 1) + 1);
    rank.set(name, r);
    return r;
  };
  for (const name of compiled.keys()) visit(name, 0);
  return rank;
}

function matchTable(
  name: string,
  input: OpenedInput,
  compiled: Map<string, CompiledTable>,
  tableByFile: Map<string, string>,
  acc: FileAccumulator,
): CompiledTable | undefined {
  const forced = tableByFile.get(name);
  if (forced !== undefined) return compiled.get(forced);
  if (compiled.size === 1) return compiled.values().next().value;
  if (input.kind !== 'tabular') {
    acc.add(tableFinding(name, `Cannot tell which table ${name} belongs to; use --table NAME=${name}`));
    return undefined;
  }
  const header = new Set(input.header);
  const candidates = [...compiled.values()].filter((c) => {
    const wanted = c.table.match?.headers;
    return wanted?.every((h) => header.has(h)) ?? false;
  });
  if (candidates.length === 1) return candidates[0];
  const tables = [...compiled.keys()].join(', ');
  acc.add(
    tableFinding(
      name,
      candidates.length === 0
        ? `The header of ${name} does not match any table of this standard (${tables}); use --table NAME=${name}`
        : `The header of ${name} matches several tables (${candidates.map((c) => c.table.name).join(', ')}); use --table NAME=${name}`,
    ),
  );
  return undefined;
}

function tableFinding(file: string, message: string): Finding {
  return {
    rule: 'dataset/unknown-table',
    severity: 'error',
    message,
    file,
    record: null,
    line: null,
    field: null,
    pointer: '',
  };
}

async function drain(input: OpenedInput, acc: FileAccumulator): Promise<void> {
  for await (const batch of input.batches) {
    const last = batch[batch.length - 1];
    if (last && last.record > acc.records) acc.records = last.record;
  }
}

/** Keyed references for findings about one record (see ValidateOptions.recordHmacKey). */
function recordRefs(
  key: Uint8Array,
  keyFields: readonly string[] | undefined,
  obj: unknown,
): { recordRef: string; recordDigest: string } {
  const values =
    obj !== null && typeof obj === 'object' && !Array.isArray(obj)
      ? (obj as Record<string, unknown>)
      : { value: obj };
  const keyText =
    keyFields && keyFields.length > 0
      ? keyFields.map((f) => String(values[f] ?? '').trim()).join('\u0000')
      : JSON.stringify(obj);
  const recordRef = createHmac('sha256', key).update(`key\u0000${keyText}`).digest('hex').slice(0, 16);
  const recordDigest = createHmac('sha256', key)
    .update(`record\u0000${JSON.stringify(Object.entries(values).filter(([, v]) => v !== undefined))}`)
    .digest('hex')
    .slice(0, 16);
  return { recordRef, recordDigest };
}

async function validateInput(
  input: OpenedInput,
  compiled: CompiledTable,
  acc: FileAccumulator,
  standard: Standard,
  policy: ValuePolicy,
  hmacKey: Uint8Array | undefined,
  onBatch: (() => void) | undefined,
): Promise<void> {
  const { validate: validateFn, keys, foreign, fields, fieldMap, table } = compiled;
  const file = acc.path;
  const ctx: ConvertContext = {
    file,
    root: table.schema,
    fields: fieldMap,
    policy,
    ...(standard.manifest.migrations !== undefined && { migrations: standard.manifest.migrations }),
    ...(standard.manifest.predecessorLabel !== undefined && {
      predecessorLabel: standard.manifest.predecessorLabel,
    }),
  };
  keys.startFile(file);
  const checkKeys = keys.active;
  const checkForeign = foreign.some((f) => f.targetFiles.length > 0);
  const keyFields = table.recordKey ?? table.primaryKey;
  let label = (prop: string) => prop;

  // The record being checked, so findings can get its keyed references (computed only when a
  // record has findings, and once per record).
  let current: unknown;
  let refs: { recordRef: string; recordDigest: string } | undefined;
  const add = (f: Finding) => {
    if (hmacKey && f.record !== null) {
      refs ??= recordRefs(hmacKey, keyFields, current);
      f.recordRef = refs.recordRef;
      f.recordDigest = refs.recordDigest;
    }
    acc.add(f);
  };
  const check = (value: unknown, record: number, line: number) => {
    current = value;
    refs = undefined;
    if (!validateFn(value)) {
      const found = convertErrors(
        validateFn.errors as ErrorObject[],
        value,
        record,
        line,
        ctx,
        customDescriber,
      );
      for (let j = 0; j < found.length; j++) add(found[j]!);
    }
    if ((checkKeys || checkForeign) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const obj = value as Record<string, unknown>;
      if (checkKeys) keys.check(obj, record, line, file, label, add);
      if (checkForeign) checkForeignKeys(foreign, obj, record, line, file, label, add);
    }
  };
  const afterBatch = (last: { record: number } | undefined) => {
    if (last && last.record > acc.records) acc.records = last.record;
    onBatch?.();
  };

  if (input.kind === 'tabular') {
    const mapping = mapColumns(input.header, fields, columnPatterns(table.schema));
    const headerOf = mapping.headerOf;
    ctx.headerOf = headerOf;
    label = (prop: string) => headerOf.get(prop) ?? prop;
    const hasProperties = fields.length > 0;
    const closed =
      table.schema['additionalProperties'] === false || table.schema['unevaluatedProperties'] === false;
    const known = input.header.length - mapping.unknown.length;
    if (hasProperties && mapping.unknown.length > 0 && known * 2 < input.header.length) {
      // Most of the header is unknown: probably no header row at all (the first record read as the
      // header) or another standard's file. Column names may then be data: name none of them.
      acc.add({
        rule: 'csv/header-mismatch',
        severity: 'error',
        message: `The header row matches only ${known} of ${input.header.length} columns of this standard: is the header row missing, or is this file for another standard? (Column names are not shown: they may be data.)`,
        file,
        record: null,
        line: input.headerLine,
        field: null,
        pointer: '',
      });
    } else if (hasProperties) {
      for (const u of mapping.unknown) {
        const shown = mayShowName(u.name, policy);
        acc.add({
          rule: 'csv/unknown-column',
          severity: closed ? 'error' : 'warning',
          message: shown
            ? `Column ${u.index + 1} '${u.name}' is not a field of this standard`
            : `Column ${u.index + 1} is not a field of this standard (its name is not shown: it looks like data)`,
          file,
          record: null,
          line: input.headerLine,
          field: shown ? u.name : `(column ${u.index + 1})`,
          pointer: '',
        });
      }
    }
    // A column missing from the header is reported once, not once per record.
    const missingRequired = new Map<string, number>();
    const missing = new Set(mapping.missing.map((m) => m.name));
    ctx.suppressRequired = missing;
    ctx.onSuppressedRequired = (prop) => missingRequired.set(prop, (missingRequired.get(prop) ?? 0) + 1);
    const build = buildRecordBuilder(input.header, mapping, fields, !hasProperties);
    // A ragged row's cells do not line up with the header: whatever lands in a column (half of a
    // free-text name, say) is not that column's kind of value, so none of its values is shown.
    const width = input.header.length;
    const raggedPolicy: ValuePolicy = policy === 'all' ? 'all' : 'hidden';
    for await (const batch of input.batches) {
      for (let i = 0; i < batch.length; i++) {
        const rec = batch[i]!;
        if (rec.cells.length !== width) {
          ctx.policy = raggedPolicy;
          check(build(rec.cells), rec.record, rec.line);
          ctx.policy = policy;
        } else {
          check(build(rec.cells), rec.record, rec.line);
        }
      }
      afterBatch(batch[batch.length - 1]);
    }
    for (const f of mapping.missing) {
      const needed = missingRequired.get(f.name) ?? 0;
      // An optional column may be left out of an export (templates differ): no finding unless a
      // record needed it.
      if (!f.required && needed === 0) continue;
      acc.add({
        rule: 'csv/missing-column',
        severity: 'error',
        message:
          needed > 0
            ? `Column '${f.name}' is not in the file; ${needed} ${needed === 1 ? 'record needs' : 'records need'} it`
            : `Column '${f.name}' is not in the file${f.required ? ' but every record needs it' : ''}`,
        file,
        record: null,
        line: input.headerLine,
        field: f.name,
        pointer: '',
      });
    }
    return;
  }

  for await (const batch of input.batches) {
    for (let i = 0; i < batch.length; i++) {
      const rec = batch[i]!;
      check(rec.value, rec.record, rec.line);
    }
    afterBatch(batch[batch.length - 1]);
  }
}
