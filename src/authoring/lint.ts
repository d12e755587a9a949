/**
 * `carecheck lint`: check a standard version folder before anyone validates data with it.
 *
 * Every problem is a finding (rule `lint/...`, severity, plain-English message, file, line, JSON
 * Pointer), never an exception, so an author sees all of them at once. The checks, in order:
 *
 * - the manifest (standard.yaml): YAML, the manifest schema the registry uses, folder names;
 * - each schema file: JSON, then a static walk over every subschema (unknown keywords, unknown
 *   formats, `$ref`s that do not resolve inside the file, `pattern`s that do not compile or can
 *   backtrack catastrophically, code lists, a description and a sensitivity on every top-level
 *   field, carecheck rules naming fields that do not exist), then the JSON Schema meta-schema,
 *   then a STRICT compile, then `examples` and `default` against their own subschema;
 * - keys named in the manifest exist in their table;
 * - README.md, and fixtures: valid and invalid cases, each invalid case with a well-formed sidecar.
 *
 * The static walk reports each problem once and removes it from a working copy of the schema, so the
 * meta-schema check and the compile that follow report only what the walk could not see (ajv stops
 * at its first compile error, and says nothing about where some of them are).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { Chalk, type ChalkInstance } from 'chalk';
import { type AnyAjv, createAjv, draftOf } from '../engine/ajv.js';
import { decodePointerSegment, encodePointerSegment } from '../engine/fields.js';
import { formatFromPath } from '../readers/index.js';
import manifestSchema from '../standards/manifest.schema.json' with { type: 'json' };
import { JsonSyntaxError, type Positions, parseJsonWithPositions, yamlPositions } from './positions.js';
import { checkRegexSafety } from './regex-safety.js';
import type { VersionTarget } from './targets.js';
import { discoverCases, sidecarProblems } from './test-runner.js';

export type LintSeverity = 'error' | 'warning' | 'info';

export interface LintFinding {
  /** `lint/<name>`: see docs/authoring-lint-test-infer-init.md for the list. */
  rule: string;
  severity: LintSeverity;
  message: string;
  /** Path relative to the version folder, with '/' separators ('standard.yaml', 'schema.json' …). */
  file: string;
  /** 1-based line in `file`; null when the finding is about a missing file. */
  line: number | null;
  /** JSON Pointer inside `file` ('' = the whole file). */
  pointer: string;
}

export interface LintResult {
  dir: string;
  id: string;
  version: string;
  findings: LintFinding[];
  errors: number;
  warnings: number;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---------------------------------------------------------------------------------------------
// The manifest
// ---------------------------------------------------------------------------------------------

let manifestValidator: ReturnType<Ajv2020['compile']> | undefined;

/** The registry's manifest check, with the same schema and options, returning every error. */
function manifestErrors(data: unknown): ErrorObject[] {
  if (!manifestValidator) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false });
    manifestValidator = ajv.compile(manifestSchema);
  }
  return manifestValidator(data) ? [] : [...(manifestValidator.errors ?? [])];
}

function manifestRule(instancePath: string): string {
  if (instancePath === '/version') return 'lint/version';
  if (instancePath === '/status') return 'lint/status';
  return 'lint/manifest';
}

/** One finding per problem: ajv reports a failed `oneOf` / `anyOf` with every branch's errors too. */
function manifestFindings(data: unknown, positions: Positions): LintFinding[] {
  const errors = manifestErrors(data);
  const out: LintFinding[] = [];
  const seen = new Set<string>();
  const topOneOf = errors.some((e) => e.keyword === 'oneOf' && e.instancePath === '');
  // Paths with a failed oneOf/anyOf: their branch errors say the same thing less clearly.
  const combined = new Set(
    errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath),
  );
  for (const e of errors) {
    if (topOneOf && e.schemaPath.startsWith('#/oneOf/')) continue;
    const where =
      e.instancePath === ''
        ? 'the manifest'
        : `'${e.instancePath.slice(1).split('/').map(decodePointerSegment).join('.')}'`;
    let pointer = e.instancePath;
    let text: string;
    let key = e.instancePath;
    switch (e.keyword) {
      case 'required': {
        const missing = String(e.params['missingProperty']);
        text = `${where} is missing '${missing}'`;
        key += `#required:${missing}`;
        break;
      }
      case 'additionalProperties':
      case 'unevaluatedProperties': {
        const extra = String(e.params['additionalProperty'] ?? e.params['unevaluatedProperty']);
        text = `${where} has an unknown key '${extra}'`;
        pointer = `${e.instancePath}/${encodePointerSegment(extra)}`;
        key = pointer;
        break;
      }
      case 'enum':
        text = `${where} must be one of ${(e.params['allowedValues'] as unknown[]).join(', ')}`;
        break;
      case 'oneOf':
        text =
          e.instancePath === ''
            ? `${where} must have either 'schema' (one table) or 'tables' (a dataset), not both`
            : `${where} is not valid: it must match exactly one of the allowed shapes`;
        break;
      case 'anyOf':
        text = `${where} is not valid: it matches none of the allowed shapes`;
        break;
      case 'pattern':
        text =
          e.instancePath === '/version'
            ? `${where} must be a semantic version (major.minor.patch, e.g. 1.0.0)`
            : e.instancePath === '/id'
              ? `${where} must be kebab-case: lower-case letters and digits separated by single hyphens`
              : /effective/.test(e.instancePath)
                ? `${where} must be a date written yyyy-mm-dd`
                : `${where} must match ${String(e.params['pattern'])}`;
        break;
      default:
        if (combined.has(e.instancePath)) continue;
        text = `${where} ${e.message ?? 'is not valid'}`;
    }
    if (
      e.keyword !== 'oneOf' &&
      e.keyword !== 'anyOf' &&
      combined.has(e.instancePath) &&
      e.keyword !== 'required'
    ) {
      continue;
    }
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(
      finding(
        manifestRule(e.instancePath),
        'error',
        text,
        'standard.yaml',
        positions.lineOf(pointer),
        pointer,
      ),
    );
  }
  return out;
}

function finding(
  rule: string,
  severity: LintSeverity,
  message: string,
  file: string,
  line: number | null,
  pointer: string,
): LintFinding {
  return { rule, severity, message, file, line, pointer };
}

function isRealDate(s: unknown): boolean {
  if (typeof s !== 'string' || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

const SINGLE = [
  'additionalProperties',
  'additionalItems',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
] as const;
const LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;
const MAP = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;

interface Subschema {
  node: Json;
  pointer: string;
  /** The subschema that `#…` references inside `node` resolve against (the nearest `$id`, else the root). */
  resource: Json;
  /** Enclosing subschemas, outermost first. */
  ancestors: Json[];
}

/** Every subschema object of a schema, with its JSON Pointer. */
function subschemas(root: Json): Subschema[] {
  const out: Subschema[] = [];
  const visit = (node: unknown, pointer: string, resource: Json, ancestors: Json[]) => {
    if (!isObject(node) || ancestors.length > 200) return;
    const res = typeof node['$id'] === 'string' && pointer !== '' ? node : resource;
    out.push({ node, pointer, resource: res, ancestors });
    const inner = [...ancestors, node];
    for (const k of SINGLE) if (k in node) visit(node[k], `${pointer}/${k}`, res, inner);
    if ('items' in node) {
      const items = node['items'];
      if (Array.isArray(items)) {
        for (const [i, s] of items.entries()) visit(s, `${pointer}/items/${i}`, res, inner);
      } else visit(items, `${pointer}/items`, res, inner);
    }
    for (const k of LIST) {
      const list = node[k];
      if (Array.isArray(list)) {
        for (const [i, s] of list.entries()) visit(s, `${pointer}/${k}/${i}`, res, inner);
      }
    }
    for (const k of [...MAP, 'dependencies'] as const) {
      const map = node[k];
      if (isObject(map)) {
        for (const [name, s] of Object.entries(map)) {
          visit(s, `${pointer}/${k}/${encodePointerSegment(name)}`, res, inner);
        }
      }
    }
  };
  visit(root, '', root, []);
  return out;
}

function getAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = decodePointerSegment(raw);
    if (Array.isArray(node)) node = node[Number(seg)];
    else if (isObject(node)) node = Object.hasOwn(node, seg) ? node[seg] : undefined;
    else return undefined;
  }
  return node;
}

/** Remove the value at a pointer (an object key or an array item). */
function deleteAt(root: unknown, pointer: string): boolean {
  if (pointer === '') return false;
  const cut = pointer.lastIndexOf('/');
  const parent = getAt(root, pointer.slice(0, cut));
  const last = decodePointerSegment(pointer.slice(cut + 1));
  if (Array.isArray(parent)) {
    const i = Number(last);
    if (!Number.isInteger(i) || i < 0 || i >= parent.length) return false;
    parent.splice(i, 1);
    return true;
  }
  if (isObject(parent) && Object.hasOwn(parent, last)) {
    delete parent[last];
    return true;
  }
  return false;
}

/** `#/a/b%20c` inside `resource`; undefined when nothing is there. */
function resolveFragment(resource: Json, fragment: string): unknown {
  if (fragment === '' || fragment === '/') return fragment === '' ? resource : getAt(resource, '/');
  if (fragment.startsWith('/')) {
    let decoded: string;
    try {
      decoded = fragment
        .split('/')
        .map((s) => encodePointerSegment(decodePointerSegment(decodeURIComponent(s))))
        .join('/');
    } catch {
      return undefined;
    }
    return getAt(resource, decoded);
  }
  // A plain-name fragment (`#name`) needs `$anchor`, which ajv's strict mode (what carecheck runs)
  // does not accept: it never resolves.
  return undefined;
}

/** Pointer from ajv's `errSchemaPath` (`#/properties/LA%20Code`). */
function pointerFromSchemaPath(p: string): string {
  const body = p.startsWith('#') ? p.slice(1) : p;
  try {
    return body
      .split('/')
      .map((s, i) => (i === 0 ? s : encodePointerSegment(decodePointerSegment(decodeURIComponent(s)))))
      .join('/');
  } catch {
    return body;
  }
}

interface SchemaLintContext {
  file: string;
  positions: Positions;
  out: LintFinding[];
}

function push(
  ctx: SchemaLintContext,
  rule: string,
  severity: LintSeverity,
  message: string,
  pointer: string,
): void {
  ctx.out.push(finding(rule, severity, message, ctx.file, ctx.positions.lineOf(pointer), pointer));
}

/**
 * Is a code list with values differing only in case or spaces deliberate? Yes when it is a
 * condition or an exclusion (inside `if` / `not`: matching every spelling is the point), when the
 * nearest `severity` makes it a warning- or info-level list (a tolerant "values we expect" check),
 * or when codeMeanings explains each spelling.
 */
function tolerantList(
  pointer: string,
  node: Json,
  ancestors: readonly Json[],
  a: string,
  b: string,
): boolean {
  if (/\/(if|not)(\/|$)/.test(pointer)) return true;
  for (const s of [node, ...[...ancestors].reverse()]) {
    const severity = s['severity'];
    if (typeof severity === 'string') {
      if (severity !== 'error') return true;
      break;
    }
  }
  for (const s of [node, ...[...ancestors].reverse()]) {
    const meanings = s['codeMeanings'];
    if (isObject(meanings) && Object.hasOwn(meanings, a) && Object.hasOwn(meanings, b)) return true;
  }
  return false;
}

/** Code-list checks on one `enum`. */
function lintEnum(ctx: SchemaLintContext, sub: Subschema, clone: Json): void {
  const { node, pointer, ancestors } = sub;
  const values = node['enum'] as unknown[];
  if (values.length === 0) {
    push(
      ctx,
      'lint/enum-empty',
      'error',
      'The code list (enum) is empty: no value can pass',
      `${pointer}/enum`,
    );
    deleteAt(clone, `${pointer}/enum`);
    return;
  }
  const exact = new Map<string, number>();
  const folded = new Map<string, number>();
  values.forEach((v, i) => {
    const key = JSON.stringify(v);
    const first = exact.get(key);
    if (first !== undefined) {
      push(
        ctx,
        'lint/enum-duplicate',
        'error',
        `The code list (enum) lists the same value twice (items ${first} and ${i})`,
        `${pointer}/enum/${i}`,
      );
      return;
    }
    exact.set(key, i);
    if (typeof v !== 'string') return;
    const fold = v.trim().toLowerCase();
    const other = folded.get(fold);
    if (other === undefined) {
      folded.set(fold, i);
      return;
    }
    if (tolerantList(pointer, node, ancestors, String(values[other]), v)) return;
    push(
      ctx,
      'lint/enum-case',
      'warning',
      `The code list (enum) has two values that differ only in case or surrounding spaces (items ${other} and ${i}): say which one is the code, or explain both in codeMeanings`,
      `${pointer}/enum/${i}`,
    );
  });
}

/** Enum values reachable from a field's subschema (its own, or in allOf/anyOf/oneOf branches). */
function enumValuesOf(root: Json, s: Json, depth = 0): unknown[] | undefined {
  if (depth > 8) return undefined;
  let found: unknown[] | undefined = Array.isArray(s['enum']) ? [...(s['enum'] as unknown[])] : undefined;
  if ('const' in s) found = [...(found ?? []), s['const']];
  if (typeof s['$ref'] === 'string' && s['$ref'].startsWith('#')) {
    const target = resolveFragment(root, s['$ref'].slice(1));
    if (isObject(target)) {
      const e = enumValuesOf(root, target, depth + 1);
      if (e) found = [...(found ?? []), ...e];
    }
  }
  for (const k of ['then', 'else'] as const) {
    const sub = s[k];
    if (!isObject(sub)) continue;
    const e = enumValuesOf(root, sub, depth + 1);
    if (e) found = [...(found ?? []), ...e];
  }
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = s[k];
    if (!Array.isArray(list)) continue;
    for (const sub of list) {
      if (!isObject(sub)) continue;
      const e = enumValuesOf(root, sub, depth + 1);
      if (e) found = [...(found ?? []), ...e];
    }
  }
  return found;
}

/** Follow a local `$ref` chain to the schema that carries a field's annotations. */
function annotated(root: Json, s: Json, key: string): unknown {
  let node: Json = s;
  for (let i = 0; i < 16; i++) {
    if (node[key] !== undefined) return node[key];
    const ref = node['$ref'];
    if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
    const target = resolveFragment(root, ref.slice(1));
    if (!isObject(target)) return undefined;
    node = target;
  }
  return undefined;
}

/**
 * Lint one schema document. Returns the top-level field names (with aliases) for the manifest's
 * key checks.
 */
function lintSchema(schema: Json, ctx: SchemaLintContext): Set<string> {
  let draft: ReturnType<typeof draftOf>;
  try {
    draft = draftOf(schema);
  } catch (e) {
    push(ctx, 'lint/schema-draft', 'error', (e as Error).message, '/$schema');
    return new Set();
  }
  const ajv: AnyAjv = createAjv({ draft, strict: true, today: () => 0 });
  const knownKeywords = (ajv as unknown as { RULES: { keywords: Record<string, unknown> } }).RULES.keywords;
  const knownFormats = (ajv as unknown as { formats: Record<string, unknown> }).formats;
  const clone = structuredClone(schema) as Json;
  const all = subschemas(schema);
  const ids = new Map<string, Json>();
  for (const { node } of all)
    if (typeof node['$id'] === 'string') ids.set(node['$id'].replace(/#$/, ''), node);

  const rootProps = isObject(schema['properties']) ? schema['properties'] : {};
  const rootPatterns: RegExp[] = [];
  if (isObject(schema['patternProperties'])) {
    for (const p of Object.keys(schema['patternProperties'])) {
      try {
        rootPatterns.push(new RegExp(p, 'u'));
      } catch {
        // reported below
      }
    }
  }
  const isDeclared = (name: string) =>
    Object.hasOwn(rootProps, name) || rootPatterns.some((re) => re.test(name));

  const withExamples: string[] = [];
  for (const sub of all) {
    const { node, pointer, resource } = sub;
    for (const key of Object.keys(node)) {
      if (!Object.hasOwn(knownKeywords, key)) {
        push(
          ctx,
          'lint/unknown-keyword',
          'error',
          `Unknown keyword '${key}': strict mode refuses it (a typo, or an annotation carecheck does not define; use '$comment' for notes)`,
          `${pointer}/${encodePointerSegment(key)}`,
        );
        deleteAt(clone, `${pointer}/${encodePointerSegment(key)}`);
      }
    }
    const format = node['format'];
    if (typeof format === 'string' && !Object.hasOwn(knownFormats, format)) {
      push(
        ctx,
        'lint/unknown-format',
        'error',
        `Unknown format '${format}': carecheck would refuse to load the standard (known formats are listed in standards/README.md)`,
        `${pointer}/format`,
      );
      deleteAt(clone, `${pointer}/format`);
    }
    const ref = node['$ref'];
    if (typeof ref === 'string') lintRef(ctx, ref, `${pointer}/$ref`, resource, ids, clone);
    const pattern = node['pattern'];
    if (typeof pattern === 'string') lintPattern(ctx, pattern, `${pointer}/pattern`, clone, 'pattern');
    if (isObject(node['patternProperties'])) {
      for (const p of Object.keys(node['patternProperties'])) {
        lintPattern(
          ctx,
          p,
          `${pointer}/patternProperties/${encodePointerSegment(p)}`,
          clone,
          'patternProperties',
        );
      }
    }
    if (Array.isArray(node['enum'])) lintEnum(ctx, sub, clone);
    if (isObject(node['codeMeanings'])) {
      const values = enumValuesOf(schema, node);
      const known = new Set((values ?? []).map((v) => String(v)));
      for (const code of Object.keys(node['codeMeanings'])) {
        if (!known.has(code)) {
          push(
            ctx,
            'lint/code-meanings',
            'warning',
            values
              ? `codeMeanings explains '${code}', which is not in the code list (enum)`
              : 'codeMeanings is given but the field has no code list (enum)',
            `${pointer}/codeMeanings/${encodePointerSegment(code)}`,
          );
          if (!values) break;
        }
      }
    }
    for (const k of ['compareFields', 'ageAt'] as const) {
      const rules = node[k];
      if (!Array.isArray(rules)) continue;
      rules.forEach((r, i) => {
        if (!isObject(r)) return;
        for (const side of k === 'compareFields' ? ['field', 'other'] : ['birth', 'at']) {
          const name = r[side];
          if (typeof name !== 'string' || name === '$today' || isDeclared(name)) continue;
          push(
            ctx,
            'lint/rule-field',
            'error',
            `${k} rule ${i} names '${name}', which is not a top-level field of this schema: the rule would never fire`,
            `${pointer}/${k}/${i}/${side}`,
          );
        }
      });
    }
    if ('examples' in node || 'default' in node) withExamples.push(pointer);
  }

  // Top-level fields: a description (for people and `carecheck docs`) and a sensitivity (for privacy).
  const declared = new Set<string>();
  for (const [name, raw] of Object.entries(rootProps)) {
    declared.add(name);
    if (!isObject(raw)) continue;
    const pointer = `/properties/${encodePointerSegment(name)}`;
    const aliases = annotated(schema, raw, 'aliases');
    if (Array.isArray(aliases)) for (const a of aliases) if (typeof a === 'string') declared.add(a);
    const description = annotated(schema, raw, 'description');
    if (typeof description !== 'string' || description.trim() === '') {
      push(ctx, 'lint/description', 'error', `Field '${name}' has no description`, pointer);
    }
    if (annotated(schema, raw, 'sensitivity') === undefined) {
      push(
        ctx,
        'lint/sensitivity',
        'error',
        `Field '${name}' has no sensitivity (direct-identifier, quasi-identifier, special-category or none): reports need it to decide what they may show`,
        pointer,
      );
    }
  }

  // The JSON Schema meta-schema, on what the walk left.
  for (let round = 0; round < 20 && !ajv.validateSchema(clone); round++) {
    const errors = ajv.errors ?? [];
    const byPath = new Map<string, ErrorObject>();
    for (const e of errors) if (!byPath.has(e.instancePath)) byPath.set(e.instancePath, e);
    // Report the deepest paths only: a failed parent repeats its child's problem.
    const paths = [...byPath.keys()].filter(
      (p) => ![...byPath.keys()].some((q) => q !== p && q.startsWith(`${p}/`)),
    );
    if (paths.length === 0) break;
    for (const p of paths) {
      const e = byPath.get(p)!;
      const key = p.slice(p.lastIndexOf('/') + 1);
      push(ctx, 'lint/schema', 'error', `'${decodePointerSegment(key)}' ${e.message ?? 'is not valid'}`, p);
      deleteAt(clone, p);
    }
  }

  // The strict compile. ajv stops at the first problem: report it, remove it, compile again.
  let compiled = false;
  for (let round = 0; round < 30; round++) {
    try {
      ajv.compile(clone);
      compiled = true;
      break;
    } catch (e) {
      const msg = (e as Error).message.replace(/\s+/g, ' ').trim();
      let m = /^keyword "([^"]+)" value is invalid at path "([^"]*)": (.*)$/.exec(msg);
      if (m) {
        const pointer = `${pointerFromSchemaPath(m[2]!)}/${encodePointerSegment(m[1]!)}`;
        push(ctx, 'lint/keyword', 'error', `'${m[1]}' is not valid: ${m[3]}`, pointer);
        if (deleteAt(clone, pointer)) continue;
        break;
      }
      m = /^keyword "([^"]+)" at path "([^"]*)", rule (\d+): (.*)$/.exec(msg);
      if (m) {
        const at = `${pointerFromSchemaPath(m[2]!)}/${encodePointerSegment(m[1]!)}`;
        // An undeclared field is already a lint/rule-field finding (with the exact side named).
        const known = ctx.out.some(
          (f) =>
            f.file === ctx.file && f.rule === 'lint/rule-field' && f.pointer.startsWith(`${at}/${m![3]}/`),
        );
        if (!known) push(ctx, 'lint/keyword', 'error', `${m[1]} rule ${m[3]}: ${m[4]}`, `${at}/${m[3]}`);
        if (deleteAt(clone, `${at}/${m[3]}`)) continue;
        break;
      }
      m = /^unknown format "([^"]+)" ignored in schema at path "([^"]*)"$/.exec(msg);
      if (m) {
        const pointer = `${pointerFromSchemaPath(m[2]!)}/format`;
        push(ctx, 'lint/unknown-format', 'error', `Unknown format '${m[1]}'`, pointer);
        if (deleteAt(clone, pointer)) continue;
        break;
      }
      const at = / at (?:path )?"(#[^"]*)"/.exec(msg);
      const pointer = at ? pointerFromSchemaPath(at[1]!) : '';
      if ((e as { missingRef?: string }).missingRef !== undefined) {
        push(ctx, 'lint/ref', 'error', `A reference does not resolve: ${msg}`, pointer);
      } else {
        push(
          ctx,
          msg.startsWith('strict mode') ? 'lint/strict' : 'lint/schema-compile',
          'error',
          `The schema does not compile: ${msg}`,
          pointer,
        );
      }
      break;
    }
  }

  // examples and default: each must pass its own subschema (in the context of the whole schema).
  if (compiled && withExamples.length > 0) lintExamples(ctx, ajv, clone, withExamples);
  return declared;
}

function lintRef(
  ctx: SchemaLintContext,
  ref: string,
  pointer: string,
  resource: Json,
  ids: Map<string, Json>,
  clone: Json,
): void {
  const hash = ref.indexOf('#');
  const base = hash === -1 ? ref : ref.slice(0, hash);
  const fragment = hash === -1 ? '' : ref.slice(hash + 1);
  let target: unknown;
  if (base === '') {
    target = resolveFragment(resource, fragment);
  } else if (ids.has(base)) {
    target = resolveFragment(ids.get(base)!, fragment);
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(base) || base.startsWith('//')) {
    push(
      ctx,
      'lint/remote-ref',
      'error',
      `$ref '${ref}' points outside this file: carecheck never uses the network; copy the definition into $defs`,
      pointer,
    );
    deleteAt(clone, pointer);
    return;
  } else {
    push(
      ctx,
      'lint/ref-file',
      'error',
      `$ref '${ref}' points at another file: carecheck loads one schema file per table, so it cannot resolve it; copy the definition into $defs`,
      pointer,
    );
    deleteAt(clone, pointer);
    return;
  }
  if (target === undefined) {
    push(
      ctx,
      'lint/ref',
      'error',
      `$ref '${ref}' does not resolve: there is nothing at that place in this file`,
      pointer,
    );
    deleteAt(clone, pointer);
  }
}

function lintPattern(
  ctx: SchemaLintContext,
  pattern: string,
  pointer: string,
  clone: Json,
  where: 'pattern' | 'patternProperties',
): void {
  const verdict = checkRegexSafety(pattern);
  const what = where === 'pattern' ? 'The pattern' : 'The patternProperties pattern';
  if (verdict.status === 'invalid') {
    push(ctx, 'lint/pattern-invalid', 'error', `${what} ${verdict.reason}`, pointer);
    deleteAt(clone, pointer);
  } else if (verdict.status === 'unsafe') {
    push(
      ctx,
      'lint/pattern-unsafe',
      'error',
      `${what} is prone to catastrophic backtracking: ${verdict.reason}`,
      pointer,
    );
  } else if (verdict.status === 'unknown') {
    push(
      ctx,
      'lint/pattern-unchecked',
      'warning',
      `${what} could not be checked for catastrophic backtracking: ${verdict.reason}`,
      pointer,
    );
  }
}

function lintExamples(ctx: SchemaLintContext, ajv: AnyAjv, clone: Json, pointers: readonly string[]): void {
  const key =
    typeof clone['$id'] === 'string' ? (clone['$id'] as string).replace(/#$/, '') : 'carecheck-lint:schema';
  try {
    if (typeof clone['$id'] === 'string') ajv.addSchema(clone);
    else ajv.addSchema(clone, key);
  } catch {
    return;
  }
  for (const pointer of pointers) {
    const node = getAt(clone, pointer);
    if (!isObject(node)) continue;
    const fragment = pointer
      .split('/')
      .map((s, i) => (i === 0 ? s : encodeURIComponent(s)))
      .join('/');
    let validateFn: ReturnType<AnyAjv['compile']> | undefined;
    try {
      validateFn = ajv.getSchema(`${key}#${fragment}`);
    } catch {
      validateFn = undefined;
    }
    if (!validateFn) continue;
    const check = (value: unknown, at: string, what: string, rule: string) => {
      if (validateFn!(value)) return;
      const first = validateFn!.errors?.[0];
      const why = first
        ? `${first.instancePath ? `${first.instancePath} ` : ''}${first.message ?? ''}`.trim()
        : 'it fails';
      push(ctx, rule, 'error', `${what} does not pass its own schema: ${why}`, at);
    };
    if (Array.isArray(node['examples'])) {
      node['examples'].forEach((v, i) => {
        check(v, `${pointer}/examples/${i}`, `Example ${i}`, 'lint/example');
      });
    }
    if ('default' in node) check(node['default'], `${pointer}/default`, 'The default', 'lint/default');
  }
}

// ---------------------------------------------------------------------------------------------
// A version folder
// ---------------------------------------------------------------------------------------------

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function inside(dir: string, rel: string): boolean {
  const abs = path.resolve(dir, rel);
  return !path.isAbsolute(rel) && (abs === dir || abs.startsWith(dir + path.sep));
}

function relPath(dir: string, abs: string): string {
  return path.relative(dir, abs).split(path.sep).join('/');
}

export function lintVersionDir(dirArg: string): LintResult {
  const dir = path.resolve(dirArg);
  const out: LintFinding[] = [];
  const result = (id: string, version: string): LintResult => {
    out.sort(
      (a, b) =>
        fileRank(a.file) - fileRank(b.file) ||
        a.file.localeCompare(b.file) ||
        (a.line ?? 0) - (b.line ?? 0) ||
        a.pointer.localeCompare(b.pointer) ||
        a.rule.localeCompare(b.rule),
    );
    return {
      dir,
      id,
      version,
      findings: out,
      errors: out.filter((f) => f.severity === 'error').length,
      warnings: out.filter((f) => f.severity === 'warning').length,
    };
  };
  const folderId = path.basename(path.dirname(dir));
  const folderVersion = path.basename(dir);

  // Manifest.
  const manifestText = readText(path.join(dir, 'standard.yaml'));
  if (manifestText === undefined) {
    out.push(
      finding(
        'lint/manifest',
        'error',
        'There is no standard.yaml (the manifest) in this folder',
        'standard.yaml',
        null,
        '',
      ),
    );
    return result(folderId, folderVersion);
  }
  const positions = yamlPositions(manifestText);
  if (positions.errors.length > 0) {
    for (const e of positions.errors) {
      out.push(
        finding(
          'lint/manifest-yaml',
          'error',
          `standard.yaml is not valid YAML: ${e.message}`,
          'standard.yaml',
          e.line,
          '',
        ),
      );
    }
    return result(folderId, folderVersion);
  }
  let manifest: unknown;
  try {
    manifest = manifestValue(positions.value());
  } catch (e) {
    out.push(
      finding(
        'lint/manifest-yaml',
        'error',
        `standard.yaml cannot be read: ${(e as Error).message}`,
        'standard.yaml',
        1,
        '',
      ),
    );
    return result(folderId, folderVersion);
  }
  out.push(...manifestFindings(manifest, positions));
  const m = isObject(manifest) ? manifest : {};
  const id = typeof m['id'] === 'string' ? m['id'] : folderId;
  const version = typeof m['version'] === 'string' ? m['version'] : folderVersion;
  if (typeof m['id'] === 'string' && m['id'] !== folderId) {
    out.push(
      finding(
        'lint/manifest-folder',
        'error',
        `The manifest says id '${m['id']}' but the folder is named '${folderId}'`,
        'standard.yaml',
        positions.lineOf('/id'),
        '/id',
      ),
    );
  }
  if (typeof m['version'] === 'string' && m['version'] !== folderVersion) {
    out.push(
      finding(
        'lint/manifest-folder',
        'error',
        `The manifest says version '${m['version']}' but the folder is named '${folderVersion}'`,
        'standard.yaml',
        positions.lineOf('/version'),
        '/version',
      ),
    );
  }
  for (const k of ['effectiveFrom', 'effectiveTo'] as const) {
    const v = m[k];
    if (typeof v === 'string' && /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v) && !isRealDate(v)) {
      out.push(
        finding(
          'lint/manifest',
          'error',
          `'${k}' is not a real calendar date`,
          'standard.yaml',
          positions.lineOf(`/${k}`),
          `/${k}`,
        ),
      );
    }
  }
  if (
    isRealDate(m['effectiveFrom']) &&
    isRealDate(m['effectiveTo']) &&
    String(m['effectiveTo']) < String(m['effectiveFrom'])
  ) {
    out.push(
      finding(
        'lint/manifest',
        'error',
        "'effectiveTo' is before 'effectiveFrom'",
        'standard.yaml',
        positions.lineOf('/effectiveTo'),
        '/effectiveTo',
      ),
    );
  }

  // Schemas, one per table.
  const tables: Array<{ name: string; schemaRel: unknown; pointer: string; keys: Json }> = [];
  if (typeof m['schema'] === 'string') {
    tables.push({
      name: id,
      schemaRel: m['schema'],
      pointer: '/schema',
      keys: isObject(m['keys']) ? m['keys'] : {},
    });
  } else if (isObject(m['tables'])) {
    for (const [name, t] of Object.entries(m['tables'])) {
      if (isObject(t))
        tables.push({
          name,
          schemaRel: t['schema'],
          pointer: `/tables/${encodePointerSegment(name)}`,
          keys: t,
        });
    }
  }
  const declaredByTable = new Map<string, Set<string>>();
  for (const t of tables) {
    if (typeof t.schemaRel !== 'string' || t.schemaRel === '') continue;
    const schemaPointer = t.pointer === '/schema' ? '/schema' : `${t.pointer}/schema`;
    if (!inside(dir, t.schemaRel)) {
      out.push(
        finding(
          'lint/schema-file',
          'error',
          `The schema file '${t.schemaRel}' is outside the version folder`,
          'standard.yaml',
          positions.lineOf(schemaPointer),
          schemaPointer,
        ),
      );
      continue;
    }
    const abs = path.resolve(dir, t.schemaRel);
    const rel = relPath(dir, abs);
    const text = readText(abs);
    if (text === undefined) {
      out.push(
        finding(
          'lint/schema-file',
          'error',
          `The schema file '${t.schemaRel}' does not exist or cannot be read`,
          'standard.yaml',
          positions.lineOf(schemaPointer),
          schemaPointer,
        ),
      );
      continue;
    }
    let parsed: { value: unknown; positions: Positions };
    try {
      parsed = parseJsonWithPositions(text);
    } catch (e) {
      const line = e instanceof JsonSyntaxError ? e.line : 1;
      out.push(
        finding(
          'lint/schema-json',
          'error',
          `${rel} is not valid JSON: ${(e as Error).message}`,
          rel,
          line,
          '',
        ),
      );
      continue;
    }
    if (!isObject(parsed.value)) {
      out.push(finding('lint/schema-json', 'error', `${rel} must hold a JSON object (a schema)`, rel, 1, ''));
      continue;
    }
    const declared = lintSchema(parsed.value, {
      file: rel,
      positions: parsed.positions,
      out,
    });
    declaredByTable.set(t.name, declared);
  }

  // Keys named in the manifest must be fields of their table.
  for (const t of tables) {
    const declared = declaredByTable.get(t.name);
    if (!declared || declared.size === 0) continue;
    const base = t.pointer === '/schema' ? '/keys' : t.pointer;
    const checkList = (list: unknown, pointer: string, fields: Set<string>, table: string) => {
      if (!Array.isArray(list)) return;
      list.forEach((f, i) => {
        if (typeof f === 'string' && !fields.has(f)) {
          out.push(
            finding(
              'lint/key-field',
              'error',
              `'${f}' is not a field of table '${table}'`,
              'standard.yaml',
              positions.lineOf(`${pointer}/${i}`),
              `${pointer}/${i}`,
            ),
          );
        }
      });
    };
    checkList(t.keys['primaryKey'], `${base}/primaryKey`, declared, t.name);
    checkList(t.keys['recordKey'], `${base}/recordKey`, declared, t.name);
    if (isObject(t.keys['match']))
      checkList(t.keys['match']['headers'], `${base}/match/headers`, declared, t.name);
    if (Array.isArray(t.keys['unique'])) {
      t.keys['unique'].forEach((u, i) => {
        if (Array.isArray(u)) checkList(u, `${base}/unique/${i}`, declared, t.name);
        else if (isObject(u)) checkList(u['fields'], `${base}/unique/${i}/fields`, declared, t.name);
      });
    }
    if (Array.isArray(t.keys['foreignKeys'])) {
      t.keys['foreignKeys'].forEach((fk, i) => {
        if (!isObject(fk)) return;
        const at = `${base}/foreignKeys/${i}`;
        checkList(fk['fields'], `${at}/fields`, declared, t.name);
        const ref = fk['reference'];
        if (!isObject(ref) || typeof ref['table'] !== 'string') return;
        const target = declaredByTable.get(ref['table']);
        if (!tables.some((x) => x.name === ref['table'])) {
          out.push(
            finding(
              'lint/key-field',
              'error',
              `The foreign key points at table '${ref['table']}', which the manifest does not define`,
              'standard.yaml',
              positions.lineOf(`${at}/reference/table`),
              `${at}/reference/table`,
            ),
          );
        } else if (target && target.size > 0) {
          checkList(ref['fields'], `${at}/reference/fields`, target, ref['table']);
        }
      });
    }
  }

  // README.
  const readme = readText(path.join(dir, 'README.md'));
  if (readme === undefined) {
    out.push(
      finding(
        'lint/readme',
        'error',
        'There is no README.md: say where the rules come from, the version, dates, confidence and known gaps',
        'README.md',
        null,
        '',
      ),
    );
  } else if (!/provenance|source/i.test(readme)) {
    out.push(
      finding(
        'lint/readme',
        'warning',
        'README.md does not say where the rules come from (no provenance or source section)',
        'README.md',
        1,
        '',
      ),
    );
  }

  out.push(...lintFixtures(dir));
  return result(id, version);
}

/** Same reading as the registry: YAML 1.2 core schema, no aliases; a YAML date becomes yyyy-mm-dd. */
function manifestValue(data: unknown): unknown {
  if (isObject(data)) {
    for (const k of ['effectiveFrom', 'effectiveTo'] as const) {
      const v = data[k];
      if (v instanceof Date) data[k] = v.toISOString().slice(0, 10);
    }
  }
  return data;
}

function fileRank(file: string): number {
  if (file === 'standard.yaml') return 0;
  if (file.startsWith('fixtures/')) return 3;
  if (file === 'README.md') return 2;
  return 1;
}

function lintFixtures(dir: string): LintFinding[] {
  const out: LintFinding[] = [];
  const fixtures = path.join(dir, 'fixtures');
  if (!existsSync(fixtures) || !statSync(fixtures).isDirectory()) {
    out.push(
      finding(
        'lint/fixtures',
        'error',
        'There is no fixtures folder: add fixtures/valid and fixtures/invalid cases (carecheck test runs them)',
        'fixtures',
        null,
        '',
      ),
    );
    return out;
  }
  const { valid, invalid } = discoverCases(dir);
  if (valid.length === 0) {
    out.push(
      finding(
        'lint/fixtures',
        'error',
        'There are no valid fixtures: add at least one case under fixtures/valid',
        'fixtures/valid',
        null,
        '',
      ),
    );
  }
  if (invalid.length === 0) {
    out.push(
      finding(
        'lint/fixtures',
        'error',
        'There are no invalid fixtures: add at least one case with its sidecar under fixtures/invalid',
        'fixtures/invalid',
        null,
        '',
      ),
    );
  }
  for (const c of [...valid, ...invalid]) {
    const caseRel = relPath(dir, c.caseDir ?? c.inputs[0] ?? path.join(fixtures, c.kind, c.name));
    if (c.inputs.length === 0) {
      out.push(finding('lint/fixtures', 'error', 'This case folder holds no input files', caseRel, null, ''));
    }
    for (const input of c.inputs) {
      if (formatFromPath(input) === null) {
        out.push(
          finding(
            'lint/fixtures',
            'error',
            'carecheck cannot tell the format of this fixture from its extension (.csv, .json, .jsonl, .yaml)',
            relPath(dir, input),
            null,
            '',
          ),
        );
      }
    }
    if (c.kind === 'valid') continue;
    if (c.expected === undefined) {
      out.push(
        finding(
          'lint/fixtures-sidecar',
          'error',
          `This invalid case has no sidecar (${c.caseDir ? 'expected.json in the case folder' : `${c.name.replace(/\.[^.]+$/, '')}.expected.json`}) listing the findings it must give`,
          caseRel,
          null,
          '',
        ),
      );
      continue;
    }
    const sidecarRel = relPath(dir, c.expected);
    const text = readText(c.expected) ?? '';
    let parsed: { value: unknown; positions: Positions };
    try {
      parsed = parseJsonWithPositions(text);
    } catch (e) {
      out.push(
        finding(
          'lint/fixtures-sidecar',
          'error',
          `The sidecar is not valid JSON: ${(e as Error).message}`,
          sidecarRel,
          e instanceof JsonSyntaxError ? e.line : 1,
          '',
        ),
      );
      continue;
    }
    for (const p of sidecarProblems(parsed.value)) {
      out.push(
        finding(
          'lint/fixtures-sidecar',
          'error',
          `The sidecar ${p.message}`,
          sidecarRel,
          parsed.positions.lineOf(p.pointer),
          p.pointer,
        ),
      );
    }
    if (Array.isArray(parsed.value) && parsed.value.length === 0) {
      out.push(
        finding(
          'lint/fixtures-sidecar',
          'warning',
          'The sidecar expects no findings: a case with no findings belongs under fixtures/valid',
          sidecarRel,
          1,
          '',
        ),
      );
    }
  }
  return out;
}

/** Lint several version folders. */
export function lintTargets(targets: readonly VersionTarget[]): LintResult[] {
  return targets.map((t) => lintVersionDir(t.dir));
}

// ---------------------------------------------------------------------------------------------
// Reporting (pure)
// ---------------------------------------------------------------------------------------------

export function formatLintText(
  results: readonly LintResult[],
  options: { color?: ChalkInstance; cwd?: string } = {},
): string {
  const c = options.color ?? new Chalk({ level: 0 });
  const cwd = path.resolve(options.cwd ?? '.');
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const r of results) {
    errors += r.errors;
    warnings += r.warnings;
    const rel = path.relative(cwd, r.dir) || '.';
    if (r.findings.length === 0) {
      lines.push(`${c.green('✔')} ${c.bold(`${r.id}@${r.version}`)} ${c.dim(rel)}: no problems`);
      continue;
    }
    lines.push(
      `${r.errors > 0 ? c.red('✖') : c.yellow('!')} ${c.bold(`${r.id}@${r.version}`)} ${c.dim(rel)}`,
    );
    for (const f of r.findings) {
      const where = `${path.join(rel, f.file)}${f.line !== null ? `:${f.line}` : ''}`;
      const sev =
        f.severity === 'error'
          ? c.red('error  ')
          : f.severity === 'warning'
            ? c.yellow('warning')
            : c.blue('info   ');
      const ptr = f.pointer !== '' ? ` ${c.dim(`(${f.pointer})`)}` : '';
      lines.push(`  ${where}  ${sev}  ${f.rule}  ${f.message}${ptr}`);
    }
  }
  const n = results.length;
  lines.push(
    '',
    `${n} standard version${n === 1 ? '' : 's'} linted: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`,
  );
  return `${lines.join('\n')}\n`;
}

export function formatLintJson(results: readonly LintResult[]): string {
  const summary = {
    versions: results.length,
    errors: results.reduce((n, r) => n + r.errors, 0),
    warnings: results.reduce((n, r) => n + r.warnings, 0),
  };
  return `${JSON.stringify({ summary, results }, null, 2)}\n`;
}
