/**
 * The impact preview of `carecheck diff --data`: validate real files against both versions and count,
 * per change, how many records that pass the old version fail the new one because of it.
 *
 * How a record is attributed: a record with no error under `from` and at least one under `to` is
 * "newly failing"; each of its `to` errors is matched to the changes on the field it names, narrowed by
 * what the finding is (an enum finding whose value is a renamed code goes to that rename; a required
 * finding to requirement changes; a pattern finding to pattern changes; a rule id to the change of that
 * rule). A record may count for several changes. Records failing under both versions are counted
 * apart, never attributed: their old errors would hide what the new version adds.
 *
 * Values are read (validate runs with showValues 'all') only to match enum findings to code changes;
 * they never leave this module: the result holds counts, record numbers and schema text only.
 *
 * Memory: findings are consumed as the engine finds them (onFinding, nothing listed), so what is
 * kept is sets of record numbers: the records failing `from`, and per change / rule the newly failing
 * records it explains (numbers, file index × 2³² + record). Bounded by the number of failing records,
 * not of findings.
 */
import { decodePointerSegment } from '../engine/fields.js';
import { validate } from '../engine/validate.js';
import type { Finding, InputFormat, Report } from '../report/types.js';
import type { Standard } from '../standards/types.js';
import type { Change } from './diff.js';

export interface ImpactFile {
  path: string;
  records: number;
  /** Records with no error under `from` / `to`. */
  passFrom: number;
  passTo: number;
  /** Pass `from`, fail `to`: what the new version would newly reject. */
  newlyFailing: number;
  /** Fail both: counted apart, not attributed. */
  failingBoth: number;
  /** Fail `from`, pass `to`. */
  fixed: number;
  /** Newly failing records none of the listed changes explains. */
  unattributed: number;
  /** Errors about the whole file (a missing column …) under `to` and not under `from`. */
  fileFindings: Array<{ rule: string; field: string | null; message: string; changes: number[] }>;
}

export interface ImpactResult {
  files: ImpactFile[];
  totals: Omit<ImpactFile, 'path' | 'fileFindings'>;
  /** Per change (same order as `changes`): newly failing records attributed to it, over all files. */
  perChange: number[];
  /** Newly failing records per rule of their `to` errors (rule → records), for a quick picture. */
  byRule: Record<string, number>;
}

export interface ImpactOptions {
  files: string[];
  from: Standard;
  to: Standard;
  /** Standards folders validate() needs to find each version by id@version. */
  fromDirs: string[];
  toDirs: string[];
  inputFormat?: InputFormat;
  delimiter?: string;
  encoding?: string;
  today?: Date;
  tables?: Record<string, string>;
}

/** Which field (schema property) a finding is about: the pointer's first segment, else the header. */
function propertyOf(f: Finding, headerToProperty: ReadonlyMap<string, string>): string | null {
  if (f.pointer.startsWith('/')) {
    const seg = f.pointer.slice(1).split('/')[0];
    if (seg !== undefined) return decodePointerSegment(seg);
  }
  if (f.field === null) return null;
  return headerToProperty.get(f.field) ?? f.field;
}

/** Values in findings are cut at 80 characters ('…'): match a long code by its start. */
function sameValue(shown: string | undefined, code: unknown): boolean {
  if (shown === undefined) return false;
  const c = typeof code === 'string' ? code : JSON.stringify(code);
  if (shown === c) return true;
  return shown.endsWith('…') && [...shown].length === 80 && c.startsWith(shown.slice(0, -1));
}

const KEYWORD_OF_RULE: Record<string, string> = {
  'schema/pattern': 'pattern',
  'schema/format': 'format',
  'schema/type': 'type',
  'schema/minimum': 'minimum',
  'schema/maximum': 'maximum',
  'schema/exclusiveMinimum': 'exclusiveMinimum',
  'schema/exclusiveMaximum': 'exclusiveMaximum',
  'schema/minLength': 'minLength',
  'schema/maxLength': 'maxLength',
  'schema/multipleOf': 'multipleOf',
  'schema/const': 'const',
};

const REQUIREMENT_KINDS = new Set([
  'required.added',
  'condition.added',
  'condition.broadened',
  'field.added',
  'field.renamed',
  'alias.removed',
]);

/**
 * Changes that explain one finding, most specific first. Returns indexes into `changes`.
 * Exported for tests.
 */
export function explain(f: Finding, property: string | null, changes: readonly Change[]): number[] {
  const all = changes.map((c, i) => ({ c, i }));
  const onField = all.filter(
    ({ c }) =>
      property !== null && (c.field === property || c.fromField === property || c.fields?.includes(property)),
  );
  const pick = (xs: typeof all) => xs.map(({ i }) => i);
  const byRuleId = all.filter(({ c }) => c.ruleId !== undefined && c.ruleId === f.rule);
  let narrowed: typeof all = [];
  if (f.rule === 'schema/enum') {
    narrowed = onField.filter(
      ({ c }) =>
        (c.kind === 'code.renamed' && sameValue(f.value, c.fromCode)) ||
        (c.kind === 'code.removed' && sameValue(f.value, c.code)),
    );
    if (narrowed.length === 0)
      narrowed = onField.filter(({ c }) => c.kind.startsWith('codes.') || c.keyword === 'enum');
  } else if (f.rule === 'schema/required' || f.rule === 'csv/missing-column') {
    narrowed = onField.filter(({ c }) => REQUIREMENT_KINDS.has(c.kind));
  } else if (f.rule === 'csv/unknown-column') {
    narrowed = onField.filter(
      ({ c }) => c.kind === 'field.removed' || c.kind === 'field.renamed' || c.kind === 'alias.removed',
    );
    if (narrowed.length === 0) narrowed = all.filter(({ c }) => c.kind === 'table.closed');
  } else if (KEYWORD_OF_RULE[f.rule] !== undefined) {
    const k = KEYWORD_OF_RULE[f.rule];
    narrowed = onField.filter(({ c }) => c.keyword === k && c.kind.startsWith('constraint.'));
  } else if (f.rule === 'schema/not') {
    narrowed = onField.filter(({ c }) => c.keyword?.startsWith('not-') === true || c.keyword === 'complex');
  } else if (f.rule.startsWith('key/')) {
    narrowed = all.filter(
      ({ c }) => c.kind.startsWith('key.') && (property === null || c.fields?.includes(property) !== false),
    );
  }
  if (narrowed.length === 0)
    narrowed = byRuleId.filter(({ c }) => property === null || onField.some((o) => o.c === c));
  if (narrowed.length === 0) narrowed = byRuleId;
  if (narrowed.length === 0) narrowed = onField;
  // A record that passed before fails because something got stricter: prefer the breaking changes.
  const breaking = narrowed.filter(({ c }) => c.breaking);
  return pick(breaking.length > 0 ? breaking : narrowed);
}

function headerMap(standard: Standard): Map<string, string> {
  // Headers (and aliases) of every table → property, for findings that name a header.
  const m = new Map<string, string>();
  for (const t of standard.tables.values()) {
    const props = t.schema['properties'];
    if (typeof props !== 'object' || props === null) continue;
    for (const [name, sub] of Object.entries(props as Record<string, unknown>)) {
      m.set(name, name);
      const aliases = (sub as Record<string, unknown> | null)?.['aliases'];
      if (Array.isArray(aliases))
        for (const a of aliases) if (typeof a === 'string' && !m.has(a)) m.set(a, name);
    }
  }
  return m;
}

/** One engine run that hands every finding to `onFinding` and lists none. */
async function run(
  options: ImpactOptions,
  standard: Standard,
  dirs: string[],
  onFinding: (f: Finding) => void,
): Promise<Report> {
  return validate({
    inputs: options.files.map((path) => ({ path })),
    standard: `${standard.manifest.id}@${standard.manifest.version}`,
    standardsDirs: dirs,
    maxFindings: -1,
    onFinding,
    showValues: 'all',
    ...(options.inputFormat !== undefined && { inputFormat: options.inputFormat }),
    ...(options.delimiter !== undefined && { delimiter: options.delimiter }),
    ...(options.encoding !== undefined && { encoding: options.encoding }),
    ...(options.today !== undefined && { today: options.today }),
    ...(options.tables !== undefined && { tables: options.tables }),
  });
}

const FILE_SHIFT = 2 ** 32;

/**
 * A set of record numbers (or file index × 2³² + record) as growable bitsets, one per file index:
 * 1 bit a record, so a million newly failing records cost 125 KB per change instead of a Set entry
 * each.
 */
export class RecordSet {
  private readonly files = new Map<number, Uint32Array>();
  size = 0;

  add(key: number): this {
    const file = Math.floor(key / FILE_SHIFT);
    const record = key % FILE_SHIFT;
    let bits = this.files.get(file);
    const word = record >>> 5;
    if (!bits || word >= bits.length) {
      let n = bits?.length ?? 64;
      while (n <= word) n *= 2;
      const grown = new Uint32Array(n);
      if (bits) grown.set(bits);
      bits = grown;
      this.files.set(file, bits);
    }
    const mask = 1 << (record & 31);
    if (((bits[word] as number) & mask) === 0) {
      bits[word] = (bits[word] as number) | mask;
      this.size++;
    }
    return this;
  }

  has(key: number): boolean {
    const bits = this.files.get(Math.floor(key / FILE_SHIFT));
    const record = key % FILE_SHIFT;
    const word = record >>> 5;
    return bits !== undefined && word < bits.length && ((bits[word] as number) & (1 << (record & 31))) !== 0;
  }

  *[Symbol.iterator](): IterableIterator<number> {
    for (const [file, bits] of this.files) {
      for (let w = 0; w < bits.length; w++) {
        let v = bits[w] as number;
        while (v !== 0) {
          const bit = 31 - Math.clz32(v & -v);
          yield file * FILE_SHIFT + w * 32 + bit;
          v &= v - 1;
        }
      }
    }
  }
}

export async function previewImpact(
  options: ImpactOptions,
  changes: readonly Change[],
): Promise<ImpactResult> {
  // 1. `from`: failing records and file-level errors per file (no finding is kept).
  const failFrom = new Map<string, RecordSet>();
  const fileErrorsFrom = new Map<string, Set<string>>();
  const setOf = <T extends { add(x: never): unknown }>(m: Map<string, T>, k: string, make: () => T): T => {
    let v = m.get(k);
    if (!v) {
      v = make();
      m.set(k, v);
    }
    return v;
  };
  await run(options, options.from, options.fromDirs, (f) => {
    if (f.severity !== 'error') return;
    if (f.record === null)
      setOf(fileErrorsFrom, f.file, () => new Set<string>()).add(`${f.rule}|${f.field ?? ''}`);
    else setOf(failFrom, f.file, () => new RecordSet()).add(f.record);
  });
  // 2. `to`: attribute the errors of newly failing records as they are found.
  const headers = new Map([...headerMap(options.from), ...headerMap(options.to)]);
  const perChange = changes.map(() => new RecordSet());
  const byRule = new Map<string, RecordSet>();
  const fileIndex = new Map<string, number>();
  const failTo = new Map<string, RecordSet>();
  const explained = new Map<string, RecordSet>();
  const fileFindings = new Map<string, ImpactFile['fileFindings']>();
  const report = await run(options, options.to, options.toDirs, (f) => {
    if (f.severity !== 'error') return;
    const path = f.file;
    if (f.record === null) {
      if (fileErrorsFrom.get(path)?.has(`${f.rule}|${f.field ?? ''}`)) return;
      const list = fileFindings.get(path) ?? [];
      fileFindings.set(path, list);
      list.push({
        rule: f.rule,
        field: f.field,
        message: f.message,
        changes: explain(f, propertyOf(f, headers), changes),
      });
      return;
    }
    setOf(failTo, path, () => new RecordSet()).add(f.record);
    if (failFrom.get(path)?.has(f.record)) return;
    let index = fileIndex.get(path);
    if (index === undefined) {
      index = fileIndex.size;
      fileIndex.set(path, index);
    }
    const key = index * FILE_SHIFT + f.record;
    let rule = byRule.get(f.rule);
    if (!rule) {
      rule = new RecordSet();
      byRule.set(f.rule, rule);
    }
    rule.add(key);
    const idx = explain(f, propertyOf(f, headers), changes);
    for (const i of idx) perChange[i]!.add(key);
    if (idx.length > 0) setOf(explained, path, () => new RecordSet()).add(f.record);
  });
  const files: ImpactFile[] = [];
  for (const file of report.files) {
    const before = failFrom.get(file.path) ?? new RecordSet();
    const after = failTo.get(file.path) ?? new RecordSet();
    let newly = 0;
    let both = 0;
    for (const r of after) {
      if (before.has(r)) both++;
      else newly++;
    }
    let fixed = 0;
    for (const r of before) if (!after.has(r)) fixed++;
    files.push({
      path: file.path,
      records: file.records,
      passFrom: file.records - before.size,
      passTo: file.records - after.size,
      newlyFailing: newly,
      failingBoth: both,
      fixed,
      unattributed: newly - (explained.get(file.path)?.size ?? 0),
      fileFindings: fileFindings.get(file.path) ?? [],
    });
  }
  const sum = (k: keyof ImpactResult['totals']) => files.reduce((n, f) => n + f[k], 0);
  return {
    files,
    totals: {
      records: sum('records'),
      passFrom: sum('passFrom'),
      passTo: sum('passTo'),
      newlyFailing: sum('newlyFailing'),
      failingBoth: sum('failingBoth'),
      fixed: sum('fixed'),
      unattributed: sum('unattributed'),
    },
    perChange: perChange.map((s) => s.size),
    byRule: Object.fromEntries(
      [...byRule].map(([k, v]) => [k, v.size]).sort(([a], [b]) => String(a).localeCompare(String(b))),
    ),
  };
}
