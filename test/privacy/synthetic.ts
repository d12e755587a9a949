/**
 * Deterministic synthetic personal data for the privacy proofs: NHS Numbers (valid Modulus 11, in the
 * 999 test range and in the 400-799 ranges), National Insurance numbers, invented names, dates of
 * birth, postcodes and local identifiers. Same seed, same people, on every machine (mulberry32, no
 * clock, no Math.random).
 *
 * Names are deliberately unusual words, so a case-insensitive search of a report cannot hit them by
 * accident ("Ann" would be found in "Annual review"; "Quillfeather" is found only if it leaked).
 */

/** mulberry32: the same tiny PRNG as scripts/gen-cld.js. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** NHS Number Modulus 11 check digit of nine digits; null when it would be 10 (never issued). */
export function nhsCheckDigit(nine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  return check === 10 ? null : check;
}

/** A valid NHS Number whose first three digits are `prefix` (e.g. '999', '412', '731'). */
export function nhsNumber(rand: () => number, prefix: string): string {
  for (;;) {
    let nine = prefix;
    while (nine.length < 9) nine += String(Math.floor(rand() * 10));
    const check = nhsCheckDigit(nine);
    if (check !== null) return nine + String(check);
  }
}

/** The same ten digits with a check digit that fails Modulus 11. */
export function withBadCheckDigit(nhs: string): string {
  const last = Number(nhs[9]);
  return nhs.slice(0, 9) + String((last + 1) % 10);
}

/** `9991234567` → `999 123 4567` (the 3-3-4 written form). */
export function spaced(nhs: string): string {
  return `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`;
}

/** The masked form the README documents (`943*****19`): first 3 and last 2 characters kept. */
export function expectedMask(value: string): string {
  const chars = [...value];
  if (chars.length <= 6) return '*'.repeat(chars.length);
  return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 5) + chars.slice(-2).join('');
}

const FIRST = [
  'Zephyrine',
  'Quennell',
  'Thaddea',
  'Brannoch',
  'Ysolde',
  'Peregrina',
  'Leofric',
  'Isembard',
  'Wulfrun',
  'Eluned',
  'Caradoc',
  'Morwenna',
  'Gwilym',
  'Aurelian',
  'Hesketh',
  'Ottoline',
  'Fenwick',
  'Rosamund',
  'Tancred',
  'Oriana',
  'Ebenezah',
  'Philippa',
  'Lancelyn',
  'Sidony',
];
const LAST = [
  'Quillfeather',
  'Xanthopoulou',
  'Blenkinsop',
  'Vavasour',
  'Trelawney',
  'Abernethy',
  'Cholmondeley',
  'Fairweatherly',
  'Okonkwoade',
  'Pettigrewson',
  'Mountjoyce',
  'Hollingsworth',
  'Ravenscroft',
  'Wetherspoonly',
  'Drummondale',
  'Featherstonhaugh',
  'Kilbride',
  'Lochinvar',
  'Gethingham',
  'Ashburnham',
  'Pemberley',
  'Sackvillian',
  'Winterbourne',
  'Yarborough',
];

/** Areas that never appear in a message or example of the bundled standards (no 'LS': "e.g. LS1 4AP"). */
const AREAS = ['WV', 'YO', 'HU', 'BD', 'HX', 'TS', 'DE', 'NG', 'ST', 'SK'];
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

export interface Person {
  index: number;
  nhs: string;
  first: string;
  last: string;
  /** dd/mm/yyyy */
  dob: string;
  /** yyyy-mm-dd */
  dobIso: string;
  postcode: string;
  /** Local authority person id. */
  laId: string;
  /** National Insurance number (compact). */
  ni: string;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `count` distinct people. NHS Numbers alternate between the 999 test range and 4xx / 6xx / 7xx. */
export function people(count: number, seed: number): Person[] {
  const rand = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const out: Person[] = [];
  const prefixes = ['999', '412', '999', '638', '999', '725', '999', '487'];
  const niPrefixes = ['JT', 'NP', 'AB', 'WK', 'SE', 'HL', 'CE', 'PR'];
  for (let i = 0; i < count; i++) {
    const year = int(1930, 1999);
    const month = int(1, 12);
    const dayOfMonth = int(1, 28);
    const letters = () =>
      (INWARD_LETTERS[int(0, INWARD_LETTERS.length - 1)] ?? 'A') +
      (INWARD_LETTERS[int(0, INWARD_LETTERS.length - 1)] ?? 'B');
    out.push({
      index: i,
      nhs: nhsNumber(rand, prefixes[i % prefixes.length] ?? '999'),
      first: FIRST[i % FIRST.length] ?? 'Zephyrine',
      last: LAST[(i * 7) % LAST.length] ?? 'Quillfeather',
      dob: `${pad2(dayOfMonth)}/${pad2(month)}/${year}`,
      dobIso: `${year}-${pad2(month)}-${pad2(dayOfMonth)}`,
      postcode: `${AREAS[i % AREAS.length]}${int(10, 39)} ${int(1, 9)}${letters()}`,
      laId: `QK${String(48_213_000 + i * 37).padStart(8, '0')}`,
      ni: `${niPrefixes[i % niPrefixes.length]}${String(int(100_000, 999_999))}${'ABCD'[i % 4]}`,
    });
  }
  return out;
}

/** Every string that identifies a person, in the forms a report could carry it. */
export function identifiersOf(p: Person): string[] {
  return [
    p.nhs,
    spaced(p.nhs),
    p.first,
    p.last,
    `${p.first} ${p.last}`,
    p.dob,
    p.dobIso,
    p.postcode,
    p.postcode.replace(' ', ''),
    p.laId,
    p.ni,
  ];
}

/** RFC 4180 CSV line (quoted only when needed). */
export function csvLine(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}
