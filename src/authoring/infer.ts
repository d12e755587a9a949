/**
 * `carecheck infer`: draft a standard from a sample export.
 *
 * The sample is streamed once through carecheck's own readers; each column keeps a few counters, the
 * format checks it still passes and at most {@link ENUM_MAX_DISTINCT}+1 distinct short values, so
 * memory does not grow with the file. From those:
 *
 * - type: `boolean` when every value is `true`/`false`, `integer` / `number` when every value is a
 *   number as carecheck's CSV typing reads one, else `string` (JSON documents: the JSON types seen);
 * - format: the first of {@link FORMAT_PRIORITY} that EVERY non-empty value passes, tested with the
 *   very predicates validation uses (so the sample passes its own draft);
 * - code list (`enum`): see {@link enumRule};
 * - required: present (non-empty) in every record read;
 * - sensitivity: guessed from the field name and format (see {@link guessSensitivity}).
 *
 * Privacy: no value of the sample is written anywhere except the codes of code lists, which are only
 * made for columns guessed non-personal. Fixtures are generated from the inferred schema with
 * synthetic values (src/authoring/synthetic.ts), never copied from the sample. Every guess says
 * "(inferred: review)" in its description.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createAjv } from '../engine/ajv.js';
import { toNumber } from '../engine/typing.js';
import { CarecheckError, ioReason } from '../errors.js';
import { formatFromPath, openInput } from '../readers/index.js';
import { fileSource } from '../readers/source.js';
import type { ReaderFinding } from '../readers/types.js';
import type { InputFormat } from '../report/types.js';
import type { Sensitivity, StandardKind } from '../standards/types.js';
import { changelogText, INITIAL_VERSION } from './init.js';
import { NOT_A_FORMAT_VALUE, syntheticFormatValue } from './synthetic.js';
import {
  csvText,
  ID_PATTERN,
  titleFromId,
  writeIfAbsent,
  writeNewFolder,
  yamlString,
} from './write-folder.js';

/** A code list has at most this many values… */
export const ENUM_MAX_DISTINCT = 25;
/** …and at most this many distinct values per non-empty value (so each code repeats on average). */
export const ENUM_MAX_RATIO = 0.5;
/**
 * Values longer than this (or with a line break) make a column free text: never a code list. Care
 * code lists have long labels ("Placed in temporary accommodation by the council (inc. homelessness
 * resettlement)" is 80 characters), so the bar is high.
 */
export const ENUM_MAX_LENGTH = 100;
/** Columns tracked at most (a wider sample is refused rather than using unbounded memory). */
export const MAX_COLUMNS = 2000;

/** Formats tried, most specific first; `ods-code` only when the name says so (it matches any short code). */
export const FORMAT_PRIORITY = [
  'nhs-number',
  'ni-number',
  'uk-postcode',
  'ons-area-code',
  'cqc-location-id',
  'ods-code',
  'uk-date',
  'date',
  'uk-or-iso-date',
  'date-time',
  'email',
  'uuid',
] as const;

type Json = Record<string, unknown>;
type JsonKind = 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'object' | 'array';

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

/** `LA Person_ID` → [la, person, id]; `dateOfBirth` → [date, of, birth]. */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const joined = (name: string) => nameTokens(name).join('');

const DIRECT_TOKENS = new Set([
  'nhs',
  'name',
  'names',
  'forename',
  'forenames',
  'surname',
  'firstname',
  'lastname',
  'fullname',
  'address',
  'phone',
  'telephone',
  'tel',
  'mobile',
  'email',
  'ni',
  'nino',
]);
const DIRECT_STEMS = [
  'nhsnumber',
  'ninumber',
  'nationalinsurance',
  'email',
  'phone',
  'address',
  'surname',
  'forename',
];
const PERSON_TOKENS = new Set([
  'person',
  'client',
  'patient',
  'worker',
  'staff',
  'employee',
  'resident',
  'carer',
  'citizen',
]);
const ID_TOKENS = new Set(['id', 'identifier', 'ref', 'reference', 'number', 'no', 'uid']);
const SPECIAL_STEMS = [
  'ethnic',
  'religio',
  'faith',
  'disab',
  'sexual',
  'orientation',
  'health',
  'dementia',
  'impair',
  'autis',
  'diagnos',
  'mental',
  'pregnan',
  'immigra',
  'medical',
  'medication',
];
const QUASI_TOKENS = new Set(['dob', 'age', 'gender', 'sex', 'nationality', 'language']);
const QUASI_STEMS = ['birth', 'postcode', 'zipcode', 'death', 'gender', 'nationality'];

/**
 * Sensitivity from the field name (and format), most protective class first:
 * - direct-identifier: nhs, name, address, phone, email, ni (National Insurance), a person / client /
 *   worker … id or reference; or values that are NHS Numbers, NI numbers or e-mail addresses;
 * - special-category: ethnicity, religion, disability, sexual orientation, health, dementia,
 *   impairment, autism, diagnosis, mental, pregnancy, immigration, medical;
 * - quasi-identifier: dob, birth, death, age, gender, sex, nationality, language, postcode (or
 *   postcode values);
 * - none otherwise.
 */
export function guessSensitivity(
  name: string,
  format?: string,
): { sensitivity: Sensitivity; reason: string } {
  const tokens = nameTokens(name);
  const all = tokens.join('');
  const direct = tokens.find((t) => DIRECT_TOKENS.has(t)) ?? DIRECT_STEMS.find((s) => all.includes(s));
  if (direct) return { sensitivity: 'direct-identifier', reason: `the name mentions '${direct}'` };
  if (format === 'nhs-number' || format === 'ni-number' || format === 'email') {
    return { sensitivity: 'direct-identifier', reason: `the values are ${format} values` };
  }
  const personWord = [...PERSON_TOKENS].some((p) => all.includes(p));
  if (
    (tokens.some((t) => PERSON_TOKENS.has(t)) && tokens.some((t) => ID_TOKENS.has(t))) ||
    // All-caps names are one token: UNIQUEWORKERID, CLIENTREF.
    (tokens.length === 1 && personWord && /(id|identifier|ref|reference|no|number)$/.test(all))
  ) {
    return { sensitivity: 'direct-identifier', reason: "the name looks like a person's identifier" };
  }
  const special = SPECIAL_STEMS.find((s) => all.includes(s));
  if (special) return { sensitivity: 'special-category', reason: `the name mentions '${special}…'` };
  const quasi = tokens.find((t) => QUASI_TOKENS.has(t)) ?? QUASI_STEMS.find((s) => all.includes(s));
  if (quasi) return { sensitivity: 'quasi-identifier', reason: `the name mentions '${quasi}'` };
  if (format === 'uk-postcode')
    return { sensitivity: 'quasi-identifier', reason: 'the values are postcodes' };
  return { sensitivity: 'none', reason: 'nothing in the name suggests personal data' };
}

/** An identifier-like name: never a code list (ids, references, numbers, codes, keys). */
export function identifierLike(name: string): boolean {
  const tokens = nameTokens(name);
  const idWords = new Set([
    'id',
    'ids',
    'identifier',
    'ref',
    'reference',
    'number',
    'no',
    'code',
    'key',
    'uuid',
    'guid',
    'uid',
  ]);
  return tokens.some((t) => idWords.has(t)) || /id$/.test(joined(name));
}

// ---------------------------------------------------------------------------------------------
// Per-column statistics (bounded)
// ---------------------------------------------------------------------------------------------

type Tester = (s: string) => boolean;

class ColumnStats {
  /** Records where the field is present (CSV: a non-empty cell; documents: the key, even null). */
  present = 0;
  /** Non-empty, non-null values. */
  nonEmpty = 0;
  readonly kinds: Record<JsonKind, number> = {
    string: 0,
    integer: 0,
    number: 0,
    boolean: 0,
    null: 0,
    object: 0,
    array: 0,
  };
  /** Text values that would type as integer / number / boolean under CSV typing. */
  textInteger = 0;
  textNumber = 0;
  textBoolean = 0;
  formats: Map<string, Tester>;
  /** Distinct short string values (null once more than ENUM_MAX_DISTINCT were seen). */
  distinct: Set<string> | null = new Set();
  freeText = false;
  constructor(
    readonly name: string,
    testers: ReadonlyMap<string, Tester>,
  ) {
    this.formats = new Map(testers);
  }

  text(s: string): void {
    this.kinds.string++;
    if (this.formats.size > 0) {
      for (const [name, test] of this.formats) if (!test(s)) this.formats.delete(name);
    }
    if (s.length > ENUM_MAX_LENGTH || s.includes('\n') || s.includes('\r')) this.freeText = true;
    if (this.distinct && !this.freeText) {
      this.distinct.add(s);
      if (this.distinct.size > ENUM_MAX_DISTINCT) this.distinct = null;
    }
  }

  /** A CSV cell: empty means absent. */
  cell(s: string): void {
    if (s === '') return;
    this.present++;
    this.nonEmpty++;
    const n = toNumber(s);
    if (typeof n === 'number' && Number.isFinite(n)) {
      this.textNumber++;
      if (Number.isInteger(n)) this.textInteger++;
    }
    if (s === 'true' || s === 'false') this.textBoolean++;
    this.text(s);
  }

  /** A document value (undefined = the key is absent). */
  value(v: unknown): void {
    if (v === undefined) return;
    this.present++;
    if (v === null) {
      this.kinds.null++;
      return;
    }
    this.nonEmpty++;
    if (typeof v === 'string') this.text(v);
    else if (typeof v === 'number') this.kinds[Number.isInteger(v) ? 'integer' : 'number']++;
    else if (typeof v === 'boolean') this.kinds.boolean++;
    else if (Array.isArray(v)) this.kinds.array++;
    else this.kinds.object++;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the sample
// ---------------------------------------------------------------------------------------------

export interface InferredField {
  name: string;
  /** JSON Schema type(s), e.g. ['string'] or ['string', 'null']. */
  types: JsonKind[];
  format?: string;
  enum?: Array<string | null>;
  required: boolean;
  sensitivity: Sensitivity;
  sensitivityReason: string;
  present: number;
  nonEmpty: number;
  /** Distinct values, or null when more than ENUM_MAX_DISTINCT. */
  distinct: number | null;
  freeText: boolean;
  /** Why there is no code list (for the README), when the column looked like one might fit. */
  noEnumBecause?: string;
}

export interface SampleSummary {
  file: string;
  format: InputFormat;
  kind: StandardKind;
  records: number;
  /** Stopped at --sample-rows before the end of the file. */
  stoppedEarly: boolean;
  /** Reader findings by rule (no values): ragged rows, encoding problems … */
  readerFindings: Record<string, number>;
  /** Records that were not objects (documents), skipped. */
  skippedRecords: number;
  /** Columns left out (a duplicated or empty header). */
  skippedColumns: string[];
  fields: InferredField[];
}

export interface AnalyseOptions {
  inputFormat?: InputFormat;
  delimiter?: string;
  encoding?: string;
  /** Read at most this many records. */
  sampleRows?: number;
}

function formatTesters(): Map<string, Tester> {
  const ajv = createAjv({ draft: '2020-12', strict: true, today: () => 0 });
  const formats = (ajv as unknown as { formats: Record<string, unknown> }).formats;
  const out = new Map<string, Tester>();
  for (const name of FORMAT_PRIORITY) {
    const f = formats[name];
    const v =
      f && typeof f === 'object' && !(f instanceof RegExp) ? (f as { validate?: unknown }).validate : f;
    if (v instanceof RegExp) out.set(name, (s) => v.test(s));
    else if (typeof v === 'function') {
      out.set(name, (s) => {
        try {
          return (v as (x: string) => unknown)(s) === true;
        } catch {
          return false;
        }
      });
    }
  }
  return out;
}

/** Stream the sample and summarise every column. Throws CarecheckError (exit 2) for IO and usage problems. */
export async function analyseSample(file: string, options: AnalyseOptions = {}): Promise<SampleSummary> {
  const format = options.inputFormat ?? formatFromPath(file);
  if (format === null) {
    throw new CarecheckError(`Cannot tell the format of ${file} from its extension`, {
      hint: 'Use --input-format csv|json|jsonl|yaml',
    });
  }
  const readerFindings: Record<string, number> = {};
  const sink = {
    finding: (f: ReaderFinding) => {
      readerFindings[f.rule] = (readerFindings[f.rule] ?? 0) + 1;
    },
  };
  let input: Awaited<ReturnType<typeof openInput>>;
  try {
    input = await openInput(fileSource(file), format, sink, {
      ...(options.delimiter !== undefined && { delimiter: options.delimiter }),
      ...(options.encoding !== undefined && { encoding: options.encoding }),
    });
  } catch (cause) {
    if (cause instanceof CarecheckError) throw cause;
    const known = ioReason(cause);
    const why = known !== 'cannot be read' ? known : (cause as Error).message;
    throw new CarecheckError(`Cannot read ${file}: ${why}`, { cause });
  }
  const testers = formatTesters();
  const limit = options.sampleRows ?? Number.POSITIVE_INFINITY;
  const columns: ColumnStats[] = [];
  const skippedColumns: string[] = [];
  let records = 0;
  let skippedRecords = 0;
  let stoppedEarly = false;

  if (input.kind === 'tabular') {
    if (input.header.length === 0)
      throw new CarecheckError(`${file} has no header row: nothing to infer from`);
    if (input.header.length > MAX_COLUMNS)
      throw new CarecheckError(`${file} has more than ${MAX_COLUMNS} columns`);
    const index: Array<ColumnStats | undefined> = [];
    const seen = new Set<string>();
    for (const h of input.header) {
      if (h === '' || seen.has(h)) {
        skippedColumns.push(h === '' ? '(empty header)' : h);
        index.push(undefined);
        continue;
      }
      seen.add(h);
      const c = new ColumnStats(h, testers);
      columns.push(c);
      index.push(c);
    }
    outer: for await (const batch of input.batches) {
      for (const rec of batch) {
        if (records >= limit) {
          stoppedEarly = true;
          break outer;
        }
        records++;
        for (let i = 0; i < index.length; i++) index[i]?.cell(rec.cells[i] ?? '');
      }
    }
  } else {
    const byName = new Map<string, ColumnStats>();
    outer: for await (const batch of input.batches) {
      for (const rec of batch) {
        if (records >= limit) {
          stoppedEarly = true;
          break outer;
        }
        const v = rec.value;
        if (typeof v !== 'object' || v === null || Array.isArray(v)) {
          skippedRecords++;
          continue;
        }
        records++;
        for (const key of Object.keys(v)) {
          if (!byName.has(key)) {
            if (byName.size >= MAX_COLUMNS)
              throw new CarecheckError(`${file} has more than ${MAX_COLUMNS} different keys`);
            const c = new ColumnStats(key, testers);
            // A key first seen in a later record was absent from the earlier ones.
            byName.set(key, c);
            columns.push(c);
          }
        }
        for (const c of columns) c.value((v as Json)[c.name]);
      }
    }
    if (records === 0 && skippedRecords > 0) {
      throw new CarecheckError(`The records of ${file} are not objects: nothing to infer fields from`);
    }
  }
  return {
    file,
    format,
    kind: input.kind === 'tabular' ? 'tabular' : 'document',
    records,
    stoppedEarly,
    readerFindings,
    skippedRecords,
    skippedColumns,
    fields: columns.map((c) => decide(c, records, input.kind === 'tabular')),
  };
}

/**
 * The code-list rule. A column gets an `enum` when ALL of these hold:
 * it is text (JSON: text or null) with no detected format; its guessed sensitivity is `none`; its
 * name is not identifier-like (id, reference, number, code, key …); no value is longer than
 * ENUM_MAX_LENGTH or spans lines (free text); it has from 2 to ENUM_MAX_DISTINCT distinct values and
 * at most ENUM_MAX_RATIO distinct values per non-empty value; and no two values differ only in case
 * or surrounding spaces (which one would be the code?).
 */
export function enumRule(
  c: Pick<InferredField, 'name' | 'types' | 'format' | 'sensitivity' | 'freeText' | 'nonEmpty'>,
  distinct: ReadonlySet<string> | null,
): { ok: true } | { ok: false; because: string } {
  if (!c.types.includes('string') || c.types.some((t) => t !== 'string' && t !== 'null'))
    return { ok: false, because: 'not text' };
  if (c.format) return { ok: false, because: 'has a format' };
  if (c.sensitivity !== 'none')
    return { ok: false, because: `guessed ${c.sensitivity}: its values are never written into the schema` };
  if (identifierLike(c.name)) return { ok: false, because: 'the name looks like an identifier' };
  if (c.freeText)
    return {
      ok: false,
      because: `free text (a value is longer than ${ENUM_MAX_LENGTH} characters or spans lines)`,
    };
  if (distinct === null) return { ok: false, because: `more than ${ENUM_MAX_DISTINCT} distinct values` };
  if (distinct.size < 2) return { ok: false, because: 'fewer than 2 distinct values' };
  if (distinct.size > ENUM_MAX_RATIO * c.nonEmpty) {
    return {
      ok: false,
      because: 'too many distinct values for the number of records (values rarely repeat)',
    };
  }
  const folded = new Set<string>();
  for (const v of distinct) {
    const k = v.trim().toLowerCase();
    if (folded.has(k)) return { ok: false, because: 'some values differ only in case or surrounding spaces' };
    folded.add(k);
  }
  return { ok: true };
}

function decide(c: ColumnStats, records: number, tabular: boolean): InferredField {
  let types: JsonKind[];
  let format: string | undefined;
  const strings = tabular ? c.nonEmpty : c.kinds.string;
  if (strings > 0) {
    const names = [...c.formats.keys()];
    const nameHintsOds = /\bods\b|practice code|organisation code|org code/i.test(
      nameTokens(c.name).join(' '),
    );
    format = FORMAT_PRIORITY.find((f) => names.includes(f) && (f !== 'ods-code' || nameHintsOds));
  }
  if (tabular) {
    if (c.nonEmpty === 0 || format) types = ['string'];
    else if (c.textBoolean === c.nonEmpty) types = ['boolean'];
    else if (c.textInteger === c.nonEmpty) types = ['integer'];
    else if (c.textNumber === c.nonEmpty) types = ['number'];
    else types = ['string'];
  } else {
    const k = c.kinds;
    types = [];
    if (k.string) types.push('string');
    if (k.number) types.push('number');
    else if (k.integer) types.push('integer');
    if (k.boolean) types.push('boolean');
    if (k.object) types.push('object');
    if (k.array) types.push('array');
    if (k.null) types.push('null');
    if (types.length === 0) types = ['string'];
  }
  const { sensitivity, reason } = guessSensitivity(c.name, format);
  const field: InferredField = {
    name: c.name,
    types,
    ...(format !== undefined && { format }),
    required: records > 0 && c.present === records,
    sensitivity,
    sensitivityReason: reason,
    present: c.present,
    nonEmpty: c.nonEmpty,
    distinct: c.distinct === null ? null : c.distinct.size,
    freeText: c.freeText,
  };
  const rule = enumRule(field, c.distinct);
  if (rule.ok && c.distinct) {
    const codes: Array<string | null> = [...c.distinct].sort((a, b) => a.localeCompare(b, 'en'));
    if (types.includes('null')) codes.push(null);
    field.enum = codes;
  } else if (!rule.ok && types.includes('string') && c.nonEmpty > 0 && !format) {
    field.noEnumBecause = rule.because;
  }
  return field;
}

// ---------------------------------------------------------------------------------------------
// The draft standard
// ---------------------------------------------------------------------------------------------

const FORMAT_WORDS: Readonly<Record<string, string>> = {
  'nhs-number': 'NHS Numbers',
  'ni-number': 'National Insurance numbers',
  'uk-postcode': 'UK postcodes',
  'ons-area-code': 'ONS area codes',
  'cqc-location-id': 'CQC location ids',
  'ods-code': 'ODS codes',
  'uk-date': 'dates written dd/mm/yyyy',
  date: 'dates written yyyy-mm-dd',
  'uk-or-iso-date': 'dates written dd/mm/yyyy or yyyy-mm-dd',
  'date-time': 'date-times (ISO 8601)',
  email: 'e-mail addresses',
  uuid: 'UUIDs',
};

function describeField(f: InferredField, records: number, source: string): string {
  const parts: string[] = [];
  if (f.nonEmpty === 0) {
    parts.push(
      `Always empty in the ${records} records read from ${source}, so its type is unknown (kept as text)`,
    );
  } else {
    const what = f.format
      ? (FORMAT_WORDS[f.format] ?? `${f.format} values`)
      : f.enum
        ? `a code list of ${f.enum.filter((v) => v !== null).length} values`
        : f.types.join(' or ');
    parts.push(`Inferred from ${records} records of ${source}: ${what}`);
    parts.push(f.required ? 'present in every record' : `present in ${f.present} of ${records} records`);
  }
  return `${parts.join('; ')}. Sensitivity guessed as ${f.sensitivity} (${f.sensitivityReason}). (inferred: review)`;
}

export interface DraftOptions {
  id: string;
  title: string;
  /** yyyy-mm-dd */
  today: string;
}

export function draftSchema(summary: SampleSummary, options: DraftOptions): Json {
  const source = path.basename(summary.file);
  const properties: Json = {};
  for (const f of summary.fields) {
    const prop: Json = {
      title: f.name,
      description: describeField(f, summary.records, source),
      type: f.types.length === 1 ? f.types[0] : f.types,
    };
    if (f.format) prop['format'] = f.format;
    if (f.enum) {
      prop['enum'] = f.enum;
      // A code, from a column guessed non-personal (enumRule), so safe to show in docs.
      const first = f.enum.find((v) => v !== null);
      if (first !== undefined) prop['examples'] = [first];
    }
    prop['sensitivity'] = f.sensitivity;
    properties[f.name] = prop;
  }
  const unit = summary.kind === 'tabular' ? 'row' : 'record';
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `${options.title}: one ${unit} per record`,
    description: `Drafted by carecheck infer from ${summary.records} records of ${source}. Every rule is a guess from that sample: review each field. (inferred: review)`,
    type: 'object',
    properties,
    required: summary.fields.filter((f) => f.required).map((f) => f.name),
    additionalProperties: false,
  };
}

type Cell = string | number | boolean | null | Json | unknown[];

/** A made-up value for a field (n-th row), from its inferred schema only. */
function syntheticFor(f: InferredField, n: number): Cell {
  if (f.types.includes('string')) {
    if (f.enum) {
      const codes = f.enum.filter((v): v is string => v !== null);
      return codes[n % codes.length] ?? 'Example';
    }
    if (f.format) return syntheticFormatValue(f.format, n) ?? `Example ${n + 1}`;
    return `Example text ${n + 1}`;
  }
  if (f.types.includes('integer')) return n + 1;
  if (f.types.includes('number')) return n + 1.5;
  if (f.types.includes('boolean')) return n % 2 === 0;
  if (f.types.includes('object')) return {};
  if (f.types.includes('array')) return [];
  return null;
}

interface FixtureFiles {
  files: Record<string, string>;
  invalidCase: string;
  invalidWhat: string;
}

function fixtures(summary: SampleSummary): FixtureFiles {
  const fields = summary.fields;
  const rows: Array<Record<string, Cell | undefined>> = [0, 1].map((n) =>
    Object.fromEntries(fields.map((f) => [f.name, n === 0 || f.required ? syntheticFor(f, n) : undefined])),
  );
  const bad: Record<string, Cell | undefined> = { ...rows[0] };
  let invalidCase: string;
  let invalidWhat: string;
  let expected: Json;
  const extraName = (base: string) => {
    let name = base;
    for (let i = 2; fields.some((f) => f.name === name); i++) name = `${base} ${i}`;
    return name;
  };
  // Blanking the only column of a CSV row makes a blank line, which readers skip rather than report.
  const required =
    summary.kind === 'document' || fields.length > 1 ? fields.find((f) => f.required) : undefined;
  const coded = fields.find((f) => f.enum);
  const formatted = fields.find((f) => f.format && f.types.length === 1);
  const numeric = fields.find(
    (f) => f.types.length === 1 && (f.types[0] === 'integer' || f.types[0] === 'number'),
  );
  let extra: string | undefined;
  if (required) {
    bad[required.name] = undefined;
    invalidCase = 'missing-required-value';
    invalidWhat = `${required.name} is left empty`;
    expected = { rule: 'schema/required', record: 1, field: required.name, severity: 'error' };
  } else if (coded) {
    bad[coded.name] = 'Not a listed code';
    invalidCase = 'not-a-listed-code';
    invalidWhat = `${coded.name} holds a value that is not in its code list`;
    expected = { rule: 'schema/enum', record: 1, field: coded.name, severity: 'error' };
  } else if (formatted) {
    bad[formatted.name] = NOT_A_FORMAT_VALUE;
    invalidCase = 'bad-format';
    invalidWhat = `${formatted.name} is not a valid ${formatted.format}`;
    expected = { rule: 'schema/format', record: 1, field: formatted.name, severity: 'error' };
  } else if (numeric) {
    bad[numeric.name] = 'not a number';
    invalidCase = 'not-a-number';
    invalidWhat = `${numeric.name} is not a number`;
    expected = { rule: 'schema/type', record: 1, field: numeric.name, severity: 'error' };
  } else if (summary.kind === 'tabular') {
    extra = extraName('Unexpected Column');
    invalidCase = 'unexpected-column';
    invalidWhat = `the file has a column (${extra}) the standard does not describe`;
    expected = { rule: 'csv/unknown-column', record: null, field: extra, severity: 'error' };
  } else {
    extra = extraName('unexpectedField');
    bad[extra] = 'Example';
    invalidCase = 'unexpected-field';
    invalidWhat = `a record has a field (${extra}) the standard does not describe`;
    expected = { rule: 'schema/additionalProperties', record: 1, field: extra, severity: 'error' };
  }
  const files: Record<string, string> = {};
  if (summary.kind === 'tabular') {
    const header = fields.map((f) => f.name);
    const text = (v: Cell | undefined) =>
      v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    files['fixtures/valid/example.csv'] = csvText([
      header,
      ...rows.map((r) => header.map((h) => text(r[h]))),
    ]);
    const badHeader = extra ? [...header, extra] : header;
    files[`fixtures/invalid/${invalidCase}.csv`] = csvText([
      badHeader,
      badHeader.map((h) => (h === extra ? 'x' : text(bad[h]))),
    ]);
  } else {
    const clean = (r: Record<string, Cell | undefined>) =>
      Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined));
    files['fixtures/valid/example.json'] = `${JSON.stringify(rows.map(clean), null, 2)}\n`;
    files[`fixtures/invalid/${invalidCase}.json`] = `${JSON.stringify([clean(bad)], null, 2)}\n`;
  }
  files[`fixtures/invalid/${invalidCase}.expected.json`] = `${JSON.stringify([expected], null, 2)}\n`;
  return { files, invalidCase, invalidWhat };
}

function manifestText(summary: SampleSummary, options: DraftOptions, gaps: readonly string[]): string {
  const source = path.basename(summary.file);
  return `# Drafted by carecheck infer: every value below is a placeholder or a guess. Review before use.
id: ${options.id}
version: ${INITIAL_VERSION}
title: ${yamlString(options.title)}
publisher: ${yamlString('Unknown (draft inferred by carecheck; replace)')}
status: draft
effectiveFrom: "${options.today}"
description: >-
  ${`Draft inferred from a sample export (${source}, ${summary.records} records). It describes what that sample looked like, not what a published standard requires.`}
provenance:
  source: ${yamlString(`Inferred by carecheck infer from a sample of ${summary.records} records (${source}), ${options.today}`)}
  confidence: ${yamlString('INFERRED from one sample: types, formats, code lists, required fields and sensitivity are all guesses')}
kind: ${summary.kind}
schema: schema.json
knownGaps:
${gaps.map((g) => `  - ${yamlString(g)}`).join('\n')}
`;
}

const KNOWN_GAPS = [
  'Inferred from a sample: a rule the sample happened to satisfy is not necessarily a rule of the data.',
  'No key rules (primary key, unique, foreign keys) were inferred.',
  'No cross-field rules (conditional mandation, compareFields, ageAt) were inferred.',
  'No lengths, ranges or patterns were inferred.',
];

function readmeText(summary: SampleSummary, options: DraftOptions, fx: FixtureFiles): string {
  const source = path.basename(summary.file);
  const s = summary;
  const lines: string[] = [];
  lines.push(`# ${options.title}: ${options.id} ${INITIAL_VERSION} (draft)`, '');
  lines.push(
    `Drafted by \`carecheck infer\` on ${options.today} from **${s.records} records** of \`${source}\`` +
      (s.stoppedEarly ? ' (stopped at --sample-rows; the rest of the file was not read)' : '') +
      '. Every rule below is a guess from that sample: review each one before relying on this standard.',
    '',
    "The sample's values are not copied into this folder, with one exception: the codes of code lists",
    '(`enum`), which are only made for columns guessed non-personal. The fixtures hold made-up values',
    'generated from the schema.',
    '',
  );
  lines.push('## Provenance', '');
  lines.push(`- Source: a sample export, \`${source}\` (${s.format}), read by carecheck ${options.today}.`);
  lines.push(
    '- Confidence: INFERRED. Replace this section with the published specification this data follows.',
  );
  lines.push('');
  lines.push('## What was inferred', '');
  lines.push('| field | type | format | required | code list | sensitivity |', '|---|---|---|---|---|---|');
  for (const f of s.fields) {
    const codes = f.enum ? `${f.enum.filter((v) => v !== null).length} codes` : '';
    const cell = (x: string) => x.replaceAll('|', '\\|');
    lines.push(
      `| ${cell(f.name)} | ${f.types.join(' \\| ')} | ${f.format ?? ''} | ${f.required ? 'yes' : 'no'} | ${codes} | ${f.sensitivity} |`,
    );
  }
  lines.push('');
  lines.push('## What to review', '');
  lines.push(
    '- **Required**: a field is required when it was never empty in the sample. Optional fields that',
    '  happened to be filled in every record are marked required.',
    '- **Types and formats**: a format was chosen only when every non-empty value passed it. A column of',
    '  numbers that are really codes (with leading zeros elsewhere) may need to be text.',
    `- **Code lists**: made for text columns guessed non-personal, not identifier-like, with 2 to ${ENUM_MAX_DISTINCT}`,
    `  distinct values of at most ${ENUM_MAX_LENGTH} characters and at most ${ENUM_MAX_RATIO} distinct values per`,
    '  non-empty value. A code list holds only the codes seen: add the codes the sample did not use.',
    '- **Sensitivity**: guessed from field names and formats. Check every field, especially free text',
    '  (which can hold names and health details) and codes that reveal health, ethnicity or religion.',
  );
  const empty = s.fields.filter((f) => f.nonEmpty === 0).map((f) => f.name);
  if (empty.length) lines.push(`- Always empty in the sample (type unknown): ${empty.join(', ')}.`);
  const noEnum = s.fields.filter(
    (f) => f.noEnumBecause !== undefined && !f.noEnumBecause.startsWith('guessed'),
  );
  if (noEnum.length) {
    lines.push('- Text fields without a code list, and why:');
    for (const f of noEnum) lines.push(`  - ${f.name}: ${f.noEnumBecause}.`);
  }
  const free = s.fields.filter((f) => f.freeText).map((f) => f.name);
  if (free.length) lines.push(`- Free text (consider a stricter sensitivity): ${free.join(', ')}.`);
  const problems = Object.entries(s.readerFindings);
  if (problems.length) {
    lines.push(
      `- The reader reported problems with the sample (carecheck validate reports them too): ${problems.map(([rule, n]) => `${rule} ×${n}`).join(', ')}.`,
    );
  }
  if (s.skippedColumns.length)
    lines.push(`- Columns left out (duplicated or empty headers): ${s.skippedColumns.join(', ')}.`);
  if (s.skippedRecords) lines.push(`- ${s.skippedRecords} records were not objects and were skipped.`);
  lines.push('');
  lines.push('## Known gaps', '');
  for (const g of KNOWN_GAPS) lines.push(`- ${g}`);
  lines.push('');
  lines.push('## Fixtures', '');
  const ext = s.kind === 'tabular' ? 'csv' : 'json';
  lines.push(
    `- \`fixtures/valid/example.${ext}\`: made-up values generated from the schema; must give no findings.`,
  );
  lines.push(
    `- \`fixtures/invalid/${fx.invalidCase}.${ext}\`: the same, except that ${fx.invalidWhat}; its sidecar lists the finding.`,
  );
  lines.push('');
  lines.push('Check changes with `carecheck lint` and `carecheck test` on this folder.', '');
  return lines.join('\n');
}

export interface InferOptions extends AnalyseOptions {
  file: string;
  /** Folder that will hold `<id>/0.1.0/`. */
  output: string;
  id?: string;
  title?: string;
  /** yyyy-mm-dd */
  today: string;
}

export interface InferResult {
  summary: SampleSummary;
  id: string;
  versionDir: string;
  files: string[];
  changelog: string | null;
}

/** The default id: the file name in kebab-case (`CLD R2 sample.csv` → `cld-r2-sample`). */
export function idFromFile(file: string): string {
  const base = path
    .basename(file)
    .replace(/\.[^.]+$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return base === '' ? 'inferred-standard' : base;
}

/** Read the sample and write the draft standard. Throws CarecheckError (exit 2) for usage and IO problems. */
export async function inferStandard(options: InferOptions): Promise<InferResult> {
  const id = options.id ?? idFromFile(options.file);
  if (!ID_PATTERN.test(id)) {
    throw new CarecheckError(`'${id}' is not a valid standard id`, {
      hint: 'Use --id with kebab-case: lower-case letters and digits separated by single hyphens',
    });
  }
  const versionDir = path.resolve(options.output, id, INITIAL_VERSION);
  // Fail before reading a large sample when the answer is "no" (writeNewFolder checks again).
  if (existsSync(versionDir)) {
    throw new CarecheckError(`${versionDir} already exists: carecheck will not overwrite it`, {
      hint: 'Choose another --id or --output folder, or remove the existing one first',
    });
  }
  const summary = await analyseSample(options.file, options);
  if (summary.records === 0)
    throw new CarecheckError(`${options.file} has no records: nothing to infer from`);
  if (summary.fields.length === 0)
    throw new CarecheckError(`${options.file} has no fields: nothing to infer`);
  const draft: DraftOptions = {
    id,
    title: options.title ?? `${titleFromId(id)} (inferred draft)`,
    today: options.today,
  };
  const schema = draftSchema(summary, draft);
  const fx = fixtures(summary);
  const files = writeNewFolder(versionDir, {
    'standard.yaml': manifestText(summary, draft, KNOWN_GAPS),
    'schema.json': `${JSON.stringify(schema, null, 2)}\n`,
    'README.md': readmeText(summary, draft, fx),
    ...fx.files,
  });
  const changelog = path.join(path.dirname(versionDir), 'CHANGELOG.md');
  const wrote = writeIfAbsent(
    changelog,
    changelogText(
      id,
      INITIAL_VERSION,
      options.today,
      `Drafted by carecheck infer from a sample of ${summary.records} records.`,
    ),
  );
  return { summary, id, versionDir, files, changelog: wrote ? changelog : null };
}
