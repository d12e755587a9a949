/**
 * Reporters are pure functions of a Report: same Report and context in, same string out.
 * They never do IO, read the clock or decide colour themselves; the CLI writes what they return.
 */
import type { ChalkInstance } from 'chalk';
import type { Report } from '../report/types.js';

export type ReporterName = 'text' | 'json' | 'junit' | 'sarif' | 'markdown' | 'html' | 'csv';

/** What a reporter may say about a rule: a short title and a longer help text (SARIF rules, HTML tooltips). */
export interface RuleInfo {
  title: string;
  help: string;
}

export interface ReporterContext {
  /** Chalk instance to style with; level 0 when colour is off. Machine formats ignore it. */
  color: ChalkInstance;
  /** Describe a rule id (built-in catalogue first, then the standard's own rule ids). */
  ruleInfo(rule: string): RuleInfo;
  /** Counts from 1 to N-1 are shown as `<N` in shareable summaries (`--suppress-below N`); 0 = off. */
  suppressBelow: number;
  /** How many example findings per rule human formats show. */
  examplesPerRule: number;
}

export type Reporter = (report: Report, ctx: ReporterContext) => string;
