/**
 * What a report may show of a data value. Care data is special-category personal data, so the
 * default shows nothing but code-list values of fields the standard classes as `none` (they help fix
 * typos and identify nobody). `--show-values` reveals values with direct identifiers still masked;
 * `--show-values=all` shows everything, and the report records that choice.
 */
import type { Sensitivity } from '../standards/types.js';

export type ValuePolicy = 'default' | 'masked' | 'all';

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

function render(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const chars = [...text];
  return chars.length > MAX_SHOWN ? `${chars.slice(0, MAX_SHOWN - 1).join('')}…` : text;
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
      return field?.sensitivity === 'direct-identifier' ? mask(render(value)) : render(value);
    default:
      return field?.sensitivity === 'none' && field.hasCodeList && typeof value !== 'object'
        ? render(value)
        : undefined;
  }
}

/** Whether values of this field may appear in messages (e.g. "did you mean 'Service user'?"). */
export function mayShow(field: FieldPrivacy | undefined, policy: ValuePolicy): boolean {
  if (policy === 'all') return true;
  if (policy === 'masked') return field?.sensitivity !== 'direct-identifier';
  return field?.sensitivity === 'none' && field.hasCodeList;
}
