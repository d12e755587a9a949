/**
 * Calendar dates as day numbers.
 *
 * A *day number* is the count of days since 1970-01-01 in the proleptic Gregorian calendar
 * (1970-01-01 = 0, 1969-12-31 = -1), the same count as `Date.UTC(y, m - 1, d) / 86_400_000`.
 * Dates carry no time and no time zone, so comparing two dates is comparing two integers.
 *
 * These functions run once or more per date cell of every record (millions of times on a big
 * export), so the parsers read character codes and do integer arithmetic: no RegExp, no `Date`,
 * no allocation per call. The civil ↔ day-number conversions follow Howard Hinnant's
 * `days_from_civil` / `civil_from_days` algorithms (public domain).
 *
 * Accepted text (reference §4.8 Dates: CLD and ASC-WDS write `dd/mm/yyyy`, NHS XML/FHIR use ISO
 * `yyyy-mm-dd`): exactly 2-digit day, 2-digit month, 4-digit year, and a real calendar date
 * (no 31/04, 29/02 only in leap years: divisible by 4, except centuries not divisible by 400).
 * Year 0000 is rejected: there is no year 0 in the calendar people write, and `00/00/0000`-style
 * values are placeholders, not dates. Leading/trailing spaces are not trimmed.
 */

const SLASH = 47; // '/'
const HYPHEN = 45; // '-'
const ZERO = 48; // '0'

/** Two decimal digits at `i`, or -1 when either is not an ASCII digit. */
function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - ZERO;
  const b = text.charCodeAt(i + 1) - ZERO;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1; // callers check the length, so never NaN
  return a * 10 + b;
}

/** Four decimal digits at `i`, or -1 when any is not an ASCII digit. */
function fourDigits(text: string, i: number): number {
  const hi = twoDigits(text, i);
  if (hi < 0) return -1;
  const lo = twoDigits(text, i + 2);
  if (lo < 0) return -1;
  return hi * 100 + lo;
}

/** True for Gregorian leap years: 2024, 2000 (÷400); not 2023, 1900 (÷100, not ÷400). */
export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Day number of a civil date. The arguments are not validated (month 1–12 and day 1–31 are
 * assumed); use {@link dayNumberOf} for checked input.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400; // [0, 399]
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1; // [0, 365]
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy; // [0, 146096]
  return era * 146097 + doe - 719468;
}

/**
 * The civil date of a day number packed as the integer `yyyymmdd` (2024-02-29 → 20240229).
 * Packed dates order like dates, and `Math.floor((later - earlier) / 10000)` is a whole-year age.
 */
export function civilFromDays(dayNumber: number): number {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097; // [0, 146096]
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100)); // [0, 365]
  const mp = Math.floor((5 * doy + 2) / 153); // [0, 11], March-based
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return year * 10000 + month * 100 + day;
}

/** Day number of `year`-`month`-`day` when that is a real calendar date (year 1–9999), else null. */
export function dayNumberOf(year: number, month: number, day: number): number | null {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  return daysFromCivil(year, month, day);
}

/** `dd/mm/yyyy` (UK, as in CLD and ASC-WDS, reference §4.8) → day number, or null. */
export function parseUkDate(text: string): number | null {
  if (text.length !== 10 || text.charCodeAt(2) !== SLASH || text.charCodeAt(5) !== SLASH) return null;
  const day = twoDigits(text, 0);
  const month = twoDigits(text, 3);
  const year = fourDigits(text, 6);
  if (day < 0 || month < 0 || year < 0) return null;
  return dayNumberOf(year, month, day);
}

/** `yyyy-mm-dd` (ISO 8601 calendar date, reference §4.8) → day number, or null. */
export function parseIsoDate(text: string): number | null {
  if (text.length !== 10 || text.charCodeAt(4) !== HYPHEN || text.charCodeAt(7) !== HYPHEN) return null;
  const year = fourDigits(text, 0);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (day < 0 || month < 0 || year < 0) return null;
  return dayNumberOf(year, month, day);
}

/** `dd/mm/yyyy` or `yyyy-mm-dd` → day number, or null when neither form or not a real date. */
export function parseDate(text: string): number | null {
  if (text.length !== 10) return null;
  if (text.charCodeAt(2) === SLASH) return parseUkDate(text);
  if (text.charCodeAt(4) === HYPHEN) return parseIsoDate(text);
  return null;
}

/** Day number → `yyyy-mm-dd` (for messages about rules and for tests; never for data values). */
export function formatIsoDate(dayNumber: number): string {
  const ymd = civilFromDays(dayNumber);
  const year = Math.floor(ymd / 10000);
  const month = Math.floor(ymd / 100) % 100;
  const day = ymd % 100;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Age in whole years on day `atDay` of someone born on day `birthDay`: the number of birthdays
 * they have had. Someone born on 29 February has their birthday on 1 March in common years
 * (the usual UK legal reading), so they turn 18 on 1 March, not 28 February, of a common year.
 *
 * When `atDay` is before `birthDay` the result is negative (-1 for up to a year before, and so
 * on), so a rule with `minimum: 0` catches a birth date after the reference date.
 */
export function ageInYears(birthDay: number, atDay: number): number {
  return Math.floor((civilFromDays(atDay) - civilFromDays(birthDay)) / 10000);
}

/**
 * The day number of the calendar date `now` falls on *in the local time zone* of the machine
 * (normally Europe/London for carecheck's users). Using the local date, not the UTC one, means a
 * check run at 00:30 BST on 1 April treats 01/04 as today, not as tomorrow.
 */
export function todayDayNumber(now: Date): number {
  return daysFromCivil(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/**
 * A `today()` for the system clock: the local day number, re-read only when local midnight has
 * passed, so calling it once per record costs a `Date.now()` and two comparisons.
 */
export function systemToday(): () => number {
  let day = 0;
  let from = Number.POSITIVE_INFINITY;
  let until = Number.NEGATIVE_INFINITY;
  return () => {
    const now = Date.now();
    if (now < from || now >= until) {
      const date = new Date(now);
      day = todayDayNumber(date);
      from = new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
      until = new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1).getTime();
    }
    return day;
  };
}
