/**
 * The exceptions register as pure functions: applying it to a Report (accepted findings move out and
 * every count is rebuilt), recording entries, merging, and the file format's checks.
 */
import { describe, expect, it } from 'vitest';
import { applyBaseline, type BaselinedFileReport } from '../../../src/baseline/apply.js';
import { entriesFromReports, mergeEntries } from '../../../src/baseline/create.js';
import {
  type BaselineEntry,
  fingerprintKey,
  isDate,
  newSaltKey,
  parseBaseline,
  pseudonymiseKey,
  serialiseBaseline,
} from '../../../src/baseline/format.js';
import { buildReport, FileAccumulator } from '../../../src/report/build.js';
import type { Finding, Report } from '../../../src/report/types.js';

function finding(
  record: number | null,
  rule: string,
  field: string | null,
  over: Partial<Finding> = {},
): Finding {
  return {
    rule,
    severity: 'error',
    message: `${field} is wrong`,
    file: 'a.csv',
    record,
    line: record === null ? 1 : record + 1,
    field,
    pointer: field ? `/${field}` : '',
    ...(record !== null && { recordRef: `ref${record}`, recordDigest: `dig${record}` }),
    ...over,
  };
}

function report(findings: Finding[], cap = 0): Report {
  const acc = new FileAccumulator('a.csv', 'csv', cap);
  acc.sha256 = 'abc';
  acc.records = 10;
  for (const f of findings) acc.add(f);
  return buildReport({
    tool: { name: 'carecheck', version: '0.1.0' },
    generatedAt: '2026-01-01T00:00:00.000Z',
    standard: null,
    schema: { path: 's.json' },
    files: [acc.finish()],
    options: { showValues: 'default' },
    notices: ['Earlier notice'],
  });
}

function entry(f: Finding, over: Partial<BaselineEntry> = {}): BaselineEntry {
  return {
    rule: f.rule,
    field: f.field,
    recordRef: f.recordRef ?? null,
    recordDigest: f.recordDigest ?? null,
    reason: 'Known',
    expires: '2026-06-30',
    addedAt: '2026-01-01',
    file: 'a.csv',
    ...over,
  };
}

const opts = { today: '2026-03-01', maxFindings: 0, stripRefs: false };
const fileOf = (r: Report) => r.files[0] as BaselinedFileReport;

describe('applyBaseline', () => {
  const f1 = finding(1, 'schema/format', 'NHS Number');
  const f2 = finding(2, 'schema/required', 'Gender', { severity: 'warning' });
  const f3 = finding(3, 'schema/enum', 'Ethnicity');

  it('moves accepted findings out of the counts, keeps new ones, and says so in a notice', () => {
    const { report: r, accepted } = applyBaseline(report([f1, f2, f3]), [entry(f1), entry(f2)], opts);
    expect(accepted).toBe(2);
    expect(r.summary).toMatchObject({ errors: 1, warnings: 0, accepted: 2 });
    expect(r.valid).toBe(false);
    expect(fileOf(r).findings.map((f) => f.record)).toEqual([3]);
    expect(Object.keys(fileOf(r).byRule)).toEqual(['schema/enum']);
    expect(fileOf(r).accepted).toMatchObject({ count: 2, errors: 1, warnings: 1, truncated: false });
    expect(fileOf(r).accepted.findings[0]?.baseline).toEqual({ reason: 'Known', expires: '2026-06-30' });
    expect(r.notices).toEqual([
      'Earlier notice',
      '2 findings accepted by the baseline (listed in the JSON report)',
    ]);
    // What the engine recorded about the file stays.
    expect(fileOf(r).sha256).toBe('abc');
    expect(fileOf(r).records).toBe(10);
  });

  it('counts in notices follow small-number suppression', () => {
    const { report: r } = applyBaseline(report([f1, f2, f3]), [entry(f1), entry(f2)], {
      ...opts,
      suppressBelow: 5,
    });
    expect(r.notices.at(-1)).toBe('<5 findings accepted by the baseline (listed in the JSON report)');
  });

  it('all findings accepted: the report is valid', () => {
    const { report: r } = applyBaseline(report([f1, f3]), [entry(f1), entry(f3)], opts);
    expect(r.valid).toBe(true);
    expect(r.files[0]?.valid).toBe(true);
    expect(r.summary.errors).toBe(0);
  });

  it('an entry is good through its expiry day; after it, the finding counts again and a notice says so', () => {
    const onTheDay = applyBaseline(report([f1]), [entry(f1, { expires: '2026-03-01' })], opts);
    expect(onTheDay.accepted).toBe(1);
    const after = applyBaseline(report([f1]), [entry(f1, { expires: '2026-02-28' })], opts);
    expect(after.accepted).toBe(0);
    expect(after.expiredMatches).toBe(1);
    expect(after.report.summary.errors).toBe(1);
    expect(after.report.notices.at(-1)).toBe(
      '1 baseline entry has expired (the earliest on 2026-02-28); 1 finding it covered counts again',
    );
  });

  it('a changed record (another digest) or another rule or field does not match', () => {
    const changed = finding(1, 'schema/format', 'NHS Number', { recordDigest: 'dig1-changed' });
    const r = applyBaseline(report([changed]), [entry(f1)], opts);
    expect(r.accepted).toBe(0);
    expect(r.unusedEntries).toHaveLength(1);
    expect(r.report.notices.at(-1)).toMatch(/1 baseline entry matches no finding/);
    expect(applyBaseline(report([f1]), [entry(f1, { rule: 'schema/enum' })], opts).accepted).toBe(0);
    expect(applyBaseline(report([f1]), [entry(f1, { field: 'Gender' })], opts).accepted).toBe(0);
  });

  it('entries about other files are not reported as unused or expired', () => {
    const r = applyBaseline(
      report([]),
      [entry(f1, { file: 'other.csv' }), entry(f2, { file: 'other.csv', expires: '2020-01-01' })],
      opts,
    );
    expect(r.unusedEntries).toEqual([]);
    expect(r.expiredEntries).toEqual([]);
    expect(r.report.notices).toEqual(['Earlier notice']);
  });

  it('applies the findings cap after filtering, with exact counts', () => {
    const many = Array.from({ length: 6 }, (_, i) => finding(i + 1, 'schema/format', 'NHS Number'));
    const { report: r } = applyBaseline(report(many), [entry(many[0]!), entry(many[1]!)], {
      ...opts,
      maxFindings: 3,
    });
    expect(r.files[0]?.errors).toBe(4);
    expect(r.files[0]?.findings).toHaveLength(3);
    expect(r.files[0]?.truncated).toBe(true);
    expect(fileOf(r).accepted.count).toBe(2);
  });

  it('strips keyed references when asked (salted baselines)', () => {
    const { report: r } = applyBaseline(report([f1, f3]), [entry(f1)], { ...opts, stripRefs: true });
    const all = [...fileOf(r).findings, ...fileOf(r).accepted.findings];
    expect(all).toHaveLength(2);
    for (const f of all) {
      expect(f.recordRef).toBeUndefined();
      expect(f.recordDigest).toBeUndefined();
    }
  });

  it('keeps report keys it does not know, and the usual key order', () => {
    const r = { ...report([f1]), extra: 1 } as Report & { extra: number };
    const out = applyBaseline(r, [], opts).report as Report & { extra?: number };
    expect(out.extra).toBe(1);
    expect(Object.keys(out).slice(0, 3)).toEqual(['reportVersion', 'tool', 'generatedAt']);
  });

  it('a file-level finding (no record) matches an entry with null fingerprints', () => {
    const missing = finding(null, 'csv/missing-column', 'Gender');
    expect(applyBaseline(report([missing]), [entry(missing)], opts).accepted).toBe(1);
  });

  it('is pure: the input report is not changed', () => {
    const input = report([f1, f3]);
    const copy = JSON.parse(JSON.stringify(input));
    applyBaseline(input, [entry(f1)], { ...opts, stripRefs: true });
    expect(JSON.parse(JSON.stringify(input))).toEqual(copy);
  });
});

describe('entriesFromReports / mergeEntries', () => {
  it('records errors and warnings with fingerprints, never values; skips unfingerprinted records and notes', () => {
    const withValue = finding(1, 'schema/enum', 'Ethnicity', { value: 'Secret value' });
    const parse = finding(2, 'parse/jsonl', null, { recordRef: undefined, recordDigest: undefined });
    delete parse.recordRef;
    delete parse.recordDigest;
    const note = finding(3, 'x/info', 'A', { severity: 'info' });
    const column = finding(null, 'csv/unknown-column', 'Extra');
    const { entries, skipped } = entriesFromReports([report([withValue, withValue, parse, note, column])], {
      reason: 'Because',
      expires: '2026-12-31',
      addedAt: '2026-01-01',
    });
    expect(skipped).toBe(1);
    expect(entries.map((e) => [e.rule, e.recordRef])).toEqual([
      ['csv/unknown-column', null],
      ['schema/enum', 'ref1'],
    ]);
    expect(JSON.stringify(entries)).not.toContain('Secret value');
  });

  it('keeps entries in force, renews expired ones, adds new ones', () => {
    const a = entry(finding(1, 'r', 'f'), { reason: 'old', expires: '2026-12-31' });
    const b = entry(finding(2, 'r', 'f'), { reason: 'old', expires: '2025-12-31' });
    const gone = entry(finding(9, 'r', 'f'), { reason: 'old' });
    const fresh = [1, 2, 3].map((n) => entry(finding(n, 'r', 'f'), { reason: 'new', expires: '2027-01-31' }));
    const m = mergeEntries([a, b, gone], fresh, '2026-03-01');
    expect(m).toMatchObject({ added: 1, kept: 1, renewed: 1 });
    expect(m.entries.map((e) => [e.recordRef, e.reason])).toEqual([
      ['ref1', 'old'],
      ['ref2', 'new'],
      ['ref9', 'old'],
      ['ref3', 'new'],
    ]);
  });
});

describe('the baseline file', () => {
  const good = () =>
    JSON.parse(
      serialiseBaseline({
        carecheckBaseline: 1,
        about: 'x',
        key: newSaltKey(),
        entries: [entry(finding(1, 'r', 'f'))],
      }),
    );

  it('round-trips through its own serialisation, with a 32-byte salt', () => {
    const b = parseBaseline(good(), 'b.json');
    expect(b.entries).toHaveLength(1);
    expect(b.key.type === 'salt' && Buffer.from(b.key.salt, 'base64').length).toBe(32);
  });

  it('names the key path of each problem', () => {
    expect(() => parseBaseline([], 'b.json')).toThrow(/b.json: the file is not a JSON object/);
    expect(() => parseBaseline({ ...good(), carecheckBaseline: 2 }, 'b.json')).toThrow(
      /'carecheckBaseline' must be 1/,
    );
    const bad = good();
    bad.entries[0].expires = '31/12/2026';
    expect(() => parseBaseline(bad, 'b.json')).toThrow(
      /'entries\[0\].expires' must be a date written yyyy-mm-dd/,
    );
    const noReason = good();
    delete noReason.entries[0].reason;
    expect(() => parseBaseline(noReason, 'b.json')).toThrow(
      /'entries\[0\].reason' must be a non-empty string/,
    );
    expect(() => parseBaseline({ ...good(), key: { type: 'salt', salt: 'c2hvcnQ=' } }, 'b.json')).toThrow(
      /'key.salt' is too short/,
    );
  });

  it('isDate accepts real calendar dates only', () => {
    expect(isDate('2026-02-28')).toBe(true);
    expect(isDate('2026-02-30')).toBe(false);
    expect(isDate('2026-2-3')).toBe(false);
  });

  it('fingerprintKey: the salt, or the same --pseudonymise key; anything else is a clear exit-2 error', () => {
    const key = new TextEncoder().encode('0123456789abcdef0123456789abcdef');
    const salted = parseBaseline(good(), 'b.json');
    expect(fingerprintKey(salted, 'b.json', undefined)).toHaveLength(32);
    expect(() => fingerprintKey(salted, 'b.json', key)).toThrow(/made without --pseudonymise/);
    const keyed = { ...salted, key: pseudonymiseKey(key) };
    expect(fingerprintKey(keyed, 'b.json', key)).toBe(key);
    expect(() => fingerprintKey(keyed, 'b.json', undefined)).toThrow(
      /made with --pseudonymise: give the same key/,
    );
    expect(() => fingerprintKey(keyed, 'b.json', key.slice(1))).toThrow(/not the one b.json was made with/);
  });

  it('serialises entries in a stable order', () => {
    const e = [3, 1, 2].map((n) => entry(finding(n, 'r', 'f')));
    const text = serialiseBaseline({ carecheckBaseline: 1, about: 'x', key: newSaltKey(), entries: e });
    expect(JSON.parse(text).entries.map((x: BaselineEntry) => x.recordRef)).toEqual(['ref1', 'ref2', 'ref3']);
  });
});
