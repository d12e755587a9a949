/**
 * `carecheck diff`: every change between two versions of a standard, at field level, each classified
 * as breaking (data valid under the old version may fail the new one) or not, and the version number
 * checked against the changes (semver).
 *
 * Classification rules (docs/authoring-diff-migrate-docs.md has the full table):
 * - A check that can newly FAIL a value at severity `error` is breaking: a new required field or
 *   condition, a code removed or renamed, a bound or length tightened, a pattern or format changed
 *   (unless provably looser, see pattern-compare.ts), a new code list / pattern / rule / unique or
 *   foreign key, a severity raised to `error`, a header alias removed, a closed schema.
 * - Loosening and additions that cannot fail existing data (new optional field, new code, a bound
 *   relaxed, a check removed, severity lowered, a new warning-level check) are minor.
 * - Wording, descriptions, code meanings, sensitivity and record keys are patch.
 * - Warnings never fail a run (validity = no errors), so a tightened warning-level check is minor.
 *
 * Code renames are recognised with the newer manifest's `migrations` (old → new). Conditions and
 * record rules of the old version are compared after translating its codes and field names into the
 * new vocabulary, so "the same condition, with codes renamed" is reported as a reworded condition
 * (patch), not as a removed and an added one.
 */
import semver from 'semver';
import type { FieldInfo } from '../engine/fields.js';
import type { Severity } from '../report/types.js';
import type { Standard } from '../standards/types.js';
import {
  type Condition,
  type Constraint,
  canonical,
  conditionImplies,
  conditionsOf,
  type FieldProfile,
  ifImplies,
  isObject,
  type Migrations,
  type NormalKey,
  profileTable,
  type RecordRule,
  type TableProfile,
  translateSchema,
} from './model.js';
import { formatLooser, provablyLooser, typesLooser } from './pattern-compare.js';

export type Bump = 'major' | 'minor' | 'patch';

export type ChangeKind =
  | 'standard.kind'
  | 'table.added'
  | 'table.removed'
  | 'table.closed'
  | 'table.opened'
  | 'table.match'
  | 'field.added'
  | 'field.removed'
  | 'field.renamed'
  | 'alias.added'
  | 'alias.removed'
  | 'codes.added'
  | 'codes.removed'
  | 'codes.severity'
  | 'codes.scope'
  | 'code.added'
  | 'code.removed'
  | 'code.renamed'
  | 'required.added'
  | 'required.removed'
  | 'condition.added'
  | 'condition.removed'
  | 'condition.reworded'
  | 'condition.narrowed'
  | 'condition.broadened'
  | 'constraint.added'
  | 'constraint.removed'
  | 'constraint.tightened'
  | 'constraint.loosened'
  | 'constraint.changed'
  | 'constraint.severity'
  | 'rule.added'
  | 'rule.removed'
  | 'rule.changed'
  | 'rule.tightened'
  | 'rule.loosened'
  | 'rule.severity'
  | 'rule.message'
  | 'key.added'
  | 'key.removed'
  | 'key.changed'
  | 'key.severity'
  | 'key.record'
  | 'sensitivity.changed'
  | 'doc.description'
  | 'doc.title'
  | 'doc.codes';

export interface Change {
  kind: ChangeKind;
  /** Table (a single-table standard's table is named after the standard). */
  table: string;
  /** Field as named in the newer version (the older name for a removed field); null for table/record rules. */
  field: string | null;
  /** The older version's name when the field was renamed. */
  fromField?: string;
  breaking: boolean;
  /** Smallest version bump this change needs. */
  bump: Bump;
  /** Plain English, names no data value (only codes and schema text). */
  summary: string;
  /** Constraint keyword (pattern, minimum, format …) for constraint.* changes. */
  keyword?: string;
  /** The code concerned (code.*): new code for added/renamed, old code for removed. */
  code?: unknown;
  /** The old code of a rename. */
  fromCode?: unknown;
  before?: unknown;
  after?: unknown;
  severity?: Severity;
  fromSeverity?: Severity;
  /** Rule id findings of this check carry (for impact attribution). */
  ruleId?: string;
  /** Record rule or key identity (rule.* / key.*). */
  rule?: string;
  /** Fields a record rule or key names. */
  fields?: string[];
}

export interface VersionRef {
  id: string;
  version: string;
  title: string;
  status: string;
}

export type ActualBump = 'major' | 'minor' | 'patch' | 'none' | 'older';

export interface SemverFinding {
  rule: string;
  severity: Severity;
  message: string;
}

export interface SemverCheck {
  actual: ActualBump;
  required: Bump | 'none';
  consistent: boolean;
  findings: SemverFinding[];
}

export interface DiffResult {
  diffVersion: '1';
  from: VersionRef;
  to: VersionRef;
  summary: {
    changes: number;
    breaking: number;
    nonBreaking: number;
    major: number;
    minor: number;
    patch: number;
  };
  semver: SemverCheck;
  changes: Change[];
  notices: string[];
}

export interface DiffOptions {
  /** Code mappings old → new; default: the newer manifest's `migrations` when it names `from` as predecessor. */
  migrations?: Migrations;
}

const RANK: Record<Severity, number> = { error: 2, warning: 1, info: 0 };
const BUMP_RANK: Record<Bump | 'none', number> = { none: 0, patch: 1, minor: 2, major: 3 };

function ref(s: Standard): VersionRef {
  const m = s.manifest;
  return { id: m.id, version: m.version, title: m.title, status: m.status };
}

function fmt(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : JSON.stringify(v);
}

function list(values: readonly unknown[], max = 6): string {
  const shown = values.slice(0, max).map(fmt);
  return shown.join(', ') + (values.length > max ? ` … (${values.length} in all)` : '');
}

function sev(s: Severity): string {
  return s === 'warning' ? 'a warning' : `an ${s}`;
}

export function describeConstraint(c: Pick<Constraint, 'keyword' | 'value'>): string {
  const v = c.value;
  switch (c.keyword) {
    case 'type':
      return `type ${(v as string[]).join(' | ')}`;
    case 'enum':
      return `code list of ${(v as unknown[]).length}`;
    case 'const':
      return `fixed value ${fmt(v)}`;
    case 'pattern':
      return `pattern ${String(v)}`;
    case 'format':
      return `format ${String(v)}`;
    case 'minimum':
      return `minimum ${String(v)}`;
    case 'maximum':
      return `maximum ${String(v)}`;
    case 'exclusiveMinimum':
      return `exclusive minimum ${String(v)}`;
    case 'exclusiveMaximum':
      return `exclusive maximum ${String(v)}`;
    case 'minLength':
      return `minimum length ${String(v)}`;
    case 'maxLength':
      return `maximum length ${String(v)}`;
    case 'multipleOf':
      return `multiple of ${String(v)}`;
    case 'not-enum':
      return `must not be ${list(v as unknown[])}`;
    case 'not-const':
      return `must not be ${fmt(v)}`;
    case 'not-pattern':
      return `must not match ${String(v)}`;
    case 'not-format':
      return `must not be format ${String(v)}`;
    default:
      return `${Object.keys(v as object)[0] ?? 'schema'} rule`;
  }
}

export function scope(c: Pick<Constraint, 'when' | 'severity'>): string {
  const parts: string[] = [];
  if (c.severity !== 'error') parts.push(c.severity);
  if (c.when !== undefined) parts.push(`when ${c.when}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** Lower and upper bounds: which direction tightens. */
const LOWER = new Set(['minimum', 'exclusiveMinimum', 'minLength']);
const UPPER = new Set(['maximum', 'exclusiveMaximum', 'maxLength']);

class Collector {
  readonly changes: Change[] = [];
  constructor(readonly table: string) {}

  add(
    kind: ChangeKind,
    field: string | null,
    breaking: boolean,
    bump: Bump,
    summary: string,
    extra: Partial<Change> = {},
  ): void {
    this.changes.push({
      kind,
      table: this.table,
      field,
      breaking,
      bump: breaking ? 'major' : bump,
      summary,
      ...extra,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Fields
// ---------------------------------------------------------------------------------------------

interface FieldPair {
  name: string;
  fromName: string;
  old: FieldProfile;
  cur: FieldProfile;
}

function pairFields(
  oldT: TableProfile,
  newT: TableProfile,
): { pairs: FieldPair[]; added: FieldProfile[]; removed: FieldProfile[]; renames: Map<string, string> } {
  const pairs: FieldPair[] = [];
  const renames = new Map<string, string>();
  const addedNames = [...newT.fields.keys()].filter((n) => !oldT.fields.has(n));
  const removedNames = [...oldT.fields.keys()].filter((n) => !newT.fields.has(n));
  const taken = new Set<string>();
  for (const n of addedNames) {
    const cur = newT.fields.get(n)!;
    // A rename: the removed field's name is an alias of the added one, or the other way round.
    const from = removedNames.find(
      (r) => !taken.has(r) && (cur.info.aliases.includes(r) || oldT.fields.get(r)!.info.aliases.includes(n)),
    );
    if (from !== undefined) {
      taken.add(from);
      renames.set(from, n);
    }
  }
  for (const [name, cur] of newT.fields) {
    const fromName = [...renames].find(([, to]) => to === name)?.[0] ?? name;
    const old = oldT.fields.get(fromName);
    if (old) pairs.push({ name, fromName, old, cur });
  }
  return {
    pairs,
    added: addedNames.filter((n) => ![...renames.values()].includes(n)).map((n) => newT.fields.get(n)!),
    removed: removedNames.filter((n) => !taken.has(n)).map((n) => oldT.fields.get(n)!),
    renames,
  };
}

function requirementText(f: FieldInfo): string {
  if (f.required) return 'required';
  if (f.conditions.length) return `required when ${f.conditions.join('; or when ')}`;
  return 'optional';
}

function diffCodes(
  out: Collector,
  pair: FieldPair,
  oldList: Constraint | undefined,
  newList: Constraint | undefined,
  mapping: Record<string, string | null> | undefined,
  oldKnown: unknown[],
  newKnown: unknown[],
): void {
  const name = pair.name;
  if (!oldList && !newList) return;
  if (!oldList && newList) {
    const values = newList.value as unknown[];
    const breaking = newList.severity === 'error';
    out.add(
      'codes.added',
      name,
      breaking,
      'minor',
      `${name}: now checked against a code list of ${values.length} (${list(values)})${scope(newList)}`,
      {
        after: values,
        severity: newList.severity,
        keyword: 'enum',
        ...(newList.ruleId && { ruleId: newList.ruleId }),
      },
    );
    return;
  }
  if (oldList && !newList) {
    out.add('codes.removed', name, false, 'minor', `${name}: no longer checked against a code list`, {
      before: oldList.value,
      keyword: 'enum',
    });
    return;
  }
  const o = oldList!;
  const n = newList!;
  const enforced = n.severity === 'error';
  if (o.severity !== n.severity) {
    const raised = RANK[n.severity] > RANK[o.severity];
    out.add(
      'codes.severity',
      name,
      raised && enforced,
      'minor',
      `${name}: a value outside the code list is now ${sev(n.severity)} (was ${sev(o.severity)})`,
      {
        severity: n.severity,
        fromSeverity: o.severity,
        keyword: 'enum',
        ...(n.ruleId && { ruleId: n.ruleId }),
      },
    );
  }
  if (o.when !== n.when) {
    // Conditional → unconditional applies the list to more values: tightening.
    const tighter = n.when === undefined;
    out.add(
      'codes.scope',
      name,
      tighter && enforced,
      'minor',
      n.when === undefined
        ? `${name}: the code list now applies to every value (was only when ${o.when})`
        : `${name}: the code list now applies only when ${n.when}${o.when ? ` (was when ${o.when})` : ' (was always)'}`,
      { before: o.when ?? null, after: n.when ?? null, keyword: 'enum' },
    );
  }
  // Codes the old version knew: every list it had (a value-level `if` may split them over two lists,
  // e.g. Release 1's 'Tenant' values), so renames out of any of them are recognised.
  const oldValues = [...new Map(oldKnown.map((v) => [canonical(v), v])).values()];
  // …and the codes the new version knows, in any of its lists.
  const newValues = [...new Map(newKnown.map((v) => [canonical(v), v])).values()];
  const newKeys = new Set(newValues.map(canonical));
  const oldKeys = new Set(oldValues.map(canonical));
  const renameTargets = new Set<string>();
  for (const v of oldValues) {
    if (newKeys.has(canonical(v))) continue;
    const mapped = typeof v === 'string' && mapping && Object.hasOwn(mapping, v) ? mapping[v] : undefined;
    if (mapped !== undefined && mapped !== null && newKeys.has(canonical(mapped))) {
      renameTargets.add(canonical(mapped));
      out.add(
        'code.renamed',
        name,
        enforced,
        'minor',
        `${name}: code ${fmt(v)} is now ${fmt(mapped)}${enforced ? '' : ` (the old code gives ${sev(n.severity)})`}`,
        { code: mapped, fromCode: v, severity: n.severity },
      );
    } else {
      const why =
        mapped === null
          ? ' (no equivalent: the migration maps it to nothing)'
          : mapped !== undefined
            ? ` (the migration maps it to ${fmt(mapped)}, which is not in the new list)`
            : '';
      out.add('code.removed', name, enforced, 'minor', `${name}: code ${fmt(v)} removed${why}`, {
        code: v,
        severity: n.severity,
      });
    }
  }
  for (const v of newValues) {
    const k = canonical(v);
    if (oldKeys.has(k) || renameTargets.has(k)) continue;
    out.add('code.added', name, false, 'minor', `${name}: code ${fmt(v)} added`, { code: v });
  }
}

function codeMeaningChanges(
  out: Collector,
  pair: FieldPair,
  mapping: Record<string, string | null> | undefined,
): void {
  const o = pair.old.info.codeMeanings ?? {};
  const n = pair.cur.info.codeMeanings ?? {};
  const reverse = new Map<string, string>();
  for (const [old, next] of Object.entries(mapping ?? {}))
    if (next !== null && !reverse.has(next)) reverse.set(next, old);
  const changed: string[] = [];
  for (const [code, meaning] of Object.entries(n)) {
    const before = o[code] ?? o[reverse.get(code) ?? ''];
    if (before !== meaning) changed.push(code);
  }
  for (const code of Object.keys(o)) {
    const next = mapping?.[code] ?? code;
    if (!(code in n) && !(next in n)) changed.push(code);
  }
  if (changed.length) {
    out.add(
      'doc.codes',
      pair.name,
      false,
      'patch',
      `${pair.name}: code meanings changed for ${list(changed, 4)}`,
      {
        after: changed,
      },
    );
  }
}

/** Enum constraints: the field's code list is the first unconditional one, else the first conditional one. */
function codeList(cs: readonly Constraint[]): Constraint | undefined {
  const enums = cs.filter((c) => c.keyword === 'enum');
  return enums.find((c) => c.when === undefined) ?? enums[0];
}

function keyOf(c: Constraint): string {
  return `${c.keyword}|${canonical(c.value)}|${c.when ?? ''}`;
}

function compareValue(keyword: string, o: Constraint, n: Constraint): 'tightened' | 'loosened' | 'changed' {
  const a = o.value;
  const b = n.value;
  if (LOWER.has(keyword) && typeof a === 'number' && typeof b === 'number')
    return b > a ? 'tightened' : 'loosened';
  if (UPPER.has(keyword) && typeof a === 'number' && typeof b === 'number')
    return b < a ? 'tightened' : 'loosened';
  if (keyword === 'multipleOf' && typeof a === 'number' && typeof b === 'number')
    return Number.isInteger(a / b) ? 'loosened' : 'tightened';
  if (keyword === 'pattern') return provablyLooser(String(a), String(b)) ? 'loosened' : 'changed';
  if (keyword === 'format') return formatLooser(String(a), String(b)) ? 'loosened' : 'changed';
  if (keyword === 'type') return typesLooser(a as string[], b as string[]) ? 'loosened' : 'tightened';
  if (keyword === 'not-enum' && Array.isArray(a) && Array.isArray(b)) {
    const old = new Set(a.map(canonical));
    return b.every((x) => old.has(canonical(x))) ? 'loosened' : 'tightened';
  }
  return 'changed';
}

function diffConstraints(
  out: Collector,
  pair: FieldPair,
  mapping: Record<string, string | null> | undefined,
): void {
  const name = pair.name;
  const oldCodes = codeList(pair.old.constraints);
  const newCodes = codeList(pair.cur.constraints);
  const known = (cs: readonly Constraint[]) =>
    cs.filter((c) => c.keyword === 'enum').flatMap((c) => c.value as unknown[]);
  diffCodes(out, pair, oldCodes, newCodes, mapping, known(pair.old.constraints), known(pair.cur.constraints));
  // Further enum constraints (rare: a second list) are compared like any other constraint.
  let olds = pair.old.constraints.filter((c) => c !== oldCodes);
  let news = pair.cur.constraints.filter((c) => c !== newCodes);
  // 1. Identical, same severity: no change.
  const take = (arr: Constraint[], c: Constraint) => arr.filter((x) => x !== c);
  for (const o of [...olds]) {
    const n = news.find((x) => keyOf(x) === keyOf(o) && x.severity === o.severity);
    if (n) {
      olds = take(olds, o);
      news = take(news, n);
    }
  }
  // 2. Identical but for severity.
  for (const o of [...olds]) {
    const n = news.find((x) => keyOf(x) === keyOf(o));
    if (!n) continue;
    olds = take(olds, o);
    news = take(news, n);
    const raised = RANK[n.severity] > RANK[o.severity];
    out.add(
      'constraint.severity',
      name,
      raised && n.severity === 'error',
      'minor',
      `${name}: ${describeConstraint(n)} now gives ${sev(n.severity)} (was ${sev(o.severity)})`,
      {
        keyword: n.keyword,
        severity: n.severity,
        fromSeverity: o.severity,
        before: o.value,
        after: n.value,
        ...(n.ruleId && { ruleId: n.ruleId }),
      },
    );
  }
  // 3. Same keyword (and scope), different value: tightened, loosened or changed.
  for (const o of [...olds]) {
    const n = news.find((x) => x.keyword === o.keyword && x.when === o.when);
    if (!n) continue;
    olds = take(olds, o);
    news = take(news, n);
    const how = compareValue(o.keyword, o, n);
    const enforced = n.severity === 'error';
    const raised = RANK[n.severity] > RANK[o.severity];
    const breaking = enforced && (how !== 'loosened' || raised);
    const kind =
      how === 'tightened'
        ? 'constraint.tightened'
        : how === 'loosened'
          ? 'constraint.loosened'
          : 'constraint.changed';
    const note =
      how === 'changed' && o.keyword === 'pattern'
        ? ' (not provably looser, so treated as breaking)'
        : o.severity !== n.severity
          ? ` (now ${sev(n.severity)}, was ${sev(o.severity)})`
          : '';
    out.add(
      kind,
      name,
      breaking,
      'minor',
      `${name}: ${describeConstraint(o)} ${how === 'changed' ? 'changed to' : `${how} to`} ${describeConstraint(n)}${scope(n)}${note}`,
      {
        keyword: n.keyword,
        before: o.value,
        after: n.value,
        severity: n.severity,
        ...(o.severity !== n.severity && { fromSeverity: o.severity }),
        ...(n.ruleId && { ruleId: n.ruleId }),
      },
    );
  }
  // 4. Left over: removed checks loosen; added checks tighten (breaking at severity error).
  for (const o of olds) {
    out.add(
      'constraint.removed',
      name,
      false,
      'minor',
      `${name}: ${describeConstraint(o)}${scope(o)} removed`,
      {
        keyword: o.keyword,
        before: o.value,
        fromSeverity: o.severity,
        ...(o.ruleId && { ruleId: o.ruleId }),
      },
    );
  }
  for (const n of news) {
    out.add(
      'constraint.added',
      name,
      n.severity === 'error',
      'minor',
      `${name}: new check ${describeConstraint(n)}${scope(n)}`,
      { keyword: n.keyword, after: n.value, severity: n.severity, ...(n.ruleId && { ruleId: n.ruleId }) },
    );
  }
}

function diffRequirement(out: Collector, pair: FieldPair, conds: ConditionSets): void {
  const o = pair.old.info;
  const n = pair.cur.info;
  const name = pair.name;
  if (!o.required && n.required) {
    out.add(
      'required.added',
      name,
      true,
      'major',
      `${name}: now required on every record (was ${requirementText(o)})`,
    );
    return;
  }
  if (o.required && !n.required) {
    out.add(
      'required.removed',
      name,
      false,
      'minor',
      `${name}: no longer required on every record (now ${requirementText(n)})`,
    );
    return;
  }
  if (n.required) return;
  const olds = conds.old.get(name) ?? [];
  const raws = conds.raw.get(pair.fromName) ?? [];
  const news = conds.cur.get(name) ?? [];
  // raws[i] is olds[i] as written (translation keeps the schema's shape, so the order is the same).
  const raw = (i: number) => raws[i] ?? olds[i]!;
  const matched = new Set<number>();
  const find = (test: (i: number) => boolean) => olds.findIndex((_, i) => !matched.has(i) && test(i));
  const pending: Condition[] = [];
  for (const c of news) {
    let i = find((k) => raw(k).key === c.key);
    if (i !== -1) {
      matched.add(i);
      continue;
    }
    i = find((k) => olds[k]!.key === c.key);
    if (i === -1) {
      pending.push(c);
      continue;
    }
    matched.add(i);
    if (raw(i).text !== c.text) {
      out.add(
        'condition.reworded',
        name,
        false,
        'patch',
        `${name}: required ${c.text} (the same condition with renamed codes or fields; was: ${raw(i).text})`,
        {
          before: raw(i).text,
          after: c.text,
        },
      );
    }
  }
  const implies = (a: Condition, b: Condition) => conditionImplies(a, b, provablyLooser);
  for (const c of pending) {
    const enforced = c.severity === 'error';
    // The new condition holds in fewer cases than an old one: fewer records need the field.
    let i = find((k) => implies(c, olds[k]!) || implies(c, raw(k)));
    if (i !== -1) {
      matched.add(i);
      out.add(
        'condition.narrowed',
        name,
        false,
        'minor',
        `${name}: required ${c.text} (narrower than: ${raw(i).text})`,
        {
          before: raw(i).text,
          after: c.text,
        },
      );
      continue;
    }
    i = find((k) => implies(olds[k]!, c) || implies(raw(k), c));
    if (i !== -1) {
      matched.add(i);
      out.add(
        'condition.broadened',
        name,
        enforced,
        'minor',
        `${name}: required ${c.text} (broader than: ${raw(i).text})`,
        {
          before: raw(i).text,
          after: c.text,
        },
      );
      continue;
    }
    out.add('condition.added', name, enforced, 'minor', `${name}: now required ${c.text}`, { after: c.text });
  }
  olds.forEach((_, i) => {
    if (matched.has(i)) return;
    out.add('condition.removed', name, false, 'minor', `${name}: no longer required ${raw(i).text}`, {
      before: raw(i).text,
    });
  });
}

interface ConditionSets {
  /** Old conditions translated into the new vocabulary (keys comparable with `cur`). */
  old: Map<string, Condition[]>;
  /** Old conditions as written (for wording), same order as `old`. */
  raw: Map<string, Condition[]>;
  cur: Map<string, Condition[]>;
}

function diffFieldPair(
  out: Collector,
  pair: FieldPair,
  mapping: Record<string, string | null> | undefined,
  conds: ConditionSets,
): void {
  const { name, fromName, old, cur } = pair;
  if (fromName !== name) {
    const accepted = cur.info.aliases.includes(fromName);
    out.add(
      'field.renamed',
      name,
      !accepted,
      'minor',
      accepted
        ? `${fromName} renamed ${name} (the old header is still accepted as an alias)`
        : `${fromName} renamed ${name}: files with the header '${fromName}' no longer match`,
      { fromField: fromName, before: fromName, after: name },
    );
  }
  const oldHeaders = new Set([old.info.name, ...old.info.aliases]);
  const newHeaders = new Set([cur.info.name, ...cur.info.aliases]);
  for (const a of old.info.aliases) {
    if (newHeaders.has(a)) continue;
    out.add('alias.removed', name, true, 'major', `${name}: header alias '${a}' no longer accepted`, {
      before: a,
    });
  }
  for (const a of cur.info.aliases) {
    if (oldHeaders.has(a)) continue;
    out.add('alias.added', name, false, 'minor', `${name}: header alias '${a}' now accepted`, { after: a });
  }
  diffRequirement(out, pair, conds);
  diffConstraints(out, pair, mapping);
  if ((old.info.sensitivity ?? null) !== (cur.info.sensitivity ?? null)) {
    out.add(
      'sensitivity.changed',
      name,
      false,
      'patch',
      `${name}: sensitivity ${cur.info.sensitivity ?? 'not classified'} (was ${old.info.sensitivity ?? 'not classified'})`,
      { before: old.info.sensitivity ?? null, after: cur.info.sensitivity ?? null },
    );
  }
  if ((old.info.title ?? '') !== (cur.info.title ?? '') && cur.info.title !== undefined) {
    out.add('doc.title', name, false, 'patch', `${name}: title changed`, {
      before: old.info.title ?? null,
      after: cur.info.title,
    });
  }
  if ((old.info.description ?? '') !== (cur.info.description ?? '')) {
    out.add('doc.description', name, false, 'patch', `${name}: description changed`);
  }
  codeMeaningChanges(out, pair, mapping);
}

// ---------------------------------------------------------------------------------------------
// Record rules and keys
// ---------------------------------------------------------------------------------------------

function ruleLabel(r: RecordRule): string {
  return r.ruleId &&
    !r.id.startsWith('compareFields') &&
    !r.id.startsWith('ageAt') &&
    !r.id.startsWith('cellChecks')
    ? r.ruleId
    : `${r.label}${r.ruleId ? ` [${r.ruleId}]` : ''}`;
}

/** Two `if`/`then` rules with the same `then` (and no `else`). */
function sameThen(o: RecordRule, n: RecordRule): boolean {
  const a = o.schema;
  const b = n.schema;
  if (!a || !b || !isObject(a['if']) || !isObject(b['if'])) return false;
  const keys = (x: Record<string, unknown>) =>
    Object.keys(x)
      .filter((k) => k !== 'ruleId')
      .sort()
      .join(',');
  return keys(a) === 'if,then' && keys(b) === 'if,then' && canonical(a['then']) === canonical(b['then']);
}

function diffRules(out: Collector, oldRules: RecordRule[], newRules: RecordRule[]): void {
  const byId = new Map(oldRules.map((r) => [r.id, r]));
  const byDef = new Map(oldRules.map((r) => [r.definition, r]));
  const matched = new Set<RecordRule>();
  for (const n of newRules) {
    let o = byId.get(n.id);
    if (o === undefined || matched.has(o)) {
      const d = byDef.get(n.definition);
      o = d && !matched.has(d) ? d : undefined;
    }
    const extra = { rule: n.id, fields: n.fields, ...(n.ruleId && { ruleId: n.ruleId }) };
    if (!o) {
      out.add(
        'rule.added',
        null,
        n.severity === 'error',
        'minor',
        `New record rule: ${ruleLabel(n)}${n.severity === 'error' ? '' : ` (${n.severity})`}`,
        {
          ...extra,
          severity: n.severity,
        },
      );
      continue;
    }
    matched.add(o);
    if (o.severity !== n.severity) {
      const raised = RANK[n.severity] > RANK[o.severity];
      out.add(
        'rule.severity',
        null,
        raised && n.severity === 'error',
        'minor',
        `Record rule ${ruleLabel(n)}: now ${sev(n.severity)} (was ${sev(o.severity)})`,
        { ...extra, severity: n.severity, fromSeverity: o.severity },
      );
    }
    if (o.definition !== n.definition) {
      let how: 'tightened' | 'loosened' | 'changed' = 'changed';
      let why = '';
      if (o.bounds && n.bounds && o.id === n.id) {
        const ob = o.bounds;
        const nb = n.bounds;
        const lowerLoose = (nb.minimum ?? -Infinity) <= (ob.minimum ?? -Infinity);
        const upperLoose = (nb.maximum ?? Infinity) >= (ob.maximum ?? Infinity);
        how = lowerLoose && upperLoose ? 'loosened' : 'tightened';
        why = ' (age bounds)';
      } else if (sameThen(o, n)) {
        // The same requirement under a condition that holds in fewer (or more) cases.
        const oi = o.schema?.['if'] as Record<string, unknown>;
        const ni = n.schema?.['if'] as Record<string, unknown>;
        if (ifImplies(ni, oi, provablyLooser)) {
          how = 'loosened';
          why = ': its condition holds in fewer cases';
        } else if (ifImplies(oi, ni, provablyLooser)) {
          how = 'tightened';
          why = ': its condition holds in more cases';
        }
      }
      const kind =
        how === 'loosened' ? 'rule.loosened' : how === 'tightened' ? 'rule.tightened' : 'rule.changed';
      const words =
        how === 'changed' ? 'changed (not provably looser, so treated as breaking)' : `${how}${why}`;
      out.add(
        kind,
        null,
        how !== 'loosened' && n.severity === 'error',
        'minor',
        `Record rule ${ruleLabel(n)}: ${words}`,
        {
          ...extra,
          severity: n.severity,
        },
      );
    } else if ((o.message ?? '') !== (n.message ?? '')) {
      out.add('rule.message', null, false, 'patch', `Record rule ${ruleLabel(n)}: message reworded`, extra);
    }
  }
  for (const o of oldRules) {
    if (matched.has(o)) continue;
    out.add('rule.removed', null, false, 'minor', `Record rule removed: ${ruleLabel(o)}`, {
      rule: o.id,
      fields: o.fields,
      fromSeverity: o.severity,
      ...(o.ruleId && { ruleId: o.ruleId }),
    });
  }
}

function renamedKey(fields: readonly string[], renames: ReadonlyMap<string, string>): string[] {
  return fields.map((f) => renames.get(f) ?? f);
}

function diffKeyList(
  out: Collector,
  what: string,
  oldKeys: NormalKey[],
  newKeys: NormalKey[],
  ruleId: string,
): void {
  const olds = new Map(oldKeys.map((k) => [k.id, k]));
  for (const n of newKeys) {
    const o = olds.get(n.id);
    if (!o) {
      out.add(
        'key.added',
        null,
        n.severity === 'error',
        'minor',
        `New ${what}: ${n.label}${n.severity === 'error' ? '' : ` (${n.severity})`}`,
        {
          rule: n.id,
          fields: n.fields,
          severity: n.severity,
          ruleId,
        },
      );
      continue;
    }
    olds.delete(n.id);
    if (o.severity !== n.severity) {
      const raised = RANK[n.severity] > RANK[o.severity];
      out.add(
        'key.severity',
        null,
        raised && n.severity === 'error',
        'minor',
        `${what} ${n.label}: now ${sev(n.severity)} (was ${sev(o.severity)})`,
        {
          rule: n.id,
          fields: n.fields,
          severity: n.severity,
          fromSeverity: o.severity,
          ruleId,
        },
      );
    }
  }
  for (const o of olds.values()) {
    out.add('key.removed', null, false, 'minor', `${what} removed: ${o.label}`, {
      rule: o.id,
      fields: o.fields,
      ruleId,
    });
  }
}

function diffKeys(
  out: Collector,
  oldT: TableProfile,
  newT: TableProfile,
  renames: ReadonlyMap<string, string>,
): void {
  const op = oldT.primaryKey ? renamedKey(oldT.primaryKey, renames) : undefined;
  const np = newT.primaryKey;
  if (canonical(op ?? null) !== canonical(np ?? null)) {
    if (!op && np) {
      out.add('key.added', null, true, 'major', `New primary key: ${np.join(' + ')}`, {
        rule: 'primaryKey',
        fields: np,
        ruleId: 'key/duplicate',
      });
    } else if (op && !np) {
      out.add('key.removed', null, false, 'minor', `Primary key removed: ${op.join(' + ')}`, {
        rule: 'primaryKey',
        fields: op,
      });
    } else if (op && np) {
      // More fields in a key = fewer duplicates: looser. Anything else may find new duplicates.
      const looser = op.every((f) => np.includes(f));
      out.add(
        'key.changed',
        null,
        !looser,
        'minor',
        `Primary key ${op.join(' + ')} is now ${np.join(' + ')}${looser ? ' (more fields: looser)' : ''}`,
        {
          rule: 'primaryKey',
          fields: np,
          before: op,
          after: np,
          ruleId: 'key/duplicate',
        },
      );
    }
  }
  const tr = (keys: NormalKey[]) =>
    keys.map((k) => {
      const fields = renamedKey(k.fields, renames);
      return {
        ...k,
        fields,
        id: k.id.startsWith('unique:') ? `unique: ${[...fields].sort().join(' + ')}` : k.id,
      };
    });
  diffKeyList(out, 'unique key', tr(oldT.unique), newT.unique, 'key/duplicate');
  diffKeyList(out, 'foreign key', tr(oldT.foreignKeys), newT.foreignKeys, 'key/foreign');
  const orec = oldT.recordKey ? renamedKey(oldT.recordKey, renames) : undefined;
  if (canonical(orec ?? null) !== canonical(newT.recordKey ?? null)) {
    out.add(
      'key.record',
      null,
      false,
      'patch',
      `Record key (for pseudonymous references) is now ${newT.recordKey?.join(' + ') ?? 'the primary key'}`,
      {
        before: orec ?? null,
        after: newT.recordKey ?? null,
      },
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Tables and the whole standard
// ---------------------------------------------------------------------------------------------

function diffTable(
  out: Collector,
  oldT: TableProfile,
  newT: TableProfile,
  oldSchema: Record<string, unknown>,
  newSchema: Record<string, unknown>,
  migrations: Migrations,
): void {
  const { pairs, added, removed, renames } = pairFields(oldT, newT);
  if (!oldT.closed && newT.closed) {
    out.add(
      'table.closed',
      null,
      true,
      'major',
      'Columns not in the standard are now errors (the schema is closed)',
    );
  } else if (oldT.closed && !newT.closed) {
    out.add(
      'table.opened',
      null,
      false,
      'minor',
      'Columns not in the standard are no longer errors (the schema is open)',
    );
  }
  const oh = oldT.matchHeaders ?? [];
  const nh = newT.matchHeaders ?? [];
  if (canonical(oh) !== canonical(nh)) {
    const looser = nh.every((h) => oh.includes(h));
    out.add(
      'table.match',
      null,
      !looser,
      'minor',
      `Files are matched to this table by the headers ${nh.join(', ') || '(none)'} (were ${oh.join(', ') || '(none)'})`,
      {
        before: oh,
        after: nh,
      },
    );
  }
  // Conditions and record rules of the old version, in the new vocabulary.
  const translated = translateSchema(oldSchema, migrations, renames);
  const conds: ConditionSets = {
    old: conditionsOf(translated),
    raw: conditionsOf(oldSchema),
    cur: conditionsOf(newSchema),
  };
  const translatedRules = profileTable({ name: oldT.name, schemaPath: '', schema: translated }).rules;

  for (const f of added) {
    const i = f.info;
    const breaking = i.required || i.conditions.length > 0;
    out.add('field.added', i.name, breaking, 'minor', `New field ${i.name} (${requirementText(i)})`, {
      after: requirementText(i),
    });
  }
  for (const pair of pairs) {
    diffFieldPair(out, pair, migrations[pair.name] ?? migrations[pair.fromName], conds);
  }
  for (const f of removed) {
    out.add(
      'field.removed',
      f.info.name,
      newT.closed,
      'minor',
      newT.closed
        ? `Field ${f.info.name} removed: a file that still has the column now fails (closed schema)`
        : `Field ${f.info.name} removed (a file that still has the column gets a warning)`,
    );
  }
  diffRules(out, translatedRules, newT.rules);
  diffKeys(out, oldT, newT, renames);
}

function bumpOf(from: string, to: string): ActualBump {
  if (!semver.valid(from) || !semver.valid(to)) return 'none';
  if (semver.lt(to, from)) return 'older';
  const d = semver.diff(from, to);
  if (d === null) return 'none';
  if (d === 'major' || d === 'premajor') return 'major';
  if (d === 'minor' || d === 'preminor') return 'minor';
  return 'patch';
}

export function checkSemver(from: string, to: string, changes: readonly Change[]): SemverCheck {
  let required: Bump | 'none' = 'none';
  for (const c of changes) if (BUMP_RANK[c.bump] > BUMP_RANK[required]) required = c.bump;
  const actual = bumpOf(from, to);
  const findings: SemverFinding[] = [];
  if (actual === 'older') {
    findings.push({
      rule: 'semver/older',
      severity: 'warning',
      message: `${to} is older than ${from}: the changes are listed from ${from} to ${to}, so the version check does not apply`,
    });
    return { actual, required, consistent: true, findings };
  }
  const breaking = changes.filter((c) => c.breaking).length;
  // Before 1.0.0 the minor number carries breaking changes (0.2.0 may break 0.1.x), as npm and Cargo read it.
  const zero = semver.valid(from) !== null && semver.major(from) === 0;
  const effective: ActualBump = actual === 'minor' && zero ? 'major' : actual;
  // The smallest consistent version, for the message.
  const next = semver.valid(from) ? semver.inc(from, zero ? 'minor' : 'major') : null;
  if (required === 'major' && effective !== 'major') {
    const where = actual === 'none' ? 'without a new version number' : `in a ${actual} version`;
    findings.push({
      rule: actual === 'none' ? 'semver/breaking-same-version' : `semver/breaking-in-${actual}`,
      severity: 'error',
      message: `Breaking change ${where}: ${breaking} breaking ${breaking === 1 ? 'change needs' : 'changes need'} a new ${zero ? 'minor (0.x)' : 'major'} version${next ? ` (${next})` : ''}, not ${to}`,
    });
  } else if (required === 'minor' && (effective === 'patch' || effective === 'none')) {
    findings.push({
      rule: actual === 'none' ? 'semver/change-same-version' : 'semver/minor-change-in-patch',
      severity: 'warning',
      message: `${actual === 'none' ? 'Changes without a new version number' : 'Changes beyond wording in a patch version'}: new or loosened checks need at least a minor version`,
    });
  }
  return { actual, required, consistent: !findings.some((f) => f.severity === 'error'), findings };
}

/** Code mappings to use: the newer manifest's own when it names `from` as its predecessor. */
function defaultMigrations(from: Standard, to: Standard, notices: string[]): Migrations {
  const m = to.manifest;
  if (m.migrations === undefined || from.manifest.version === m.version) return {};
  if (m.predecessor === undefined || m.predecessor === from.manifest.version) return m.migrations;
  notices.push(
    `${m.id}@${m.version} maps codes from ${m.predecessor}, not ${from.manifest.version}: renamed codes are listed as removed and added`,
  );
  return {};
}

export function diffStandards(from: Standard, to: Standard, options: DiffOptions = {}): DiffResult {
  const notices: string[] = [];
  if (from.manifest.id !== to.manifest.id) {
    notices.push(`Comparing two different standards: ${from.manifest.id} and ${to.manifest.id}`);
  }
  if (
    to.manifest.predecessor !== undefined &&
    to.manifest.predecessor !== from.manifest.version &&
    semver.valid(from.manifest.version) &&
    semver.valid(to.manifest.version) &&
    semver.gt(to.manifest.version, from.manifest.version)
  ) {
    notices.push(
      `${to.manifest.id}@${to.manifest.version} names ${to.manifest.predecessor} as its predecessor, not ${from.manifest.version}`,
    );
  }
  const migrations = options.migrations ?? defaultMigrations(from, to, notices);
  const changes: Change[] = [];
  if (from.manifest.kind !== to.manifest.kind) {
    changes.push({
      kind: 'standard.kind',
      table: to.manifest.id,
      field: null,
      breaking: true,
      bump: 'major',
      summary: `Kind changed from ${from.manifest.kind} to ${to.manifest.kind}`,
      before: from.manifest.kind,
      after: to.manifest.kind,
    });
  }
  const oldTables = [...from.tables.values()];
  const newTables = [...to.tables.values()];
  // A single-table standard's table is named after the standard: pair the two whatever their names.
  const single =
    oldTables.length === 1 &&
    newTables.length === 1 &&
    from.manifest.schema !== undefined &&
    to.manifest.schema !== undefined;
  for (const nt of newTables) {
    const ot = single ? oldTables[0] : from.tables.get(nt.name);
    const out = new Collector(nt.name);
    if (!ot) {
      out.add('table.added', null, false, 'minor', `New table ${nt.name}${nt.title ? ` (${nt.title})` : ''}`);
    } else {
      diffTable(out, profileTable(ot), profileTable(nt), ot.schema, nt.schema, migrations);
    }
    changes.push(...out.changes);
  }
  if (!single) {
    for (const ot of oldTables) {
      if (to.tables.has(ot.name)) continue;
      changes.push({
        kind: 'table.removed',
        table: ot.name,
        field: null,
        breaking: true,
        bump: 'major',
        summary: `Table ${ot.name} removed: its files no longer match any table`,
      });
    }
  }
  const breaking = changes.filter((c) => c.breaking).length;
  const count = (b: Bump) => changes.filter((c) => c.bump === b).length;
  return {
    diffVersion: '1',
    from: ref(from),
    to: ref(to),
    summary: {
      changes: changes.length,
      breaking,
      nonBreaking: changes.length - breaking,
      major: count('major'),
      minor: count('minor'),
      patch: count('patch'),
    },
    semver: checkSemver(from.manifest.version, to.manifest.version, changes),
    changes,
    notices,
  };
}

/** Fields renamed between two versions (old name → new name), matched by header alias as diff does. */
export function fieldRenames(from: Standard, to: Standard): Map<string, string> {
  const out = new Map<string, string>();
  const oldTables = [...from.tables.values()];
  const single = oldTables.length === 1 && to.tables.size === 1;
  for (const nt of to.tables.values()) {
    const ot = single ? oldTables[0] : from.tables.get(nt.name);
    if (!ot) continue;
    for (const [a, b] of pairFields(profileTable(ot), profileTable(nt)).renames) out.set(a, b);
  }
  return out;
}
