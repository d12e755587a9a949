import { describe, expect, it } from 'vitest';
import { compileSchema, createAjv } from '../../../src/engine/ajv.js';
import { fieldsOf } from '../../../src/engine/fields.js';
import { type ConvertContext, convertErrors } from '../../../src/engine/findings.js';
import type { ValuePolicy } from '../../../src/engine/privacy.js';

const schema = {
  type: 'object',
  required: ['Event Type', 'NHS Number'],
  properties: {
    'Event Type': { enum: ['Request', 'Service'], sensitivity: 'none' },
    'Service Type': { type: 'string', sensitivity: 'none' },
    'Client Type': { enum: ['Service user', 'Unpaid carer'], sensitivity: 'none' },
    Ethnicity: { enum: ['White: Irish'], sensitivity: 'special-category' },
    'NHS Number': { type: 'string', format: 'nhs-number', sensitivity: 'direct-identifier' },
    Count: { type: 'integer', minimum: 0, sensitivity: 'none' },
    'a/b~c': { type: 'string' },
    Hours: { $ref: '#/$defs/hours' },
  },
  $defs: { hours: { type: 'number', maximum: 75, severity: 'warning', ruleId: 'wds/hours' } },
  allOf: [
    {
      if: { properties: { 'Event Type': { const: 'Service' } }, required: ['Event Type'] },
      then: { required: ['Service Type'] },
    },
    {
      anyOf: [{ required: ['NHS Number'] }, { required: ['Count'] }],
      message: 'Give an NHS Number or a Count',
    },
  ],
  patternProperties: {
    '': { not: { const: 'NULL' }, ruleId: 'value/literal-null', message: '{field} holds the text NULL' },
  },
};

function check(
  data: Record<string, unknown>,
  policy: ValuePolicy = 'default',
  extra: Partial<ConvertContext> = {},
) {
  const ajv = createAjv({ draft: '2020-12', strict: true, today: () => 20000 });
  const v = compileSchema(ajv, schema, 'test');
  expect(v(data)).toBe(false);
  const fields = new Map(fieldsOf(schema).map((f) => [f.name, f]));
  return convertErrors(v.errors ?? [], data, 7, 9, {
    file: 'f.csv',
    root: schema,
    fields,
    policy,
    migrations: { 'Client Type': { 'Service User': 'Service user', Carer: 'Unpaid carer' } },
    predecessorLabel: 'Release 1',
    ...extra,
  });
}

describe('ajv errors → findings', () => {
  it('names the missing field and the condition of a conditional requirement', () => {
    const f = check({ 'Event Type': 'Service', 'NHS Number': '9434765919' });
    expect(f).toEqual([
      {
        rule: 'schema/required',
        severity: 'error',
        message: 'Service Type is required when Event Type is Service',
        file: 'f.csv',
        record: 7,
        line: 9,
        field: 'Service Type',
        pointer: '/Service Type',
      },
    ]);
  });

  it('uses the annotated message of an anyOf and drops its branch errors', () => {
    const f = check({ 'Event Type': 'Request' });
    expect(f.map((x) => [x.rule, x.field, x.message]).sort()).toEqual([
      ['schema/anyOf', null, 'Give an NHS Number or a Count'],
      ['schema/required', 'NHS Number', 'NHS Number is missing'],
    ]);
  });

  it('lists allowed codes, and shows a code-list value of a non-sensitive field', () => {
    const [f] = check({ 'Event Type': 'Referral', 'NHS Number': '9434765919' });
    expect(f?.message).toBe("Event Type is not one of the allowed values: 'Request', 'Service'");
    expect(f?.value).toBe('Referral');
  });

  it('says a value is from the previous release', () => {
    const [f] = check({ 'Event Type': 'Request', 'NHS Number': '9434765919', 'Client Type': 'Carer' });
    expect(f?.message).toBe("Client Type has a Release 1 value; this version uses 'Unpaid carer'");
  });

  it('says when a value differs only in case, without revealing special-category values', () => {
    const [f] = check({ 'Event Type': 'Request', 'NHS Number': '9434765919', Ethnicity: 'white: irish' });
    expect(f?.message).toBe('Ethnicity differs only in capitalisation from an allowed value');
    expect(f?.value).toBeUndefined();
    const [g] = check({
      'Event Type': 'Request',
      'NHS Number': '9434765919',
      'Client Type': ' Service user',
    });
    expect(g?.message).toBe(
      "Client Type differs only in surrounding spaces from an allowed value ('Service user')",
    );
  });

  it('never shows a direct identifier by default, masks it with --show-values', () => {
    const data = { 'Event Type': 'Request', 'NHS Number': '9434765918' };
    const [f] = check(data);
    expect(f?.rule).toBe('schema/format');
    expect(f?.message).toBe(
      'NHS Number is not a valid NHS number (10 digits with a correct Modulus 11 check digit)',
    );
    expect(JSON.stringify(f)).not.toContain('9434765918');
    expect(check(data, 'masked')[0]?.value).toBe('943*****18');
    expect(check(data, 'all')[0]?.value).toBe('9434765918');
  });

  it('takes severity and rule id from a $ref target and escapes pointers', () => {
    const f = check({ 'Event Type': 'Request', 'NHS Number': '9434765919', Hours: 80, 'a/b~c': 'NULL' });
    expect(f.map((x) => [x.rule, x.severity, x.field, x.pointer, x.message])).toEqual([
      ['wds/hours', 'warning', 'Hours', '/Hours', 'Hours is more than 75'],
      ['value/literal-null', 'error', 'a/b~c', '/a~1b~0c', 'a/b~c holds the text NULL'],
    ]);
  });

  it('words type failures in plain English and uses the file header for the field', () => {
    const f = check({ 'Event Type': 'Request', 'NHS Number': '9434765919', Count: '1,000' }, 'default', {
      headerOf: new Map([['Count', 'No_Count']]),
    });
    expect(f.map((x) => [x.field, x.message])).toEqual([['No_Count', 'No_Count must be a whole number']]);
  });

  it('counts rather than lists required failures of a column missing from the file', () => {
    let suppressed = 0;
    const f = check({ 'Event Type': 'Service', 'NHS Number': '9434765919' }, 'default', {
      suppressRequired: new Set(['Service Type']),
      onSuppressedRequired: () => suppressed++,
    });
    expect(f).toEqual([]);
    expect(suppressed).toBe(1);
  });
});
