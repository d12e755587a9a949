import { describe, expect, it } from 'vitest';
import { junit } from '../../../src/reporters/junit.js';
import { ctx, fixtures, HOSTILE, hasC0Control } from './helpers.js';
import { childElements, parseXml, textOf, type XmlElement } from './xml.js';

const F = fixtures();

function cases(suite: XmlElement): XmlElement[] {
  return childElements(suite, 'testcase');
}

describe('junit reporter', () => {
  it.each(Object.keys(F))('writes well-formed XML for the %s report', (name) => {
    const root = parseXml(junit(F[name]!, ctx()));
    expect(root.name).toBe('testsuites');
  });

  it('has no suites for an empty report', () => {
    const root = parseXml(junit(F['empty']!, ctx()));
    expect(childElements(root, 'testsuite')).toHaveLength(0);
    expect(root.attrs['tests']).toBe('0');
  });

  it('gives a clean file one passing "conformance" testcase', () => {
    const root = parseXml(junit(F['clean']!, ctx()));
    const [suite] = childElements(root, 'testsuite');
    expect(suite?.attrs['name']).toBe('data/clean.csv');
    const tcs = cases(suite!);
    expect(tcs.map((t) => t.attrs['name'])).toEqual(['conformance']);
    expect(childElements(tcs[0]!)).toHaveLength(0);
    expect(suite?.attrs['failures']).toBe('0');
  });

  it('has one suite per file and one testcase per file × rule; errors fail, warnings do not', () => {
    const root = parseXml(junit(F['multi']!, ctx()));
    const suites = childElements(root, 'testsuite');
    expect(suites.map((s) => s.attrs['name'])).toEqual(['data/people.csv', 'data\\services.json']);
    const people = cases(suites[0]!);
    expect(people.map((t) => t.attrs['name'])).toEqual([
      'schema/required',
      'schema/enum',
      'value/whitespace',
    ]);
    for (const t of people) expect(t.attrs['classname']).toBe('data/people.csv');

    const required = people[0]!;
    const [failure] = childElements(required, 'failure');
    expect(failure?.attrs['message']).toBe('2 findings');
    expect(failure?.attrs['type']).toBe('schema/required');
    const text = textOf(failure!);
    expect(text).toContain('2 errors in data/people.csv');
    expect(text).toContain('record 3, line 4, field nhs_number: nhs_number is required.');
    expect(text).toContain('record 7, line 8, field nhs_number: nhs_number is required.');

    const whitespace = people[2]!;
    expect(childElements(whitespace, 'failure')).toHaveLength(0);
    expect(textOf(childElements(whitespace, 'system-out')[0]!)).toContain('1 warning');

    expect(suites[0]?.attrs['tests']).toBe('3');
    expect(suites[0]?.attrs['failures']).toBe('2');
    expect(root.attrs['tests']).toBe('6');
    expect(root.attrs['failures']).toBe('3');
  });

  it('lists at most examplesPerRule examples and says how many more', () => {
    const text = textOf(parseXml(junit(F['truncated']!, ctx({ examplesPerRule: 1 }))));
    expect(text).toContain('record 1, line 2');
    expect(text).not.toContain('record 2, line 3');
    expect(text).toContain('5 more not shown');
    expect(text).toContain('capped');
  });

  it('suppresses small counts and does not reveal them through "more"', () => {
    const root = parseXml(junit(F['truncated']!, ctx({ suppressBelow: 10, examplesPerRule: 1 })));
    const failure = childElements(cases(childElements(root, 'testsuite')[0]!)[0]!, 'failure')[0]!;
    expect(failure.attrs['message']).toBe('<10 findings');
    expect(textOf(failure)).toContain('<10 errors');
    expect(textOf(failure)).not.toMatch(/\b[1-9] more/);
  });

  it('escapes hostile names and messages and strips control characters', () => {
    const out = junit(F['hostile']!, ctx());
    expect(out).not.toContain('<script>');
    expect(hasC0Control(out)).toBe(false);
    const root = parseXml(out);
    const suite = childElements(root, 'testsuite')[0]!;
    expect(suite.attrs['name']).toBe('odd <name> & "q".csv');
    const text = textOf(root);
    expect(text).toContain(`field ${HOSTILE.script}: Bad ${HOSTILE.script}`);
    expect(text).toContain(HOSTILE.quote);
    expect(text).toContain('bell nul vt ok');
    const notice = childElements(childElements(suite, 'properties')[0]!, 'property').find(
      (p) => p.attrs['name'] === 'notice',
    );
    expect(notice?.attrs['value']).toBe(`Notice ${HOSTILE.script}`);
  });
});
