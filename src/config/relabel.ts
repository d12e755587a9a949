/**
 * Reports name files as people know them. The engine is given absolute paths (so the CLI's working
 * folder, not the process's, decides what a relative path means); this pure function puts the
 * names people typed back into the report — file entries, findings, related records, the bare
 * schema's path and any message that quotes a path — and re-sorts through buildReport.
 */
import { buildReport } from '../report/build.js';
import type { FileReport, Finding, Report } from '../report/types.js';

export type PathNames = ReadonlyMap<string, string>;

/** Replace every occurrence of a mapped path in free text (messages quote file names). */
export function relabelText(text: string, names: PathNames): string {
  let out = text;
  // Longest first, so /a/b.csv is not half-replaced by a mapping for /a/b.
  for (const [from, to] of [...names].sort(([a], [b]) => b.length - a.length)) {
    if (from !== to && out.includes(from)) out = out.split(from).join(to);
  }
  return out;
}

function relabelFinding(f: Finding, names: PathNames): Finding {
  const out: Finding = { ...f, file: names.get(f.file) ?? f.file, message: relabelText(f.message, names) };
  if (f.related) out.related = { ...f.related, file: names.get(f.related.file) ?? f.related.file };
  return out;
}

export function relabelReport(report: Report, names: PathNames): Report {
  if (names.size === 0 || [...names].every(([a, b]) => a === b)) return report;
  const files: FileReport[] = report.files.map((f) => ({
    ...f,
    path: names.get(f.path) ?? f.path,
    findings: f.findings.map((x) => relabelFinding(x, names)),
  }));
  const rebuilt = buildReport({
    tool: report.tool,
    generatedAt: report.generatedAt,
    standard: report.standard,
    schema: report.schema
      ? { ...report.schema, path: names.get(report.schema.path) ?? report.schema.path }
      : null,
    files,
    options: report.options,
    notices: report.notices.map((n) => relabelText(n, names)),
  });
  const extras = Object.fromEntries(Object.entries(report).filter(([k]) => !Object.hasOwn(rebuilt, k)));
  return { ...rebuilt, ...extras };
}
