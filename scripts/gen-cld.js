#!/usr/bin/env node
/**
 * Deterministic synthetic Adult Social Care Client Level Data (CLD) rows, Release 1 or Release 2.
 *
 *   node scripts/gen-cld.js --rows 1000 --seed 1 --release 2 [--out file.csv]
 *                           [--underscore-headers] [--crlf] [--la 503]
 *
 * Library use:
 *
 *   import { cldRows } from './scripts/gen-cld.js';
 *   for (const line of cldRows({ rows: 1000, seed: 1, release: 2 })) out.write(line + '\n');
 *
 * `cldRows` yields CSV lines WITHOUT a line terminator: the header first, then exactly `rows` data
 * rows. Same options, same bytes, on every machine (a seeded mulberry32 PRNG; no clock, no
 * Math.random). Memory stays bounded whatever the row count: rows are produced person by person and
 * only a small ring of recent service-user ids is kept (for carers' linked person ids).
 *
 * What the rows look like (standards/asc-cld/<version>/README.md has the rules):
 * - all 50 columns of the CLD specification, in order, headers as written in a submitted file;
 * - one row per event; person details repeated on every row of a person; mostly Service events, plus
 *   Requests, Assessments and Reviews; unpaid carers and carers known by association (no event);
 * - every row is valid under the matching bundled standard (asc-cld@1.0.0 or asc-cld@2.0.0) with no
 *   errors and no warnings: conditional mandation, the cost rule, dates in the reporting period;
 * - code values are those the reference marks SEEN / SEEN-2nd for the release. Where the reference
 *   found no Release 2 wording (Request: Route of Access, Method of Review, the "Planned" Review
 *   Reason, Review Outcomes Achieved) the Release 1 wording is used, and Method of Assessment (no
 *   list found for either release) carries a placeholder ('Face to face' / 'Telephone'): the
 *   standard does not check those values. Optional fields whose lists are unverified (Autism Spectrum
 *   Disorder, Dementia, Eligible Needs Identified, Total Hrs Caring per week) are left blank;
 * - NHS Numbers are in the 999 test range (never issued to anyone) with a correct Modulus 11 check
 *   digit; names come from a tiny list; postcodes are well formed but made up.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------------------------------------
// Columns (reference §1.3: "Header (file)" and "Underscore name (DB)", in specification order)
// ---------------------------------------------------------------------------------------------

export const CLD_COLUMNS = [
  ['LA Code', 'LA_Code'],
  ['Reporting Period Start Date', 'Reporting_Period_Start_Date'],
  ['Reporting Period End Date', 'Reporting_Period_End_Date'],
  ['NHS Number', 'NHS_Number'],
  ['LA Person Unique Identifier', 'LA_Person_Unique_Identifier'],
  ['First Name', 'First_Name'],
  ['Last Name', 'Last_Name'],
  ['GP Practice Name', 'GP_Practice_Name'],
  ['GP Practice Code', 'GP_Practice_Code'],
  ['Gender', 'Gender'],
  ['Ethnicity', 'Ethnicity'],
  ['Date of Birth', 'Date_of_Birth'],
  ['Date of Death', 'Date_of_Death'],
  ['Client Type', 'Client_Type'],
  ['Primary Support Reason', 'Primary_Support_Reason'],
  ['Postcode', 'Postcode'],
  ['Accommodation Status', 'Accommodation_Status'],
  ['Employment Status', 'Employment_Status'],
  ['Has Unpaid Carer', 'Has_Unpaid_Carer'],
  ['Autism Spectrum Disorder (ASD)', 'Autism_Spectrum_Disorder_ASD'],
  ['Visual Impairment', 'Visual_Impairment'],
  ['Hearing Impairment', 'Hearing_Impairment'],
  ['Dementia', 'Dementia'],
  ['Client Funding Status', 'Client_Funding_Status'],
  ['Event Type', 'Event_Type'],
  ['Event Reference', 'Event_Reference'],
  ['Event Start Date', 'Event_Start_Date'],
  ['Event End Date', 'Event_End_Date'],
  ['Event Description', 'Event_Description'],
  ['Event Outcome', 'Event_Outcome'],
  ['Request: Route of Access', 'Request_Route_of_Access'],
  ['Assessment Type', 'Assessment_Type'],
  ['Eligible Needs Identified', 'Eligible_Needs_Identified'],
  ['Method of Assessment', 'Method_of_Assessment'],
  ['Total Hrs Caring per week', 'Total_Hrs_Caring_per_week'],
  ['No. of adults being cared for', 'No_of_adults_being_cared_for'],
  ['Adult 1 Linked Person_ID', 'Adult_1_Linked_Person_ID'],
  ['Adult 2 Linked Person_ID', 'Adult_2_Linked_Person_ID'],
  ['Adult 3 Linked Person_ID', 'Adult_3_Linked_Person_ID'],
  ['Service Type', 'Service_Type'],
  ['Service Component', 'Service_Component'],
  ['Delivery Mechanism', 'Delivery_Mechanism'],
  ['Provider CQC Location Name', 'Provider_CQC_Location_Name'],
  ['Provider CQC Location ID', 'Provider_CQC_Location_ID'],
  ['Review Reason', 'Review_Reason'],
  ['Review Outcomes Achieved', 'Review_Outcomes_Achieved'],
  ['Method of Review', 'Method_of_Review'],
  ['Unit Cost', 'Unit_Cost'],
  ['Cost Frequency (Unit Type)', 'Cost_Frequency_Unit_Type'],
  ['Planned units per week', 'Planned_units_per_week'],
];

export const CLD_HEADERS = CLD_COLUMNS.map((c) => c[0]);
export const CLD_UNDERSCORE_HEADERS = CLD_COLUMNS.map((c) => c[1]);
const COL = new Map(CLD_HEADERS.map((h, i) => [h, i]));
function set(row, name, value) {
  row[COL.get(name)] = value;
}

// ---------------------------------------------------------------------------------------------
// Code values per release (reference §1.5; only SEEN / SEEN-2nd values, see the header comment)
// ---------------------------------------------------------------------------------------------

const ETHNICITY_KEYS = [
  // [weight, R1 value, R2 value]
  [
    780,
    'White - English, Welsh, Scottish, Northern Irish or British',
    'White: English, Welsh, Scottish, Northern Irish or British',
  ],
  [15, 'White - Irish', 'White: Irish'],
  [5, 'White - Gypsy or Irish Traveller', 'White: Gypsy or Irish Traveller'],
  [3, 'White - Roma', 'White: Roma'],
  [40, 'White - Any other White background', 'White: Any other White background'],
  [
    6,
    'Mixed or multiple ethnic groups - White and Black Caribbean',
    'Mixed or multiple ethnic groups: White and Black Caribbean',
  ],
  [
    3,
    'Mixed or multiple ethnic groups - White and Black African',
    'Mixed or multiple ethnic groups: White and Black African',
  ],
  [
    4,
    'Mixed or multiple ethnic groups - White and Asian',
    'Mixed or multiple ethnic groups: White and Asian',
  ],
  [
    3,
    'Mixed or multiple ethnic groups - Any other Mixed or multiple ethnic background',
    'Mixed or multiple ethnic groups: Any other Mixed or multiple ethnic background',
  ],
  [20, 'Asian or Asian British - Indian', 'Asian or Asian British: Indian'],
  [12, 'Asian or Asian British - Pakistani', 'Asian or Asian British: Pakistani'],
  [5, 'Asian or Asian British - Bangladeshi', 'Asian or Asian British: Bangladeshi'],
  [4, 'Asian or Asian British - Chinese', 'Asian or Asian British: Chinese'],
  [
    6,
    'Asian or Asian British - Any other Asian background',
    'Asian or Asian British: Any other Asian background',
  ],
  [
    8,
    'Black, Black British, Caribbean or African - Caribbean',
    'Black, Black British, Caribbean or African: Caribbean',
  ],
  [
    8,
    'Black, Black British, Caribbean or African - African',
    'Black, Black British, Caribbean or African: African',
  ],
  [
    2,
    'Black, Black British, Caribbean or African - Any other Black, Black British or Caribbean background',
    'Black, Black British, Caribbean or African: Any other Black, Black British or Caribbean background',
  ],
  [2, 'Other ethnic group - Arab', 'Other ethnic group: Arab'],
  [5, 'Other ethnic group - Any other ethnic group', 'Other ethnic group: Any other ethnic group'],
  [10, 'No data - Refused', 'No data: Refused'],
  [40, 'No data - Undeclared or Not known', 'No data: Undeclared or not known'],
];

const PSR = {
  // key: [R1, R2]
  access: ['Physical Support: Access & mobility only', 'Physical support: Access and mobility only'],
  personal: ['Physical Support: Personal care support', 'Physical support: Personal care support'],
  visual: [
    'Sensory Support: Support for visual impairment',
    'Sensory support: Support for visual impairment',
  ],
  hearing: [
    'Sensory Support: Support for hearing impairment',
    'Sensory support: Support for hearing impairment',
  ],
  dual: ['Sensory Support: Support for dual impairment', 'Sensory support: Support for dual impairment'],
  memory: ['Support with Memory & Cognition', 'Support with memory and cognition'],
  ld: ['Learning Disability Support', 'Learning disability support'],
  mh: ['Mental Health Support', 'Mental health support'],
  substance: ['Social Support: Substance misuse support', 'Social support: Substance misuse support'],
  asylum: ['Social Support: Asylum seeker support', 'Social support: Asylum seeker support'],
  isolation: [
    'Social Support: Support for Social Isolation/Other',
    'Social support: Support for social isolation or other',
  ],
  carer: ['Social Support: Support to Carer', 'Social support: Support to unpaid carer'],
  unknown: ['Unknown', 'Unknown'],
};
const PSR_WEIGHTS = [
  [520, 'personal'],
  [90, 'access'],
  [110, 'memory'],
  [110, 'ld'],
  [90, 'mh'],
  [12, 'visual'],
  [8, 'hearing'],
  [3, 'dual'],
  [10, 'substance'],
  [4, 'asylum'],
  [25, 'isolation'],
  [18, 'unknown'],
];

const ACCOMMODATION = {
  owner: ['Owner occupier or shared ownership scheme', 'Owner occupier or shared ownership scheme'],
  privateTenant: ['Tenant - private landlord', 'Tenant: Private landlord'],
  family: [
    'Settled mainstream housing with family / friends',
    'Settled mainstream housing with family or friends',
  ],
  supported: [
    'Supported accommodation / supported lodgings / supported group home',
    'Supported accommodation, supported lodgings or supported group home',
  ],
  sharedLives: ['Shared Lives scheme', 'Shared Lives scheme'],
  sheltered: [
    'Sheltered housing / extra care housing / other sheltered housing',
    'Sheltered housing, extra care housing or other sheltered housing',
  ],
  careHome: ['Registered care home', 'Registered care home'],
  nursingHome: ['Registered nursing home', 'Registered nursing home'],
  unknown: ['Unknown', 'Unknown'],
};
// (R1 "Tenant" for social housing is left out: the reference's R1 label for it is "likely abbreviated".)
const COMMUNITY_ACCOMMODATION = [
  [420, 'owner'],
  [120, 'privateTenant'],
  [220, 'family'],
  [90, 'supported'],
  [15, 'sharedLives'],
  [80, 'sheltered'],
  [20, 'unknown'],
];

const EMPLOYMENT = {
  under16: ['Paid: Less than 16 hours a week', 'Paid: Less than 16 hours a week'],
  over16: ['Paid: 16 or more hours a week', 'Paid: 16 or more hours a week'],
  seeking: ['Not in Paid Employment (seeking work)', 'Not in paid employment: Seeking work'],
  notSeeking: [
    'Not in Paid Employment (not actively seeking work / retired)',
    'Not in paid employment: Not actively seeking work or retired',
  ],
  voluntary: ['Not in Paid Employment (voluntary work only)', 'Not in paid employment: Voluntary work only'],
  unknown: ['Unknown', 'Unknown'],
};
const EMPLOYMENT_WEIGHTS = [
  [6, 'under16'],
  [3, 'over16'],
  [8, 'seeking'],
  [60, 'notSeeking'],
  [8, 'voluntary'],
  [15, 'unknown'],
];

const CLIENT_TYPE = {
  su: ['Service User', 'Service user'],
  carer: ['Carer', 'Unpaid carer'],
  ckba: ['Carer known by association', 'Unpaid carer known by association'],
};

// Client Funding Status: Release 2 wording is SEEN; no Release 1 wording was seen, so both releases use it.
const FUNDING_WEIGHTS = [
  [60, 'Fully social care funded'],
  [30, 'Joint client and social care funded'],
  [4, 'Fully client funded'],
  [6, 'Unknown'],
];

// Visual / Hearing Impairment: Release 2 lists only (SEEN-2nd); Release 1 wording not seen (left blank).
const VISUAL_WEIGHTS = [
  [70, 'No visual impairment'],
  [6, 'Partial sight/sight impaired'],
  [3, 'Blind/severely sight impaired'],
  [21, 'Unknown'],
];
const HEARING_WEIGHTS = [
  [68, 'No hearing impairment'],
  [10, 'Hard of hearing'],
  [1, 'Deaf with speech'],
  [21, 'Unknown'],
];

const ROUTE_OF_ACCESS = [
  // Release 1 wording (SEEN-2nd); Release 2 wording not found, used for both releases.
  [55, 'Community / Other route'],
  [25, 'Discharge from Hospital'],
  [8, 'Diversion from Hospital Services'],
  [5, 'Planned Entry (Transition)'],
  [3, 'Self-Funder'],
  [2, 'Transfer from Other LA'],
  [2, 'Discharge from Reablement'],
];

const ASSESSMENT_TYPE = {
  long: ['Long Term Assessment', 'Long term assessment'],
  short: ['Short Term Assessment', 'Short term assessment'],
  // Release 2 wording of the financial assessment is INFERRED: Release 2 rows never use it.
  financial: ['Financial Assessment', null],
};

const SERVICE_TYPE = {
  stmax: ['Short Term Support: ST-Max', 'Short term support: ST-Max'],
  lowLevel: ['Short Term Support: Ongoing Low Level', 'Short term support: Ongoing low level'],
  otherShort: ['Short Term Support: Other Short Term', 'Short term support: Other short term'],
  nursing: ['Long Term Support: Nursing Care', 'Long term support: Nursing care'],
  residential: ['Long Term Support: Residential Care', 'Long term support: Residential care'],
  community: ['Long Term Support: Community', 'Long term support: Community'],
  carerDirect: ['Carer Support: Direct to Carer', 'Unpaid carer support: Direct to unpaid carer'],
  carerInvolving: [
    'Carer Support: Support involving the person cared-for',
    'Unpaid carer support: Support involving the person cared-for',
  ],
};

// Release 1 components are limited to the values seen in NHSE/DHSC SQL, plus the two V5 long-term
// care components (R1 wording INFERRED from V5, accepted by asc-cld@1.0.0).
const SERVICE_COMPONENT = {
  reablement: ['Reablement', 'Reablement'],
  stNursing: ['Short Term Nursing Care', 'Short term nursing care'],
  stResidential: ['Short Term Residential Care', 'Short term residential care'],
  ltNursing: ['Long Term Nursing Care', 'Long term nursing care'],
  ltResidential: ['Long Term Residential Care', 'Long term residential care'],
  home: ['Home Support', 'Home support or domiciliary care'],
  equipment: ['Equipment', 'Equipment'],
  directPayment: ['Direct Payment', 'Direct payment'],
  sharedLives: ['Shared Lives', 'Shared Lives'],
  supportedLiving: ['Community Supported Living', 'Community supported living'],
  extraCare: ['Extra care housing', 'Extra care housing'],
  respite: ['Carer Respite', 'Unpaid carer respite'],
};

const DELIVERY = {
  dp: ['Direct Payment', 'Direct payment'],
  managed: ['CASSR Managed Personal Budget', 'CASSR managed personal budget'],
  commissioned: ['CASSR Commissioned Support', 'CASSR commissioned support'],
};

const OUTCOME = {
  toAssessment: ['Progress to Assessment', 'Progress to assessment, review or reassessment'],
  toReablement: ['Progress to Reablement/ST-Max', 'Progress to reablement/ST-Max'],
  toServices: ['Progress to Support Planning / Services', 'Progress to support planning or services'],
  advice: ['NFA - Information & Advice / Signposting only', 'NFA: Information and advice or signposting'],
  declined: ['NFA - Support declined', 'NFA: Support declined'],
  noServices: ['NFA - No services offered: Other reason', 'NFA: No services offered for other reason'],
  ongoing: ['Provision of service', 'Continuation of support or services'],
  noChange: ['No change in package', 'Continuation of support or services'],
  endedPlanned: ['Service ended as planned', 'NFA: Support ended as planned'],
  endedOther: ['NFA - Support ended: Other reason', 'NFA: Support ended for other reason'],
  hospital: ['Admitted to hospital', 'Admitted to hospital'],
  deceased: ['NFA - Deceased', 'NFA: Deceased'],
};

// Release 1 wording; Release 2 starts "Planned…" (DHSC) but its exact wording was not found.
const REVIEW_PLANNED = 'Planned';
// Release 2 only (SEEN in DHSC GetDerivedFields).
const REVIEW_SHORT_TERM_R2 = 'Review of short term support';
const REVIEW_OUTCOMES = [
  [60, 'Fully Met'],
  [32, 'Partially Met'],
  [8, 'Not Met'],
];

const FIRST_NAMES = {
  Female: [
    'Mary',
    'Margaret',
    'Patricia',
    'Joan',
    'Aisha',
    'Priya',
    'Sian',
    'Grace',
    'Olivia',
    'Zofia',
    'Ellen',
  ],
  Male: [
    'John',
    'David',
    'Peter',
    'Mohammed',
    'Arjun',
    'Kwame',
    'Tomasz',
    'Gareth',
    'Liam',
    'George',
    'Sean',
  ],
};
const LAST_NAMES = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  "O'Neill",
  'Khan',
  'Patel',
  'Okafor',
  'Nowak',
  'Evans',
  'Walker-Hughes',
  'Wright',
  'Begum',
  'Murphy',
  'Hall',
];
const GP_PRACTICES = [
  ['Riverside Medical Practice', 'C83001'],
  ['Castle Hill Surgery', 'C83014'],
  ['Abbey Road Health Centre', 'C83027'],
  ['Marsh Lane Surgery, Boston', 'C83040'],
  ['The Willows Medical Centre', 'C83052'],
  ['Minster Practice', 'C83066'],
];
// Made-up providers; the location ids follow the CQC pattern (§4.4) but are synthetic.
const PROVIDERS_RESIDENTIAL = [
  ['Meadow View Care Home', '1-101000101'],
  ['Elm Court Residential Home', '1-101000202'],
  ['The Beeches, Sleaford', '1-101000303'],
];
const PROVIDERS_NURSING = [
  ["St Anne's Nursing Home", '1-101000404'],
  ['Fenview Nursing Centre', '1-101000505'],
];
const PROVIDERS_HOME = [
  ['Lincoln Home Care Services', '1-101000606'],
  ['Bright Days Care Ltd', '1-101000707'],
  ['Wolds Community Care, North', '1-101000808'],
];
const POSTCODE_OUTWARDS = [
  'LN1',
  'LN2',
  'LN4',
  'LN6',
  'LN11',
  'PE10',
  'PE11',
  'PE12',
  'PE21',
  'PE25',
  'NG31',
  'NG34',
  'DN21',
];
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG; `seed` any integer. Returns floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** NHS Number Modulus 11 check digit of nine digits (reference §4.1); null when it would be 10. */
export function nhsCheckDigit(nine) {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  return check === 10 ? null : check;
}

const DAY_MS = 86400000;
/** Day number (days since 1970-01-01, UTC) of a calendar date. */
function day(y, m, d) {
  return Date.UTC(y, m - 1, d) / DAY_MS;
}
function ymd(n) {
  const dt = new Date(n * DAY_MS);
  return [dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()];
}
/** dd/mm/yyyy, the CLD date form (reference §1.3 "Date format"). */
function fmtDate(n) {
  const [y, m, d] = ymd(n);
  return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
}
/** The same calendar day `years` earlier (29 February → 28 February). */
function yearsBefore(n, years) {
  const [y, m, d] = ymd(n);
  const target = day(y - years, m, d);
  return ymd(target)[1] === m ? target : day(y - years, m, 28);
}

/** One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(value) {
  if (value === '' || !/[",\r\n]/.test(value)) return value;
  return `"${value.replaceAll('"', '""')}"`;
}

function money(n) {
  return n.toFixed(2);
}

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

const PERIODS = {
  // Release 1: the first full rolling year of mandatory collection (Q4 2023/24 submission).
  1: { start: day(2023, 4, 1), end: day(2024, 3, 31) },
  // Release 2: rolling 12 months of the Q2 2026/27 submission.
  2: { start: day(2025, 10, 1), end: day(2026, 9, 30) },
};

/**
 * Synthetic CLD rows as CSV lines (no line terminators), header first.
 *
 * @param {object} options
 * @param {number} options.rows number of data rows (the header is not counted)
 * @param {number} [options.seed=1] PRNG seed: same seed, same rows
 * @param {1|2} [options.release=2] CLD release whose headers and code values to use
 * @param {boolean} [options.underscoreHeaders=false] write the database-style header names (LA_Code, …)
 * @param {string} [options.laCode='503'] 3-digit CASSR code written in LA Code
 * @returns {Generator<string>}
 */
export function* cldRows({ rows, seed = 1, release = 2, underscoreHeaders = false, laCode = '503' }) {
  if (!Number.isInteger(rows) || rows < 0) throw new RangeError('rows must be a whole number ≥ 0');
  if (release !== 1 && release !== 2) throw new RangeError('release must be 1 or 2');
  if (!/^[0-9]{3}$/.test(laCode)) throw new RangeError('laCode must be 3 digits');
  const r = release - 1; // index into [R1, R2] pairs
  const rand = mulberry32(seed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const chance = (p) => rand() < p;
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const weighted = (list) => {
    let total = 0;
    for (const [w] of list) total += w;
    let x = rand() * total;
    for (const item of list) {
      x -= item[0];
      if (x < 0) return item;
    }
    return list[list.length - 1];
  };
  const { start: pStart, end: pEnd } = PERIODS[release];
  const periodStart = fmtDate(pStart);
  const periodEnd = fmtDate(pEnd);

  yield (underscoreHeaders ? CLD_UNDERSCORE_HEADERS : CLD_HEADERS).map(csvField).join(',');

  let emitted = 0;
  let personIndex = 0;
  let eventCounter = 0;
  const recentServiceUsers = []; // ring of LA ids, for carers' linked person ids (bounded)

  while (emitted < rows) {
    personIndex++;
    // ---- person details ----------------------------------------------------------------------
    const kindRoll = rand();
    const kind = kindRoll < 0.84 ? 'su' : kindRoll < 0.97 ? 'carer' : 'ckba';
    const isSu = kind === 'su';
    // NHS Number: 999 test range, nine digits from a bijection of the person index, so no two
    // people share one; about 1 in 11 would need check digit 10 and is left blank (no NHS Number).
    const nine = `999${String((personIndex * 7919 + 104729) % 1000000).padStart(6, '0')}`;
    const check = nhsCheckDigit(nine);
    // (999999999 + check digit 9 would be the placeholder 9999999999: left blank too)
    const nhs = check === null || nine === '999999999' ? '' : `${nine}${check}`;
    const laId = `P${String(100000 + personIndex).padStart(7, '0')}`;
    const gender = chance(0.003) ? 'Unknown' : chance(isSu ? 0.6 : 0.68) ? 'Female' : 'Male';
    const first = pick(FIRST_NAMES[gender === 'Unknown' ? (chance(0.5) ? 'Female' : 'Male') : gender]);
    const last = pick(LAST_NAMES);
    const gp = chance(0.04) ? ['', 'V81999'] : pick(GP_PRACTICES);
    const ethnicity = weighted(ETHNICITY_KEYS)[1 + r];
    const age = isSu ? (chance(0.32) ? int(18, 64) : int(65, 101)) : int(25, 88);
    const dob = yearsBefore(pEnd, age) - int(0, 364);
    const dies = isSu && age >= 65 && chance(0.05);
    const dod = dies ? int(pStart + 40, pEnd) : null;
    const earliest = Math.max(yearsBefore(pStart, 4), yearsBefore(dob, -18));
    const lastDay = dod ?? pEnd;
    const psrKey = isSu ? weighted(PSR_WEIGHTS)[1] : 'carer';
    const postcode = `${pick(POSTCODE_OUTWARDS)} ${int(1, 9)}${pick(INWARD_LETTERS)}${pick(INWARD_LETTERS)}`;
    const employment =
      age < 65 && (psrKey === 'ld' || chance(0.6))
        ? EMPLOYMENT[weighted(EMPLOYMENT_WEIGHTS)[1]][r]
        : age >= 65 && chance(0.3)
          ? EMPLOYMENT.notSeeking[r]
          : '';
    const funding = isSu ? weighted(FUNDING_WEIGHTS)[1] : '';

    const base = new Array(CLD_HEADERS.length).fill('');
    set(base, 'LA Code', laCode);
    set(base, 'Reporting Period Start Date', periodStart);
    set(base, 'Reporting Period End Date', periodEnd);
    set(base, 'NHS Number', nhs);
    set(base, 'LA Person Unique Identifier', laId);
    set(base, 'First Name', first);
    set(base, 'Last Name', last);
    set(base, 'GP Practice Name', gp[0]);
    set(base, 'GP Practice Code', gp[1]);
    set(base, 'Gender', gender);
    set(base, 'Ethnicity', ethnicity);
    set(base, 'Date of Birth', fmtDate(dob));
    if (dod !== null) set(base, 'Date of Death', fmtDate(dod));
    set(base, 'Client Type', CLIENT_TYPE[kind][r]);
    set(base, 'Postcode', postcode);
    set(base, 'Employment Status', employment);
    set(base, 'Has Unpaid Carer', isSu ? (chance(0.45) ? 'Yes' : 'No') : 'No');
    if (isSu && release === 2) {
      set(base, 'Visual Impairment', chance(0.7) ? weighted(VISUAL_WEIGHTS)[1] : '');
      set(base, 'Hearing Impairment', chance(0.7) ? weighted(HEARING_WEIGHTS)[1] : '');
    }
    set(base, 'Client Funding Status', funding);
    if (!isSu) {
      set(base, 'No. of adults being cared for', '1');
      if (recentServiceUsers.length > 0) set(base, 'Adult 1 Linked Person_ID', pick(recentServiceUsers));
    }

    // ---- the person's events -------------------------------------------------------------------
    /** @type {Array<Record<string, string>>} */
    const events = [];
    let accommodationKey = weighted(COMMUNITY_ACCOMMODATION)[1];
    let requestOnly = false;

    const request = (start, outcome) => {
      const end = Math.min(start + int(0, 6), lastDay);
      events.push({
        'Event Type': 'Request',
        'Event Start Date': fmtDate(start),
        'Event End Date': fmtDate(end),
        'Event Description': pick([
          'Contact via front door',
          'Referral from hospital discharge team',
          'Telephone contact',
        ]),
        'Event Outcome': OUTCOME[outcome][r],
        'Request: Route of Access':
          kind === 'carer' ? 'Community / Other route' : weighted(ROUTE_OF_ACCESS)[1],
      });
      return end;
    };
    const assessment = (start, type, outcome) => {
      const end = Math.min(start + int(0, 21), lastDay);
      const ev = {
        'Event Type': 'Assessment',
        'Event Start Date': fmtDate(start),
        'Event End Date': fmtDate(end),
        'Event Description': type === 'financial' ? 'Financial assessment' : 'Care Act assessment',
        'Assessment Type': ASSESSMENT_TYPE[type][r],
      };
      if (type !== 'financial') {
        ev['Event Outcome'] = OUTCOME[outcome][r];
        ev['Method of Assessment'] = chance(0.8) ? 'Face to face' : 'Telephone';
      }
      events.push(ev);
      return end;
    };
    const service = (start, typeKey, componentKey, open) => {
      const ev = {
        'Event Type': 'Service',
        'Event Start Date': fmtDate(start),
        'Service Type': SERVICE_TYPE[typeKey][r],
        'Service Component': SERVICE_COMPONENT[componentKey][r],
      };
      // End: deceased → date of death; closed → within the period, on or after the start.
      let endKey = 'ongoing';
      if (dod !== null) {
        ev['Event End Date'] = fmtDate(dod);
        endKey = 'deceased';
      } else if (!open) {
        const from = Math.max(start, pStart);
        ev['Event End Date'] = fmtDate(int(from, Math.min(from + 120, pEnd)));
        endKey = typeKey === 'stmax' ? 'endedPlanned' : pick(['endedPlanned', 'endedOther', 'hospital']);
      }
      ev['Event Outcome'] = OUTCOME[endKey][r];
      let delivery;
      let unit;
      let frequency;
      let units;
      let provider = null;
      switch (componentKey) {
        case 'ltResidential':
          delivery = 'commissioned';
          unit = int(780, 1150);
          frequency = 'Weekly';
          units = 1;
          provider = pick(PROVIDERS_RESIDENTIAL);
          ev['Event Description'] = 'Permanent residential placement';
          break;
        case 'ltNursing':
          delivery = 'commissioned';
          unit = int(900, 1400);
          frequency = 'Weekly';
          units = 1;
          provider = pick(PROVIDERS_NURSING);
          ev['Event Description'] = 'Permanent nursing placement';
          break;
        case 'stResidential':
        case 'stNursing':
          delivery = 'commissioned';
          unit = int(110, 190);
          frequency = 'Daily';
          units = 7;
          provider = pick(componentKey === 'stNursing' ? PROVIDERS_NURSING : PROVIDERS_RESIDENTIAL);
          ev['Event Description'] = 'Short stay, step-down';
          break;
        case 'home':
          delivery = chance(0.8) ? 'commissioned' : 'managed';
          unit = int(2150, 2650) / 100;
          frequency = 'Hourly';
          units = int(14, 84) / 4;
          provider = pick(PROVIDERS_HOME);
          ev['Event Description'] = 'Home care package';
          break;
        case 'reablement':
          delivery = 'commissioned';
          ev['Event Description'] = 'Reablement after hospital discharge';
          break;
        case 'equipment':
          delivery = 'commissioned';
          ev['Event Description'] = 'Community equipment';
          break;
        case 'directPayment':
          delivery = 'dp';
          unit = int(9000, 42000) / 100;
          frequency = 'Weekly';
          units = 1;
          ev['Event Description'] = 'Direct payment, personal assistant';
          break;
        case 'respite':
          delivery = 'commissioned';
          unit = int(110, 180);
          frequency = 'Daily';
          units = int(1, 3);
          provider = pick(PROVIDERS_RESIDENTIAL);
          ev['Event Description'] = 'Carer respite';
          break;
        default:
          // sharedLives, supportedLiving, extraCare
          delivery = chance(0.7) ? 'commissioned' : 'managed';
          unit = int(30000, 120000) / 100;
          frequency = 'Weekly';
          units = 1;
          ev['Event Description'] = 'Community based support';
      }
      ev['Delivery Mechanism'] = DELIVERY[delivery][r];
      if (provider) {
        ev['Provider CQC Location Name'] = provider[0];
        ev['Provider CQC Location ID'] = provider[1];
      }
      if (unit !== undefined) {
        ev['Unit Cost'] = money(unit);
        ev['Cost Frequency (Unit Type)'] = frequency;
        ev['Planned units per week'] = money(units);
      }
      events.push(ev);
    };
    const review = (start, shortTerm) => {
      const end = Math.min(start + int(0, 14), lastDay);
      const ev = {
        'Event Type': 'Review',
        'Event Start Date': fmtDate(start),
        'Event End Date': fmtDate(end),
        'Event Outcome': OUTCOME[chance(0.8) ? 'noChange' : 'toServices'][r],
        'Method of Review': chance(0.7) ? 'Service user only' : 'Service user and carer',
      };
      if (shortTerm && release === 2) {
        ev['Event Description'] = 'Review of reablement';
        ev['Review Reason'] = REVIEW_SHORT_TERM_R2;
      } else {
        ev['Event Description'] = 'Annual review';
        ev['Review Reason'] = REVIEW_PLANNED;
        ev['Review Outcomes Achieved'] = weighted(REVIEW_OUTCOMES)[1];
      }
      events.push(ev);
    };
    /** A long-term service picked to suit the person. */
    const longTermService = () => {
      const x = rand();
      if (x < 0.16) return ['residential', 'ltResidential'];
      if (x < 0.26) return ['nursing', 'ltNursing'];
      if (x < 0.62) return ['community', 'home'];
      if (x < 0.8) return ['community', 'directPayment'];
      if (x < 0.88) return ['community', psrKey === 'ld' ? 'supportedLiving' : 'extraCare'];
      if (x < 0.92) return ['community', 'sharedLives'];
      return ['community', 'home'];
    };

    if (kind === 'ckba') {
      // Linkage only: person details, PSR, linked ids; no event details (reference §1.2).
    } else if (kind === 'carer') {
      const x = rand();
      const reqStart = int(pStart, lastDay - 60);
      if (x < 0.35) {
        const reqEnd = request(reqStart, 'toAssessment');
        const aEnd = assessment(Math.min(reqEnd + int(0, 10), lastDay), 'long', 'toServices');
        service(Math.min(aEnd + int(0, 14), lastDay), 'carerDirect', 'directPayment', chance(0.8));
      } else if (x < 0.6) {
        request(reqStart, 'advice');
      } else if (x < 0.85) {
        service(int(earliest, lastDay), 'carerDirect', 'directPayment', chance(0.75));
      } else {
        service(int(pStart, lastDay), 'carerInvolving', 'respite', false);
      }
    } else {
      const x = rand();
      if (x < 0.16) {
        // Contact resolved at the front door.
        requestOnly = true;
        request(int(pStart, lastDay), pick(['advice', 'advice', 'declined', 'toReablement']));
      } else if (x < 0.38) {
        // New client: request → (reablement | assessment → long-term service) → review.
        const reqStart = int(pStart, Math.max(pStart, lastDay - 90));
        const reqEnd = request(reqStart, chance(0.5) ? 'toReablement' : 'toAssessment');
        if (chance(0.4)) {
          const sStart = Math.min(reqEnd + int(0, 7), lastDay);
          service(sStart, 'stmax', 'reablement', false);
          if (release === 2 && chance(0.4) && sStart + 42 <= lastDay) review(int(sStart + 42, lastDay), true);
        } else {
          const aEnd = assessment(Math.min(reqEnd + int(0, 14), lastDay), 'long', 'toServices');
          const [t, c] = longTermService();
          if (t === 'residential' || t === 'nursing')
            accommodationKey = t === 'residential' ? 'careHome' : 'nursingHome';
          const sStart = Math.min(aEnd + int(0, 14), lastDay);
          service(sStart, t, c, chance(0.85));
          if (release === 1 && chance(0.5)) assessment(Math.min(aEnd + int(0, 7), lastDay), 'financial');
          if (chance(0.3) && sStart + 42 <= lastDay) review(int(sStart + 42, lastDay), false);
        }
      } else if (x < 0.46) {
        // Short-term support (equipment, short stay) without an assessment row in the period.
        const sStart = int(Math.max(pStart, earliest), lastDay);
        if (chance(0.5)) service(sStart, 'otherShort', pick(['stResidential', 'stNursing']), false);
        else service(sStart, 'lowLevel', 'equipment', chance(0.3));
      } else {
        // Existing client with long-term support, maybe reviewed this year.
        const [t, c] = longTermService();
        if (t === 'residential' || t === 'nursing')
          accommodationKey = t === 'residential' ? 'careHome' : 'nursingHome';
        const sStart = int(earliest, lastDay);
        service(sStart, t, c, chance(0.9));
        if (chance(0.12)) service(int(Math.max(sStart, pStart), lastDay), 'lowLevel', 'equipment', false);
        const revFrom = Math.max(pStart, sStart + 28);
        if (chance(0.45) && revFrom <= lastDay) review(int(revFrom, lastDay), false);
      }
      if (recentServiceUsers.length < 64) recentServiceUsers.push(laId);
      else recentServiceUsers[personIndex % 64] = laId;
    }
    set(base, 'Accommodation Status', ACCOMMODATION[accommodationKey][r]);
    // PSR is mandatory unless the event is a Request; leave it blank for some request-only people.
    set(base, 'Primary Support Reason', requestOnly && chance(0.3) ? '' : PSR[psrKey][r]);
    if (psrKey === 'ld' && age < 65 && base[COL.get('Employment Status')] === '') {
      set(base, 'Employment Status', EMPLOYMENT.unknown[r]);
    }

    if (events.length === 0) events.push({});
    for (const ev of events) {
      if (emitted >= rows) break;
      const row = base.slice();
      if (ev['Event Type'] !== undefined) {
        eventCounter++;
        set(row, 'Event Reference', `EV${String(eventCounter).padStart(8, '0')}`);
      }
      for (const [name, value] of Object.entries(ev)) set(row, name, value);
      yield row.map(csvField).join(',');
      emitted++;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = {
    rows: 1000,
    seed: 1,
    release: 2,
    out: null,
    underscoreHeaders: false,
    crlf: false,
    laCode: '503',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--rows') opts.rows = Number(next());
    else if (a === '--seed') opts.seed = Number(next());
    else if (a === '--release') opts.release = Number(next());
    else if (a === '--out') opts.out = next();
    else if (a === '--la') opts.laCode = next();
    else if (a === '--underscore-headers') opts.underscoreHeaders = true;
    else if (a === '--crlf') opts.crlf = true;
    else if (a === '--help' || a === '-h') opts.help = true;
    else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

const USAGE = `Usage: node scripts/gen-cld.js [--rows N] [--seed S] [--release 1|2] [--out FILE]
                             [--underscore-headers] [--crlf] [--la CODE]
Writes N synthetic CLD rows (plus the header) to FILE or standard output.`;

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`gen-cld: ${e.message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const out = opts.out ? createWriteStream(opts.out) : process.stdout;
  out.on('error', (e) => {
    if (e.code !== 'EPIPE') process.stderr.write(`gen-cld: ${e.message}\n`);
    process.exitCode = e.code === 'EPIPE' ? 0 : 1;
  });
  const eol = opts.crlf ? '\r\n' : '\n';
  let chunk = '';
  try {
    for (const line of cldRows(opts)) {
      chunk += line + eol;
      if (chunk.length >= 1 << 16) {
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
    }
  } catch (e) {
    if (e.code === 'EPIPE') return; // e.g. piped into `head`: the reader has had enough
    process.stderr.write(`gen-cld: ${e.message}\n`);
    process.exitCode = 2;
    return;
  }
  if (chunk) out.write(chunk);
  if (opts.out) {
    out.end();
    await once(out, 'finish');
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
