import { describe, expect, it } from 'vitest';
import { artifactLocation, sarif } from '../../../src/reporters/sarif.js';
import { ctx, finding, fixtures, HOSTILE, hasC0Control, makeReport } from './helpers.js';

const F = fixtures();

// biome-ignore lint/suspicious/noExplicitAny: tests walk untyped SARIF JSON
type Json = any;

function run(report = F['multi']!, c = ctx()): Json {
  const log = JSON.parse(sarif(report, c));
  expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
  expect(log.version).toBe('2.1.0');
  expect(log.runs).toHaveLength(1);
  return log.runs[0];
}

/** The structural rules of SARIF 2.1.0 that dashboards depend on. */
function checkStructure(r: Json): void {
  expect(r.tool.driver.name).toBe('carecheck');
  expect(typeof r.tool.driver.version).toBe('string');
  expect(r.tool.driver.informationUri).toMatch(/^https:\/\//);
  const ids = r.tool.driver.rules.map((x: Json) => x.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const rule of r.tool.driver.rules) {
    expect(rule.shortDescription.text.length).toBeGreaterThan(0);
    expect(rule.fullDescription.text.length).toBeGreaterThan(0);
    expect(rule.help.text.length).toBeGreaterThan(0);
  }
  for (const res of r.results) {
    expect(r.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
    expect(['error', 'warning', 'note']).toContain(res.level);
    expect(res.message.text.length).toBeGreaterThan(0);
    expect(res.locations).toHaveLength(1);
    const pl = res.locations[0].physicalLocation;
    expect(pl.artifactLocation.uri).not.toContain('\\');
    expect(() => new URL(pl.artifactLocation.uri, 'file:///root/')).not.toThrow();
    if (pl.region) expect(pl.region.startLine).toBeGreaterThanOrEqual(1);
    expect(Object.values(res.partialFingerprints).every((v) => typeof v === 'string')).toBe(true);
  }
}

describe('sarif reporter', () => {
  it.each(Object.keys(F))('writes valid SARIF 2.1.0 structure for the %s report', (name) => {
    checkStructure(run(F[name]!));
  });

  it('has an empty results list and no rules for an empty report', () => {
    const r = run(F['empty']!);
    expect(r.results).toEqual([]);
    expect(r.tool.driver.rules).toEqual([]);
    expect(r.properties.truncated).toBe(false);
  });

  it('describes rules from ruleInfo and sets levels per finding', () => {
    const r = run();
    const required = r.tool.driver.rules.find((x: Json) => x.id === 'schema/required');
    expect(required.shortDescription.text).toBe('Required field missing');
    expect(required.help.text).toContain('requires');
    expect(required.defaultConfiguration.level).toBe('error');
    const levels = Object.fromEntries(r.results.map((x: Json) => [x.ruleId, x.level]));
    expect(levels).toMatchObject({
      'schema/required': 'error',
      'value/whitespace': 'warning',
      'io/encoding': 'note',
    });
    expect(r.results).toHaveLength(7);
  });

  it('writes locations with forward slashes, %SRCROOT% and a region only when the line is known', () => {
    const r = run();
    const caseRes = r.results.find((x: Json) => x.ruleId === 'value/case');
    const pl = caseRes.locations[0].physicalLocation;
    expect(pl.artifactLocation).toEqual({ uri: 'data/services.json', uriBaseId: '%SRCROOT%', index: 1 });
    expect(pl.region).toBeUndefined();
    const req = r.results.find((x: Json) => x.ruleId === 'schema/required');
    expect(req.locations[0].physicalLocation.region).toEqual({ startLine: 4 });
    expect(req.properties).toEqual({ record: 3, field: 'nhs_number', pointer: '/nhs_number' });
    const dup = r.results.find((x: Json) => x.ruleId === 'key/duplicate');
    expect(dup.relatedLocations[0].physicalLocation.region).toEqual({ startLine: 10 });
  });

  it('lists artifacts with sha-256 hashes', () => {
    const r = run();
    expect(r.artifacts).toHaveLength(2);
    expect(r.artifacts[0].hashes['sha-256']).toBe('a'.repeat(64));
    expect(r.artifacts[0].length).toBe(1234);
    expect(r.artifacts[0].location.uri).toBe('data/people.csv');
  });

  it('fingerprints locations, not values, and keeps them distinct', () => {
    const a = finding({ rule: 'schema/enum', record: 4, field: 'sex', value: 'X' });
    const b = { ...a, value: 'Y', message: 'different words' };
    const fa = run(makeReport([{ path: 'p.csv', findings: [a] }])).results[0].partialFingerprints;
    const fb = run(makeReport([{ path: 'p.csv', findings: [b] }])).results[0].partialFingerprints;
    expect(fa).toEqual(fb);
    const both = run(makeReport([{ path: 'p.csv', findings: [a, a] }])).results;
    const prints = both.map((x: Json) => Object.values(x.partialFingerprints)[0]);
    expect(new Set(prints).size).toBe(2);
    const other = run(makeReport([{ path: 'p.csv', findings: [{ ...a, record: 5 }] }])).results[0]
      .partialFingerprints;
    expect(other).not.toEqual(fa);
  });

  it('flags truncation on the run and as an invocation notification', () => {
    const r = run(F['truncated']!);
    expect(r.properties.truncated).toBe(true);
    expect(r.results).toHaveLength(2);
    const notes = r.invocations[0].toolExecutionNotifications;
    expect(notes.some((n: Json) => n.level === 'warning' && /capped at 2 of 6/.test(n.message.text))).toBe(
      true,
    );
    expect(notes.some((n: Json) => n.level === 'note' && /--max-findings/.test(n.message.text))).toBe(true);
    expect(r.invocations[0].executionSuccessful).toBe(true);
  });

  it('keeps hostile text intact as JSON strings and encodes odd file names as URIs', () => {
    const out = sarif(F['hostile']!, ctx());
    const r = run(F['hostile']!);
    expect(r.results.map((x: Json) => x.message.text)).toContain(`Bad ${HOSTILE.script}`);
    expect(hasC0Control(out)).toBe(false);
    expect(r.artifacts[0].location.uri).toBe('odd%20%3Cname%3E%20%26%20%22q%22.csv');
    const formula = r.results.find((x: Json) => x.ruleId === 'value/formula');
    expect(formula.properties.value).toBe(HOSTILE.formula);
    const withRef = r.results.find((x: Json) => x.properties.recordRef !== undefined);
    expect(withRef.properties.recordRef).toBe('@ref-1');
  });

  it('turns paths into URI references', () => {
    expect(artifactLocation('./a/b c.csv')).toEqual({ uri: 'a/b%20c.csv', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('dir\\x.csv')).toEqual({ uri: 'dir/x.csv', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('<stdin>')).toEqual({ uri: '%3Cstdin%3E', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('/abs/x.csv')).toEqual({ uri: 'file:///abs/x.csv' });
    expect(artifactLocation('C:\\data\\x.csv')).toEqual({ uri: 'file:///C:/data/x.csv' });
    expect(artifactLocation('../up/x#1.csv')).toEqual({ uri: '../up/x%231.csv', uriBaseId: '%SRCROOT%' });
  });
});
