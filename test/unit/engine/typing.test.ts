import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../../../src/engine/fields.js';
import { buildRecordBuilder, mapColumns, toNumber, typeCell } from '../../../src/engine/typing.js';

const schema = {
  type: 'object',
  properties: {
    Count: { type: 'integer' },
    Cost: { type: 'number' },
    Flag: { type: 'boolean' },
    Name: { type: 'string', aliases: ['Name_Alias'] },
    Code: { enum: [1, 2, 3] },
    Either: { type: ['integer', 'string'] },
    Ref: { $ref: '#/$defs/n' },
  },
  $defs: { n: { type: 'number' } },
};

describe('CSV typing', () => {
  it.each([
    ['12', 12],
    ['-3', -3],
    ['3.5', 3.5],
    ['1e3', 1000],
    ['0', 0],
    ['12abc', '12abc'],
    ['1,000', '1,000'],
    [' 12', ' 12'],
    ['007', '007'],
    ['+1', '+1'],
    ['.5', '.5'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
  ])('number cell %j → %j', (cell, expected) => {
    expect(toNumber(cell)).toStrictEqual(expected);
  });

  it('types by the column schema, empty cells are absent', () => {
    const fields = fieldsOf(schema);
    const header = ['Count', 'Cost', 'Flag', 'Name_Alias', 'Code', 'Either', 'Ref', 'Extra'];
    const mapping = mapColumns(header, fields);
    expect(mapping.unknown).toEqual([{ index: 7, name: 'Extra' }]);
    expect(mapping.headerOf.get('Name')).toBe('Name_Alias');
    const build = buildRecordBuilder(header, mapping, fields, false);
    expect(build(['3', '2.50', 'true', 'Ann', '2', '5', '1.5', 'x'])).toStrictEqual({
      Count: 3,
      Cost: 2.5,
      Flag: true,
      Name: 'Ann',
      Code: 2,
      Either: '5',
      Ref: 1.5,
    });
    const empty = build(['', '', '', '', '', '', '']);
    expect(Object.keys(empty)).toEqual(['Count', 'Cost', 'Flag', 'Name', 'Code', 'Either', 'Ref']);
    expect(Object.values(empty).every((v) => v === undefined)).toBe(true);
    expect(build(['3.5', 'x', 'yes'])).toMatchObject({ Count: 3.5, Cost: 'x', Flag: 'yes' });
  });

  it('keeps every named column as text for a schema without properties', () => {
    const header = ['a', 'b', '', 'a'];
    const build = buildRecordBuilder(header, mapColumns(header, []), [], true);
    expect(build(['1', '2', '3', '4'])).toStrictEqual({ a: '1', b: '2' });
  });

  it('header names cannot inject code into the generated builder', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string(), { minLength: 1, maxLength: 6 }),
        fc.array(fc.string(), { maxLength: 6 }),
        (header, cells) => {
          const build = buildRecordBuilder(header, mapColumns(header, []), [], true);
          const rec = build(cells);
          for (const [k, v] of Object.entries(rec)) {
            expect(header).toContain(k);
            expect(v === undefined || typeof v === 'string').toBe(true);
          }
        },
      ),
    );
  });

  it('typeCell leaves non-numbers as text so the type check reports them', () => {
    expect(typeCell('abc', 'integer')).toBe('abc');
    expect(typeCell('', 'string')).toBeUndefined();
    expect(typeCell('false', 'boolean')).toBe(false);
  });
});
