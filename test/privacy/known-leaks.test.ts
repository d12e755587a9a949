/**
 * Leaks found by the privacy work, each with its reproduction:
 *
 * - the set-up runs in `beforeAll` and a plain `it` checks the reproduction is real (exit code, the
 *   finding that carried the leak), so nothing here can pass by accident;
 * - the privacy requirement itself: written as `it.fails(...)` while src still leaked (it passes while
 *   the leak is there), and turned into a plain `it(...)` guard once src was fixed.
 *
 * Describe names say where the fix belongs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import type { Report } from '../../src/report/types.js';
import { repoRoot, tempDir } from '../helpers/tmp.js';
import { describeLeaks, findLeaks, type Leak, NOW, runAllFormats, TODAY, unescapeAll } from './harness.js';
import { identifiersOf, people, spaced } from './synthetic.js';

const t = tempDir('carecheck-known-leaks-');
const sample = path.join(repoRoot, 'fixtures/samples/asc-cld/cld-r2-sample.csv');
const errorsSample = path.join(repoRoot, 'fixtures/samples/asc-cld/cld-r2-errors.csv');

async function cli(...argv: string[]) {
  const io = memoryIo({ now: () => NOW });
  const code = await run(['validate', ...argv, '--today', TODAY, '--no-config'], io);
  return { code, out: io.out, err: io.err };
}

async function jsonOf(...argv: string[]): Promise<{ code: number; report: Report; out: string }> {
  const r = await cli(...argv, '--format', 'json');
  return { code: r.code, out: r.out, report: JSON.parse(r.out) as Report };
}

describe('src/reporters/text.ts: "… and N more" under --suppress-below', () => {
  let out = '';
  beforeAll(async () => {
    out = (await cli(errorsSample, '--standard', 'asc-cld@2', '--suppress-below', '5', '--examples', '1'))
      .out;
  });

  it('reproduction: schema/format has 3 errors, shown as <5 with one example', () => {
    expect(out).toMatch(/schema\/format {2}<5 errors/);
  });

  it('no exact remainder next to a suppressed count (1 example + "2 more" = 3)', () => {
    // JUnit already says "… more not shown" without a number when suppressing (src/reporters/junit.ts).
    expect(out).not.toMatch(/… and \d+ more/);
  });
});

describe('src/reporters/junit.ts: "<5 finding" (singular) under --suppress-below', () => {
  let xml = '';
  beforeAll(async () => {
    xml = (await cli(errorsSample, '--standard', 'asc-cld@2', '--suppress-below', '5', '--format', 'junit'))
      .out;
  });

  it('reproduction: rules with one finding fail in the JUnit report', () => {
    expect(xml).toContain('name="value/literal-null"');
  });

  it('a suppressed count always takes the plural noun (pluralize(c.count) gives a count of 1 away)', () => {
    expect(unescapeAll(xml)).not.toMatch(/"<5 finding"/);
  });
});

describe('src/engine/validate.ts (csv/unknown-column): a CSV exported without its header row', () => {
  // The first data row is read as the header, so every cell of it becomes a "column name", and
  // column names are printed (field, message) in every report, by default.
  const [p] = people(1, 99);
  let leaks: Leak[] = [];
  let code = -1;
  beforeAll(async () => {
    if (!p) throw new Error('no person');
    const lines = readFileSync(sample, 'utf8').split('\n');
    const header = (lines[0] ?? '').split(',');
    const first = (lines[1] ?? '').split(',');
    const set = (name: string, value: string) => {
      first[header.indexOf(name)] = value;
    };
    set('NHS Number', p.nhs);
    set('First Name', p.first);
    set('Last Name', p.last);
    set('Date of Birth', p.dob);
    set('Postcode', p.postcode);
    set('LA Person Unique Identifier', p.laId);
    const file = t.write('input/no-header.csv', `${first.join(',')}\n${lines.slice(2).join('\n')}`);
    // Default options, every format: the Markdown "Findings by field" table (the one posted to a
    // pull request or step summary) lists the first record's NHS Number, name, date of birth and
    // postcode as field names; so do the text "By field" line, JSON, SARIF, HTML and CSV.
    const r = await runAllFormats(t.dir, 'no-header', [file, '--standard', 'asc-cld@2']);
    code = r.code;
    leaks = findLeaks(r.outputs, identifiersOf(p));
  });

  it('reproduction: the file is reported as not conformant', () => {
    expect(code).toBe(1);
  });

  it('no value of the first record appears in the report', () => {
    expect(describeLeaks(leaks)).toBe('');
  });
});

describe('src/engine (ragged rows): an unquoted comma in free text shifts a name into a code-list column', () => {
  // Values of code-list fields classed `sensitivity: none` are shown by default (to help fix typos).
  // On a ragged row the cells no longer line up with the header, so what lands in such a column
  // can be anything: here the second half of an Event Description naming a person.
  const [p] = people(1, 7);
  let report: Report | undefined;
  let leaks: Leak[] = [];
  beforeAll(async () => {
    if (!p) throw new Error('no person');
    const lines = readFileSync(sample, 'utf8').split('\n');
    const row = (lines[1] ?? '').replace('Telephone contact', `Phoned ${p.first}, ${p.last}`);
    const file = t.write('input/ragged.csv', `${lines[0]}\n${row}\n`);
    const r = await runAllFormats(t.dir, 'ragged', [file, '--standard', 'asc-cld@2', '--examples', '1000']);
    report = r.report;
    leaks = findLeaks(r.outputs, [p.first, p.last]);
  });

  it('reproduction: the row is reported as ragged', () => {
    const rules = report?.files[0]?.findings.map((f) => f.rule);
    expect(rules).toContain('csv/ragged-row');
  });

  it('no value of a ragged row is shown by default', () => {
    expect(describeLeaks(leaks)).toBe('');
  });
});

describe('src/engine/findings.ts (field names): a JSON export keyed by NHS Number', () => {
  // Property names of JSON records are data too: a record keyed by identifiers puts every one of
  // them in a finding's field (and message) as "not a field of this standard".
  const folk = people(3, 12);
  let leaks: Leak[] = [];
  let report: Report | undefined;
  beforeAll(async () => {
    const record: Record<string, unknown> = {
      dateOfBirth: '1950-01-01',
      genderIdentity: '1',
      ethnicity: 'A',
      sexualOrientation: 'Not stated',
    };
    for (const q of folk) record[q.nhs] = { careNeeds: 'high' };
    const file = t.write('input/keyed.json', JSON.stringify([record]));
    const r = await runAllFormats(t.dir, 'keyed', [
      file,
      '--standard',
      'dscr-mods-person',
      '--examples',
      '1000',
    ]);
    report = r.report;
    leaks = findLeaks(
      r.outputs,
      folk.flatMap((q) => [q.nhs, spaced(q.nhs)]),
    );
  });

  it('reproduction: the keys are reported as unknown items', () => {
    expect(report?.files[0]?.findings.map((f) => f.rule)).toContain('mods/unknown-item');
  });

  it('no identifier used as a property name appears in the report', () => {
    expect(describeLeaks(leaks)).toBe('');
  });
});

describe('src/engine/privacy.ts: --show-values (masked) and fields the standard does not classify', () => {
  // `masked` masked only fields classed direct-identifier and showed everything else in full,
  // including fields the standard does not know at all (an extra `familyName` item). A field nobody
  // classified may hold anything, so it is masked like a direct identifier.
  const [p] = people(1, 3);
  let report: Report | undefined;
  beforeAll(async () => {
    if (!p) throw new Error('no person');
    const file = t.write(
      'unclassified.json',
      JSON.stringify([
        {
          dateOfBirth: p.dobIso,
          genderIdentity: '1',
          ethnicity: 'A',
          sexualOrientation: 'Not stated',
          familyName: p.last,
        },
      ]),
    );
    report = (await jsonOf(file, '--standard', 'dscr-mods-person', '--show-values')).report;
  });

  it('reproduction: the unknown item is reported, with a value', () => {
    const f = report?.files[0]?.findings.find((x) => x.field === 'familyName');
    expect(f?.rule).toBe('mods/unknown-item');
    expect(f?.value).toBeDefined();
  });

  it('a value of an unclassified field is masked like a direct identifier', () => {
    const f = report?.files[0]?.findings.find((x) => x.field === 'familyName');
    expect(f?.value).not.toBe(p?.last);
  });
});
