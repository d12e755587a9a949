/**
 * UK identifier and date formats (the `format` names carecheck adds to ajv; the contract is the
 * "Formats" table in standards/README.md).
 *
 * Every predicate is pure, total (any string in, boolean out, never throws) and cheap: they run
 * once per cell. Sources are the sections of the care-standards reference
 * (/work/shared/reference/care-standards.md) named in each comment.
 *
 * These are *format* checks: a value can be well formed and still not exist (an ODS code nobody
 * was issued, a postcode Royal Mail never allocated). carecheck never looks values up.
 */

import type * as AjvCore from 'ajv/dist/core.js';
import type { FormatDefinition } from 'ajv/dist/types/index.js';
import { parseDate, parseUkDate } from '../dates.js';

/** Any ajv 8 instance: `Ajv` (draft-07), `Ajv2019`, `Ajv2020` all extend the core class. */
export type AjvInstance = AjvCore.default;

// ---------------------------------------------------------------------------------------------
// NHS Number — reference §4.1 (NHS Data Dictionary "NHS NUMBER": n10, Modulus 11 check digit)
// ---------------------------------------------------------------------------------------------

/** Character positions of the 10 digits in `9434765919` and in the 3-3-4 form `943 476 5919`. */
const NHS_COMPACT = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
const NHS_SPACED = [0, 1, 2, 4, 5, 6, 8, 9, 10, 11] as const;

function nhsPositions(text: string): readonly number[] | null {
  if (text.length === 10) return NHS_COMPACT;
  if (text.length === 12 && text.charCodeAt(3) === 32 && text.charCodeAt(7) === 32) return NHS_SPACED;
  return null;
}

/**
 * The Modulus 11 check digit for the first nine digits of an NHS Number (§4.1, NHS DD 5 steps):
 * weights 10..2, sum, 11 − (sum mod 11), 11 → 0. Returns null when the check would be 10 (such
 * numbers are never issued) or when `nineDigits` is not nine ASCII digits.
 */
export function nhsCheckDigit(nineDigits: string): number | null {
  if (nineDigits.length !== 9) return null;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const d = nineDigits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    sum += d * (10 - i);
  }
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  return check === 10 ? null : check;
}

/**
 * NHS Number (§4.1): 10 digits, optionally written 3-3-4 with single spaces (`943 476 5919`),
 * whose 10th digit is the Modulus 11 check digit of the first nine; a check of 10 is invalid.
 * No other separators, no leading/trailing spaces.
 *
 * All-same-digit values (`0000000000`, `1111111111`, … `9999999999`) all pass Modulus 11 and are
 * well formed, so they are valid here; {@link isPlaceholderNhsNumber} spots them for a warning.
 */
export function isNhsNumber(text: string): boolean {
  const pos = nhsPositions(text);
  if (pos === null) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const d = text.charCodeAt(pos[i]!) - 48;
    if (d < 0 || d > 9) return false;
    sum += d * (10 - i);
  }
  const last = text.charCodeAt(pos[9]!) - 48;
  if (last < 0 || last > 9) return false;
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  return check === last; // a check of 10 never equals a digit
}

/**
 * True for a well-formed NHS Number whose ten digits are all the same (`0000000000`,
 * `111 111 1111`): placeholders that pass Modulus 11 (§4.1 "Input hygiene", INFERRED) and should
 * be flagged as a warning by a standard, not issued to anyone.
 */
export function isPlaceholderNhsNumber(text: string): boolean {
  const pos = nhsPositions(text);
  if (pos === null) return false;
  const first = text.charCodeAt(0);
  if (first < 48 || first > 57) return false;
  for (const p of pos) if (text.charCodeAt(p) !== first) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Postcode — reference §4.2 (NHS DD POSTCODE / PAF 8-character form; GOV.UK Data Standards
// Catalogue regex; BS7666 character rules)
// ---------------------------------------------------------------------------------------------

/*
 * Outward code shapes A9, A99, AA9, AA99, A9A, AA9A; one space; inward code 9AA. Letter rules
 * (BS7666 PostCodeType, §4.2, as maintained by Royal Mail):
 *   1st letter never Q, V, X; 2nd letter never I, J, Z;
 *   3rd-position letter of A9A only A–H, J, K, P, S, T, U, W (P added after BS7666: N1P, SE1P);
 *   4th-position letter of AA9A only A, B, E, H, M, N, P, R, V, W, X, Y;
 *   inward letters never C, I, K, M, O, V.
 * Plus the Girobank `GIR 0AA`. Case-insensitive (the contract: "either case").
 */
const POSTCODE_RE =
  /^(?:[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY]) [0-9][ABD-HJLNP-UW-Z]{2}|GIR 0AA)$/i;

/** NHS pseudo postcodes `ZZ99 <digit><letter>Z` (§4.2: ZZ99 3VZ no fixed abode, 3WZ not known …). */
const PSEUDO_POSTCODE_RE = /^ZZ99 [0-9][A-Z]Z$/i;

/**
 * UK postcode in its written form (§4.2): outward code, exactly one space, inward code, either
 * case (`SW1A 1AA`, `sw1a 1aa`), BS7666 letter rules, `GIR 0AA`, and NHS `ZZ99` pseudo postcodes.
 *
 * Decisions: the space is required (`EC1A1BB` is invalid) because the contract, the PAF/NHS
 * 8-character form and ASC-WDS (§2.3, "requires exactly one space") all require it; a doubled
 * space, a tab, or leading/trailing spaces are invalid. Overseas territories (`ASCN 1ZZ` …) and
 * joke codes (`XM4 5HQ`) are not UK postcodes and are invalid.
 */
export function isUkPostcode(text: string): boolean {
  return POSTCODE_RE.test(text) || PSEUDO_POSTCODE_RE.test(text);
}

/** NHS `ZZ99` pseudo postcode (§4.2), written like {@link isUkPostcode} (`ZZ99 3VZ`, either case). */
export function isPseudoPostcode(text: string): boolean {
  return PSEUDO_POSTCODE_RE.test(text);
}

// ---------------------------------------------------------------------------------------------
// Other codes
// ---------------------------------------------------------------------------------------------

const ONS_RE = /^[EWSNK][0-9]{8}$/;

/**
 * ONS GSS geography code (§4.5): 9 characters, country letter E/W/S/N/K + 2-digit entity +
 * 6-digit instance (`E06000002` Middlesbrough, `E09000011` Greenwich, `E01000001` an LSOA).
 * Upper case only. Any entity passes; a standard narrows it with `pattern` (e.g. `^E(06|08|09|10)`).
 */
export function isOnsAreaCode(text: string): boolean {
  return ONS_RE.test(text);
}

const CQC_RE = /^[0-9]-[0-9]{8,12}$/;

/** CQC location (or provider) id (§4.4, ASC-WDS workplace validator): `^[0-9]-[0-9]{8,12}$`, e.g. `1-123039495`. */
export function isCqcLocationId(text: string): boolean {
  return CQC_RE.test(text);
}

const ODS_RE = /^[A-Z0-9]{3,9}$/;

/**
 * ODS organisation code (§4.3): 3 to 9 upper-case letters and digits (`VLAXL`, `A81001`,
 * `K81003001`). A *format* check only: whether the code was ever issued needs the ODS register,
 * which carecheck does not consult.
 */
export function isOdsCode(text: string): boolean {
  return ODS_RE.test(text);
}

/*
 * National Insurance number (HMRC National Insurance Manual prefix rules): first letter not D, F, I, Q, U, V;
 * second letter not D, F, I, O, Q, U, V; prefixes BG, GB, KN, NK, NT, TN, ZZ never allocated;
 * 6 digits; suffix A–D.
 */
const NI_RE =
  /^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z](?:[0-9]{6}[A-D]?| [0-9]{2} [0-9]{2} [0-9]{2}(?: [A-D])?)$/i;

/**
 * National Insurance number (HMRC prefix rules; ASC-WDS NINUMBER §2.3).
 *
 * Decisions: the suffix letter (A–D) is optional, as in ASC-WDS (§2.3), because many HR and
 * payroll exports drop it and it does not identify a different person; a standard that needs it
 * adds a `pattern`. Two spellings only: compact `AB123456C` or HMRC's grouped `AB 12 34 56 C`
 * (single spaces); either case; no leading/trailing spaces.
 */
export function isNiNumber(text: string): boolean {
  return NI_RE.test(text);
}

// ---------------------------------------------------------------------------------------------
// Dates — reference §4.8
// ---------------------------------------------------------------------------------------------

/** `dd/mm/yyyy`, a real calendar date (§4.8: CLD and ASC-WDS write dates this way). */
export function isUkDate(text: string): boolean {
  return parseUkDate(text) !== null;
}

/** `dd/mm/yyyy` or `yyyy-mm-dd`, a real calendar date (§4.8). */
export function isUkOrIsoDate(text: string): boolean {
  return parseDate(text) !== null;
}

/**
 * Order of two dates for ajv-formats' `formatMinimum` / `formatMaximum` (and the exclusive ones).
 * Either side may be written `dd/mm/yyyy` or `yyyy-mm-dd`, so a schema can say
 * `"formatMinimum": "1900-01-01"` on a `uk-date` column. When either side is not a date the
 * result is `undefined`, which ajv treats as "no failure": the bad value is reported by `format`.
 */
export function compareDates(a: string, b: string): number | undefined {
  const x = parseDate(a);
  if (x === null) return undefined;
  const y = parseDate(b);
  if (y === null) return undefined;
  return x - y;
}

// ---------------------------------------------------------------------------------------------
// ajv registration
// ---------------------------------------------------------------------------------------------

/** The format names carecheck adds (standards/README.md "Formats"). */
export type UkFormatName =
  | 'nhs-number'
  | 'uk-postcode'
  | 'ons-area-code'
  | 'cqc-location-id'
  | 'ods-code'
  | 'ni-number'
  | 'uk-date'
  | 'uk-or-iso-date';

/** ajv format definitions, keyed by format name. String formats: non-strings pass `format`. */
export const ukFormats: Readonly<Record<UkFormatName, FormatDefinition<string>>> = {
  'nhs-number': { type: 'string', validate: isNhsNumber },
  'uk-postcode': { type: 'string', validate: isUkPostcode },
  'ons-area-code': { type: 'string', validate: isOnsAreaCode },
  'cqc-location-id': { type: 'string', validate: isCqcLocationId },
  'ods-code': { type: 'string', validate: isOdsCode },
  'ni-number': { type: 'string', validate: isNiNumber },
  'uk-date': { type: 'string', validate: isUkDate, compare: compareDates },
  'uk-or-iso-date': { type: 'string', validate: isUkOrIsoDate, compare: compareDates },
};

/** The names in {@link ukFormats}, for "unknown format" checks and docs. */
export const UK_FORMAT_NAMES: readonly UkFormatName[] = Object.keys(ukFormats) as UkFormatName[];

/**
 * Add carecheck's formats to an ajv instance (Ajv, Ajv2019 or Ajv2020). Call it after
 * ajv-formats if `formatMinimum` / `formatMaximum` should work on the date formats (those
 * keywords come from ajv-formats; the order of the two calls does not otherwise matter).
 */
export function registerUkFormats(ajv: AjvInstance): void {
  for (const name of UK_FORMAT_NAMES) ajv.addFormat(name, ukFormats[name]);
}
