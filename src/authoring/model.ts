/**
 * What `carecheck diff` compares: a standard version seen as tables of fields, each field with the
 * constraints that can fail a value (and at which severity), plus record-level rules and key rules.
 *
 * FieldInfo (engine/fields.ts) describes a field for people; diff needs more: where each `enum`,
 * `pattern`, bound or format sits (top level, inside an `allOf` branch with `severity: warning`, under
 * a value-level `if`/`then`), because "the same code list, now an error instead of a warning" is a
 * breaking change that FieldInfo cannot show.
 */
import { deref, describeCondition, type FieldInfo, fieldsOf } from '../engine/fields.js';
import type { Severity } from '../report/types.js';
import type { ForeignKey, LoadedTable, Standard, UniqueKey } from '../standards/types.js';

type Schema = Record<string, unknown>;

export function isObject(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON with object keys sorted, so equal schemas give equal strings whatever their key order. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Keywords that never make a value fail: ignored when collecting constraints. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  '$comment',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$id',
  '$schema',
  '$anchor',
  '$defs',
  'definitions',
  'aliases',
  'codeMeanings',
  'sensitivity',
  'message',
  'ruleId',
  'severity',
]);

/** Value keywords compared one by one; anything else is compared as a whole ("complex"). */
const SIMPLE = [
  'type',
  'enum',
  'const',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'multipleOf',
] as const;
const SIMPLE_SET = new Set<string>(SIMPLE);
const STRUCTURAL = new Set(['allOf', 'not', 'if', 'then', 'else', '$ref']);

export type ConstraintKeyword =
  | (typeof SIMPLE)[number]
  | 'not-enum'
  | 'not-const'
  | 'not-pattern'
  | 'not-format'
  | 'complex';

export interface Constraint {
  keyword: ConstraintKeyword;
  value: unknown;
  severity: Severity;
  ruleId?: string;
  /** Present when the constraint applies only under a value-level `if` (plain English). */
  when?: string;
}

export interface FieldProfile {
  info: FieldInfo;
  constraints: Constraint[];
}

export interface RecordRule {
  /** Stable identity across versions (see collectRecordRules). */
  id: string;
  /** People's name for it: the rule id, or a short description. */
  label: string;
  severity: Severity;
  ruleId?: string;
  /** Definition without wording and severity, canonical JSON (after translation for old versions). */
  definition: string;
  /** The rule's subschema without wording (generic rules only), for comparing `if`/`then` rules. */
  schema?: Schema;
  message?: string;
  /** Fields the rule names, for attributing findings to it. */
  fields: string[];
  /** ageAt bounds, to tell tightening from loosening. */
  bounds?: { minimum?: number; maximum?: number };
}

export interface NormalKey {
  id: string;
  fields: string[];
  severity: Severity;
  label: string;
}

export interface TableProfile {
  name: string;
  title?: string;
  fields: Map<string, FieldProfile>;
  /** additionalProperties / unevaluatedProperties false: unknown columns are errors. */
  closed: boolean;
  rules: RecordRule[];
  primaryKey?: string[];
  unique: NormalKey[];
  foreignKeys: NormalKey[];
  recordKey?: string[];
  matchHeaders?: string[];
}

function severityOf(node: Schema, inherited: Severity): Severity {
  const s = node['severity'];
  return s === 'error' || s === 'warning' || s === 'info' ? s : inherited;
}

/** A value-level `if` in words ("the value matches ^Tenant"). */
function describeValueCondition(root: Schema, ifSchema: unknown): string {
  if (!isObject(ifSchema)) return 'a condition on the value';
  const s = deref(root, ifSchema);
  if (typeof s['title'] === 'string') return s['title'];
  if (typeof s['pattern'] === 'string') return `the value matches ${s['pattern']}`;
  if (Array.isArray(s['enum'])) return `the value is one of ${s['enum'].map(String).join(', ')}`;
  if ('const' in s) return `the value is ${String(s['const'])}`;
  if (isObject(s['not'])) {
    const n = deref(root, s['not']);
    if (typeof n['pattern'] === 'string') return `the value does not match ${n['pattern']}`;
    if (Array.isArray(n['enum'])) return `the value is not one of ${n['enum'].map(String).join(', ')}`;
  }
  return describeCondition(root, s) ?? 'a condition on the value';
}

/** Every constraint of one property schema, with the severity each failure would carry. */
export function constraintsOf(root: Schema, property: Schema, base: Severity): Constraint[] {
  const out: Constraint[] = [];
  const walk = (
    raw: Schema,
    sev: Severity,
    ruleId: string | undefined,
    when: string | undefined,
    depth: number,
  ) => {
    if (depth > 16) return;
    const node = deref(root, raw);
    const severity = severityOf(node, sev);
    const rid = typeof node['ruleId'] === 'string' ? node['ruleId'] : ruleId;
    const push = (keyword: ConstraintKeyword, value: unknown) => {
      const c: Constraint = { keyword, value, severity };
      if (rid !== undefined) c.ruleId = rid;
      if (when !== undefined) c.when = when;
      out.push(c);
    };
    for (const k of SIMPLE) {
      if (!(k in node)) continue;
      const v = node[k];
      if (k === 'type') push('type', (Array.isArray(v) ? v.map(String) : [String(v)]).sort());
      else push(k, v);
    }
    if (Array.isArray(node['allOf'])) {
      for (const sub of node['allOf']) if (isObject(sub)) walk(sub, severity, rid, when, depth + 1);
    }
    if (isObject(node['not'])) {
      const n = deref(root, node['not']);
      const keys = Object.keys(n).filter((k) => !ANNOTATIONS.has(k));
      const only = keys.length === 1 ? keys[0] : undefined;
      const nSeverity = severityOf(n, severity);
      if (only === 'enum' || only === 'const' || only === 'pattern' || only === 'format') {
        const c: Constraint = { keyword: `not-${only}`, value: n[only], severity: nSeverity };
        const nRule = typeof n['ruleId'] === 'string' ? n['ruleId'] : rid;
        if (nRule !== undefined) c.ruleId = nRule;
        if (when !== undefined) c.when = when;
        out.push(c);
      } else push('complex', { not: stripAnnotations(n) });
    }
    if (isObject(node['if'])) {
      const cond = describeValueCondition(root, node['if']);
      const prefix = when === undefined ? '' : `${when} and `;
      if (isObject(node['then'])) walk(node['then'], severity, rid, `${prefix}${cond}`, depth + 1);
      if (isObject(node['else'])) walk(node['else'], severity, rid, `${prefix}not (${cond})`, depth + 1);
    }
    for (const k of Object.keys(node)) {
      if (ANNOTATIONS.has(k) || SIMPLE_SET.has(k) || STRUCTURAL.has(k)) continue;
      push('complex', { [k]: stripAnnotations(node[k]) });
    }
  };
  walk(property, base, undefined, undefined, 0);
  return out;
}

/** Deep copy without wording/severity annotations, so two rules that differ only in words compare equal. */
export function stripAnnotations(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripAnnotations);
  if (!isObject(v)) return v;
  const out: Schema = {};
  for (const [k, sub] of Object.entries(v)) {
    if (k === 'message' || k === 'severity' || k === 'description' || k === 'title' || k === '$comment')
      continue;
    // The order of an enum (or of required names) does not change what it accepts.
    if ((k === 'enum' || k === 'required') && Array.isArray(sub)) {
      out[k] = [...sub].sort((a, b) =>
        canonical(a) < canonical(b) ? -1 : canonical(a) > canonical(b) ? 1 : 0,
      );
      continue;
    }
    out[k] = stripAnnotations(sub);
  }
  return out;
}

/** Fields a subschema names (properties, required, dependentRequired, compareFields, ageAt). */
function namedFields(v: unknown, out: Set<string>, depth = 0): void {
  if (depth > 32) return;
  if (Array.isArray(v)) {
    for (const x of v) namedFields(x, out, depth + 1);
    return;
  }
  if (!isObject(v)) return;
  if (isObject(v['properties'])) for (const k of Object.keys(v['properties'])) out.add(k);
  if (Array.isArray(v['required'])) for (const k of v['required']) if (typeof k === 'string') out.add(k);
  if (isObject(v['dependentRequired'])) {
    for (const [k, list] of Object.entries(v['dependentRequired'])) {
      out.add(k);
      if (Array.isArray(list)) for (const x of list) if (typeof x === 'string') out.add(x);
    }
  }
  for (const sub of Object.values(v)) namedFields(sub, out, depth + 1);
}

/** True when a root-level subschema only makes fields required under conditions (FieldInfo.conditions covers it). */
function onlyConditionalRequired(root: Schema, raw: Schema, depth = 0): boolean {
  if (depth > 16) return false;
  const s = deref(root, raw);
  const keys = Object.keys(s).filter((k) => !ANNOTATIONS.has(k));
  if (keys.length === 0) return false;
  for (const k of keys) {
    if (k === 'if') continue;
    if (k === 'required' && depth > 0) continue;
    if (k === 'then' || k === 'else') {
      if (!isObject(s[k]) || !onlyConditionalRequired(root, s[k] as Schema, depth + 1)) return false;
      continue;
    }
    if (k === 'allOf' && Array.isArray(s[k])) {
      if (!(s[k] as unknown[]).every((x) => isObject(x) && onlyConditionalRequired(root, x, depth + 1)))
        return false;
      continue;
    }
    return false;
  }
  // At the top a bare `required`/`allOf` without `if` is not conditional mandation.
  return depth > 0 || 'if' in s;
}

const CELL_CHECK_LABELS: Record<string, string> = {
  literalNull: 'no cell holds the text NULL',
  formula: 'no value starts like a spreadsheet formula (=, +, @, or - not before a digit)',
  whitespace: 'no value has spaces at the start or end',
};

const CELL_CHECK_RULES: Record<string, string> = {
  literalNull: 'value/literal-null',
  formula: 'value/formula',
  whitespace: 'value/whitespace',
};

/** Record-level rules: compareFields, ageAt, cellChecks, dependentRequired and other root subschemas. */
export function collectRecordRules(rootSchema: Schema): RecordRule[] {
  const root = deref(rootSchema, rootSchema);
  const base = severityOf(root, 'error');
  const rules: RecordRule[] = [];
  const ids = new Map<string, number>();
  const add = (r: RecordRule) => {
    // Two rules with the same identity (rare) are told apart by their order.
    const n = ids.get(r.id) ?? 0;
    ids.set(r.id, n + 1);
    if (n > 0) r.id = `${r.id} #${n + 1}`;
    rules.push(r);
  };

  const fromNode = (node: Schema, sev: Severity, rid: string | undefined) => {
    if (Array.isArray(node['compareFields'])) {
      for (const e of node['compareFields']) {
        if (!isObject(e)) continue;
        const field = String(e['field']);
        const other = String(e['other']);
        const r: RecordRule = {
          id: `compareFields: ${field} ${String(e['op'])} ${other}`,
          label: `${field} ${String(e['op'])} ${other}`,
          severity: severityOf(e, sev),
          ruleId: typeof e['ruleId'] === 'string' ? e['ruleId'] : (rid ?? 'record/compare'),
          definition: canonical({ field, op: e['op'], other, type: e['type'] }),
          fields: other.startsWith('$') ? [field] : [field, other],
        };
        if (typeof e['message'] === 'string') r.message = e['message'];
        add(r);
      }
    }
    if (Array.isArray(node['ageAt'])) {
      for (const e of node['ageAt']) {
        if (!isObject(e)) continue;
        const birth = String(e['birth']);
        const at = String(e['at']);
        const bounds: { minimum?: number; maximum?: number } = {};
        if (typeof e['minimum'] === 'number') bounds.minimum = e['minimum'];
        if (typeof e['maximum'] === 'number') bounds.maximum = e['maximum'];
        const r: RecordRule = {
          id: `ageAt: ${birth} at ${at}`,
          label: `age from ${birth} at ${at}`,
          severity: severityOf(e, sev),
          ruleId: typeof e['ruleId'] === 'string' ? e['ruleId'] : (rid ?? 'record/age'),
          definition: canonical({ birth, at, ...bounds }),
          fields: at.startsWith('$') ? [birth] : [birth, at],
          bounds,
        };
        if (typeof e['message'] === 'string') r.message = e['message'];
        add(r);
      }
    }
    if (isObject(node['cellChecks'])) {
      for (const [k, v] of Object.entries(node['cellChecks'])) {
        const spec = isObject(v) ? v : { severity: v };
        const r: RecordRule = {
          id: `cellChecks: ${k}`,
          label: `cell check: ${CELL_CHECK_LABELS[k] ?? k}`,
          severity: severityOf(spec, sev),
          ruleId: typeof spec['ruleId'] === 'string' ? spec['ruleId'] : (CELL_CHECK_RULES[k] ?? `value/${k}`),
          definition: canonical({ cellChecks: k }),
          fields: [],
        };
        if (typeof spec['message'] === 'string') r.message = spec['message'];
        add(r);
      }
    }
    if (isObject(node['dependentRequired'])) {
      for (const [k, list] of Object.entries(node['dependentRequired'])) {
        const needed = Array.isArray(list) ? list.map(String) : [];
        const r: RecordRule = {
          id: `dependentRequired: ${k}`,
          label: `${needed.join(', ')} required when ${k} has a value`,
          severity: sev,
          definition: canonical({ dependentRequired: { [k]: needed } }),
          fields: [k, ...needed],
        };
        if (rid !== undefined) r.ruleId = rid;
        if (typeof node['message'] === 'string') r.message = node['message'];
        add(r);
      }
    }
  };

  const generic = (item: Schema, sev: Severity, rid: string | undefined, what: string) => {
    const fields = new Set<string>();
    namedFields(item, fields);
    const stripped = stripAnnotations(item) as Schema;
    const definition = canonical(stripped);
    const r: RecordRule = {
      id: rid ?? `${what}: ${definition}`,
      label:
        rid ??
        (typeof item['message'] === 'string'
          ? item['message']
          : `${what} rule on ${[...fields].join(', ') || 'the record'}`),
      severity: sev,
      definition,
      schema: stripped,
      fields: [...fields],
    };
    if (rid !== undefined) r.ruleId = rid;
    if (typeof item['message'] === 'string') r.message = item['message'];
    add(r);
  };

  fromNode(root, base, undefined);
  const visitAllOf = (list: unknown, sev: Severity, depth: number) => {
    if (!Array.isArray(list) || depth > 8) return;
    for (const raw of list) {
      if (!isObject(raw)) continue;
      const item = deref(rootSchema, raw);
      const s = severityOf(item, sev);
      const rid = typeof item['ruleId'] === 'string' ? item['ruleId'] : undefined;
      if (onlyConditionalRequired(rootSchema, item)) continue;
      const keys = Object.keys(item).filter((k) => !ANNOTATIONS.has(k));
      const handled = new Set(['compareFields', 'ageAt', 'cellChecks', 'dependentRequired', 'allOf']);
      if (keys.every((k) => handled.has(k))) {
        fromNode(item, s, rid);
        visitAllOf(item['allOf'], s, depth + 1);
      } else generic(item, s, rid, 'schema');
    }
  };
  visitAllOf(root['allOf'], base, 0);
  for (const k of [
    'anyOf',
    'oneOf',
    'not',
    'if',
    'dependentSchemas',
    'patternProperties',
    'propertyNames',
  ] as const) {
    if (!(k in root)) continue;
    // A root `if` is conditional mandation when it only requires: FieldInfo.conditions covers it.
    if (
      k === 'if' &&
      onlyConditionalRequired(rootSchema, { if: root['if'], then: root['then'], else: root['else'] })
    )
      continue;
    const item: Schema =
      k === 'if' ? { if: root['if'], then: root['then'], else: root['else'] } : { [k]: root[k] };
    generic(item, base, undefined, k);
  }
  return rules;
}

function normalUnique(u: string[] | UniqueKey): NormalKey {
  const fields = Array.isArray(u) ? u : u.fields;
  const severity = Array.isArray(u) ? 'error' : (u.severity ?? 'error');
  return { id: `unique: ${[...fields].sort().join(' + ')}`, fields, severity, label: fields.join(' + ') };
}

function normalForeign(fk: ForeignKey): NormalKey {
  const label = `${fk.fields.join(' + ')} → ${fk.reference.table}.${fk.reference.fields.join(' + ')}`;
  return { id: `foreign: ${label}`, fields: fk.fields, severity: fk.severity ?? 'error', label };
}

export function profileTable(table: LoadedTable): TableProfile {
  const root = table.schema;
  const r = deref(root, root);
  const base = severityOf(r, 'error');
  const props = isObject(r['properties']) ? r['properties'] : {};
  const fields = new Map<string, FieldProfile>();
  for (const info of fieldsOf(root)) {
    const raw = props[info.name];
    fields.set(info.name, { info, constraints: isObject(raw) ? constraintsOf(root, raw, base) : [] });
  }
  const profile: TableProfile = {
    name: table.name,
    fields,
    closed: r['additionalProperties'] === false || r['unevaluatedProperties'] === false,
    rules: collectRecordRules(root),
    unique: (table.unique ?? []).map(normalUnique),
    foreignKeys: (table.foreignKeys ?? []).map(normalForeign),
  };
  if (table.title !== undefined) profile.title = table.title;
  if (table.primaryKey !== undefined) profile.primaryKey = table.primaryKey;
  if (table.recordKey !== undefined) profile.recordKey = table.recordKey;
  if (table.match?.headers !== undefined) profile.matchHeaders = table.match.headers;
  return profile;
}

// ---------------------------------------------------------------------------------------------
// Translating an old schema into the new version's vocabulary
// ---------------------------------------------------------------------------------------------

export type Migrations = Record<string, Record<string, string | null>>;

/**
 * A deep copy of an old table schema with renamed fields under their new names and, where the new
 * version's `migrations` maps a code, the new code in `const`/`enum` of conditions. Comparing
 * conditions and record rules on the translated schema tells "the same rule, with the codes renamed"
 * (not a change of its own) from a rule that really changed.
 */
export function translateSchema(
  schema: Schema,
  migrations: Migrations,
  renames: ReadonlyMap<string, string>,
): Schema {
  const mapValue = (field: string | undefined, v: unknown): unknown => {
    if (field === undefined || typeof v !== 'string') return v;
    const m = migrations[renames.get(field) ?? field] ?? migrations[field];
    if (!m || !Object.hasOwn(m, v)) return v;
    const next = m[v];
    return next === null || next === undefined ? v : next;
  };
  const rename = (name: unknown): unknown => (typeof name === 'string' ? (renames.get(name) ?? name) : name);
  const walk = (v: unknown, field: string | undefined, depth: number): unknown => {
    if (depth > 64) return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, field, depth + 1));
    if (!isObject(v)) return v;
    const out: Schema = {};
    for (const [k, sub] of Object.entries(v)) {
      if (k === 'properties' && isObject(sub)) {
        const props: Schema = {};
        for (const [name, ps] of Object.entries(sub)) props[String(rename(name))] = walk(ps, name, depth + 1);
        out[k] = props;
      } else if (k === 'required' && Array.isArray(sub)) {
        out[k] = sub.map(rename);
      } else if (k === 'dependentRequired' && isObject(sub)) {
        const dr: Schema = {};
        for (const [name, list] of Object.entries(sub))
          dr[String(rename(name))] = Array.isArray(list) ? list.map(rename) : list;
        out[k] = dr;
      } else if ((k === 'compareFields' || k === 'ageAt') && Array.isArray(sub)) {
        out[k] = sub.map((e) => {
          if (!isObject(e)) return e;
          const c: Schema = { ...e };
          for (const f of ['field', 'other', 'birth', 'at']) if (f in c) c[f] = rename(c[f]);
          return c;
        });
      } else if (k === 'const') {
        out[k] = mapValue(field, sub);
      } else if (k === 'enum' && Array.isArray(sub)) {
        // Several old codes may map to one new code: keep each once.
        out[k] = [...new Map(sub.map((x) => [canonical(mapValue(field, x)), mapValue(field, x)])).values()];
      } else {
        out[k] = walk(sub, field, depth + 1);
      }
    }
    return out;
  };
  return walk(schema, undefined, 0) as Schema;
}

/** Table profiles of a standard, in manifest order. */
export function profileStandard(standard: Standard): Map<string, TableProfile> {
  const out = new Map<string, TableProfile>();
  for (const [name, t] of standard.tables) out.set(name, profileTable(t));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Conditional mandation, structurally
// ---------------------------------------------------------------------------------------------

export interface Condition {
  /** Canonical JSON of the chain of `if` schemas (outer first), without wording annotations. */
  key: string;
  /** The chain of `if` schemas, outer first. */
  ifs: Schema[];
  /** Plain English, as `standards show` words it. */
  text: string;
  severity: Severity;
}

/**
 * Conditions under which each field becomes required (an `if`/`then` with `then.required`, anywhere
 * in allOf/anyOf/oneOf chains, nested `if`s included), kept as schemas so diff can prove that a new
 * condition holds in fewer cases than the old one (`conditionImplies`) instead of comparing wording.
 */
export function conditionsOf(rootSchema: Schema): Map<string, Condition[]> {
  const out = new Map<string, Condition[]>();
  const walk = (raw: Schema, chain: Schema[], sev: Severity, depth: number) => {
    if (depth > 8) return;
    const s = deref(rootSchema, raw);
    const severity = severityOf(s, sev);
    if (isObject(s['if']) && isObject(s['then'])) {
      const ifSchema = deref(rootSchema, s['if']);
      const then = deref(rootSchema, s['then']);
      const nextChain = [...chain, ifSchema];
      // Every link of a nested condition is named ("when Client Type is … and Event Type is …"):
      // `standards show` words only the innermost, but a diff must show which link changed.
      const described = nextChain.map((x) => describeCondition(rootSchema, x));
      const message =
        (typeof then['message'] === 'string' ? then['message'] : undefined) ??
        (typeof s['message'] === 'string' ? s['message'] : undefined);
      const text = described.every((d) => d !== undefined)
        ? `when ${described.join(' and ')}`
        : message !== undefined
          ? `in some cases: ${message}`
          : 'when a condition holds';
      const thenSeverity = severityOf(then, severity);
      const key = canonical(nextChain.map(stripAnnotations));
      for (const r of Array.isArray(then['required']) ? (then['required'] as unknown[]) : []) {
        if (typeof r !== 'string') continue;
        const list = out.get(r) ?? [];
        list.push({ key, ifs: nextChain, text, severity: thenSeverity });
        out.set(r, list);
      }
      walk(then, nextChain, thenSeverity, depth + 1);
    }
    for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = s[k];
      if (Array.isArray(list))
        for (const sub of list) if (isObject(sub)) walk(sub, chain, severity, depth + 1);
    }
  };
  const root = deref(rootSchema, rootSchema);
  walk(root, [], severityOf(root, 'error'), 0);
  return out;
}

function valueSet(s: Schema): unknown[] | undefined {
  if ('const' in s) return [s['const']];
  if (Array.isArray(s['enum'])) return s['enum'] as unknown[];
  return undefined;
}

function excludedSet(s: Schema): unknown[] | undefined {
  if (!isObject(s['not'])) return undefined;
  const n = s['not'];
  const keys = Object.keys(n);
  if (keys.length !== 1) return undefined;
  return valueSet(n);
}

function matches(pattern: string, v: unknown): boolean {
  if (typeof v !== 'string') return false;
  try {
    return new RegExp(pattern, 'u').test(v);
  } catch {
    return false;
  }
}

/**
 * Does every value satisfying property schema `a` satisfy `b`? Proven only for const/enum, `not`
 * const/enum and patterns (via the injected pattern comparison); anything else answers false.
 */
function valueImplies(a: Schema, b: Schema, looser: (oldP: string, newP: string) => boolean): boolean {
  if (canonical(a) === canonical(b)) return true;
  for (const [k, bv] of Object.entries(b)) {
    if (k === 'const' || k === 'enum') {
      const va = valueSet(a);
      const vb = valueSet(b)!.map(canonical);
      if (va !== undefined) {
        if (!va.every((x) => vb.includes(canonical(x)))) return false;
        continue;
      }
      return false;
    }
    if (k === 'not') {
      const xb = excludedSet(b);
      if (xb === undefined) return false;
      const xa = excludedSet(a);
      const va = valueSet(a);
      if (xa !== undefined) {
        const xaKeys = xa.map(canonical);
        if (!xb.every((x) => xaKeys.includes(canonical(x)))) return false;
      } else if (va !== undefined) {
        const xbKeys = xb.map(canonical);
        if (va.some((x) => xbKeys.includes(canonical(x)))) return false;
      } else return false;
      continue;
    }
    if (k === 'pattern') {
      const p = String(bv);
      if (typeof a['pattern'] === 'string') {
        if (!looser(a['pattern'], p)) return false;
        continue;
      }
      const va = valueSet(a);
      if (va?.every((x) => matches(p, x))) continue;
      return false;
    }
    if (k === 'type' && typeof bv === 'string') {
      // `type: string` beside a pattern is implied by a list of strings.
      const va = valueSet(a);
      if (va?.every((x) => typeof x === bv || (bv === 'number' && typeof x === 'number'))) continue;
    }
    if (canonical(a[k]) !== canonical(bv)) return false;
  }
  return true;
}

/** Whenever `a` (an `if` schema about the record) holds, does `b` hold? Conservative: false when unsure. */
export function ifImplies(a: Schema, b: Schema, looser: (oldP: string, newP: string) => boolean): boolean {
  const sa = stripAnnotations(a) as Schema;
  const sb = stripAnnotations(b) as Schema;
  if (canonical(sa) === canonical(sb)) return true;
  const allowed = new Set(['properties', 'required', 'type']);
  if (!Object.keys(sa).every((k) => allowed.has(k)) || !Object.keys(sb).every((k) => allowed.has(k)))
    return false;
  if (canonical(sa['type'] ?? null) !== canonical(sb['type'] ?? null) && sb['type'] !== undefined)
    return false;
  const ra = new Set(Array.isArray(sa['required']) ? (sa['required'] as string[]) : []);
  const rb = Array.isArray(sb['required']) ? (sb['required'] as string[]) : [];
  if (!rb.every((r) => ra.has(r))) return false;
  const pa = isObject(sa['properties']) ? sa['properties'] : {};
  const pb = isObject(sb['properties']) ? sb['properties'] : {};
  for (const [k, subB] of Object.entries(pb)) {
    if (!isObject(subB)) return false;
    if (Object.keys(subB).length === 0) continue;
    const subA = pa[k];
    if (!isObject(subA) || !valueImplies(subA, subB, looser)) return false;
  }
  return true;
}

/** Whenever condition `a` holds, does `b`? Chains are compared link by link. */
export function conditionImplies(
  a: Condition,
  b: Condition,
  looser: (oldP: string, newP: string) => boolean,
): boolean {
  if (a.key === b.key) return true;
  if (a.ifs.length !== b.ifs.length) return false;
  return a.ifs.every((x, i) => ifImplies(x, b.ifs[i]!, looser));
}
