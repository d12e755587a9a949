/**
 * Applying an exceptions register to a report, as a pure function over the Report: findings that an
 * unexpired entry accepts move out of the counted findings into the file's `accepted` list, and every
 * count is rebuilt with the report's own accumulators, so the verdict, the exit code and every
 * reporter see the same numbers. Reporters stay pure and need not know about baselines: the JSON
 * report lists `accepted`, and a notice tells text and Markdown readers how many were accepted.
 *
 * The report must list every finding (run the engine with no findings cap); the cap is applied here,
 * after filtering, so counts stay exact.
 */
import { buildReport, FileAccumulator } from '../report/build.js';
import type { FileReport, Finding, Report, RuleCount } from '../report/types.js';
import { type BaselineEntry, matchKey } from './format.js';

export type AcceptedFinding = Finding & { baseline: { reason: string; expires: string } };

export interface AcceptedFindings {
  count: number;
  errors: number;
  warnings: number;
  infos: number;
  byRule: Record<string, RuleCount>;
  truncated: boolean;
  findings: AcceptedFinding[];
}

export type BaselinedFileReport = FileReport & { accepted: AcceptedFindings };

export interface ApplyOptions {
  /** Today as yyyy-mm-dd (UTC); an entry accepts findings up to and including its `expires` day. */
  today: string;
  /** Findings listed per file after filtering (0 = all). */
  maxFindings: number;
  /**
   * Drop recordRef / recordDigest from the report: when they were computed with the baseline's own
   * salt (no --pseudonymise), a report that leaves the building must not carry them, because anyone
   * who also holds the baseline file could test guesses against them.
   */
  stripRefs: boolean;
  /** Small-number suppression for the counts in notices (`--suppress-below`); 0 = off. */
  suppressBelow?: number;
}

export interface ApplyResult {
  report: Report;
  accepted: number;
  /** Findings that an expired entry would have accepted: they count again. */
  expiredMatches: number;
  /** Expired entries about this report's files. */
  expiredEntries: BaselineEntry[];
  /** Unexpired entries about this report's files that accepted nothing (fixed or changed records). */
  unusedEntries: BaselineEntry[];
}

function withoutRefs<T extends Finding>(f: T): T {
  const { recordRef: _ref, recordDigest: _digest, ...rest } = f;
  return rest as T;
}

export function applyBaseline(
  report: Report,
  entries: readonly BaselineEntry[],
  options: ApplyOptions,
): ApplyResult {
  // The same matcher the engine uses while streaming, over a report that lists every finding.
  const matcher = createBaselineMatcher(entries, options.today);
  const files = report.files.map((file): FileReport => {
    const acc = new FileAccumulator(file.path, file.format, options.maxFindings, {
      divert: (f) => matcher.accept(f),
    });
    for (const f of file.findings) acc.add(f);
    const rebuilt = acc.finish();
    return {
      // Keep what the engine put on the file (encoding, hashes, reporter extras), then the new counts.
      ...file,
      errors: rebuilt.errors,
      warnings: rebuilt.warnings,
      infos: rebuilt.infos,
      valid: rebuilt.valid,
      byRule: rebuilt.byRule,
      byField: rebuilt.byField,
      findings: rebuilt.findings,
      // A file the engine already cut short still is: its missing findings were never seen here.
      truncated: file.truncated || rebuilt.truncated,
      ...(rebuilt.accepted && { accepted: rebuilt.accepted }),
    };
  });
  const recounted = buildReport({
    tool: report.tool,
    generatedAt: report.generatedAt,
    standard: report.standard,
    schema: report.schema,
    files,
    options: report.options,
    notices: report.notices,
  });
  // buildReport knows the standard report keys; keep any others the engine or CLI added (after them,
  // so the JSON report keeps its usual key order).
  const extras = Object.fromEntries(Object.entries(report).filter(([k]) => !Object.hasOwn(recounted, k)));
  const result = matcher.finish(
    { ...recounted, ...extras },
    { stripRefs: options.stripRefs, suppressBelow: options.suppressBelow ?? 0 },
  );
  if (report.files.some((f) => f.truncated)) {
    result.report.notices.push(
      'The finding list was capped before the baseline was applied, so some findings it accepts may still count',
    );
  }
  return result;
}

/**
 * The notices a baseline adds. They reach the shareable text and Markdown reports, so their counts of
 * records are suppressed like the reporters' own (`<5`).
 */
function baselineNotices(
  report: Report,
  accepted: number,
  expiredEntries: readonly BaselineEntry[],
  expiredMatches: number,
  unusedEntries: readonly BaselineEntry[],
  below: number,
): string[] {
  const count = (n: number) => (below > 1 && n >= 1 && n < below ? `<${below}` : String(n));
  const one = (n: number) => count(n) === '1';
  const notices = [...report.notices];
  if (accepted > 0) {
    notices.push(
      `${count(accepted)} ${one(accepted) ? 'finding' : 'findings'} accepted by the baseline (listed in the JSON report)`,
    );
  }
  if (expiredEntries.length > 0) {
    const n = expiredEntries.length;
    const earliest = expiredEntries.map((e) => e.expires).sort()[0];
    notices.push(
      `${count(n)} baseline ${one(n) ? 'entry has' : 'entries have'} expired (the earliest on ${earliest}); ${count(expiredMatches)} ${one(expiredMatches) ? 'finding' : 'findings'} ${one(n) ? 'it' : 'they'} covered ${one(expiredMatches) ? 'counts' : 'count'} again`,
    );
  }
  if (unusedEntries.length > 0) {
    const n = unusedEntries.length;
    notices.push(
      `${count(n)} baseline ${one(n) ? 'entry matches' : 'entries match'} no finding (the record was fixed or has changed); remove ${one(n) ? 'it' : 'them'} from the baseline`,
    );
  }
  return notices;
}

/**
 * The streaming form of a baseline, for the engine's `accept` hook: findings are matched as they are
 * found, so the engine keeps its findings cap and memory stays bounded however many findings a
 * million-row file has (applyBaseline needs every finding listed first).
 */
export interface BaselineMatcher {
  accept(f: Finding): { baseline: { reason: string; expires: string } } | undefined;
}

export function createBaselineMatcher(entries: readonly BaselineEntry[], today: string) {
  const active = new Map<string, BaselineEntry>();
  const expired = new Map<string, BaselineEntry>();
  for (const e of entries) (e.expires >= today ? active : expired).set(matchKey(e), e);
  const used = new Set<BaselineEntry>();
  let expiredMatches = 0;
  return {
    accept(f: Finding) {
      const key = matchKey(f);
      const entry = active.get(key);
      if (entry) {
        used.add(entry);
        return { baseline: { reason: entry.reason, expires: entry.expires } };
      }
      if (expired.has(key)) expiredMatches++;
      return undefined;
    },
    /** After the run: notices and the summary count, refs stripped when they were salted. */
    finish(report: Report, options: { stripRefs: boolean; suppressBelow?: number }): ApplyResult {
      const paths = new Set(report.files.map((f) => f.path));
      const about = (e: BaselineEntry) => e.file === undefined || paths.has(e.file);
      const expiredEntries = [...expired.values()].filter(about);
      const unusedEntries = [...active.values()].filter((e) => !used.has(e) && about(e));
      const accepted = report.files.reduce((n, f) => n + (f.accepted?.count ?? 0), 0);
      const strip = <T extends Finding>(list: T[]) => (options.stripRefs ? list.map(withoutRefs) : list);
      const files = report.files.map((f) => ({
        ...f,
        findings: strip(f.findings),
        ...(f.accepted && { accepted: { ...f.accepted, findings: strip(f.accepted.findings) } }),
      })) as BaselinedFileReport[];
      const out: Report = {
        ...report,
        summary: { ...report.summary, accepted } as Report['summary'],
        files,
        notices: baselineNotices(
          report,
          accepted,
          expiredEntries,
          expiredMatches,
          unusedEntries,
          options.suppressBelow ?? 0,
        ),
      };
      return { report: out, accepted, expiredMatches, expiredEntries, unusedEntries };
    },
  };
}
