/**
 * Synthetic values for generated fixtures (`carecheck init`, `carecheck infer`). Never taken from
 * data: each is made up, chosen to be obviously not a real person's (NHS test-range numbers, NHS
 * pseudo postcodes, example.org addresses) and to pass carecheck's own format checks.
 */
import { nhsCheckDigit } from '../engine/formats/uk.js';

/** The n-th (0-based) valid NHS Number in the 999 test range (never issued to patients). */
export function syntheticNhsNumber(n: number): string {
  let found = -1;
  for (let base = 999_000_001; base < 999_999_999; base++) {
    const nine = String(base);
    const check = nhsCheckDigit(nine);
    if (check === null) continue;
    found++;
    if (found === n) return `${nine}${check}`;
  }
  return '9990000018';
}

const BY_FORMAT: Readonly<Record<string, readonly string[]>> = {
  'nhs-number': [syntheticNhsNumber(0), syntheticNhsNumber(1), syntheticNhsNumber(2)],
  // NHS pseudo postcodes: no fixed abode, not known, abroad.
  'uk-postcode': ['ZZ99 3VZ', 'ZZ99 3WZ', 'ZZ99 3CZ'],
  'ni-number': ['AA000001A', 'AA000002B', 'AA000003C'],
  'ons-area-code': ['E06000001', 'E09000011', 'E08000025'],
  'cqc-location-id': ['1-000000001', '1-000000002', '1-000000003'],
  'ods-code': ['XZZ01', 'XZZ02', 'XZZ03'],
  'uk-date': ['01/04/2026', '15/05/2026', '30/06/2026'],
  'uk-or-iso-date': ['01/04/2026', '15/05/2026', '30/06/2026'],
  date: ['2026-04-01', '2026-05-15', '2026-06-30'],
  'date-time': ['2026-04-01T09:00:00Z', '2026-05-15T12:30:00Z', '2026-06-30T17:45:00Z'],
  time: ['09:00:00Z', '12:30:00Z', '17:45:00Z'],
  email: ['someone@example.org', 'someone.else@example.org', 'a.person@example.org'],
  uuid: [
    '00000000-0000-4000-8000-000000000001',
    '00000000-0000-4000-8000-000000000002',
    '00000000-0000-4000-8000-000000000003',
  ],
};

/** A made-up value of the given format, or undefined when carecheck has none for it. */
export function syntheticFormatValue(format: string, n = 0): string | undefined {
  const list = BY_FORMAT[format];
  return list ? list[n % list.length] : undefined;
}

/** A value that fails the given format (for invalid fixtures). */
export const NOT_A_FORMAT_VALUE = 'not-a-valid-value';
