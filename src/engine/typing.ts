/**
 * Schema-guided typing of CSV cells. A cell is text; the column's schema decides what it becomes:
 *
 * - `integer` / `number` columns: the cell must look like a JSON number (`-12`, `3.5`, `1e3`); then it
 *   becomes a number (so `3.5` in an integer column fails `type`). `12abc`, `1,000`, ` 12` stay text, so
 *   the type check reports them;
 * - `boolean` columns: `true` / `false` become booleans, anything else stays text;
 * - an empty cell is an absent property (so `required` reports it);
 * - every other column stays a string.
 *
 * Header names map to schema properties by exact name or by one of the property's `aliases`.
 *
 * For speed, the record builder is generated once per file (`new Function`) so every record object has
 * the same shape (one hidden class); absent properties hold `undefined`, which ajv treats as absent.
 */
import type { CellType, FieldInfo } from './fields.js';

const NUMBER_RE = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

export function toNumber(cell: string): number | string {
  return NUMBER_RE.test(cell) ? Number(cell) : cell;
}

export function toBoolean(cell: string): boolean | string {
  return cell === 'true' ? true : cell === 'false' ? false : cell;
}

export function typeCell(cell: string | undefined, type: CellType): unknown {
  if (cell === undefined || cell === '') return undefined;
  switch (type) {
    case 'integer':
    case 'number':
      return toNumber(cell);
    case 'boolean':
      return toBoolean(cell);
    default:
      return cell;
  }
}

export interface ColumnMapping {
  /** Header index → property name (undefined when the column is not in the schema). */
  propertyOf: Array<string | undefined>;
  /** Property → header text as written in the file. */
  headerOf: Map<string, string>;
  /** Header columns not described by the schema (index, name). */
  unknown: Array<{ index: number; name: string }>;
  /** Schema properties with no column in the file. */
  missing: FieldInfo[];
  /** Columns declared by a `patternProperties` pattern rather than by name, with their cell type. */
  patterned: Map<string, CellType>;
}

export function mapColumns(
  header: readonly string[],
  fields: readonly FieldInfo[],
  patterns: ReadonlyArray<{ re: RegExp; cellType: CellType }> = [],
): ColumnMapping {
  const byName = new Map<string, FieldInfo>();
  for (const f of fields) {
    byName.set(f.name, f);
    for (const a of f.aliases) if (!byName.has(a)) byName.set(a, f);
  }
  const propertyOf: Array<string | undefined> = [];
  const headerOf = new Map<string, string>();
  const unknown: Array<{ index: number; name: string }> = [];
  const patterned = new Map<string, CellType>();
  header.forEach((name, index) => {
    const f = byName.get(name);
    const pattern = f ? undefined : patterns.find((p) => p.re.test(name));
    // A property already taken by an earlier column (duplicate header) keeps its first column.
    if (f && !headerOf.has(f.name)) {
      propertyOf.push(f.name);
      headerOf.set(f.name, name);
    } else if (pattern && !patterned.has(name)) {
      propertyOf.push(name);
      headerOf.set(name, name);
      patterned.set(name, pattern.cellType);
    } else {
      propertyOf.push(undefined);
      if (!f && name !== '') unknown.push({ index, name });
    }
  });
  const missing = fields.filter((f) => !headerOf.has(f.name));
  return { propertyOf, headerOf, unknown, missing, patterned };
}

export type RecordBuilder = (cells: readonly string[]) => Record<string, unknown>;

/**
 * Build the function that turns a row's cells into the record object. When the schema has no
 * properties at all (a bare schema), every named column is kept as a string.
 */
export function buildRecordBuilder(
  header: readonly string[],
  mapping: ColumnMapping,
  fields: readonly FieldInfo[],
  keepUnknown: boolean,
): RecordBuilder {
  const typeOf = new Map<string, CellType>([
    ...mapping.patterned,
    ...fields.map((f) => [f.name, f.cellType] as const),
  ]);
  const parts: string[] = [];
  const seen = new Set<string>();
  header.forEach((name, i) => {
    const prop = mapping.propertyOf[i] ?? (keepUnknown && name !== '' && !seen.has(name) ? name : undefined);
    if (prop === undefined || seen.has(prop)) return;
    seen.add(prop);
    const t = typeOf.get(prop) ?? 'string';
    const cell = `c[${i}]`;
    let expr: string;
    switch (t) {
      case 'integer':
      case 'number':
        expr = `(${cell} === undefined || ${cell} === '' ? undefined : num(${cell}))`;
        break;
      case 'boolean':
        expr = `(${cell} === undefined || ${cell} === '' ? undefined : bool(${cell}))`;
        break;
      default:
        expr = `(${cell} === '' ? undefined : ${cell})`;
    }
    // `__proto__: x` in a literal would set the prototype; a computed key defines an own property.
    const key = prop === '__proto__' ? `[${JSON.stringify(prop)}]` : JSON.stringify(prop);
    parts.push(`${key}: ${expr}`);
  });
  // Property names are JSON-encoded string literals and indexes are integers: no data reaches the code.
  const factory = new Function(
    'num',
    'bool',
    `return function build(c) { return { ${parts.join(', ')} }; };`,
  ) as (num: typeof toNumber, bool: typeof toBoolean) => RecordBuilder;
  return factory(toNumber, toBoolean);
}
