/**
 * GitHub-flavoured Markdown, for a CI step summary or a pull-request comment: a verdict line, counts
 * per file, rule and field, the first examples of each rule, and notes on truncation and notices.
 *
 * Everything that came from the data or a file name is escaped so it renders as the text it is:
 * a field name cannot open a table cell (`|`), a code span (`` ` ``), an HTML tag, a link or an
 * @mention that would notify somebody. Counts go through formatCount because these summaries are
 * posted where people outside the organisation can read them.
 */
import type { Finding, Report, RuleCount } from '../report/types.js';
import type { Reporter, ReporterContext } from './types.js';
import {
  allFindings,
  countOf,
  describeLocation,
  firstExamples,
  formatCount,
  isTruncated,
  sortedCounts,
  standardLabel,
  stripControl,
} from './util.js';

/** Table rows beyond this are summarised in one line; a PR comment is limited to 65,536 characters. */
const MAX_TABLE_ROWS = 50;

/**
 * Plain text for Markdown: one line, ASCII punctuation that Markdown or GFM gives meaning to
 * backslash-escaped (CommonMark §2.4), `<`, `>` and `&` as entities so no HTML can form, and a
 * word joiner after `@` so GitHub does not turn `@name` into a mention that notifies someone.
 */
export function mdText(s: string): string {
  return stripControl(s)
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\\`*_[\]()#+!|~{}]/g, (ch) => `\\${ch}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '@\u2060');
}

/**
 * A code span holding any text. The fence is one backtick longer than the longest run inside, and a
 * space pads contents that start or end with a backtick (CommonMark §6.1). Inside a table, `|` is
 * escaped, which GFM honours even inside code spans. Code spans also stop mentions and autolinks.
 */
export function mdCode(s: string, inTable = false): string {
  let body = stripControl(s).replace(/[\r\n\t]+/g, ' ');
  if (inTable) body = body.replace(/\|/g, '\\|');
  if (body === '') return '';
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || (body.startsWith(' ') && body.endsWith(' '));
  return pad ? `${fence} ${body} ${fence}` : `${fence}${body}${fence}`;
}

function table(head: string[], rows: string[][], note: string): string[] {
  const out = [
    `| ${head.join(' | ')} |`,
    `|${head.map((h) => (/^(Count|Errors|Warnings|Info|Records)$/.test(h) ? ' ---: ' : ' --- ')).join('|')}|`,
  ];
  for (const row of rows.slice(0, MAX_TABLE_ROWS)) out.push(`| ${row.join(' | ')} |`);
  if (rows.length > MAX_TABLE_ROWS)
    out.push('', `_…and ${rows.length - MAX_TABLE_ROWS} more ${note} not shown._`);
  return out;
}

function severityCell(c: RuleCount): string {
  if (c.errors > 0) return '❌ error';
  if (c.warnings > 0) return '⚠️ warning';
  return 'ℹ️ info';
}

function verdict(report: Report, ctx: ReporterContext): string[] {
  const s = ctx.suppressBelow;
  const std = report.standard
    ? `${mdCode(standardLabel(report))}${report.standard.title ? ` (${mdText(report.standard.title)})` : ''}`
    : report.schema
      ? `schema ${mdCode(report.schema.path)}`
      : 'no standard';
  const head = report.valid ? `## ✅ Conforms to ${std}` : `## ❌ Does not conform to ${std}`;
  const sum = report.summary;
  const numbers = [
    countOf(sum.files, 'file', 0),
    countOf(sum.records, 'record', 0),
    countOf(sum.errors, 'error', s),
    countOf(sum.warnings, 'warning', s),
  ];
  if (sum.infos > 0) numbers.push(countOf(sum.infos, 'info', s, 'infos'));
  return [head, '', numbers.join(' · ')];
}

function exampleItem(f: Finding, multiFile: boolean): string {
  const where: string[] = [];
  if (multiFile) where.push(mdCode(f.file));
  const loc = describeLocation({ ...f, field: null });
  if (loc !== '') where.push(mdText(loc));
  if (f.field !== null) where.push(`field ${mdCode(f.field)}`);
  const value = f.value === undefined ? '' : ` (value ${mdCode(f.value)})`;
  return `- ${where.length > 0 ? where.join(', ') : 'file'}: ${mdText(f.message)}${value}`;
}

export const markdown: Reporter = (report, ctx) => {
  const s = ctx.suppressBelow;
  const out: string[] = [...verdict(report, ctx)];

  if (report.files.length > 1) {
    out.push('', '### Files', '');
    const rows = report.files.map((f) => [
      mdCode(f.path, true),
      f.valid ? '✅' : '❌',
      String(f.records),
      formatCount(f.errors, s),
      formatCount(f.warnings, s),
    ]);
    out.push(...table(['File', 'Verdict', 'Records', 'Errors', 'Warnings'], rows, 'files'));
  }

  const byRule = sortedCounts(report.summary.byRule);
  if (byRule.length > 0) {
    out.push('', '### Findings by rule', '');
    const rows = byRule.map(([rule, c]) => [
      mdCode(rule, true),
      mdText(ctx.ruleInfo(rule).title),
      severityCell(c),
      formatCount(c.count, s),
    ]);
    out.push(...table(['Rule', 'Title', 'Severity', 'Count'], rows, 'rules'));
  }

  const byField = sortedCounts(report.summary.byField);
  if (byField.length > 0) {
    out.push('', '### Findings by field', '');
    const rows = byField.map(([field, c]) => [
      mdCode(field, true),
      formatCount(c.errors, s),
      formatCount(c.warnings, s),
      formatCount(c.count, s),
    ]);
    out.push(...table(['Field', 'Errors', 'Warnings', 'Count'], rows, 'fields'));
  }

  const examples = firstExamples(allFindings(report), ctx.examplesPerRule);
  if (examples.size > 0) {
    const multiFile = report.files.length > 1;
    // <details> keeps a PR comment short; the blank line after <summary> lets Markdown render inside.
    out.push(
      '',
      '<details>',
      `<summary>First examples (up to ${ctx.examplesPerRule} per rule)</summary>`,
      '',
    );
    for (const [rule, list] of examples) {
      out.push(`#### ${mdCode(rule)} ${mdText(ctx.ruleInfo(rule).title)}`, '');
      for (const f of list) out.push(exampleItem(f, multiFile));
      out.push('');
    }
    out.push('</details>');
  }

  const notes: string[] = [];
  if (isTruncated(report)) {
    const capped = report.files.filter((f) => f.truncated).map((f) => mdCode(f.path));
    notes.push(
      `> [!NOTE]\n> The list of findings was capped for ${capped.join(', ')}, so examples come from the first findings only. Counts are exact.`,
    );
  }
  if (report.notices.length > 0) {
    notes.push(['> [!IMPORTANT]', ...report.notices.map((n) => `> - ${mdText(n)}`)].join('\n'));
  }
  for (const note of notes) out.push('', note);

  out.push(
    '',
    `<sub>${mdText(`${report.tool.name} ${report.tool.version}`)} · report ${mdText(report.reportVersion)} · no network used</sub>`,
    '',
  );
  return out.join('\n');
};
