/**
 * What a report may show of a data value. Care data is special-category personal data, so the
 * default shows nothing but code-list values of fields the standard classes as `none` (they help fix
 * typos and identify nobody). `--show-values` reveals values with direct identifiers still masked;
 * `--show-values=all` shows everything, and the report records that choice.
 */
import type { Sensitivity } from '../standards/types.js';

/**
 * `default`: only code-list values of `none` fields; `masked`: values, with direct identifiers and
 * fields the standard does not classify masked; `all`: everything; `hidden`: nothing at all (used for
 * records whose cells may not line up with the header, e.g. ragged CSV rows).
 */
export type ValuePolicy = 'default' | 'masked' | 'all' | 'hidden';

export interface FieldPrivacy {
  sensitivity?: Sensitivity;
  hasCodeList: boolean;
}

const MAX_SHOWN = 80;

/** Mask all but the first 3 and last 2 characters: `943*****19`. Short values are masked whole. */
export function mask(text: string): string {
  const chars = [...text];
  if (chars.length <= 6) return '*'.repeat(chars.length);
  return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 5) + chars.slice(-2).join('');
}

/**
 * The shown text, copied: a cell string may be a slice of the reader's 64 KB text chunk, and a
 * finding kept for the report must not keep that chunk alive.
 */
function render(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const chars = [...text];
  return chars.length > MAX_SHOWN ? `${chars.slice(0, MAX_SHOWN - 1).join('')}…` : chars.join('');
}

/** A field the standard does not classify may hold anything: `masked` treats it as a direct identifier. */
function needsMask(field: FieldPrivacy | undefined): boolean {
  return field?.sensitivity === undefined || field.sensitivity === 'direct-identifier';
}

/** The value to put in a finding, or undefined when it must not be shown. */
export function shownValue(
  value: unknown,
  field: FieldPrivacy | undefined,
  policy: ValuePolicy,
): string | undefined {
  if (value === undefined) return undefined;
  switch (policy) {
    case 'all':
      return render(value);
    case 'masked':
      return needsMask(field) ? mask(render(value)) : render(value);
    case 'hidden':
      return undefined;
    default:
      return field?.sensitivity === 'none' && field.hasCodeList && typeof value !== 'object'
        ? render(value)
        : undefined;
  }
}

/** Whether values of this field may appear in messages (e.g. "did you mean 'Service user'?"). */
export function mayShow(field: FieldPrivacy | undefined, policy: ValuePolicy): boolean {
  if (policy === 'all') return true;
  if (policy === 'hidden') return false;
  if (policy === 'masked') return !needsMask(field);
  return field?.sensitivity === 'none' && field.hasCodeList;
}

/**
 * Whether a column or property name that the standard does NOT declare may be printed. Such names
 * come from the data: a CSV exported without its header row makes the first record's values the
 * "column names", and a JSON export may be keyed by NHS Number. Unless the user asked for all
 * values, a name is printed only if it looks like a field name: short, no run of 4 or more digits,
 * no '@', not date- or postcode-shaped.
 */
export function mayShowName(name: string, policy: ValuePolicy): boolean {
  if (policy === 'all') return true;
  if (policy === 'hidden') return false;
  if (name.length === 0 || name.length > 64) return false;
  if (/[0-9]{4}|@|^[0-9]|[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2}/.test(name)) return false;
  if (/^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i.test(name.trim())) return false;
  return true;
}
