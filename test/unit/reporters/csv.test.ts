import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csv } from '../../../src/reporters/csv.js';
import { ctx, fixtures, HOSTILE } from './helpers.js';

const F = fixtures();

function rows(out: string): Record<string, string>[] {
  return parse(out, { bom: true, columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
}

describe('csv reporter', () => {
  it('starts with a UTF-8 BOM and ends every line with CRLF', () => {
    const out = csv(F['multi']!, ctx());
    expect(out.startsWith('\ufefffile,record,line,field,rule,severity,message\r\n')).toBe(true);
    expect(out.endsWith('\r\n')).toBe(true);
    expect(out.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('writes only the header for an empty or clean report', () => {
    expect(csv(F['empty']!, ctx())).toBe('\ufefffile,record,line,field,rule,severity,message\r\n');
    expect(rows(csv(F['clean']!, ctx()))).toEqual([]);
  });

  it('writes one row per listed finding with the right columns', () => {
    const parsed = rows(csv(F['multi']!, ctx()));
    expect(parsed).toHaveLength(7);
    expect(Object.keys(parsed[0]!)).toEqual([
      'file',
      'record',
      'line',
      'field',
      'rule',
      'severity',
      'message',
    ]);
    expect(parsed[0]).toEqual({
      file: 'data/people.csv',
      record: '3',
      line: '4',
      field: 'nhs_number',
      rule: 'schema/required',
      severity: 'error',
      message: 'nhs_number is required.',
    });
    const fileLevel = parsed.find((r) => r['rule'] === 'io/encoding');
    expect(fileLevel).toMatchObject({ record: '', line: '', field: '' });
  });

  it('lists only the capped findings of a truncated report', () => {
    expect(rows(csv(F['truncated']!, ctx()))).toHaveLength(2);
  });

  it('adds value and recordRef columns only when a finding has them, and neutralises formulas', () => {
    const parsed = rows(csv(F['hostile']!, ctx()));
    expect(Object.keys(parsed[0]!)).toEqual([
      'file',
      'record',
      'line',
      'field',
      'rule',
      'severity',
      'message',
      'value',
      'recordRef',
    ]);
    const formula = parsed.find((r) => r['rule'] === 'value/formula')!;
    expect(formula['field']).toBe(`'${HOSTILE.formula}`);
    expect(formula['message']).toBe(`'${HOSTILE.formula}`);
    expect(formula['value']).toBe(`'${HOSTILE.formula}`);
    const ref = parsed.find((r) => r['recordRef'] !== '')!;
    expect(ref['recordRef']).toBe("'@ref-1");
    expect(ref['message']).toBe('bell nul vt ok');
    expect(parsed.find((r) => r['rule'] === 'schema/type')!['message']).toBe(HOSTILE.quote);
    for (const row of parsed) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
