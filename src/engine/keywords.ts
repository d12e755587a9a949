/**
 * carecheck's schema keywords (the contract is standards/README.md, "Annotations" and
 * "Validation keywords").
 *
 * - Annotations (`sensitivity`, `aliases`, `codeMeanings`, `severity`, `message`, `ruleId`) never
 *   change validity and generate no code; each has a meta-schema, so a mistyped value (e.g.
 *   `"severity": "fatal"`) makes schema compilation throw
 *   `keyword "severity" value is invalid at path "#/properties/X": data must be equal to one of the allowed values`.
 * - `compareFields` and `ageAt` compare fields of one record. Their rules are turned into closures
 *   once, at schema compile time; per record the work is a few property reads, date parses and
 *   integer comparisons. A comparison is checked only when both sides are present and parse:
 *   a missing or malformed value is reported by `required` / `format`, not twice.
 *
 * Errors pushed by the validation keywords follow ajv's own convention for record-level keywords
 * (like `required`): `instancePath` is the record, `params.field` names the field. `params` never
 * holds a data value; the only derived number is `params.age` of `ageAt`. `error.message` is the
 * finished plain-English message: the rule's `message` (with `{field}` replaced by the field name)
 * or the default from {@link defaultCompareMessage} / {@link defaultAgeMessage}.
 *
 * Works with Ajv (draft-07), Ajv2019 and Ajv2020, with `strict: true`, `allErrors`, `$data`.
 */

import type { SchemaObjCxt } from 'ajv/dist/compile/index.js';
import type {
  AnySchemaObject,
  DataValidateFunction,
  ErrorObject,
  KeywordDefinition,
} from 'ajv/dist/types/index.js';
import type { Severity } from '../report/types.js';
import { ageInYears, parseDate, systemToday } from './dates.js';
import type { AjvInstance } from './formats/uk.js';

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

/** Privacy classes of the `sensitivity` annotation (decide what reports may show). */
export const SENSITIVITY_CLASSES = [
  'direct-identifier',
  'quasi-identifier',
  'special-category',
  'none',
] as const;
export type SensitivityClass = (typeof SENSITIVITY_CLASSES)[number];

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** `ruleId` values: `<namespace>/<name>`, lower-case letters, digits and hyphens (`cld/literal-null`). */
export const RULE_ID_PATTERN = '^[a-z0-9-]+/[a-z0-9-]+$';

/** The reserved `other` / `at` value meaning the run's date. */
export const TODAY = '$today';

export const ANNOTATION_KEYWORDS = [
  'sensitivity',
  'aliases',
  'codeMeanings',
  'severity',
  'message',
  'ruleId',
] as const;
export const VALIDATION_KEYWORDS = ['compareFields', 'ageAt', 'cellChecks'] as const;
/** Every keyword carecheck adds to ajv. */
export const KEYWORD_NAMES = [...ANNOTATION_KEYWORDS, ...VALIDATION_KEYWORDS] as const;
export type CarecheckKeyword = (typeof KEYWORD_NAMES)[number];

/** Rule ids used when a `compareFields` / `ageAt` rule has no `ruleId` (standards/README.md). */
export const DEFAULT_RULE_IDS = { compareFields: 'record/compare', ageAt: 'record/age' } as const;

/** The checks `cellChecks` can switch on, with their rule ids and default wording. */
export const CELL_CHECKS = {
  literalNull: {
    ruleId: 'value/literal-null',
    message: '{field} holds the text NULL: leave the cell empty when there is no value',
  },
  formula: {
    ruleId: 'value/formula',
    message:
      '{field} starts with =, +, @ or a - that is not part of a number: spreadsheets and upload portals treat it as a formula',
  },
  whitespace: {
    ruleId: 'value/whitespace',
    message: '{field} has spaces at the start or end',
  },
} as const;
export type CellCheck = keyof typeof CELL_CHECKS;

export const COMPARE_OPS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];
export const COMPARE_TYPES = ['date', 'number'] as const;
export type CompareType = (typeof COMPARE_TYPES)[number];

/** One item of `compareFields`: `field op other` must hold. */
export interface CompareRule {
  field: string;
  op: CompareOp;
  /** Another field, or `$today` (date rules only). */
  other: string;
  type: CompareType;
  severity?: Severity;
  message?: string;
  ruleId?: string;
}

/** One item of `ageAt`: whole-year age from `birth` to `at` within `minimum`..`maximum` (inclusive). */
export interface AgeRule {
  birth: string;
  /** Another field, or `$today`. */
  at: string;
  minimum?: number;
  maximum?: number;
  severity?: Severity;
  message?: string;
  ruleId?: string;
}

/** `params` of a `compareFields` error. `index` is the 0-based position of the rule in the array. */
export interface CompareFieldsErrorParams {
  index: number;
  field: string;
  other: string;
  op: CompareOp;
  type: CompareType;
  severity?: Severity;
  /** The rule's own message, raw (`{field}` not replaced). */
  message?: string;
  ruleId?: string;
}

/** `params` of an `ageAt` error. `field` is the birth-date field; `age` the computed age in years. */
export interface AgeAtErrorParams {
  index: number;
  field: string;
  at: string;
  minimum?: number;
  maximum?: number;
  age: number;
  severity?: Severity;
  /** The rule's own message, raw (`{field}` not replaced). */
  message?: string;
  ruleId?: string;
}

export interface CarecheckKeywordOptions {
  /** Day number (days since 1970-01-01) that `$today` means. Default: the local date of the system clock. */
  today?: () => number;
}

// ---------------------------------------------------------------------------------------------
// Messages (plain English, never a data value)
// ---------------------------------------------------------------------------------------------

const DATE_WORDS: Readonly<Record<CompareOp, string>> = {
  '<': 'before',
  '<=': 'on or before',
  '>': 'after',
  '>=': 'on or after',
  '==': 'equal to',
  '!=': 'different from',
};

const NUMBER_WORDS: Readonly<Record<CompareOp, string>> = {
  '<': 'less than',
  '<=': 'less than or equal to',
  '>': 'greater than',
  '>=': 'greater than or equal to',
  '==': 'equal to',
  '!=': 'different from',
};

const NEGATED: Readonly<Record<CompareOp, CompareOp>> = {
  '<': '>=',
  '<=': '>',
  '>': '<=',
  '>=': '<',
  '==': '!=',
  '!=': '==',
};

/** Plain English for an operator: `>=` → "on or after" (dates) / "greater than or equal to" (numbers). */
export function describeOp(op: CompareOp, type: CompareType = 'date'): string {
  return (type === 'number' ? NUMBER_WORDS : DATE_WORDS)[op];
}

/** The operator that holds exactly when `op` fails (`>=` → `<`). */
export function negateOp(op: CompareOp): CompareOp {
  return NEGATED[op];
}

function sideLabel(name: string): string {
  return name === TODAY ? 'today' : name;
}

/**
 * The default message for a failed comparison, describing what is wrong:
 * `{ field: 'Event End Date', op: '>=', other: 'Event Start Date', type: 'date' }` →
 * "Event End Date is before Event Start Date"; with `other: '$today'` and `op: '<='` →
 * "Event Start Date is after today".
 */
export function defaultCompareMessage(
  rule: Pick<CompareRule, 'field' | 'op' | 'other'> & { type?: CompareType },
): string {
  return `${rule.field} is ${describeOp(negateOp(rule.op), rule.type ?? 'date')} ${sideLabel(rule.other)}`;
}

/**
 * The default message for a failed age rule. `age` only chooses the wording; the message states
 * the bound, not the age: "Age at Reporting Period End Date is over 114: check Date of Birth",
 * "Age today is under 18: check Date of Birth", and for a birth date after the reference date
 * (negative age, with a `minimum`) "Date of Birth is after Reporting Period End Date".
 */
export function defaultAgeMessage(
  rule: Pick<AgeRule, 'birth' | 'at' | 'minimum' | 'maximum'>,
  age: number,
): string {
  const when = rule.at === TODAY ? 'today' : `at ${rule.at}`;
  if (rule.maximum !== undefined && age > rule.maximum) {
    return `Age ${when} is over ${rule.maximum}: check ${rule.birth}`;
  }
  if (age < 0) return `${rule.birth} is after ${sideLabel(rule.at)}`;
  if (rule.minimum !== undefined && age < rule.minimum) {
    return `Age ${when} is under ${rule.minimum}: check ${rule.birth}`;
  }
  return `Age ${when} is outside the expected range: check ${rule.birth}`;
}

function customMessage(message: string | undefined, field: string): string | undefined {
  return message === undefined ? undefined : message.replaceAll('{field}', field);
}

// ---------------------------------------------------------------------------------------------
// Meta-schemas (valid in draft-07, 2019-09 and 2020-12, and under ajv strict mode)
// ---------------------------------------------------------------------------------------------

const nonEmptyString = { type: 'string', minLength: 1 };
const fieldName = { type: 'string', minLength: 1, not: { const: TODAY } };
const severitySchema = { enum: [...SEVERITIES] };
const ruleIdSchema = { type: 'string', pattern: RULE_ID_PATTERN };

const compareRuleSchema = {
  type: 'object',
  required: ['field', 'op', 'other', 'type'],
  properties: {
    field: fieldName,
    op: { enum: [...COMPARE_OPS] },
    other: nonEmptyString,
    type: { enum: [...COMPARE_TYPES] },
    severity: severitySchema,
    message: nonEmptyString,
    ruleId: ruleIdSchema,
  },
  additionalProperties: false,
  // `$today` is a date: `{ "other": "$today", "type": "number" }` is a schema error.
  if: { type: 'object', required: ['other'], properties: { other: { const: TODAY } } },
  then: { type: 'object', properties: { type: { const: 'date' } } },
};

const ageRuleSchema = {
  type: 'object',
  required: ['birth', 'at'],
  properties: {
    birth: fieldName,
    at: nonEmptyString,
    minimum: { type: 'integer', minimum: 0 },
    maximum: { type: 'integer', minimum: 0 },
    severity: severitySchema,
    message: nonEmptyString,
    ruleId: ruleIdSchema,
  },
  additionalProperties: false,
  // (each branch names its property again for ajv's strictRequired)
  anyOf: [
    { type: 'object', required: ['minimum'], properties: { minimum: true } },
    { type: 'object', required: ['maximum'], properties: { maximum: true } },
  ],
};

/** Meta-schema of each carecheck keyword's value. */
export const KEYWORD_META_SCHEMAS: Readonly<Record<CarecheckKeyword, AnySchemaObject>> = {
  sensitivity: { enum: [...SENSITIVITY_CLASSES] },
  aliases: { type: 'array', items: nonEmptyString, uniqueItems: true },
  codeMeanings: { type: 'object', additionalProperties: { type: 'string' } },
  severity: severitySchema,
  message: nonEmptyString,
  ruleId: ruleIdSchema,
  compareFields: { type: 'array', items: compareRuleSchema },
  ageAt: { type: 'array', items: ageRuleSchema },
  cellChecks: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: Object.fromEntries(
      Object.keys(CELL_CHECKS).map((k) => [
        k,
        {
          oneOf: [
            severitySchema,
            {
              type: 'object',
              additionalProperties: false,
              properties: { severity: severitySchema, message: nonEmptyString, ruleId: ruleIdSchema },
            },
          ],
        },
      ]),
    ),
  },
};

// ---------------------------------------------------------------------------------------------
// Compilation
// ---------------------------------------------------------------------------------------------

type Parse = (value: unknown) => number | null;
type Test = (a: number, b: number) => boolean;

const parseDateValue: Parse = (value) => (typeof value === 'string' ? parseDate(value) : null);

/** Plain decimal or exponent notation, no spaces, no hex, no `Infinity`: what a person means by "a number". */
const NUMERIC = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

const parseNumberValue: Parse = (value) => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || !NUMERIC.test(value)) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

const TESTS: Readonly<Record<CompareOp, Test>> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

type Record_ = Record<string, unknown>;

function fail(keyword: string, it: SchemaObjCxt, index: number, problem: string): never {
  throw new Error(`keyword "${keyword}" at path "${it.errSchemaPath}", rule ${index}: ${problem}`);
}

/**
 * A field named by a rule must be able to occur in the record. Checked only where that is
 * certain: the schema holding the keyword lists `properties` and forbids any other
 * (`additionalProperties: false`, no `patternProperties`). Catches a mistyped field name that
 * would otherwise silently switch the rule off.
 */
function checkDeclared(
  keyword: string,
  it: SchemaObjCxt,
  parentSchema: AnySchemaObject,
  index: number,
  name: string,
): void {
  if (name === TODAY) return;
  const { properties, additionalProperties, patternProperties } = parentSchema as {
    properties?: unknown;
    additionalProperties?: unknown;
    patternProperties?: unknown;
  };
  if (additionalProperties !== false || patternProperties !== undefined) return;
  if (typeof properties !== 'object' || properties === null) return;
  if (!Object.hasOwn(properties, name))
    fail(keyword, it, index, `field "${name}" is not a property of this schema`);
}

function optionalParams(rule: { severity?: Severity; message?: string; ruleId?: string }) {
  const params: { severity?: Severity; message?: string; ruleId?: string } = {};
  if (rule.severity !== undefined) params.severity = rule.severity;
  if (rule.message !== undefined) params.message = rule.message;
  if (rule.ruleId !== undefined) params.ruleId = rule.ruleId;
  return params;
}

interface CompiledCompare {
  field: string;
  other: string;
  today: boolean;
  parse: Parse;
  test: Test;
  params: CompareFieldsErrorParams;
  message: string;
}

function compileCompareFields(getToday: () => number) {
  return function compile(
    schema: unknown,
    parentSchema: AnySchemaObject,
    it: SchemaObjCxt,
  ): DataValidateFunction {
    const rules = schema as CompareRule[];
    const compiled: CompiledCompare[] = rules.map((rule, index) => {
      const today = rule.other === TODAY;
      if (today && rule.type !== 'date')
        fail('compareFields', it, index, '"$today" can only be compared as a date');
      checkDeclared('compareFields', it, parentSchema, index, rule.field);
      checkDeclared('compareFields', it, parentSchema, index, rule.other);
      return {
        field: rule.field,
        other: rule.other,
        today,
        parse: rule.type === 'number' ? parseNumberValue : parseDateValue,
        test: TESTS[rule.op],
        params: {
          index,
          field: rule.field,
          other: rule.other,
          op: rule.op,
          type: rule.type,
          ...optionalParams(rule),
        },
        message: customMessage(rule.message, rule.field) ?? defaultCompareMessage(rule),
      };
    });

    // Each field is parsed once per record, however many rules name it (CLD: 6 parses, not 13).
    // Slots are keyed by field and parse type; NaN = absent or unparseable. The scratch array is
    // reused across calls (validation is synchronous); a re-entrant call gets its own.
    const slotOf = new Map<string, number>();
    const slotParse: Parse[] = [];
    const slotField: string[] = [];
    const slot = (field: string, parse: Parse): number => {
      const key = `${parse === parseNumberValue ? 'n' : 'd'}:${field}`;
      let i = slotOf.get(key);
      if (i === undefined) {
        i = slotField.length;
        slotOf.set(key, i);
        slotField.push(field);
        slotParse.push(parse);
      }
      return i;
    };
    const plan = compiled.map((c) => ({
      c,
      a: slot(c.field, c.parse),
      b: c.today ? -1 : slot(c.other, c.parse),
    }));
    let scratch: Float64Array | undefined = new Float64Array(slotField.length);

    const validate: DataValidateFunction = (data: Record_) => {
      const vals = scratch ?? new Float64Array(slotField.length);
      scratch = undefined;
      for (let i = 0; i < slotField.length; i++) {
        const v = (slotParse[i] as Parse)(data[slotField[i] as string]);
        vals[i] = v === null ? Number.NaN : v;
      }
      let errors: Partial<ErrorObject>[] | undefined;
      let today: number | undefined;
      for (const { c, a: ai, b: bi } of plan) {
        const a = vals[ai] as number;
        if (Number.isNaN(a)) continue;
        let b: number;
        if (bi < 0) {
          if (today === undefined) today = getToday();
          b = today;
        } else {
          b = vals[bi] as number;
          if (Number.isNaN(b)) continue;
        }
        if (c.test(a, b)) continue;
        const error: Partial<ErrorObject> = {
          keyword: 'compareFields',
          message: c.message,
          params: { ...c.params },
        };
        if (errors === undefined) errors = [error];
        else errors.push(error);
      }
      scratch = vals;
      if (errors === undefined) return true;
      validate.errors = errors;
      return false;
    };
    return validate;
  };
}

interface CompiledAge {
  rule: AgeRule;
  birth: string;
  at: string;
  today: boolean;
  minimum: number;
  maximum: number;
  params: Omit<AgeAtErrorParams, 'age'>;
  message: string | undefined;
}

function compileAgeAt(getToday: () => number) {
  return function compile(
    schema: unknown,
    parentSchema: AnySchemaObject,
    it: SchemaObjCxt,
  ): DataValidateFunction {
    const rules = schema as AgeRule[];
    const compiled: CompiledAge[] = rules.map((rule, index) => {
      if (rule.minimum === undefined && rule.maximum === undefined) {
        fail('ageAt', it, index, 'needs "minimum" or "maximum"');
      }
      if (rule.minimum !== undefined && rule.maximum !== undefined && rule.minimum > rule.maximum) {
        fail('ageAt', it, index, `"minimum" (${rule.minimum}) is greater than "maximum" (${rule.maximum})`);
      }
      checkDeclared('ageAt', it, parentSchema, index, rule.birth);
      checkDeclared('ageAt', it, parentSchema, index, rule.at);
      const params: Omit<AgeAtErrorParams, 'age'> = { index, field: rule.birth, at: rule.at };
      if (rule.minimum !== undefined) params.minimum = rule.minimum;
      if (rule.maximum !== undefined) params.maximum = rule.maximum;
      return {
        rule,
        birth: rule.birth,
        at: rule.at,
        today: rule.at === TODAY,
        minimum: rule.minimum ?? Number.NEGATIVE_INFINITY,
        maximum: rule.maximum ?? Number.POSITIVE_INFINITY,
        params: { ...params, ...optionalParams(rule) },
        message: customMessage(rule.message, rule.birth),
      };
    });

    const validate: DataValidateFunction = (data: Record_) => {
      let errors: Partial<ErrorObject>[] | undefined;
      let today: number | undefined;
      for (const c of compiled) {
        const birth = parseDateValue(data[c.birth]);
        if (birth === null) continue;
        let at: number | null;
        if (c.today) {
          if (today === undefined) today = getToday();
          at = today;
        } else {
          at = parseDateValue(data[c.at]);
          if (at === null) continue;
        }
        const age = ageInYears(birth, at);
        if (age >= c.minimum && age <= c.maximum) continue;
        const params: AgeAtErrorParams = { ...c.params, age };
        const error: Partial<ErrorObject> = {
          keyword: 'ageAt',
          message: c.message ?? defaultAgeMessage(c.rule, age),
          params,
        };
        if (errors === undefined) errors = [error];
        else errors.push(error);
      }
      if (errors === undefined) return true;
      validate.errors = errors;
      return false;
    };
    return validate;
  };
}

// ---------------------------------------------------------------------------------------------
// cellChecks: cell hygiene over every text value of a record, in one tight loop
// ---------------------------------------------------------------------------------------------

/** White space at either end: the ECMAScript \s set, by code unit (no regex on the hot path). */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 160 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

type CellCheckSpec = Severity | { severity?: Severity; message?: string; ruleId?: string };

interface CompiledCellCheck {
  severity: Severity;
  message: string;
  ruleId: string;
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Per-cell checks that would otherwise be three regexes per property through `patternProperties`
 * (measured: about half of all validation time on a 50-column CLD row). One loop over the record's
 * text values with a few code-unit comparisons each.
 */
function compileCellChecks(schema: unknown): DataValidateFunction {
  const spec = schema as Partial<Record<CellCheck, CellCheckSpec>>;
  const take = (name: CellCheck): CompiledCellCheck | undefined => {
    const s = spec[name];
    if (s === undefined) return undefined;
    const o = typeof s === 'string' ? { severity: s } : s;
    return {
      severity: o.severity ?? 'error',
      message: o.message ?? CELL_CHECKS[name].message,
      ruleId: o.ruleId ?? CELL_CHECKS[name].ruleId,
    };
  };
  const nul = take('literalNull');
  const formula = take('formula');
  const space = take('whitespace');
  const validate: DataValidateFunction = (data: Record_) => {
    let errors: Partial<ErrorObject>[] | undefined;
    const push = (field: string, check: CompiledCellCheck) => {
      const error: Partial<ErrorObject> = {
        keyword: 'cellChecks',
        instancePath: `/${escapePointer(field)}`,
        message: check.message.replaceAll('{field}', field),
        params: { field, ruleId: check.ruleId, severity: check.severity },
      };
      if (errors === undefined) errors = [error];
      else errors.push(error);
    };
    for (const field in data) {
      const v = data[field];
      if (typeof v !== 'string' || v.length === 0) continue;
      const first = v.charCodeAt(0);
      if (nul && v.length === 4 && v === 'NULL') push(field, nul);
      if (formula && (first === 61 || first === 43 || first === 64 || (first === 45 && !isDigitAt(v, 1)))) {
        push(field, formula);
      }
      if (space && (isSpace(first) || isSpace(v.charCodeAt(v.length - 1)))) push(field, space);
    }
    if (errors === undefined) return true;
    validate.errors = errors;
    return false;
  };
  return validate;
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

// ---------------------------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------------------------

/**
 * Fresh keyword definitions for one ajv instance (ajv stores compiled meta-schemas on the
 * definition object, so definitions are not shared between instances).
 */
export function carecheckKeywordDefinitions(options: CarecheckKeywordOptions = {}): KeywordDefinition[] {
  const getToday = options.today ?? systemToday();
  const annotations: KeywordDefinition[] = ANNOTATION_KEYWORDS.map((keyword) => ({
    keyword,
    metaSchema: KEYWORD_META_SCHEMAS[keyword],
  }));
  return [
    ...annotations,
    {
      keyword: 'compareFields',
      type: 'object',
      schemaType: 'array',
      metaSchema: KEYWORD_META_SCHEMAS.compareFields,
      errors: true,
      compile: compileCompareFields(getToday),
    },
    {
      keyword: 'ageAt',
      type: 'object',
      schemaType: 'array',
      metaSchema: KEYWORD_META_SCHEMAS.ageAt,
      errors: true,
      compile: compileAgeAt(getToday),
    },
    {
      keyword: 'cellChecks',
      type: 'object',
      schemaType: 'object',
      metaSchema: KEYWORD_META_SCHEMAS.cellChecks,
      errors: true,
      compile: compileCellChecks,
    },
  ];
}

/**
 * Add carecheck's annotation and validation keywords to an ajv instance (Ajv, Ajv2019, Ajv2020).
 * Call once per instance (ajv throws "Keyword … is already defined" on a second call).
 */
export function registerCarecheckKeywords(ajv: AjvInstance, options: CarecheckKeywordOptions = {}): void {
  for (const definition of carecheckKeywordDefinitions(options)) ajv.addKeyword(definition);
}
