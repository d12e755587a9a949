import { describe, expect, it } from 'vitest';
import { builtinRuleIds, builtinRuleInfo, RULE_CATALOG } from '../../../src/report/rule-catalog.js';

// The rule ids the readers, engine and key checks produce (see the brief for each layer).
const REQUIRED = [
  'schema/required',
  'schema/type',
  'schema/enum',
  'schema/format',
  'schema/pattern',
  'schema/minimum',
  'schema/maximum',
  'schema/exclusiveMinimum',
  'schema/exclusiveMaximum',
  'schema/multipleOf',
  'schema/minLength',
  'schema/maxLength',
  'schema/minItems',
  'schema/maxItems',
  'schema/uniqueItems',
  'schema/const',
  'schema/additionalProperties',
  'schema/if',
  'record/compare',
  'record/age',
  'key/duplicate',
  'key/foreign',
  'csv/ragged-row',
  'csv/blank-header',
  'csv/duplicate-header',
  'csv/unknown-column',
  'csv/missing-column',
  'csv/blank-row',
  'csv/no-header',
  'csv/unclosed-quote',
  'csv/invalid-quote',
  'parse/json',
  'parse/jsonl',
  'parse/yaml',
  'io/encoding',
  'io/binary',
  'value/literal-null',
  'value/formula',
  'value/case',
  'value/whitespace',
];

describe('builtinRuleInfo', () => {
  it.each(REQUIRED)('describes %s', (id) => {
    const info = builtinRuleInfo(id);
    expect(info?.title.length).toBeGreaterThan(3);
    expect(info?.help.length).toBeGreaterThan(20);
    // Titles are short headings; help ends as a sentence.
    expect(info?.title.length).toBeLessThanOrEqual(60);
    expect(info?.help).toMatch(/\.$/);
  });

  it('returns undefined for ids it does not own, including prototype names', () => {
    expect(builtinRuleInfo('cld/R2-001')).toBeUndefined();
    expect(builtinRuleInfo('constructor')).toBeUndefined();
    expect(builtinRuleInfo('__proto__')).toBeUndefined();
    expect(builtinRuleInfo('toString')).toBeUndefined();
  });

  it('lists every id, namespaced and sorted', () => {
    const ids = builtinRuleIds();
    expect(ids).toEqual([...ids].sort());
    expect(ids.length).toBe(Object.keys(RULE_CATALOG).length);
    for (const id of ids) expect(id).toMatch(/^(schema|record|key|csv|parse|io|value)\/[A-Za-z-]+$/);
  });
});
