/**
 * Synthetic exports full of real-looking personal data, with errors planted on the personal fields
 * themselves so the identifying values sit in failing cells (the cells a report talks about):
 *
 * - asc-cld@2: a CLD Release 2 CSV (rows from scripts/gen-cld.js, people replaced by ours) with NHS
 *   Numbers, names, dates of birth, postcodes, LA person ids and free text naming people, plus an
 *   extra column of notes that the standard does not know;
 * - dscr-mods-person: a JSON array of DSCR person records, with names and addresses in items the
 *   standard does not know;
 * - asc-wds: an ASC-WDS staff file (worker names, National Insurance numbers, dates of birth, home
 *   postcodes) with its workplace file.
 *
 * Everything is written to a temporary folder by the test; nothing here is committed data.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { repoRoot } from '../helpers/tmp.js';
import {
  csvLine,
  identifiersOf,
  nhsNumber,
  type Person,
  people,
  prng,
  spaced,
  withBadCheckDigit,
} from './synthetic.js';

export type Sensitivity = 'direct-identifier' | 'quasi-identifier';

/** A personal value planted in a cell that fails a rule. */
export interface Plant {
  /** 1-based record (data row / array element). */
  record: number;
  /** Field as the report names it. */
  field: string;
  /** The cell's value as written (for JSON: as the report renders it). */
  value: string;
  sensitivity: Sensitivity;
  /** Rule expected to fire on this cell. */
  rule: string;
  /**
   * Whether the finding carries the value at all under --show-values=all. Rules that compare two
   * fields or compute an age (compareFields, ageAt) never do.
   */
  valueShown: boolean;
  /** Strings that identify the person in this value (searched for in every report). */
  needles: string[];
}

export interface Scenario {
  name: string;
  /** Arguments for `validate` (inputs and --standard), without --format. */
  args: string[];
  /** Every identifying string in the input, planted or not. */
  needles: string[];
  /** NHS Numbers in the input, for the digit-run search. */
  nhsNumbers: string[];
  plants: Plant[];
}

interface Writer {
  write(rel: string, content: string): string;
}

type CldRows = (opts: { rows: number; seed: number; release: number }) => Iterable<string>;

async function genCld(): Promise<CldRows> {
  const mod = (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'gen-cld.js')).href)) as {
    cldRows: CldRows;
  };
  return mod.cldRows;
}

/** Picks data rows for plants: the first unused row (from `from`) that satisfies `ok`. */
function rowPicker(count: number) {
  const used = new Set<number>();
  return (ok: (i: number) => boolean, from = 0): number => {
    for (let i = from; i < count; i++) {
      if (!used.has(i) && ok(i)) {
        used.add(i);
        return i;
      }
    }
    throw new Error('no row left to plant on');
  };
}

// ---------------------------------------------------------------------------------------------
// CLD Release 2 (CSV)
// ---------------------------------------------------------------------------------------------

export const CLD_EXTRA_COLUMN = 'Keyworker Notes';

export async function cldScenario(t: Writer): Promise<Scenario> {
  const cldRows = await genCld();
  const lines = [...cldRows({ rows: 90, seed: 31, release: 2 })];
  const table = parse(lines.join('\n'), { relax_quotes: false }) as string[][];
  const header = table[0] ?? [];
  const rows = table.slice(1);
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`no column ${name}`);
    return i;
  };
  const C = {
    nhs: col('NHS Number'),
    la: col('LA Person Unique Identifier'),
    first: col('First Name'),
    last: col('Last Name'),
    dob: col('Date of Birth'),
    postcode: col('Postcode'),
    desc: col('Event Description'),
    linked: [
      col('Adult 1 Linked Person_ID'),
      col('Adult 2 Linked Person_ID'),
      col('Adult 3 Linked Person_ID'),
    ],
  };

  // One of our people for each person id the generator used (own rows and carers' links).
  const ids: string[] = [];
  for (const r of rows) {
    for (const c of [C.la, ...C.linked]) {
      const v = r[c] ?? '';
      if (v !== '' && !ids.includes(v)) ids.push(v);
    }
  }
  const folk = people(ids.length, 2026);
  const byId = new Map(ids.map((id, i) => [id, folk[i] as Person]));
  const dobYear = new Map<Person, string>();
  const personAt: Person[] = [];

  for (const r of rows) {
    const p = byId.get(r[C.la] ?? '');
    if (!p) throw new Error('row without a person id');
    personAt.push(p);
    const year = (r[C.dob] ?? '').slice(6);
    if (!dobYear.has(p)) {
      // Keep the generator's year (ages drive its choices); the day and month are ours.
      dobYear.set(p, year);
      p.dob = `${p.dob.slice(0, 6)}${year}`;
      p.dobIso = `${year}${p.dobIso.slice(4)}`;
    }
    if ((r[C.nhs] ?? '') !== '') r[C.nhs] = p.nhs;
    r[C.la] = p.laId;
    if ((r[C.first] ?? '') !== '') r[C.first] = p.first;
    if ((r[C.last] ?? '') !== '') r[C.last] = p.last;
    r[C.dob] = p.dob;
    r[C.postcode] = p.postcode;
    if ((r[C.desc] ?? '') !== '') r[C.desc] = `${r[C.desc]}: ${p.first} ${p.last} seen at home`;
    for (const c of C.linked) {
      const v = r[c] ?? '';
      if (v !== '') r[c] = byId.get(v)?.laId ?? v;
    }
    r.push(`${p.first} ${p.last} prefers morning calls`);
  }
  header.push(CLD_EXTRA_COLUMN);

  const plants: Plant[] = [];
  const pick = rowPicker(rows.length);
  const has = (c: number) => (i: number) => (rows[i]?.[c] ?? '') !== '';
  const personOf = (i: number): Person => personAt[i] as Person;
  const plant = (
    i: number,
    c: number,
    value: string,
    sensitivity: Sensitivity,
    rule: string,
    needles: string[],
    valueShown = true,
  ) => {
    (rows[i] as string[])[c] = value;
    plants.push({
      record: i + 1,
      field: header[c] as string,
      value,
      sensitivity,
      rule,
      valueShown,
      needles,
    });
  };
  const rand = prng(77);

  // NHS Numbers: bad check digit in the 999 test range and in the 4xx/6xx/7xx ranges, 3-3-4 form, 11 digits.
  for (const prefix of ['999', '451', '999', '703']) {
    const bad = withBadCheckDigit(nhsNumber(rand, prefix));
    plant(pick(has(C.nhs), 2), C.nhs, bad, 'direct-identifier', 'schema/format', [bad, spaced(bad)]);
  }
  {
    const i = pick(has(C.nhs), 10);
    const good = personOf(i).nhs;
    plant(i, C.nhs, spaced(good), 'direct-identifier', 'cld/nhs-number-spaces', [good, spaced(good)]);
  }
  {
    const eleven = `${nhsNumber(rand, '612')}4`;
    plant(pick(has(C.nhs), 12), C.nhs, eleven, 'direct-identifier', 'schema/format', [eleven]);
  }
  // Dates of birth: impossible, in the future, implausibly old (the last two carry no value).
  plant(pick(has(C.dob), 5), C.dob, '31/02/1941', 'quasi-identifier', 'schema/format', ['31/02/1941']);
  plant(
    pick(has(C.dob), 6),
    C.dob,
    '14/07/2031',
    'quasi-identifier',
    'cld/future-date',
    ['14/07/2031'],
    false,
  );
  plant(
    pick(has(C.dob), 7),
    C.dob,
    '03/03/1899',
    'quasi-identifier',
    'cld/age-over-114',
    ['03/03/1899'],
    false,
  );
  // Postcodes: incomplete, and one with a letter no outward code starts with.
  plant(pick(has(C.postcode), 8), C.postcode, 'WV14 7Q', 'quasi-identifier', 'schema/format', ['WV14 7Q']);
  plant(pick(has(C.postcode), 9), C.postcode, 'QX9 4HJ', 'quasi-identifier', 'schema/format', ['QX9 4HJ']);
  // Names and free text with formula characters, names with stray spaces.
  {
    const i = pick(has(C.first), 3);
    const p = personOf(i);
    plant(i, C.first, `=${p.first}`, 'direct-identifier', 'value/formula', [p.first]);
  }
  {
    const i = pick(has(C.last), 4);
    const p = personOf(i);
    plant(i, C.last, `+${p.last}`, 'direct-identifier', 'value/formula', [p.last]);
  }
  {
    const i = pick(has(C.last), 14);
    const p = personOf(i);
    plant(i, C.last, `@${p.last}`, 'direct-identifier', 'value/formula', [p.last]);
  }
  {
    const i = pick(has(C.first), 15);
    const p = personOf(i);
    plant(i, C.first, `${p.first} `, 'direct-identifier', 'value/whitespace', [p.first]);
  }
  {
    const i = pick(has(C.desc), 16);
    const p = personOf(i);
    const text = `=${p.first} ${p.last} fell at home`;
    plant(i, C.desc, text, 'direct-identifier', 'value/formula', [p.first, p.last]);
  }
  {
    const i = pick(has(C.desc), 17);
    const p = personOf(i);
    const text = `-${p.first} ${p.last} declined the visit`;
    plant(i, C.desc, text, 'direct-identifier', 'value/formula', [p.first, p.last]);
  }
  {
    const i = pick(() => true, 18);
    const p = personOf(i);
    plant(i, C.la, ` ${p.laId}`, 'direct-identifier', 'value/whitespace', [p.laId]);
  }

  const file = t.write(
    'cld/cld-r2-people.csv',
    `${[csvLine(header), ...rows.map((r) => csvLine(r))].join('\n')}\n`,
  );
  return {
    name: 'asc-cld@2 (CSV)',
    args: [file, '--standard', 'asc-cld@2'],
    needles: [...folk.flatMap(identifiersOf), ...plants.flatMap((p) => p.needles)],
    nhsNumbers: [
      ...folk.map((p) => p.nhs),
      ...plants.filter((p) => p.field === 'NHS Number').map((p) => p.value),
    ],
    plants,
  };
}

// ---------------------------------------------------------------------------------------------
// DSCR MODS person demographics (JSON)
// ---------------------------------------------------------------------------------------------

export async function dscrScenario(t: Writer): Promise<Scenario> {
  const folk = people(16, 4102);
  const rand = prng(5);
  const genders = ['1', '2', '1', '2', 'X', 'Z'];
  const ethnicities = ['A', 'B', 'J', 'N', 'R', 'Z', '99'];
  const records: Array<Record<string, unknown>> = folk.map((p, i) => ({
    nhsNumber: i % 3 === 1 ? spaced(p.nhs) : p.nhs,
    dateOfBirth: p.dobIso,
    genderIdentity: genders[i % genders.length],
    ethnicity: ethnicities[i % ethnicities.length],
    sexualOrientation: i % 2 ? 'Not stated' : 'Heterosexual or straight',
    firstLanguage: 'en',
    interpreterRequired: 'No',
    // Items the standard does not know: reported as a warning (mods/unknown-item).
    givenName: p.first,
    familyName: p.last,
    homePostcode: p.postcode,
  }));
  const plants: Plant[] = [];
  const plant = (
    i: number,
    field: string,
    value: unknown,
    shown: string,
    sensitivity: Sensitivity,
    rule: string,
    needles: string[],
    valueShown = true,
  ) => {
    (records[i] as Record<string, unknown>)[field] = value;
    plants.push({ record: i + 1, field, value: shown, sensitivity, rule, valueShown, needles });
  };
  for (const [i, prefix] of [
    [1, '999'],
    [3, '466'],
    [5, '789'],
  ] as const) {
    const bad = withBadCheckDigit(nhsNumber(rand, prefix));
    plant(i, 'nhsNumber', bad, bad, 'direct-identifier', 'schema/format', [bad, spaced(bad)]);
  }
  {
    const bad = spaced(withBadCheckDigit(nhsNumber(rand, '999')));
    plant(7, 'nhsNumber', bad, bad, 'direct-identifier', 'schema/format', [bad, bad.replace(/ /g, '')]);
  }
  {
    // A number, not text: the type check fires and the value is rendered as JSON.
    const n = (folk[9] as Person).nhs;
    plant(9, 'nhsNumber', Number(n), n, 'direct-identifier', 'schema/type', [n, spaced(n)]);
  }
  plant(2, 'dateOfBirth', '1951-02-30', '1951-02-30', 'quasi-identifier', 'schema/format', ['1951-02-30']);
  plant(
    4,
    'dateOfBirth',
    '2031-07-14',
    '2031-07-14',
    'quasi-identifier',
    'record/compare',
    ['2031-07-14'],
    false,
  );
  plant(6, 'dateOfBirth', '14/03/1937', '14/03/1937', 'quasi-identifier', 'schema/format', ['14/03/1937']);
  {
    const p = folk[8] as Person;
    // Date of death before birth: compares two fields, so no value is ever attached.
    (records[8] as Record<string, unknown>)['dateOfDeath'] = '1921-06-02';
    plants.push({
      record: 9,
      field: 'dateOfDeath',
      value: '1921-06-02',
      sensitivity: 'quasi-identifier',
      rule: 'record/compare',
      valueShown: false,
      needles: ['1921-06-02', p.dobIso],
    });
  }
  const file = t.write('dscr/persons.json', `${JSON.stringify(records, null, 2)}\n`);
  return {
    name: 'dscr-mods-person (JSON)',
    args: [file, '--standard', 'dscr-mods-person'],
    needles: [...folk.flatMap(identifiersOf), ...plants.flatMap((p) => p.needles)],
    nhsNumbers: [
      ...folk.map((p) => p.nhs),
      ...plants.filter((p) => p.field === 'nhsNumber').map((p) => p.value),
    ],
    plants,
  };
}

// ---------------------------------------------------------------------------------------------
// ASC-WDS staff file (CSV) with its workplace file
// ---------------------------------------------------------------------------------------------

const WDS_HEADER =
  'LOCALESTID,UNIQUEWORKERID,STATUS,DISPLAYID,NINUMBER,POSTCODE,DOB,GENDER,ETHNICITY,NATIONALITY,BRITISHCITIZENSHIP,COUNTRYOFBIRTH,YEAROFENTRY,DISABLED,CARECERT,L2CARECERT,RECSOURCE,HANDCVISA,INOUTUK,STARTDATE,STARTINSECT,DHA,APPRENTICE,EMPLSTATUS,ZEROHRCONT,DAYSSICK,SALARYINT,SALARY,HOURLYRATE,MAINJOBROLE,MAINJRDESC,CONTHOURS,AVGHOURS,NMCREG,AMHP,SCQUAL,NONSCQUAL,CWPCATEGORY,QUALACH01,QUALACH01NOTES,QUALACH02,QUALACH02NOTES,QUALACH03,QUALACH03NOTES';

export async function wdsScenario(t: Writer, workplaceCsv: string): Promise<Scenario> {
  const folk = people(14, 1050);
  const header = WDS_HEADER.split(',');
  const c = (name: string) => header.indexOf(name);
  const rows = folk.map((p, i) => {
    const r = new Array<string>(header.length).fill('');
    r[c('LOCALESTID')] = 'HQ001';
    r[c('UNIQUEWORKERID')] = `W${String(101 + i)}`;
    r[c('STATUS')] = 'NEW';
    r[c('DISPLAYID')] = `${p.first} ${p.last}`;
    r[c('NINUMBER')] =
      i % 2
        ? `${p.ni.slice(0, 2)} ${p.ni.slice(2, 4)} ${p.ni.slice(4, 6)} ${p.ni.slice(6, 8)} ${p.ni.slice(8)}`
        : p.ni;
    r[c('POSTCODE')] = p.postcode;
    // Workers are 27 to 66 years old on the pinned date; our people's years are 1930-1999.
    r[c('DOB')] = `${p.dob.slice(0, 6)}${1960 + (Number(p.dob.slice(6)) % 40)}`;
    r[c('GENDER')] = String(1 + (i % 2));
    r[c('ETHNICITY')] = '31';
    r[c('NATIONALITY')] = '826';
    r[c('COUNTRYOFBIRTH')] = '826';
    r[c('DISABLED')] = '0';
    r[c('CARECERT')] = '1';
    r[c('STARTDATE')] = '01/04/2015';
    r[c('STARTINSECT')] = '2005';
    r[c('EMPLSTATUS')] = '1';
    r[c('ZEROHRCONT')] = '2';
    r[c('SALARYINT')] = '1';
    r[c('SALARY')] = '52000';
    r[c('MAINJOBROLE')] = '1';
    r[c('CONTHOURS')] = '37.5';
    r[c('SCQUAL')] = '1;5';
    r[c('NONSCQUAL')] = '2';
    return r;
  });
  // Each person's worker DOB is what identifies them in this file.
  const dobs = rows.map((r) => r[c('DOB')] as string);
  const plants: Plant[] = [];
  const plant = (
    i: number,
    field: string,
    value: string,
    sensitivity: Sensitivity,
    rule: string,
    needles: string[],
    valueShown = true,
  ) => {
    (rows[i] as string[])[c(field)] = value;
    plants.push({ record: i + 1, field, value, sensitivity, rule, valueShown, needles });
  };
  const p = (i: number) => folk[i] as Person;
  plant(1, 'NINUMBER', `${p(1).ni.slice(0, 7)}${p(1).ni.slice(8)}`, 'direct-identifier', 'schema/pattern', [
    `${p(1).ni.slice(0, 7)}${p(1).ni.slice(8)}`,
  ]);
  plant(2, 'NINUMBER', `DQ${p(2).ni.slice(2)}`, 'direct-identifier', 'schema/format', [
    `DQ${p(2).ni.slice(2)}`,
  ]);
  plant(3, 'NINUMBER', `${p(3).ni.slice(0, 8)}7${p(3).ni.slice(8)}`, 'direct-identifier', 'schema/pattern', [
    `${p(3).ni.slice(0, 8)}7${p(3).ni.slice(8)}`,
  ]);
  plant(4, 'POSTCODE', p(4).postcode.replace(' ', ''), 'quasi-identifier', 'schema/pattern', [
    p(4).postcode.replace(' ', ''),
  ]);
  plant(5, 'DOB', '31/02/1975', 'quasi-identifier', 'schema/format', ['31/02/1975']);
  plant(6, 'DOB', '14/07/2019', 'quasi-identifier', 'record/age', ['14/07/2019'], false);
  {
    const long = `${p(7).first} ${p(7).last} of Blenkinsop Farm Cottage Upper Wolds`;
    plant(7, 'DISPLAYID', long, 'direct-identifier', 'schema/maxLength', [p(7).first, p(7).last, long]);
  }
  // The same worker twice (a key finding names the other record, never the key's value).
  (rows[9] as string[])[c('UNIQUEWORKERID')] = rows[8]?.[c('UNIQUEWORKERID')] ?? 'W109';

  const staff = t.write(
    'wds/staff-people.csv',
    `${[header.join(','), ...rows.map((r) => csvLine(r))].join('\n')}\n`,
  );
  const workplace = t.write('wds/workplace.csv', workplaceCsv);
  return {
    name: 'asc-wds (staff CSV)',
    args: [workplace, staff, '--standard', 'asc-wds'],
    needles: [
      ...folk.flatMap((q) => [
        q.first,
        q.last,
        `${q.first} ${q.last}`,
        q.ni,
        q.postcode,
        q.postcode.replace(' ', ''),
      ]),
      ...folk.map(
        (q) =>
          `${q.ni.slice(0, 2)} ${q.ni.slice(2, 4)} ${q.ni.slice(4, 6)} ${q.ni.slice(6, 8)} ${q.ni.slice(8)}`,
      ),
      ...dobs,
      ...plants.flatMap((q) => q.needles),
    ],
    nhsNumbers: [],
    plants,
  };
}
