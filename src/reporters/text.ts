/**
 * The default human report: per file, findings grouped by rule (most serious first) with exact counts
 * and the first examples (record, line, field), a per-field summary, then a one-line verdict.
 * Colour comes from ctx.color (level 0 when off), never from the environment.
 */
import type { FileReport, Report, RuleCount } from '../report/types.js';
import type { Reporter, ReporterContext } from './types.js';
import {
  countOf,
  describeLocation,
  firstExamples,
  sortedCounts,
  standardLabel,
  worstSeverity,
} from './util.js';

function ruleLine(rule: string, c: RuleCount, ctx: ReporterContext): string {
  const { color } = ctx;
  const sev = worstSeverity(c);
  const mark = sev === 'error' ? color.red('✖') : sev === 'warning' ? color.yellow('⚠') : color.blue('ℹ');
  const parts: string[] = [];
  if (c.errors) parts.push(countOf(c.errors, 'error', ctx.suppressBelow));
  if (c.warnings) parts.push(countOf(c.warnings, 'warning', ctx.suppressBelow));
  if (c.infos) parts.push(countOf(c.infos, 'note', ctx.suppressBelow));
  return `  ${mark} ${color.bold(rule)}  ${parts.join(', ')}  ${color.dim(`— ${ctx.ruleInfo(rule).title}`)}`;
}

function fileSection(file: FileReport, ctx: ReporterContext): string[] {
  const { color } = ctx;
  const lines: string[] = [];
  const meta = [
    file.format,
    file.encoding,
    file.table ? `table ${file.table}` : null,
    countOf(file.records, 'record', 0),
  ]
    .filter((x) => x)
    .join(', ');
  const status = file.errors > 0 ? color.red('not conformant') : color.green('conformant');
  lines.push(`${color.underline(file.path)}  ${color.dim(`(${meta})`)}  ${status}`);
  if (file.errors + file.warnings + file.infos === 0) {
    lines.push(`  ${color.green('✔')} no findings`);
    return lines;
  }
  const examples = firstExamples(file.findings, ctx.examplesPerRule);
  for (const [rule, c] of sortedCounts(file.byRule)) {
    lines.push(ruleLine(rule, c, ctx));
    for (const f of examples.get(rule) ?? []) {
      const where = describeLocation(f);
      const value = f.value !== undefined ? color.dim(` [value: ${JSON.stringify(f.value)}]`) : '';
      const related = f.related?.record
        ? color.dim(
            ` (see record ${f.related.record}${f.related.file !== f.file ? ` of ${f.related.file}` : ''})`,
          )
        : '';
      lines.push(`      ${where ? `${color.cyan(where)}: ` : ''}${f.message}${related}${value}`);
    }
    const shown = examples.get(rule)?.length ?? 0;
    // Under small-number suppression the remainder would give the hidden count away.
    if (c.count > shown && shown > 0) {
      lines.push(
        color.dim(ctx.suppressBelow > 1 ? '      … more not shown' : `      … and ${c.count - shown} more`),
      );
    }
  }
  const fields = sortedCounts(file.byField).filter(([k]) => k !== '(record)');
  if (fields.length > 0) {
    const top = fields.slice(0, 10).map(([k, c]) => `${k} ${countOf(c.count, 'finding', ctx.suppressBelow)}`);
    lines.push(
      color.dim(
        `  By field: ${top.join('; ')}${fields.length > 10 ? `; … ${fields.length - 10} more fields` : ''}`,
      ),
    );
  }
  if (file.truncated) {
    lines.push(
      color.dim(
        `  Listed the first ${file.findings.length} findings; counts above are exact (--max-findings).`,
      ),
    );
  }
  return lines;
}

export const text: Reporter = (report: Report, ctx: ReporterContext): string => {
  const { color } = ctx;
  const out: string[] = [];
  const std = report.standard ? `${standardLabel(report)} — ${report.standard.title}` : standardLabel(report);
  out.push(color.bold(`carecheck ${report.tool.version}`) + color.dim(` · ${std}`));
  for (const n of report.notices) out.push(color.yellow(`! ${n}`));
  out.push('');
  for (const f of report.files) {
    out.push(...fileSection(f, ctx));
    out.push('');
  }
  const s = report.summary;
  const counts = `${countOf(s.errors, 'error', ctx.suppressBelow)}, ${countOf(s.warnings, 'warning', ctx.suppressBelow)}`;
  const scope = `${countOf(s.files, 'file', 0)}, ${countOf(s.records, 'record', 0)}`;
  out.push(
    report.valid
      ? color.green(`✔ Conformant to ${standardLabel(report)}: ${counts} (${scope})`)
      : color.red(`✖ Not conformant to ${standardLabel(report)}: ${counts} (${scope})`),
  );
  return `${out.join('\n')}\n`;
};
