import { Ajv } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageInYears, daysFromCivil, parseDate, todayDayNumber } from '../../../src/engine/dates.js';
import { type AjvInstance, registerUkFormats } from '../../../src/engine/formats/uk.js';
import {
  ANNOTATION_KEYWORDS,
  type CarecheckKeywordOptions,
  type CompareOp,
  DEFAULT_RULE_IDS,
  defaultAgeMessage,
  defaultCompareMessage,
  describeOp,
  KEYWORD_NAMES,
  negateOp,
  registerCarecheckKeywords,
  VALIDATION_KEYWORDS,
} from '../../../src/engine/keywords.js';

const addFormats = addFormatsModule.default;
const AJV_OPTIONS = { allErrors: true, strict: true, allowMatchingProperties: true, $data: true } as const;
const TODAY = daysFromCivil(2025, 3, 31); // 31/03/2025

const AJV_CLASSES = [
  ['Ajv2020', (): AjvInstance => new Ajv2020(AJV_OPTIONS)],
  ['Ajv2019', (): AjvInstance => new Ajv2019(AJV_OPTIONS)],
  ['Ajv (draft-07)', (): AjvInstance => new Ajv(AJV_OPTIONS)],
] as const;

function fresh(
  make: () => AjvInstance,
  options: CarecheckKeywordOptions = { today: () => TODAY },
): AjvInstance {
  const ajv = make();
  addFormats(ajv);
  registerUkFormats(ajv);
  registerCarecheckKeywords(ajv, options);
  return ajv;
}

const sharedInstances = new Map<() => AjvInstance, AjvInstance>();

/** One instance per ajv class with `today` = 31/03/2025 (setting one up costs ~20 ms), or a fresh one for other options. */
function setup(make: () => AjvInstance = AJV_CLASSES[0][1], options?: CarecheckKeywordOptions): AjvInstance {
  if (options !== undefined) return fresh(make, options);
  let ajv = sharedInstances.get(make);
  if (ajv === undefined) {
    ajv = fresh(make);
    sharedInstances.set(make, ajv);
  }
  return ajv;
}

/** A tabular-style row schema: every column a string property. */
function row(columns: string[], extra: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'object',
    properties: Object.fromEntries(columns.map((c) => [c, { type: 'string' }])),
    ...extra,
  };
}

const EPISODE = ['Event Start Date', 'Event End Date', 'Date of Birth', 'Reporting Period End Date', 'Hours'];

describe('vocabulary and messages', () => {
  it('names every keyword in standards/README.md', () => {
    expect([...KEYWORD_NAMES].sort()).toEqual(
      [
        'ageAt',
        'cellChecks',
        'aliases',
        'codeMeanings',
        'compareFields',
        'message',
        'ruleId',
        'sensitivity',
        'severity',
      ].sort(),
    );
    expect([...ANNOTATION_KEYWORDS, ...VALIDATION_KEYWORDS]).toEqual([...KEYWORD_NAMES]);
    expect(DEFAULT_RULE_IDS).toEqual({ compareFields: 'record/compare', ageAt: 'record/age' });
  });

  it('describes operators in plain English', () => {
    const ops: CompareOp[] = ['<', '<=', '>', '>=', '==', '!='];
    expect(ops.map((op) => describeOp(op))).toEqual([
      'before',
      'on or before',
      'after',
      'on or after',
      'equal to',
      'different from',
    ]);
    expect(ops.map((op) => describeOp(op, 'number'))).toEqual([
      'less than',
      'less than or equal to',
      'greater than',
      'greater than or equal to',
      'equal to',
      'different from',
    ]);
    for (const op of ops) expect(negateOp(negateOp(op))).toBe(op);
  });

  it('builds default messages that describe the failure without data values', () => {
    expect(
      defaultCompareMessage({ field: 'Event End Date', op: '>=', other: 'Event Start Date', type: 'date' }),
    ).toBe('Event End Date is before Event Start Date');
    expect(
      defaultCompareMessage({ field: 'Event Start Date', op: '<=', other: '$today', type: 'date' }),
    ).toBe('Event Start Date is after today');
    expect(defaultCompareMessage({ field: 'Hours', op: '<', other: 'Max Hours', type: 'number' })).toBe(
      'Hours is greater than or equal to Max Hours',
    );
    expect(defaultCompareMessage({ field: 'A', op: '==', other: 'B' })).toBe('A is different from B');

    const rule = { birth: 'Date of Birth', at: 'Reporting Period End Date', minimum: 18, maximum: 114 };
    expect(defaultAgeMessage(rule, 120)).toBe(
      'Age at Reporting Period End Date is over 114: check Date of Birth',
    );
    expect(defaultAgeMessage(rule, 17)).toBe(
      'Age at Reporting Period End Date is under 18: check Date of Birth',
    );
    expect(defaultAgeMessage(rule, -1)).toBe('Date of Birth is after Reporting Period End Date');
    expect(defaultAgeMessage({ birth: 'DOB', at: '$today', minimum: 14 }, 3)).toBe(
      'Age today is under 14: check DOB',
    );
    expect(defaultAgeMessage({ birth: 'DOB', at: '$today', minimum: 0 }, -2)).toBe('DOB is after today');
  });
});

describe.each(AJV_CLASSES)('%s (strict, allErrors, $data, ajv-formats)', (_name, make) => {
  describe('annotations', () => {
    it('accepts valid annotation values anywhere and never changes validity', () => {
      const ajv = setup(make);
      const validate = ajv.compile({
        type: 'object',
        severity: 'warning',
        message: 'Check {field}',
        ruleId: 'cld/record',
        properties: {
          'NHS Number': {
            type: 'string',
            format: 'nhs-number',
            sensitivity: 'direct-identifier',
            aliases: ['NHS_Number', 'NHSNumber'],
            severity: 'error',
            ruleId: 'cld/nhs-number',
          },
          Gender: {
            enum: ['Male', 'Female'],
            sensitivity: 'quasi-identifier',
            codeMeanings: { Male: 'Male', Female: 'Female' },
            message: '{field} must be a code from the list',
          },
          Ethnicity: { type: 'string', sensitivity: 'special-category' },
          Note: { type: 'string', sensitivity: 'none', aliases: [] },
        },
      });
      expect(validate({ 'NHS Number': '9434765919', Gender: 'Male' })).toBe(true);
      expect(validate({ 'NHS Number': '9434765918', Gender: 'X' })).toBe(false);
      expect(validate.errors?.map((e) => e.keyword)).toEqual(['format', 'enum']);
    });

    it.each([
      [{ severity: 'fatal' }, 'severity'],
      [{ severity: 'Error' }, 'severity'],
      [{ sensitivity: 'secret' }, 'sensitivity'],
      [{ aliases: 'LA_Code' }, 'aliases'],
      [{ aliases: [''] }, 'aliases'],
      [{ aliases: ['A', 'A'] }, 'aliases'],
      [{ codeMeanings: { '1': 1 } }, 'codeMeanings'],
      [{ codeMeanings: ['Male'] }, 'codeMeanings'],
      [{ message: '' }, 'message'],
      [{ message: 42 }, 'message'],
      [{ ruleId: 'Literal Null' }, 'ruleId'],
      [{ ruleId: 'literal-null' }, 'ruleId'],
      [{ ruleId: 'cld/Literal_Null' }, 'ruleId'],
    ])('rejects %j at compile time, naming the keyword and where', (annotation, keyword) => {
      const ajv = setup(make);
      const schema = { type: 'object', properties: { Gender: { type: 'string', ...annotation } } };
      expect(() => ajv.compile(schema)).toThrow(
        `keyword "${keyword}" value is invalid at path "#/properties/Gender"`,
      );
    });
  });

  describe('compareFields', () => {
    const schema = row(EPISODE, {
      compareFields: [
        {
          field: 'Event End Date',
          op: '>=',
          other: 'Event Start Date',
          type: 'date',
          message: '{field} is before Event Start Date',
        },
        { field: 'Event Start Date', op: '<=', other: '$today', type: 'date', severity: 'warning' },
      ],
    });

    it('passes when the comparison holds, with either date form on either side', () => {
      const validate = setup(make).compile(schema);
      expect(validate({ 'Event Start Date': '01/04/2024', 'Event End Date': '2024-04-01' })).toBe(true);
      expect(validate({ 'Event Start Date': '2024-04-01', 'Event End Date': '02/04/2024' })).toBe(true);
      expect(validate({ 'Event Start Date': '31/03/2025' })).toBe(true); // today is not after today
    });

    it('reports a failed comparison with params naming the rule, never the values', () => {
      const validate = setup(make).compile(schema);
      const record = { 'Event Start Date': '02/04/2024', 'Event End Date': '01/04/2024' };
      expect(validate(record)).toBe(false);
      expect(validate.errors).toEqual([
        {
          keyword: 'compareFields',
          instancePath: '',
          schemaPath: '#/compareFields',
          message: 'Event End Date is before Event Start Date',
          params: {
            index: 0,
            field: 'Event End Date',
            other: 'Event Start Date',
            op: '>=',
            type: 'date',
            message: '{field} is before Event Start Date',
          },
        },
      ]);
      expect(JSON.stringify(validate.errors)).not.toMatch(/2024/);
    });

    it('compares with $today from options.today()', () => {
      const validate = setup(make).compile(schema);
      expect(validate({ 'Event Start Date': '01/04/2025' })).toBe(false);
      expect(validate.errors).toEqual([
        expect.objectContaining({
          keyword: 'compareFields',
          message: 'Event Start Date is after today',
          params: {
            index: 1,
            field: 'Event Start Date',
            other: '$today',
            op: '<=',
            type: 'date',
            severity: 'warning',
          },
        }),
      ]);
    });

    it('reports every failing rule (allErrors)', () => {
      const validate = setup(make).compile(schema);
      expect(validate({ 'Event Start Date': '2026-01-02', 'Event End Date': '2026-01-01' })).toBe(false);
      expect(validate.errors?.map((e) => e.params['index'])).toEqual([0, 1]);
    });

    it('skips a comparison when either side is missing or does not parse', () => {
      const validate = setup(make).compile(schema);
      expect(validate({})).toBe(true);
      expect(validate({ 'Event End Date': '01/04/2024' })).toBe(true);
      expect(validate({ 'Event Start Date': '31/02/2024', 'Event End Date': '01/01/2024' })).toBe(true);
      expect(validate({ 'Event Start Date': '02/04/2024', 'Event End Date': '1/4/2024' })).toBe(true);
      expect(validate({ 'Event Start Date': 'tomorrow', 'Event End Date': '' })).toBe(true);
    });

    it('runs only on objects', () => {
      const validate = setup(make).compile({
        type: 'array',
        items: schema,
      });
      expect(validate([{ 'Event Start Date': '2024-01-02', 'Event End Date': '2024-01-01' }, {}])).toBe(
        false,
      );
      expect(validate.errors?.map((e) => [e.instancePath, e.keyword])).toEqual([['/0', 'compareFields']]);
    });

    it.each([
      ['<', '1', '2', true],
      ['<', '2', '2', false],
      ['<=', '2', '2', true],
      ['<=', '3', '2', false],
      ['>', '3', '2', true],
      ['>', '2', '2', false],
      ['>=', '2', '2', true],
      ['>=', '1.5', '2', false],
      ['==', '2', '2.0', true],
      ['==', '2', '3', false],
      ['!=', '2', '3', true],
      ['!=', '2', '2', false],
    ] as const)('number %s: %s vs %s → %s', (op, a, b, ok) => {
      const validate = setup(make).compile(
        row(['A', 'B'], { compareFields: [{ field: 'A', op, other: 'B', type: 'number' }] }),
      );
      expect(validate({ A: a, B: b })).toBe(ok);
    });

    it('compares numbers given as numbers or numeric strings, and skips non-numbers', () => {
      const validate = setup(make).compile({
        type: 'object',
        properties: { A: {}, B: {} },
        compareFields: [{ field: 'A', op: '<=', other: 'B', type: 'number', ruleId: 'wds/hours' }],
      });
      expect(validate({ A: 37.5, B: '40' })).toBe(true);
      expect(validate({ A: '-1e2', B: -99 })).toBe(true);
      expect(validate({ A: 41, B: 40 })).toBe(false);
      expect(validate.errors?.[0]?.params).toEqual({
        index: 0,
        field: 'A',
        other: 'B',
        op: '<=',
        type: 'number',
        ruleId: 'wds/hours',
      });
      expect(validate.errors?.[0]?.message).toBe('A is greater than B');
      for (const b of ['', ' ', '0x10', 'Infinity', '1,000', '40 ', true, null, [], {}]) {
        expect(validate({ A: 1000, B: b })).toBe(true);
      }
    });

    it('compares dates with every operator like the day numbers', () => {
      const ops: CompareOp[] = ['<', '<=', '>', '>=', '==', '!='];
      const ajv = setup(make);
      const validators = ops.map((op) =>
        ajv.compile(row(['A', 'B'], { compareFields: [{ field: 'A', op, other: 'B', type: 'date' }] })),
      );
      const date = fc.integer({ min: daysFromCivil(2020, 1, 1), max: daysFromCivil(2020, 1, 10) });
      const text = (day: number) => {
        const d = new Date(day * 86_400_000);
        const dd = String(d.getUTCDate()).padStart(2, '0');
        const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
        return `${dd}/${mm}/${d.getUTCFullYear()}`;
      };
      fc.assert(
        fc.property(date, date, (a, b) => {
          const expected = [a < b, a <= b, a > b, a >= b, a === b, a !== b];
          validators.forEach((validate, i) => {
            expect(validate({ A: text(a), B: text(b) })).toBe(expected[i]);
          });
        }),
        { numRuns: 200 },
      );
    });

    it.each([
      ['an unknown op', { field: 'A', op: '=>', other: 'B', type: 'date' }],
      ['a missing type', { field: 'A', op: '<', other: 'B' }],
      ['an unknown type', { field: 'A', op: '<', other: 'B', type: 'string' }],
      ['an unknown property', { field: 'A', op: '<', other: 'B', type: 'date', level: 'warning' }],
      ['a bad severity', { field: 'A', op: '<', other: 'B', type: 'date', severity: 'fatal' }],
      ['a bad ruleId', { field: 'A', op: '<', other: 'B', type: 'date', ruleId: 'x' }],
      ['an empty field', { field: '', op: '<', other: 'B', type: 'date' }],
      ['$today as field', { field: '$today', op: '<', other: 'B', type: 'date' }],
      ['$today compared as a number', { field: 'A', op: '<', other: '$today', type: 'number' }],
    ])('rejects a rule with %s at compile time', (_what, rule) => {
      const ajv = setup(make);
      expect(() => ajv.compile(row(['A', 'B'], { compareFields: [rule] }))).toThrow(
        'keyword "compareFields" value is invalid at path "#"',
      );
    });

    it('rejects a non-array value at compile time', () => {
      const ajv = setup(make);
      expect(() =>
        ajv.compile(row(['A', 'B'], { compareFields: { field: 'A', op: '<', other: 'B', type: 'date' } })),
      ).toThrow(/compareFields/);
    });

    it('rejects a field that cannot occur in a closed record', () => {
      const ajv = setup(make);
      const closed = (other: string) =>
        row(['A', 'B'], {
          additionalProperties: false,
          compareFields: [{ field: 'A', op: '<', other, type: 'date' }],
        });
      expect(() => ajv.compile(closed('C'))).toThrow(
        'keyword "compareFields" at path "#", rule 0: field "C" is not a property of this schema',
      );
      expect(() => ajv.compile(closed('B'))).not.toThrow();
      expect(() => ajv.compile(closed('$today'))).not.toThrow();
      // Open records may carry any field.
      expect(() =>
        ajv.compile(row(['A'], { compareFields: [{ field: 'A', op: '<', other: 'C', type: 'date' }] })),
      ).not.toThrow();
    });

    it('works inside if/then (conditional rules)', () => {
      const validate = setup(make).compile(
        row(['Event Type', 'A', 'B'], {
          if: { properties: { 'Event Type': { const: 'Service' } }, required: ['Event Type'] },
          then: { compareFields: [{ field: 'B', op: '>=', other: 'A', type: 'date' }] },
        }),
      );
      expect(validate({ 'Event Type': 'Assessment', A: '2024-01-02', B: '2024-01-01' })).toBe(true);
      expect(validate({ 'Event Type': 'Service', A: '2024-01-02', B: '2024-01-01' })).toBe(false);
      expect(validate.errors?.map((e) => [e.keyword, e.schemaPath])).toEqual([
        ['compareFields', '#/then/compareFields'],
        ['if', '#/if'],
      ]);
    });
  });

  describe('ageAt', () => {
    const schema = row(EPISODE, {
      ageAt: [
        {
          birth: 'Date of Birth',
          at: 'Reporting Period End Date',
          maximum: 114,
          severity: 'warning',
          message: 'Age at the end of the reporting period is over 114: check {field}',
        },
        { birth: 'Date of Birth', at: '$today', minimum: 18, ruleId: 'cld/adult' },
      ],
    });

    it('passes ages within the bounds (inclusive)', () => {
      const validate = setup(make).compile(schema);
      expect(validate({ 'Date of Birth': '01/04/1910', 'Reporting Period End Date': '31/03/2025' })).toBe(
        true,
      ); // 114
      expect(validate({ 'Date of Birth': '31/03/2007' })).toBe(true); // 18 today
    });

    it('reports an age over the maximum with the age in params and the rule message', () => {
      const validate = setup(make).compile(schema);
      expect(validate({ 'Date of Birth': '31/03/1910', 'Reporting Period End Date': '31/03/2025' })).toBe(
        false,
      );
      expect(validate.errors).toEqual([
        {
          keyword: 'ageAt',
          instancePath: '',
          schemaPath: '#/ageAt',
          message: 'Age at the end of the reporting period is over 114: check Date of Birth',
          params: {
            index: 0,
            field: 'Date of Birth',
            at: 'Reporting Period End Date',
            maximum: 114,
            age: 115,
            severity: 'warning',
            message: 'Age at the end of the reporting period is over 114: check {field}',
          },
        },
      ]);
      expect(JSON.stringify(validate.errors)).not.toMatch(/1910|2025/);
    });

    it('reports an age under the minimum at $today, with a default message stating the bound', () => {
      const validate = setup(make).compile(schema);
      expect(validate({ 'Date of Birth': '01/04/2007' })).toBe(false); // turns 18 tomorrow
      expect(validate.errors).toEqual([
        expect.objectContaining({
          keyword: 'ageAt',
          message: 'Age today is under 18: check Date of Birth',
          params: {
            index: 1,
            field: 'Date of Birth',
            at: '$today',
            minimum: 18,
            age: 17,
            ruleId: 'cld/adult',
          },
        }),
      ]);
    });

    it('treats 29 February birthdays as 1 March in common years', () => {
      const rule = row(['Date of Birth'], { ageAt: [{ birth: 'Date of Birth', at: '$today', minimum: 17 }] });
      const on28Feb = setup(make, { today: () => daysFromCivil(2025, 2, 28) }).compile(rule);
      const on1Mar = setup(make, { today: () => daysFromCivil(2025, 3, 1) }).compile(rule);
      expect(on28Feb({ 'Date of Birth': '29/02/2008' })).toBe(false);
      expect(on28Feb.errors?.[0]?.params['age']).toBe(16);
      expect(on1Mar({ 'Date of Birth': '29/02/2008' })).toBe(true);
    });

    it('says the birth date is after the reference date when the age is negative', () => {
      const validate = setup(make).compile(
        row(EPISODE, {
          ageAt: [{ birth: 'Date of Birth', at: 'Event Start Date', minimum: 0, maximum: 120 }],
        }),
      );
      expect(validate({ 'Date of Birth': '2024-05-01', 'Event Start Date': '2024-04-30' })).toBe(false);
      expect(validate.errors?.[0]?.message).toBe('Date of Birth is after Event Start Date');
      expect(validate.errors?.[0]?.params['age']).toBe(-1);
    });

    it('skips a rule when either date is missing or does not parse', () => {
      const validate = setup(make).compile(schema);
      expect(validate({ 'Reporting Period End Date': '31/03/2025' })).toBe(true);
      expect(validate({ 'Date of Birth': '31/02/1800', 'Reporting Period End Date': '31/03/2025' })).toBe(
        true,
      );
      expect(validate({ 'Date of Birth': '01/01/1800', 'Reporting Period End Date': '2025/03/31' })).toBe(
        true,
      );
      expect(validate({ 'Date of Birth': '1/1/1800', 'Reporting Period End Date': '31/03/2025' })).toBe(true);
    });

    it('computes the same age as ageInYears', () => {
      const validate = setup(make).compile(
        row(['B', 'At'], { ageAt: [{ birth: 'B', at: 'At', minimum: 0, maximum: 0 }] }),
      );
      const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
      fc.assert(
        fc.property(
          fc.integer({ min: daysFromCivil(1900, 1, 1), max: daysFromCivil(2030, 1, 1) }),
          fc.integer({ min: 0, max: 40_000 }),
          (birth, span) => {
            const ok = validate({ B: iso(birth), At: iso(birth + span) });
            const age = ageInYears(birth, birth + span);
            expect(ok).toBe(age === 0);
            if (!ok) expect(validate.errors?.[0]?.params['age']).toBe(age);
          },
        ),
        { numRuns: 300 },
      );
    });

    it.each([
      ['no bounds', { birth: 'A', at: 'B' }],
      ['a negative minimum', { birth: 'A', at: 'B', minimum: -1 }],
      ['a fractional maximum', { birth: 'A', at: 'B', maximum: 1.5 }],
      ['a missing at', { birth: 'A', maximum: 100 }],
      ['$today as birth', { birth: '$today', at: 'B', maximum: 100 }],
      ['an unknown property', { birth: 'A', at: 'B', max: 100 }],
    ])('rejects a rule with %s at compile time', (_what, rule) => {
      const ajv = setup(make);
      expect(() => ajv.compile(row(['A', 'B'], { ageAt: [rule] }))).toThrow(
        'keyword "ageAt" value is invalid at path "#"',
      );
    });

    it('rejects minimum > maximum at compile time', () => {
      const ajv = setup(make);
      expect(() =>
        ajv.compile(row(['A', 'B'], { ageAt: [{ birth: 'A', at: 'B', minimum: 20, maximum: 10 }] })),
      ).toThrow('keyword "ageAt" at path "#", rule 0: "minimum" (20) is greater than "maximum" (10)');
    });
  });

  it('throws when registered twice on one instance', () => {
    const ajv = fresh(make);
    expect(() => registerCarecheckKeywords(ajv)).toThrow(/already defined/);
  });
});

describe('default today', () => {
  it('uses the system clock when options.today is not given', () => {
    const ajv = setup(AJV_CLASSES[0][1], {});
    const validate = ajv.compile(
      row(['A'], { compareFields: [{ field: 'A', op: '<=', other: '$today', type: 'date' }] }),
    );
    const today = todayDayNumber(new Date());
    const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
    expect(validate({ A: iso(today - 1) })).toBe(true);
    expect(validate({ A: iso(today + 2) })).toBe(false);
    expect(parseDate(iso(today))).toBe(today);
  });
});

describe('cellChecks', () => {
  const make = async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const { registerCarecheckKeywords } = await import('../../../src/engine/keywords.js');
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    registerCarecheckKeywords(ajv);
    return ajv.compile({
      type: 'object',
      cellChecks: {
        literalNull: 'error',
        formula: { severity: 'error', message: '{field} looks like a formula' },
        whitespace: 'warning',
      },
    });
  };

  it('flags NULL, formula-like text and surrounding spaces, field by field', async () => {
    const v = await make();
    expect(v({ a: 'ok', b: -3, c: '-3', d: 'x-y', e: '' })).toBe(true);
    expect(
      v({ a: 'NULL', 'b/c': '=SUM(A1)', d: ' padded', e: 'tab\t', f: '-x', g: '+44', h: '@me', i: 'null' }),
    ).toBe(false);
    expect(
      v.errors?.map((e) => [e.instancePath, e.params['ruleId'], e.params['severity'], e.message]),
    ).toEqual([
      [
        '/a',
        'value/literal-null',
        'error',
        'a holds the text NULL: leave the cell empty when there is no value',
      ],
      ['/b~1c', 'value/formula', 'error', 'b/c looks like a formula'],
      ['/d', 'value/whitespace', 'warning', 'd has spaces at the start or end'],
      ['/e', 'value/whitespace', 'warning', 'e has spaces at the start or end'],
      ['/f', 'value/formula', 'error', 'f looks like a formula'],
      ['/g', 'value/formula', 'error', 'g looks like a formula'],
      ['/h', 'value/formula', 'error', 'h looks like a formula'],
    ]);
  });

  it('rejects an unknown check at compile time', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const { registerCarecheckKeywords } = await import('../../../src/engine/keywords.js');
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    registerCarecheckKeywords(ajv);
    expect(() => ajv.compile({ type: 'object', cellChecks: { trailingDot: 'error' } })).toThrow(/cellChecks/);
  });
});
