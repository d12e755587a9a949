/**
 * Every report format from ONE run parses with a standard parser and says the same as the JSON
 * report: JSON.parse; SARIF 2.1.0 structure (rules, results, levels, start lines matching the
 * findings); JUnit XML well-formed under a strict parser (and Python's xml.etree when python3 is
 * there) with failures matching the rules that have errors; CSV read back with csv-parse (and
 * Python's csv) one row per listed finding; Markdown verdict and well-formed tables; HTML one file
 * with no URL and nothing external.
 *
 * Runs: the README's error sample, the clean sample, the ASC-WDS dataset (four files: one JUnit
 * suite and one SARIF artifact each), and a hostile file whose name, headers and values carry XML,
 * Markdown, HTML and CSV metacharacters, control characters and formulas (values shown with
 * --show-values=all so they reach every format).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/report/types.js';
import { repoRoot, tempDir } from '../helpers/tmp.js';
import { type AllFormatsRun, runAllFormats } from '../privacy/harness.js';
import { parseXml, type XmlElement } from '../unit/reporters/xml.js';

const t = tempDir('carecheck-formats-');
const samples = path.join(repoRoot, 'fixtures/samples');
const hasPython = spawnSync('python3', ['--version']).status === 0;

const CSV_HEADER = ['file', 'record', 'line', 'field', 'rule', 'severity', 'message'];
const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

function findingsOf(report: Report): Finding[] {
  return report.files.flatMap((f) => f.findings);
}

function elements(el: XmlElement, name?: string): XmlElement[] {
  return el.children.filter(
    (c): c is XmlElement => typeof c !== 'string' && (name === undefined || c.name === name),
  );
}

/** Control characters (except TAB, LF, CR) are dropped by every reporter; compare without them. */
function visible(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f)) continue;
    out += ch;
  }
  return out;
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{
    physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
  }>;
  properties?: { value?: string };
}
interface Sarif {
  $schema: string;
  version: string;
  runs: Array<{
    tool: {
      driver: {
        name: string;
        version: string;
        rules: Array<{ id: string; shortDescription: { text: string } }>;
      };
    };
    artifacts: Array<{ location: { uri: string } }>;
    results: SarifResult[];
  }>;
}

/** Python's own parsers, as a second opinion: element counts of the JUnit XML and the CSV rows. */
function pythonParse(
  junitXml: string,
  csvText: string,
): { suites: number; cases: number; failures: number; rows: string[][] } {
  const script = `
import csv, io, json, sys, xml.etree.ElementTree as ET
data = json.load(sys.stdin)
root = ET.fromstring(data['xml'].encode('utf-8'))
assert root.tag == 'testsuites', root.tag
suites = root.findall('testsuite')
rows = list(csv.reader(io.StringIO(data['csv'].lstrip('\\ufeff'), newline='')))
print(json.dumps({'suites': len(suites), 'cases': len(root.findall('./testsuite/testcase')),
  'failures': len(root.findall('./testsuite/testcase/failure')), 'rows': rows}))
`;
  const r = spawnSync('python3', ['-c', script], {
    input: JSON.stringify({ xml: junitXml, csv: csvText }),
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { suites: number; cases: number; failures: number; rows: string[][] };
}

function checkEveryFormat(label: string, get: () => AllFormatsRun) {
  describe(label, () => {
    let run: AllFormatsRun;
    let report: Report;
    let findings: Finding[];
    beforeAll(() => {
      run = get();
      report = run.report;
      findings = findingsOf(report);
    });

    it('JSON: parses, and its verdict matches the exit code', () => {
      expect(run.outputs.stderr).toBe('');
      expect(report.reportVersion).toBe('1.0');
      expect(run.code).toBe(report.valid ? 0 : 1);
      expect(report.summary.errors > 0).toBe(!report.valid);
    });

    it('SARIF 2.1.0: version, $schema, driver and rules; one result per finding with its rule, level and line', () => {
      const sarif = JSON.parse(run.outputs.sarif) as Sarif;
      expect(sarif.version).toBe('2.1.0');
      expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
      expect(sarif.runs).toHaveLength(1);
      const r0 = sarif.runs[0]!;
      expect(r0.tool.driver.name).toBe('carecheck');
      expect(r0.tool.driver.version).toBe(report.tool.version);
      const ids = r0.tool.driver.rules.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const rule of r0.tool.driver.rules) expect(rule.shortDescription.text).not.toBe('');
      expect(r0.artifacts).toHaveLength(report.files.length);
      expect(r0.results).toHaveLength(findings.length);
      r0.results.forEach((res, i) => {
        const f = findings[i]!;
        expect(res.ruleId).toBe(f.rule);
        expect(ids[res.ruleIndex]).toBe(res.ruleId);
        expect(res.level).toBe(SARIF_LEVEL[f.severity]);
        expect(res.message.text).toBe(visible(f.message));
        expect(res.locations).toHaveLength(1);
        const loc = res.locations[0]!.physicalLocation;
        expect(loc.artifactLocation.uri).not.toBe('');
        expect(() => new URL(loc.artifactLocation.uri, 'file:///repo/')).not.toThrow();
        if (f.line === null) expect(loc.region).toBeUndefined();
        else {
          expect(loc.region?.startLine).toBe(f.line);
          expect(loc.region?.startLine).toBeGreaterThanOrEqual(1);
        }
        expect(res.properties?.value).toBe(f.value);
      });
    });

    it('JUnit: well-formed; one suite per file; failures = rules with errors', () => {
      const root = parseXml(run.outputs.junit);
      expect(root.name).toBe('testsuites');
      const suites = elements(root, 'testsuite');
      expect(suites).toHaveLength(report.files.length);
      let tests = 0;
      let failures = 0;
      suites.forEach((suite, i) => {
        const file = report.files[i]!;
        const cases = elements(suite, 'testcase');
        const failed = cases.filter((c) => elements(c, 'failure').length > 0);
        const rulesWithErrors = Object.values(file.byRule).filter((c) => c.errors > 0).length;
        expect(suite.attrs['name']).toBe(visible(file.path));
        expect(Number(suite.attrs['tests'])).toBe(cases.length);
        expect(Number(suite.attrs['failures'])).toBe(failed.length);
        expect(failed.length).toBe(rulesWithErrors);
        expect(failed.length > 0).toBe(file.errors > 0);
        for (const c of failed) expect(file.byRule[c.attrs['name'] ?? '']?.errors).toBeGreaterThan(0);
        tests += cases.length;
        failures += failed.length;
      });
      expect(Number(root.attrs['tests'])).toBe(tests);
      expect(Number(root.attrs['failures'])).toBe(failures);
    });

    it('CSV: csv-parse reads the header and one row per listed finding, cell for cell', () => {
      expect(run.outputs.csv.startsWith('\ufeff')).toBe(true);
      const rows = parse(run.outputs.csv, { bom: true, relax_column_count: false }) as string[][];
      const hasValue = findings.some((f) => f.value !== undefined);
      expect(rows[0]).toEqual(hasValue ? [...CSV_HEADER, 'value'] : CSV_HEADER);
      expect(rows).toHaveLength(findings.length + 1);
      const cell = (v: string | number | null | undefined) => {
        if (v === null || v === undefined) return '';
        if (typeof v === 'number') return String(v);
        const s = visible(v);
        return /^ *[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/.test(s) ? `'${s}` : s;
      };
      findings.forEach((f, i) => {
        const expected = [f.file, f.record, f.line, f.field, f.rule, f.severity, f.message].map(cell);
        if (hasValue) expected.push(cell(f.value));
        expect(rows[i + 1]).toEqual(expected);
      });
    });

    it.skipIf(!hasPython)('JUnit and CSV: Python xml.etree and csv agree', () => {
      const py = pythonParse(run.outputs.junit, run.outputs.csv);
      const root = parseXml(run.outputs.junit);
      const suites = elements(root, 'testsuite');
      expect(py.suites).toBe(suites.length);
      expect(py.cases).toBe(suites.flatMap((s) => elements(s, 'testcase')).length);
      expect(py.failures).toBe(Number(root.attrs['failures']));
      expect(py.rows).toEqual(parse(run.outputs.csv, { bom: true }) as string[][]);
    });

    it('Markdown: the verdict line, and tables whose rows all have the header’s columns', () => {
      const md = run.outputs.markdown;
      const lines = md.split('\n');
      expect(lines[0]).toMatch(report.valid ? /^## ✅ Conforms to / : /^## ❌ Does not conform to /);
      const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
      let tables = 0;
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        if (!line.startsWith('|') || lines[i - 1]?.startsWith('|')) continue;
        tables++;
        expect(lines[i + 1], `separator after ${line}`).toMatch(/^\|( -+:? \|)+$/);
        for (let j = i; lines[j]?.startsWith('|'); j++) expect(cells(lines[j]!), lines[j]).toBe(cells(line));
      }
      if (findings.length > 0) {
        expect(md).toContain('### Findings by rule');
        expect(tables).toBeGreaterThanOrEqual(1);
      } else expect(tables).toBe(0);
    });

    it('HTML: one self-contained page, no URL, nothing external', () => {
      const html = run.outputs.html;
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(html.match(/<html[\s>]/gi)).toHaveLength(1);
      expect(html.match(/<\/html>/gi)).toHaveLength(1);
      expect(html).not.toMatch(/https?:\/\//i);
      expect(html).not.toMatch(/\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
      expect(html).not.toMatch(/\bsrc\s*=/i);
      expect(html).not.toMatch(/<link\b|<iframe\b|<object\b|<embed\b|<base\b|@import|url\(/i);
      for (const m of html.matchAll(
        /\b(?:href|action|formaction|xlink:href|poster|srcset)\s*=\s*"([^"]*)"/gi,
      )) {
        expect(m[1], m[0]).toMatch(/^#/);
      }
      expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
    });
  });
}

describe('every format from one run parses with a standard parser', () => {
  const runs: Record<string, AllFormatsRun> = {};

  beforeAll(async () => {
    const out = t.path('reports');
    runs['errors'] = await runAllFormats(out, 'errors', [
      path.join(samples, 'asc-cld/cld-r2-errors.csv'),
      '--standard',
      'asc-cld@2',
    ]);
    runs['clean'] = await runAllFormats(out, 'clean', [
      path.join(samples, 'asc-cld/cld-r2-sample.csv'),
      '--standard',
      'asc-cld@2',
    ]);
    runs['dataset'] = await runAllFormats(out, 'dataset', [
      path.join(samples, 'asc-wds/workplace.csv'),
      path.join(samples, 'asc-wds/staff.csv'),
      path.join(samples, 'asc-wds/staff-missing-workplace.csv'),
      path.join(samples, 'asc-wds/training.csv'),
      '--standard',
      'asc-wds',
    ]);
    const schema = t.write(
      'hostile/schema.json',
      JSON.stringify({
        type: 'object',
        properties: {
          id: { type: 'integer' },
          'name | <b>&amp;</b> "q"': { type: 'string', maxLength: 3 },
          note: { type: 'string', pattern: '^[a-z]*$' },
        },
      }),
    );
    const hostile = t.write(
      'hostile/we<ird> & "odd" #1 100%.csv',
      [
        'id,name | <b>&amp;</b> "q",note,]]><!-- x --> `tick`',
        '1,"=HYPERLINK(""x"",""y"")","<script>alert(1)</script>",a',
        '2,"@SUM(A1)","bell\u0007 and form\u000c feed ]]> end",b',
        'x,"+1 | pipe","line one\nline two",c',
        '4,"-cmd|\' /C calc\'!A0","tab\there \u200b\u2028 sep",d',
        '',
      ].join('\n'),
    );
    runs['hostile'] = await runAllFormats(out, 'hostile', [hostile, '--schema', schema, '--show-values=all']);
  });

  checkEveryFormat('README error sample (asc-cld@2: 10 errors, 1 warning)', () => runs['errors']!);
  checkEveryFormat('clean sample (asc-cld@2: conformant)', () => runs['clean']!);
  checkEveryFormat('ASC-WDS dataset (4 files, foreign keys)', () => runs['dataset']!);
  checkEveryFormat('hostile file name, headers and values (--show-values=all)', () => runs['hostile']!);

  it('the runs are what they claim', () => {
    expect(runs['errors']?.report.summary).toMatchObject({ errors: 10, warnings: 1 });
    expect(runs['errors']?.code).toBe(1);
    expect(runs['clean']?.report.valid).toBe(true);
    expect(runs['clean']?.code).toBe(0);
    expect(runs['dataset']?.report.files).toHaveLength(4);
    const hostile = runs['hostile']!.report;
    expect(findingsOf(hostile).filter((f) => f.value !== undefined).length).toBeGreaterThanOrEqual(4);
    expect(hostile.files[0]?.path).toContain('we<ird> & "odd" #1 100%.csv');
  });

  it('the hostile values are neutralised, not lost: CSV cells cannot run as formulas', () => {
    const rows = parse(runs['hostile']!.outputs.csv, { bom: true }) as string[][];
    const valueCol = rows[0]?.indexOf('value') ?? -1;
    expect(valueCol).toBeGreaterThan(0);
    const values = rows.slice(1).map((r) => r[valueCol] ?? '');
    expect(values).toContain('\'=HYPERLINK("x","y")');
    for (const v of values) expect(v).not.toMatch(/^ *[=+\-@]/);
    for (const r of rows) for (const c of r) expect(c).not.toMatch(/^ *[=+@]/);
  });
});
