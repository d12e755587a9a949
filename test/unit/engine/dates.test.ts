import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageInYears,
  civilFromDays,
  daysFromCivil,
  formatIsoDate,
  isLeapYear,
  parseDate,
  parseIsoDate,
  parseUkDate,
  systemToday,
  todayDayNumber,
} from '../../../src/engine/dates.js';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The oracle: day number of y-m-d by `Date`, or null when `Date` rolls the date over. */
function oracle(year: number, month: number, day: number): number | null {
  if (year < 1) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return date.getTime() / 86_400_000;
}

describe('parseDate', () => {
  it.each([
    ['01/01/1970', 0],
    ['1970-01-01', 0],
    ['31/12/1969', -1],
    ['02/01/1970', 1],
    ['29/02/2024', 19782],
    ['2024-02-29', 19782],
    ['29/02/2000', 11016],
    ['01/01/0001', -719162],
    ['31/12/9999', 2932896],
  ])('%s → day %i', (text, day) => {
    expect(parseDate(text)).toBe(day);
  });

  it.each([
    '29/02/2023', // not a leap year
    '29/02/1900', // century not divisible by 400
    '31/04/2024', // April has 30 days
    '31/06/2024',
    '31/09/2024',
    '31/11/2024',
    '30/02/2024',
    '32/01/2024',
    '00/01/2024',
    '01/00/2024',
    '01/13/2024',
    '01/01/0000', // no year 0
    '0000-01-01',
    '1/2/2024', // not 2-digit
    '01/2/2024',
    '1/02/2024',
    '01/02/24',
    '2024-2-29',
    '2024-02-9',
    ' 01/02/2024',
    '01/02/2024 ',
    '01-02-2024', // dd-mm-yyyy is not accepted
    '2024/02/01',
    '01.02.2024',
    '2024-02-29T00:00:00Z',
    '01/02/2O24', // letter O
    '０１/02/2024', // full-width digits
    '+1/02/2024',
    '-1/02/2024',
    '2024-1-012',
    '',
    'not a date',
  ])('rejects %j', (text) => {
    expect(parseDate(text)).toBeNull();
  });

  it('agrees with a Date-based oracle on generated day/month/year triples', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (year, month, day) => {
          const expected = oracle(year, month, day);
          const uk = `${pad(day, 2)}/${pad(month, 2)}/${pad(year, 4)}`;
          const iso = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          expect(parseDate(uk)).toBe(expected);
          expect(parseDate(iso)).toBe(expected);
          expect(parseUkDate(uk)).toBe(expected);
          expect(parseIsoDate(iso)).toBe(expected);
          expect(parseUkDate(iso)).toBeNull();
          expect(parseIsoDate(uk)).toBeNull();
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('agrees with the oracle on dates around leap days and month ends', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 27, max: 31 }),
        (year, month, day) => {
          expect(parseDate(`${pad(day, 2)}/${pad(month, 2)}/${pad(year, 4)}`)).toBe(oracle(year, month, day));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('never throws and returns null or an integer on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 14 }), (text) => {
        const day = parseDate(text);
        expect(day === null || Number.isInteger(day)).toBe(true);
      }),
    );
  });

  it('rejects dates with one character replaced by a non-digit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -719162, max: 2932896 }),
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom('a', ' ', '/', '-', '.', 'x'),
        (dayNumber, position, replacement) => {
          const iso = formatIsoDate(dayNumber);
          const isoDigits = [0, 1, 2, 3, 5, 6, 8, 9];
          const i = isoDigits[position % isoDigits.length]!;
          const broken = iso.slice(0, i) + replacement + iso.slice(i + 1);
          expect(parseDate(broken)).toBeNull();
        },
      ),
    );
  });
});

describe('day number conversions', () => {
  it('daysFromCivil and civilFromDays are inverse over the whole range', () => {
    fc.assert(
      fc.property(fc.integer({ min: -719162, max: 2932896 }), (day) => {
        const ymd = civilFromDays(day);
        const year = Math.floor(ymd / 10000);
        const month = Math.floor(ymd / 100) % 100;
        expect(daysFromCivil(year, month, ymd % 100)).toBe(day);
        expect(parseIsoDate(formatIsoDate(day))).toBe(day);
        expect(formatIsoDate(day)).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
      }),
      { numRuns: 2000 },
    );
  });

  it('formats day numbers as ISO dates', () => {
    expect(formatIsoDate(0)).toBe('1970-01-01');
    expect(formatIsoDate(19782)).toBe('2024-02-29');
    expect(formatIsoDate(-719162)).toBe('0001-01-01');
  });

  it('knows the leap years', () => {
    expect([2024, 2000, 1600, 2400].map(isLeapYear)).toEqual([true, true, true, true]);
    expect([2023, 1900, 2100, 1800].map(isLeapYear)).toEqual([false, false, false, false]);
  });
});

describe('ageInYears', () => {
  const d = (text: string): number => parseDate(text)!;

  it.each([
    ['15/06/2000', '14/06/2018', 17],
    ['15/06/2000', '15/06/2018', 18],
    ['15/06/2000', '16/06/2018', 18],
    ['15/06/2000', '15/06/2000', 0],
    ['01/01/1900', '31/12/2014', 114],
    ['01/01/1900', '01/01/2015', 115],
    ['31/12/1999', '01/01/2000', 0],
  ])('born %s, on %s → %i', (birth, at, age) => {
    expect(ageInYears(d(birth), d(at))).toBe(age);
  });

  it('someone born on 29 February has their birthday on 1 March in common years', () => {
    const birth = d('29/02/2004');
    expect(ageInYears(birth, d('28/02/2022'))).toBe(17);
    expect(ageInYears(birth, d('01/03/2022'))).toBe(18);
    expect(ageInYears(birth, d('28/02/2024'))).toBe(19);
    expect(ageInYears(birth, d('29/02/2024'))).toBe(20);
  });

  it('is negative when the reference date is before the birth date', () => {
    expect(ageInYears(d('01/05/2024'), d('01/04/2024'))).toBe(-1);
    expect(ageInYears(d('01/05/2024'), d('01/06/2023'))).toBe(-1);
    expect(ageInYears(d('01/05/2024'), d('01/04/2023'))).toBe(-2);
  });

  it('agrees with counting birthdays using Date', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: daysFromCivil(1850, 1, 1), max: daysFromCivil(2100, 12, 31) }),
        fc.integer({ min: 0, max: 50_000 }),
        (birth, span) => {
          const at = birth + span;
          const b = new Date(birth * 86_400_000);
          const a = new Date(at * 86_400_000);
          let age = a.getUTCFullYear() - b.getUTCFullYear();
          const monthDiff = a.getUTCMonth() - b.getUTCMonth();
          if (monthDiff < 0 || (monthDiff === 0 && a.getUTCDate() < b.getUTCDate())) age -= 1;
          expect(ageInYears(birth, at)).toBe(age);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('today', () => {
  it('todayDayNumber uses the local calendar date', () => {
    expect(todayDayNumber(new Date(2024, 1, 29, 0, 30))).toBe(d('29/02/2024'));
    expect(todayDayNumber(new Date(2024, 1, 29, 23, 59, 59))).toBe(d('29/02/2024'));
    expect(todayDayNumber(new Date(1970, 0, 1, 12))).toBe(0);
  });

  it('systemToday gives the current local date', () => {
    const today = systemToday();
    const before = todayDayNumber(new Date());
    const value = today();
    const after = todayDayNumber(new Date());
    expect(value).toBeGreaterThanOrEqual(before);
    expect(value).toBeLessThanOrEqual(after);
    expect(today()).toBeGreaterThanOrEqual(value);
  });

  function d(text: string): number {
    return parseDate(text)!;
  }
});
