/** Pattern loosening proofs used by diff: proven only in the two shapes documented, never guessed. */
import { describe, expect, it } from 'vitest';
import { formatLooser, provablyLooser, typesLooser } from '../../../src/authoring/pattern-compare.js';

describe('provablyLooser', () => {
  const cases: Array<[string, string, boolean]> = [
    ['^[0-9]{3}$', '^[0-9]{3}$', true],
    ['^[0-9]{3}$', '^[0-9]{3,5}$', true],
    ['^[0-9]{3,5}$', '^[0-9]{3}$', false],
    ['^[A-Z]$', '^[A-Z]+$', true],
    ['^[A-Z]+$', '^[A-Z]*$', true],
    ['^[A-Z]*$', '^[A-Z]+$', false],
    ['^[0-9]$', '^[0-9]{1,3}$', true],
    ['^(?:Planned|Unplanned)', '^(?:Planned|Unplanned|Review of short term support$)', true],
    ['^(?:Planned|Unplanned|Review of short term support$)', '^(?:Planned|Unplanned)', false],
    ['^a$|^b$', '^(?:a|b|c)$', true],
    ['^(?:a|b)$', '^a$|^b$|^c$', true],
    ['^(?:a|b)+$', '^(?:a|b|c)+$', false],
    ['^(?!x)a$', '^(?!x)a+$', false],
    ['^\\u{41}$', '^\\u{42}$', false],
    ['^\\u{41}$', '^\\u{41}+$', true],
    ['^[a-z]$', '^[a-y]$', false],
    ['abc', 'abcd', false],
    ['^[0-9]{3}$', '^[0-9]{3}|x$', false],
  ];
  for (const [a, b, want] of cases) {
    it(`${a} → ${b}: ${want ? 'looser' : 'not proven'}`, () => expect(provablyLooser(a, b)).toBe(want));
  }
});

describe('formats and types', () => {
  it('knows the date formats that accept more', () => {
    expect(formatLooser('uk-date', 'uk-or-iso-date')).toBe(true);
    expect(formatLooser('uk-or-iso-date', 'uk-date')).toBe(false);
    expect(formatLooser('nhs-number', 'uk-postcode')).toBe(false);
  });
  it('integer is within number; no type is any type', () => {
    expect(typesLooser(['integer'], ['number'])).toBe(true);
    expect(typesLooser(['number'], ['integer'])).toBe(false);
    expect(typesLooser(['string'], undefined)).toBe(true);
    expect(typesLooser(undefined, ['string'])).toBe(false);
    expect(typesLooser(['string'], ['null', 'string'])).toBe(true);
  });
});
