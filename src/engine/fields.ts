/**
 * Field metadata read from a table's schema: what `standards show`, CSV typing, privacy and messages
 * need to know about each top-level property. Only local `$ref`s (`#/...`) are followed: carecheck
 * never fetches anything.
 */
import type { Sensitivity } from '../standards/types.js';

export type CellType = 'string' | 'integer' | 'number' | 'boolean';

export interface FieldInfo {
  name: string;
  aliases: string[];
  title?: string;
  description?: string;
  /** How a CSV cell for this field is typed (see README "CSV typing"). */
  cellType: CellType;
  /** JSON Schema type(s) as written, for display. */
  typeLabel: string;
  format?: string;
  pattern?: string;
  enumValues?: unknown[];
  codeMeanings?: Record<string, string>;
  sensitivity?: Sensitivity;
  /** Required on every record (top-level `required`). */
  required: boolean;
  /** Required under conditions, each a phrase ("when Event Type is Service", or the rule's own message). */
  conditions: string[];
}

type Schema = Record<string, unknown>;

function isObject(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Decode one JSON Pointer segment (RFC 6901). */
export function decodePointerSegment(s: string): string {
  return s.replaceAll('~1', '/').replaceAll('~0', '~');
}

export function encodePointerSegment(s: string): string {
  return s.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Resolve `#/a/b` inside `root`; undefined when it does not resolve. */
export function resolveLocalRef(root: Schema, ref: string): Schema | undefined {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const seg = decodePointerSegment(decodeURIComponent(raw));
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return isObject(node) ? node : undefined;
}

/** Follow `$ref` chains (bounded) and return the schema that carries the keywords. */
export function deref(root: Schema, schema: Schema): Schema {
  let s = schema;
  for (let i = 0; i < 16 && typeof s['$ref'] === 'string'; i++) {
    const target = resolveLocalRef(root, s['$ref']);
    if (!target) break;
    // Sibling keywords next to $ref (2019-09+) win over the target's.
    const { $ref: _ref, ...siblings } = s;
    s = { ...target, ...siblings };
  }
  return s;
}

function cellTypeOf(s: Schema): { cellType: CellType; label: string } {
  const t = s['type'];
  const types = Array.isArray(t) ? t.map(String) : typeof t === 'string' ? [t] : [];
  let label = types.join(' | ');
  if (types.length === 0 && Array.isArray(s['enum'])) {
    const values = s['enum'] as unknown[];
    if (values.length > 0 && values.every((v) => typeof v === 'number')) {
      return { cellType: values.every(Number.isInteger) ? 'integer' : 'number', label: 'code' };
    }
    label = 'code';
  }
  if (types.includes('string') || types.length === 0) return { cellType: 'string', label: label || 'any' };
  if (types.includes('integer') && !types.includes('number')) return { cellType: 'integer', label };
  if (types.includes('number') || types.includes('integer')) return { cellType: 'number', label };
  if (types.includes('boolean')) return { cellType: 'boolean', label };
  return { cellType: 'string', label };
}

/** Describe a simple `if` schema in plain English: "Event Type is Service". Undefined when too complex. */
export function describeCondition(root: Schema, ifSchema: unknown): string | undefined {
  if (!isObject(ifSchema)) return undefined;
  const s = deref(root, ifSchema);
  // An author's own wording of the condition wins.
  if (typeof s['title'] === 'string') return s['title'];
  const parts: string[] = [];
  const props = s['properties'];
  if (isObject(props)) {
    for (const [name, sub] of Object.entries(props)) {
      if (!isObject(sub)) return undefined;
      const p = deref(root, sub);
      if ('const' in p) parts.push(`${name} is ${formatLiteral(p['const'])}`);
      else if (Array.isArray(p['enum']))
        parts.push(`${name} is ${joinOr((p['enum'] as unknown[]).map(formatLiteral))}`);
      else if (typeof p['pattern'] === 'string') {
        const prefix = /^\^([A-Za-z0-9 ,:;'()-]+)$/.exec(p['pattern'])?.[1];
        if (prefix !== undefined) parts.push(`${name} starts with '${prefix}'`);
        else parts.push(`${name} matches ${p['pattern']}`);
      } else if (isObject(p['not'])) {
        const n = deref(root, p['not']);
        if ('const' in n) parts.push(`${name} is not ${formatLiteral(n['const'])}`);
        else if (Array.isArray(n['enum']))
          parts.push(`${name} is not ${joinOr((n['enum'] as unknown[]).map(formatLiteral))}`);
        else return undefined;
      } else if (Object.keys(p).filter((k) => !ANNOTATIONS.has(k)).length === 0) {
        // `{}` under properties + required: "X has a value"
      } else return undefined;
    }
  }
  const required = Array.isArray(s['required']) ? (s['required'] as string[]) : [];
  for (const r of required) {
    if (!isObject(props) || !(r in props) || !parts.some((p) => p.startsWith(`${r} `)))
      parts.push(`${r} has a value`);
  }
  if (Array.isArray(s['allOf'])) {
    for (const sub of s['allOf']) {
      const d = describeCondition(root, sub);
      if (d === undefined) return undefined;
      parts.push(d);
    }
  }
  if (Array.isArray(s['anyOf'])) {
    const alts = (s['anyOf'] as unknown[]).map((a) => describeCondition(root, a));
    if (alts.some((a) => a === undefined)) return undefined;
    parts.push(`(${alts.join(' or ')})`);
  }
  if (isObject(s['not'])) {
    const inner = describeCondition(root, s['not']);
    if (inner === undefined) return undefined;
    parts.push(`not (${inner})`);
  }
  const known = new Set(['properties', 'required', 'allOf', 'anyOf', 'not', ...ANNOTATIONS]);
  if (Object.keys(s).some((k) => !known.has(k))) return undefined;
  return parts.length ? parts.join(' and ') : undefined;
}

const ANNOTATIONS = new Set([
  'title',
  'description',
  '$comment',
  'severity',
  'message',
  'ruleId',
  'type',
  'examples',
]);

function formatLiteral(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function joinOr(items: string[]): string {
  if (items.length <= 1) return items.join('');
  const shown = items.length > 6 ? [...items.slice(0, 5), `… (${items.length - 5} more)`] : items;
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}

/** Collect the conditions under which each property becomes required, from `if`/`then` anywhere in allOf chains. */
function collectConditionalRequired(
  root: Schema,
  s: Schema,
  out: Map<string, string[]>,
  depth = 0,
  inheritedSeverity?: string,
): void {
  if (depth > 8) return;
  const severity = typeof s['severity'] === 'string' ? s['severity'] : inheritedSeverity;
  if (isObject(s['if']) && isObject(s['then'])) {
    const then = deref(root, s['then']);
    // An `if` too complex to word: the rule's own message says what it means.
    const described = describeCondition(root, s['if']);
    const message =
      (typeof then['message'] === 'string' ? then['message'] : undefined) ??
      (typeof s['message'] === 'string' ? s['message'] : undefined);
    const cond =
      described !== undefined
        ? `when ${described}`
        : message !== undefined
          ? `in some cases: ${message}`
          : 'when a condition holds';
    const thenSeverity = typeof then['severity'] === 'string' ? then['severity'] : severity;
    const suffix = thenSeverity && thenSeverity !== 'error' ? ` (${thenSeverity} only)` : '';
    for (const r of Array.isArray(then['required']) ? (then['required'] as string[]) : []) {
      out.set(r, [...(out.get(r) ?? []), `${cond}${suffix}`]);
    }
    collectConditionalRequired(root, then, out, depth + 1, thenSeverity);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = s[key];
    if (Array.isArray(list))
      for (const sub of list)
        if (isObject(sub)) collectConditionalRequired(root, deref(root, sub), out, depth + 1, severity);
  }
}

/**
 * Column patterns declared with `patternProperties` (e.g. `^QUALACH[0-9]{2}$`). A pattern that matches
 * the empty string (`""`, `.*`) applies to every column and declares none, so it is left out.
 */
export function columnPatterns(rootSchema: Schema): Array<{ re: RegExp; cellType: CellType }> {
  const root = deref(rootSchema, rootSchema);
  const pp = root['patternProperties'];
  if (!isObject(pp)) return [];
  const out: Array<{ re: RegExp; cellType: CellType }> = [];
  for (const [pattern, sub] of Object.entries(pp)) {
    let re: RegExp;
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      continue;
    }
    if (re.test('')) continue;
    out.push({ re, cellType: isObject(sub) ? cellTypeOf(deref(rootSchema, sub)).cellType : 'string' });
  }
  return out;
}

/** Top-level fields of a table schema, in declaration order. */
export function fieldsOf(rootSchema: Schema): FieldInfo[] {
  const root = deref(rootSchema, rootSchema);
  const props = isObject(root['properties']) ? root['properties'] : {};
  const required = new Set(Array.isArray(root['required']) ? (root['required'] as string[]) : []);
  const conditional = new Map<string, string[]>();
  collectConditionalRequired(rootSchema, root, conditional);
  const out: FieldInfo[] = [];
  for (const [name, raw] of Object.entries(props)) {
    if (!isObject(raw)) continue;
    const s = deref(rootSchema, raw);
    const { cellType, label } = cellTypeOf(s);
    const info: FieldInfo = {
      name,
      aliases: Array.isArray(s['aliases']) ? (s['aliases'] as string[]) : [],
      cellType,
      typeLabel: label,
      required: required.has(name),
      conditions: conditional.get(name) ?? [],
    };
    if (typeof s['title'] === 'string') info.title = s['title'];
    if (typeof s['description'] === 'string') info.description = s['description'];
    if (typeof s['format'] === 'string') info.format = s['format'];
    if (typeof s['pattern'] === 'string') info.pattern = s['pattern'];
    const enumValues = findEnum(rootSchema, s);
    if (enumValues) info.enumValues = enumValues;
    if (isObject(s['codeMeanings'])) info.codeMeanings = s['codeMeanings'] as Record<string, string>;
    if (typeof s['sensitivity'] === 'string') info.sensitivity = s['sensitivity'] as Sensitivity;
    out.push(info);
  }
  return out;
}

/** The field's code list: `enum` on the field or inside an `allOf` branch (e.g. a warning-level list). */
function findEnum(root: Schema, s: Schema): unknown[] | undefined {
  if (Array.isArray(s['enum'])) return s['enum'] as unknown[];
  if (Array.isArray(s['allOf'])) {
    for (const sub of s['allOf']) {
      if (isObject(sub)) {
        const e = findEnum(root, deref(root, sub));
        if (e) return e;
      }
    }
  }
  return undefined;
}
