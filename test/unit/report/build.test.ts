import { describe, expect, it } from 'vitest';
import { buildReport, FileAccumulator } from '../../../src/report/build.js';
import type { Finding } from '../../../src/report/types.js';

const finding = (over: Partial<Finding>): Finding => ({
  rule: 'schema/type',
  severity: 'error',
  message: 'm',
  file: 'f.json',
  record: 1,
  line: 1,
  field: 'a',
  pointer: '/a',
  ...over,
});

describe('report building', () => {
  it('counts exactly past the cap and sorts what it lists', () => {
    const acc = new FileAccumulator('f.json', 'json', 2);
    acc.add(finding({ record: 3 }));
    acc.add(finding({ record: 1, severity: 'warning', rule: 'x/y' }));
    acc.add(finding({ record: 2 }));
    const file = acc.finish();
    expect(file.findings.map((f) => f.record)).toEqual([1, 3]);
    expect(file).toMatchObject({ errors: 2, warnings: 1, truncated: true, valid: false });
    expect(file.byRule['schema/type']).toEqual({ count: 2, errors: 2, warnings: 0, infos: 0 });
    const report = buildReport({
      tool: { name: 't', version: '1' },
      generatedAt: 'now',
      standard: null,
      schema: null,
      files: [file],
      options: {},
      notices: [],
    });
    expect(report.summary).toMatchObject({ files: 1, errors: 2, warnings: 1 });
    expect(report.valid).toBe(false);
  });

  it('a field called __proto__ cannot pollute Object.prototype', () => {
    const acc = new FileAccumulator('f.json', 'json', 10);
    acc.add(finding({ field: '__proto__' }));
    acc.add(finding({ field: 'constructor', rule: '__proto__' }));
    const file = acc.finish();
    buildReport({
      tool: { name: 't', version: '1' },
      generatedAt: 'now',
      standard: null,
      schema: null,
      files: [file, file],
      options: {},
      notices: [],
    });
    expect(({} as Record<string, unknown>)['count']).toBeUndefined();
    expect(({} as Record<string, unknown>)['errors']).toBeUndefined();
    expect(Object.hasOwn(file.byField, '__proto__')).toBe(true);
    expect(
      Object.getOwnPropertyDescriptor(JSON.parse(JSON.stringify(file)).byField, '__proto__')?.value.count,
    ).toBe(1);
  });
});
