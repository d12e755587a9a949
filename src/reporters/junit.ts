/**
 * JUnit XML, for CI systems that show test results (Jenkins, GitLab, Azure DevOps, GitHub test
 * reporters). Each input file is a <testsuite>; each rule that fired in it is a <testcase>, so a CI
 * dashboard shows "schema/required failed in referrals.csv" rather than one test per finding, which
 * would swamp it (and would turn record numbers into test names).
 *
 * - A rule with errors fails: <failure message="N findings"> lists the counts and the first examples.
 * - A rule with only warnings or infos passes and says what it found in <system-out>.
 * - A clean file gets one passing testcase, "conformance", so it still shows as a green test.
 *
 * Counts go through formatCount: JUnit files are published as CI artefacts and attached to tickets.
 */
import type { FileReport, Finding, Report, RuleCount } from '../report/types.js';
import type { Reporter, ReporterContext } from './types.js';
import {
  countOf,
  describeLocation,
  firstExamples,
  pluralize,
  sortedCounts,
  standardLabel,
  xmlAttr,
  xmlEscape,
} from './util.js';

function attrs(pairs: Record<string, string | number>): string {
  return Object.entries(pairs)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}

/** "record 3, line 4, field nhs_number: NHS number failed the check digit" */
function exampleLine(f: Finding): string {
  const where = describeLocation(f);
  const value = f.value === undefined ? '' : ` (value: ${f.value})`;
  return `${where === '' ? 'file' : where}: ${f.message}${value}`;
}

/** The counts line and the first examples of one rule in one file. */
function ruleText(
  rule: string,
  c: RuleCount,
  examples: readonly Finding[],
  file: FileReport,
  ctx: ReporterContext,
): string {
  const s = ctx.suppressBelow;
  const info = ctx.ruleInfo(rule);
  const parts: string[] = [];
  if (c.errors > 0) parts.push(countOf(c.errors, 'error', s));
  if (c.warnings > 0) parts.push(countOf(c.warnings, 'warning', s));
  if (c.infos > 0) parts.push(countOf(c.infos, 'info', s, 'infos'));
  const lines = [`${rule}: ${info.title}`, `${parts.join(', ')} in ${file.path}`];
  if (examples.length > 0) {
    lines.push('', `First ${examples.length} ${pluralize(examples.length, 'example')}:`);
    for (const f of examples) lines.push(`- ${exampleLine(f)}`);
    // Say "more" without a number when the count is suppressed, so the difference can't leak it.
    if (c.count > examples.length) {
      lines.push(s > 1 ? '- … more not shown' : `- … ${c.count - examples.length} more not shown`);
    }
  }
  if (file.truncated) lines.push('', 'The findings list was capped (--max-findings); the counts are exact.');
  if (info.help !== '') lines.push('', info.help);
  return lines.join('\n');
}

function testcases(
  file: FileReport,
  ctx: ReporterContext,
): { xml: string[]; tests: number; failures: number } {
  const rules = sortedCounts(file.byRule);
  const xml: string[] = [];
  if (rules.length === 0) {
    xml.push(`    <testcase${attrs({ classname: file.path, name: 'conformance' })}/>`);
    return { xml, tests: 1, failures: 0 };
  }
  const examples = firstExamples(file.findings, ctx.examplesPerRule);
  let failures = 0;
  for (const [rule, c] of rules) {
    const text = xmlEscape(ruleText(rule, c, examples.get(rule) ?? [], file, ctx));
    const open = `    <testcase${attrs({ classname: file.path, name: rule })}>`;
    if (c.errors > 0) {
      failures++;
      const message = countOf(c.count, 'finding', ctx.suppressBelow);
      xml.push(open, `      <failure${attrs({ message, type: rule })}>${text}</failure>`, '    </testcase>');
    } else {
      xml.push(open, `      <system-out>${text}</system-out>`, '    </testcase>');
    }
  }
  return { xml, tests: rules.length, failures };
}

function properties(report: Report, file: FileReport): string[] {
  const props: Array<[string, string]> = [['standard', standardLabel(report)]];
  props.push(['format', file.format]);
  if (file.encoding !== null) props.push(['encoding', file.encoding]);
  if (file.table) props.push(['table', file.table]);
  if (file.sha256 !== null) props.push(['sha256', file.sha256]);
  props.push(['records', String(file.records)]);
  props.push(['truncated', String(file.truncated)]);
  props.push(['generated-at', report.generatedAt]);
  for (const notice of report.notices) props.push(['notice', notice]);
  return [
    '    <properties>',
    ...props.map(([name, value]) => `      <property${attrs({ name, value })}/>`),
    '    </properties>',
  ];
}

export const junit: Reporter = (report, ctx) => {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const file of report.files) {
    const cases = testcases(file, ctx);
    tests += cases.tests;
    failures += cases.failures;
    suites.push(
      `  <testsuite${attrs({ name: file.path, tests: cases.tests, failures: cases.failures, errors: 0, skipped: 0 })}>`,
      ...properties(report, file),
      ...cases.xml,
      '  </testsuite>',
    );
  }
  const name = `carecheck ${standardLabel(report)}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name, tests, failures, errors: 0 })}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
};
