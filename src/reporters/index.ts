/**
 * The reporter registry. `ReporterName` drives `--format` choices, so a reporter that is not
 * registered here fails to compile.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { builtinRuleInfo } from '../report/rule-catalog.js';
import { csv } from './csv.js';
import { html } from './html.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { text } from './text.js';
import type { Reporter, ReporterContext, ReporterName, RuleInfo } from './types.js';

/**
 * A report carries titles for its standard's own rule ids (`report.rules`): every reporter sees them
 * through ctx.ruleInfo, after the built-in catalogue, whatever context the caller built.
 */
function withReportRules(reporter: Reporter): Reporter {
  return (report, ctx) => {
    const declared = report.rules;
    if (!declared) return reporter(report, ctx);
    return reporter(report, {
      ...ctx,
      ruleInfo: (rule) => builtinRuleInfo(rule) ?? declared[rule] ?? ctx.ruleInfo(rule),
    });
  };
}

export const reporters: Readonly<Record<ReporterName, Reporter>> = {
  text: withReportRules(text),
  json,
  junit: withReportRules(junit),
  sarif: withReportRules(sarif),
  markdown: withReportRules(markdown),
  html: withReportRules(html),
  csv,
};

export const REPORTER_NAMES = Object.keys(reporters) as ReporterName[];

/** File extension conventionally used for each format (for docs and `--format name=path` hints). */
export const REPORTER_EXTENSIONS: Readonly<Record<ReporterName, string>> = {
  text: 'txt',
  json: 'json',
  junit: 'xml',
  sarif: 'sarif',
  markdown: 'md',
  html: 'html',
  csv: 'csv',
};

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(reporters, name);
}

export interface ContextOptions {
  color?: ChalkInstance;
  suppressBelow?: number;
  examplesPerRule?: number;
  /** Rule info from the standard (ruleIds declared in its schema), consulted after the built-in catalogue. */
  extraRuleInfo?: (rule: string) => RuleInfo | undefined;
}

export function reporterContext(options: ContextOptions = {}): ReporterContext {
  return {
    color: options.color ?? new Chalk({ level: 0 }),
    suppressBelow: options.suppressBelow ?? 0,
    examplesPerRule: options.examplesPerRule ?? 3,
    ruleInfo: (rule) =>
      builtinRuleInfo(rule) ??
      options.extraRuleInfo?.(rule) ?? {
        title: rule,
        help: `Rule ${rule} as declared by the standard.`,
      },
  };
}

export type { Reporter, ReporterContext, ReporterName, RuleInfo };
