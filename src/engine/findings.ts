/**
 * ajv errors → Findings. This is where carecheck speaks plain English: every message names the field
 * and what was expected ("Service Type is required when Event Type is Service", "NHS Number is not a
 * valid NHS number …"). No data value is put in a message unless the privacy policy allows it; the
 * value itself goes in `Finding.value` under the same rule.
 *
 * Severity, message and rule id come from the nearest `severity` / `message` / `ruleId` annotation on
 * the schema path of the error (see standards/README.md), falling back to the field's own schema.
 */
import type { ErrorObject } from 'ajv';
import type { Finding, Severity } from '../report/types.js';
import type { FieldInfo } from './fields.js';
import { decodePointerSegment, deref, describeCondition, encodePointerSegment } from './fields.js';
import { mayShow, mayShowName, shownValue, type ValuePolicy } from './privacy.js';

/** Field label for a property whose name may be personal data. */
export const NAME_NOT_SHOWN = '(a property whose name is not shown)';

type Schema = Record<string, unknown>;

export interface ConvertContext {
  file: string;
  root: Schema;
  fields: ReadonlyMap<string, FieldInfo>;
  /** Property → header text as written in the file (tabular input). */
  headerOf?: ReadonlyMap<string, string>;
  migrations?: Record<string, Record<string, string | null>>;
  predecessorLabel?: string;
  policy: ValuePolicy;
  /** Properties with no column in the file: their `required` failures are counted, not listed. */
  suppressRequired?: ReadonlySet<string>;
  onSuppressedRequired?: (property: string) => void;
}

interface Annotations {
  severity?: Severity;
  message?: string;
  ruleId?: string;
  /** Plain-English `if` condition when the error sits under a `then`. */
  condition?: string;
}

const annotationCache = new WeakMap<Schema, Map<string, Annotations>>();

function isObject(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function takeAnnotations(node: Schema, into: Annotations): void {
  if (typeof node['severity'] === 'string') into.severity = node['severity'] as Severity;
  if (typeof node['message'] === 'string') into.message = node['message'];
  if (typeof node['ruleId'] === 'string') into.ruleId = node['ruleId'];
}

/** Walk `#/allOf/3/then/required` from the root, collecting the nearest annotations. Cached per path. */
export function annotationsFor(root: Schema, schemaPath: string): Annotations {
  let cache = annotationCache.get(root);
  if (!cache) {
    cache = new Map();
    annotationCache.set(root, cache);
  }
  const hit = cache.get(schemaPath);
  if (hit) return hit;
  const ann: Annotations = {};
  let node: unknown = root;
  takeAnnotations(root, ann);
  const segments = schemaPath.replace(/^#\/?/, '').split('/');
  // The last segment is the failing keyword itself: annotations live on the schemas above it.
  for (let i = 0; i < segments.length - 1; i++) {
    const seg = decodePointerSegment(decodeURIComponent(segments[i] ?? ''));
    if (isObject(node) && seg === 'then' && 'if' in node) {
      const cond = describeCondition(root, node['if']);
      if (cond !== undefined) ann.condition = cond;
    }
    if (Array.isArray(node)) node = node[Number(seg)];
    else if (isObject(node)) node = node[seg];
    else break;
    if (isObject(node)) takeAnnotations(node, ann);
  }
  cache.set(schemaPath, ann);
  return ann;
}

const FORMAT_TEXT: Record<string, string> = {
  'nhs-number': 'a valid NHS number (10 digits with a correct Modulus 11 check digit)',
  'uk-postcode': 'a valid UK postcode (e.g. LS1 4AP)',
  'ons-area-code': 'a valid ONS area code (e.g. E06000002)',
  'cqc-location-id': 'a valid CQC location ID (e.g. 1-123456789)',
  'ods-code': 'a valid ODS code',
  'ni-number': 'a valid National Insurance number',
  'uk-date': 'a real date written dd/mm/yyyy',
  'uk-or-iso-date': 'a real date written dd/mm/yyyy or yyyy-mm-dd',
  date: 'a real date written yyyy-mm-dd',
  'date-time': 'a date and time (RFC 3339)',
  time: 'a time (RFC 3339)',
  email: 'an email address',
  uri: 'a URI',
  uuid: 'a UUID',
};

const TYPE_TEXT: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

function quoteList(values: readonly unknown[], max = 8): string {
  const shown = values.slice(0, max).map((v) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v)));
  const more = values.length > max ? `, … (${values.length} values)` : '';
  return shown.join(', ') + more;
}

function valueAt(data: unknown, segments: readonly string[]): unknown {
  let node = data;
  for (const s of segments) {
    if (Array.isArray(node)) node = node[Number(s)];
    else if (isObject(node)) node = node[s];
    else return undefined;
  }
  return node;
}

function fieldLabel(segments: readonly string[], ctx: ConvertContext): string | null {
  if (segments.length === 0) return null;
  const [top, ...rest] = segments as [string, ...string[]];
  let label = ctx.headerOf?.get(top) ?? top;
  for (const s of rest) label += /^[0-9]+$/.test(s) ? `[${s}]` : `.${s}`;
  return label;
}

function withField(template: string, field: string | null): string {
  return template.replaceAll('{field}', field ?? 'The record');
}

/** Wording for a failure of one of ajv's own keywords. */
function describe(
  e: ErrorObject,
  field: string,
  value: unknown,
  ctx: ConvertContext,
  top: string | undefined,
): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type': {
      const types = String(p['type'])
        .split(',')
        .map((t) => TYPE_TEXT[t] ?? t);
      return `${field} must be ${types.join(' or ')}`;
    }
    case 'enum': {
      const allowed = (p['allowedValues'] as unknown[]) ?? [];
      const info = top === undefined ? undefined : ctx.fields.get(top);
      const privacy = info && { sensitivity: info.sensitivity, hasCodeList: info.enumValues !== undefined };
      const show = mayShow(privacy, ctx.policy);
      if (typeof value === 'string' && top !== undefined) {
        const migrated = ctx.migrations?.[top];
        if (migrated && Object.hasOwn(migrated, value)) {
          const label = ctx.predecessorLabel ?? 'previous version';
          const next = migrated[value];
          if (next === null || next === undefined)
            return `${field} has a ${label} value with no equivalent in this version`;
          return `${field} has a ${label} value${show ? `; this version uses '${next}'` : ' that this version spells differently'}`;
        }
        const norm = value.trim().toLowerCase();
        const near = allowed.find((a) => typeof a === 'string' && a.toLowerCase() === norm);
        if (near !== undefined) {
          const how =
            value.trim() === value
              ? 'capitalisation'
              : value.trim() === near
                ? 'surrounding spaces'
                : 'capitalisation or surrounding spaces';
          return `${field} differs only in ${how} from an allowed value${show ? ` ('${String(near)}')` : ''}`;
        }
      }
      return `${field} is not one of the allowed values: ${quoteList(allowed)}`;
    }
    case 'const':
      return `${field} must be ${quoteList([p['allowedValue']])}`;
    case 'format':
      return `${field} is not ${FORMAT_TEXT[String(p['format'])] ?? `a valid ${String(p['format'])}`}`;
    case 'pattern':
      return `${field} does not match the required pattern ${String(p['pattern'])}`;
    case 'minLength':
      return `${field} is shorter than ${String(p['limit'])} characters`;
    case 'maxLength':
      return `${field} is longer than ${String(p['limit'])} characters`;
    case 'minimum':
      return `${field} is less than ${String(p['limit'])}`;
    case 'maximum':
      return `${field} is more than ${String(p['limit'])}`;
    case 'exclusiveMinimum':
      return `${field} must be more than ${String(p['limit'])}`;
    case 'exclusiveMaximum':
      return `${field} must be less than ${String(p['limit'])}`;
    case 'multipleOf':
      return `${field} must be a multiple of ${String(p['multipleOf'])}`;
    case 'formatMinimum':
    case 'formatExclusiveMinimum':
      return `${field} is earlier than allowed (${String(p['comparison'])} ${String(p['limit'])})`;
    case 'formatMaximum':
    case 'formatExclusiveMaximum':
      return `${field} is later than allowed (${String(p['comparison'])} ${String(p['limit'])})`;
    case 'minItems':
      return `${field} has fewer than ${String(p['limit'])} items`;
    case 'maxItems':
      return `${field} has more than ${String(p['limit'])} items`;
    case 'uniqueItems':
      return `${field} has duplicate items (${String(p['j'])} and ${String(p['i'])})`;
    case 'minProperties':
      return `${field} has fewer than ${String(p['limit'])} properties`;
    case 'maxProperties':
      return `${field} has more than ${String(p['limit'])} properties`;
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return `${field} is not a field of this standard`;
    case 'propertyNames':
      return `${field} is not an allowed property name`;
    case 'not':
      return `${field} has a value that is not allowed here`;
    case 'anyOf':
      return `${field} does not match any of the allowed forms`;
    case 'oneOf':
      return `${field} must match exactly one of the allowed forms`;
    case 'contains':
      return `${field} does not contain a required item`;
    case 'false schema':
      return `${field} is not allowed here`;
    default:
      return `${field} ${e.message ?? 'is not valid'}`;
  }
}

/** Custom carecheck keywords put their rule in params; the keyword module words them. */
export type CustomDescriber = (
  e: ErrorObject,
) => { field: string | null; message: string; ruleId: string } | undefined;

export function convertErrors(
  errors: readonly ErrorObject[],
  data: unknown,
  record: number | null,
  line: number | null,
  ctx: ConvertContext,
  custom?: CustomDescriber,
): Finding[] {
  // anyOf/oneOf failures speak for their branches: drop the branch errors beneath them.
  const combinators: Array<[string, string]> = [];
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf')
      combinators.push([`${e.schemaPath}/`, e.instancePath]);
  }
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    if (combinators.some(([sp, ip]) => e.schemaPath.startsWith(sp) && e.instancePath.startsWith(ip)))
      continue;
    let segments = e.instancePath === '' ? [] : e.instancePath.slice(1).split('/').map(decodePointerSegment);
    const p = e.params as Record<string, unknown>;
    let extra =
      e.keyword === 'required' || e.keyword === 'dependentRequired'
        ? p['missingProperty']
        : e.keyword === 'additionalProperties'
          ? p['additionalProperty']
          : e.keyword === 'unevaluatedProperties'
            ? p['unevaluatedProperty']
            : e.keyword === 'propertyNames'
              ? p['propertyName']
              : undefined;
    // Names the standard does not declare come from the data (a JSON export keyed by NHS Number):
    // print them only when they look like field names (privacy.ts mayShowName).
    let nameHidden = false;
    const undeclaredHidden = (name: string) => !ctx.fields.has(name) && !mayShowName(name, ctx.policy);
    if (
      typeof extra === 'string' &&
      e.keyword !== 'required' &&
      e.keyword !== 'dependentRequired' &&
      undeclaredHidden(extra)
    ) {
      extra = undefined;
      nameHidden = true;
    }
    if (segments[0] !== undefined && undeclaredHidden(segments[0])) {
      segments = [];
      nameHidden = true;
    }
    const target = typeof extra === 'string' ? [...segments, extra] : segments;
    const top = target[0];
    if (
      e.keyword === 'required' &&
      segments.length === 0 &&
      top !== undefined &&
      ctx.suppressRequired?.has(top)
    ) {
      ctx.onSuppressedRequired?.(top);
      continue;
    }
    const ann = annotationsFor(ctx.root, e.schemaPath);
    // Errors raised inside a $ref'd definition lose the property's own annotations: fall back to them.
    // Only for errors inside the field: a root-level `required` must not take the field's own message.
    const fieldSchema = top === undefined || segments.length === 0 ? undefined : fieldSchemaOf(ctx.root, top);
    const severity: Severity =
      (p['severity'] as Severity | undefined) ?? ann.severity ?? fieldSchema?.severity ?? 'error';
    let field = nameHidden ? NAME_NOT_SHOWN : fieldLabel(target, ctx);
    let message: string;
    let rule: string;
    const customText = nameHidden ? undefined : custom?.(e);
    if (customText) {
      field = customText.field === null ? null : (ctx.headerOf?.get(customText.field) ?? customText.field);
      message = customText.message;
      rule = customText.ruleId;
    } else {
      const annotatedMessage = ann.message ?? fieldSchema?.message;
      const value = e.keyword === 'required' ? undefined : valueAt(data, segments);
      if (annotatedMessage !== undefined) {
        message = withField(annotatedMessage, field);
      } else if (e.keyword === 'required' || e.keyword === 'dependentRequired') {
        message = ann.condition ? `${field} is required when ${ann.condition}` : `${field} is missing`;
      } else if (ann.condition && e.keyword === 'not') {
        message = `${field} must be empty when ${ann.condition}`;
      } else {
        message = describe(e, field ?? 'The record', value, ctx, top);
        if (ann.condition) message += ` when ${ann.condition}`;
      }
      rule = ann.ruleId ?? fieldSchema?.ruleId ?? `schema/${e.keyword}`;
    }
    const pointer = target.length ? `/${target.map(encodePointerSegment).join('/')}` : '';
    const key = `${rule}\u0000${pointer}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const finding: Finding = { rule, severity, message, file: ctx.file, record, line, field, pointer };
    if (e.keyword !== 'required' && segments.length > 0 && !nameHidden) {
      const info = top === undefined ? undefined : ctx.fields.get(top);
      const shown = shownValue(
        valueAt(data, segments),
        info && { sensitivity: info.sensitivity, hasCodeList: info.enumValues !== undefined },
        ctx.policy,
      );
      if (shown !== undefined) finding.value = shown;
    }
    out.push(finding);
  }
  return out;
}

const fieldAnnCache = new WeakMap<Schema, Map<string, Annotations | undefined>>();

function fieldSchemaOf(root: Schema, prop: string): Annotations | undefined {
  let cache = fieldAnnCache.get(root);
  if (!cache) {
    cache = new Map();
    fieldAnnCache.set(root, cache);
  }
  if (cache.has(prop)) return cache.get(prop);
  const props = root['properties'];
  let ann: Annotations | undefined;
  if (isObject(props) && isObject(props[prop])) {
    const direct = props[prop] as Schema;
    ann = {};
    takeAnnotations(deref(root, direct), ann);
    takeAnnotations(direct, ann);
  }
  cache.set(prop, ann);
  return ann;
}
