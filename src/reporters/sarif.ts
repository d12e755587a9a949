/**
 * SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), for code-scanning dashboards
 * such as GitHub code scanning and Azure DevOps. One run, one result per listed finding.
 *
 * Choices worth knowing:
 * - Paths become URI references relative to %SRCROOT% (forward slashes, percent-encoded), because
 *   dashboards resolve results against the checked-out repository and SARIF requires valid URIs.
 *   Absolute paths become file:/// URIs with no base id, as SARIF §3.4.4 requires.
 * - partialFingerprints hash where a finding is (rule, file, record, field, pointer), never its
 *   value, so the fingerprint neither leaks data nor changes when a value is corrected to another
 *   wrong value. Identical keys get an occurrence number so each result keeps its own identity.
 * - Counts are not suppressed here: SARIF lists individual results, and a dashboard needs them all.
 */
import { createHash } from 'node:crypto';
import type { Finding, Report, RuleCount, Severity } from '../report/types.js';
import type { Reporter } from './types.js';
import { stripControl, worstSeverity } from './util.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * Where people can read about the tool. SARIF viewers link to it from the tool name.
 * Points at the published package until the project has a documentation site.
 */
export const CARECHECK_INFORMATION_URI = 'https://www.npmjs.com/package/carecheck';

const FINGERPRINT_KEY = 'carecheckLocationHash/v1';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Readonly<Record<Severity, SarifLevel>> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * A report path as a SARIF artifact location. Relative paths keep their shape (`./` dropped) so a
 * dashboard can open the file in the repository; each segment is percent-encoded so names with
 * spaces, `#`, `%` or `:` stay valid URI references (`<stdin>` becomes `%3Cstdin%3E`).
 */
export function artifactLocation(path: string): { uri: string; uriBaseId?: string } {
  const slashed = path.replace(/\\/g, '/');
  const encode = (p: string) => p.split('/').map(encodeURIComponent).join('/');
  const drive = /^([A-Za-z]):\//.exec(slashed);
  if (drive) return { uri: `file:///${drive[1]}:/${encode(slashed.slice(3))}` };
  if (slashed.startsWith('/')) return { uri: `file://${encode(slashed)}` };
  return { uri: encode(slashed.replace(/^(\.\/)+/, '')), uriBaseId: '%SRCROOT%' };
}

/** What a fingerprint identifies: NUL-separated so ('a/b', 'c') and ('a', 'b/c') cannot collide; no value goes in. */
function locationKey(f: Finding): string {
  return [f.rule, f.file, f.record ?? '', f.field ?? '', f.pointer].join('\u0000');
}

function fingerprint(key: string, occurrence: number): string {
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 32);
  return occurrence === 0 ? hash : `${hash}:${occurrence}`;
}

/** SARIF wants an IANA charset name; carecheck's 'utf-8-bom' is UTF-8 with a byte-order mark. */
function charset(encoding: string): string {
  return encoding === 'utf-8-bom' ? 'utf-8' : encoding;
}

/** All rule ids, in a stable order: the summary's rules, plus any rule only seen in a finding. */
function ruleIds(report: Report): string[] {
  const ids = new Set(Object.keys(report.summary.byRule));
  for (const file of report.files) for (const f of file.findings) ids.add(f.rule);
  return [...ids].sort();
}

function text(s: string): { text: string } {
  return { text: stripControl(s) };
}

export const sarif: Reporter = (report, ctx) => {
  const ids = ruleIds(report);
  const ruleIndex = new Map(ids.map((id, i) => [id, i]));
  const rules = ids.map((id) => {
    const info = ctx.ruleInfo(id);
    const count: RuleCount | undefined = report.summary.byRule[id];
    return {
      id,
      shortDescription: text(info.title),
      fullDescription: text(info.help === '' ? info.title : info.help),
      help: text(info.help === '' ? info.title : info.help),
      defaultConfiguration: { level: LEVEL[count ? worstSeverity(count) : 'error'] },
    };
  });

  const artifactIndex = new Map<string, number>();
  const artifacts = report.files.map((file, i) => {
    artifactIndex.set(file.path, i);
    return {
      location: artifactLocation(file.path),
      ...(file.size !== null ? { length: file.size } : {}),
      ...(file.sha256 !== null ? { hashes: { 'sha-256': file.sha256 } } : {}),
      ...(file.encoding !== null ? { encoding: charset(file.encoding) } : {}),
      properties: {
        format: file.format,
        encoding: file.encoding,
        records: file.records,
        valid: file.valid,
        truncated: file.truncated,
      },
    };
  });

  const seen = new Map<string, number>();
  const results = report.files.flatMap((file) =>
    file.findings.map((f) => {
      const key = locationKey(f);
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      const index = artifactIndex.get(f.file);
      const physicalLocation = (path: string, line: number | null, idx: number | undefined) => ({
        artifactLocation: { ...artifactLocation(path), ...(idx !== undefined ? { index: idx } : {}) },
        ...(line !== null && line >= 1 ? { region: { startLine: line } } : {}),
      });
      return {
        ruleId: f.rule,
        ruleIndex: ruleIndex.get(f.rule) ?? 0,
        level: LEVEL[f.severity],
        message: text(f.message),
        locations: [{ physicalLocation: physicalLocation(f.file, f.line, index) }],
        ...(f.related
          ? {
              relatedLocations: [
                {
                  id: 1,
                  physicalLocation: physicalLocation(
                    f.related.file,
                    f.related.line,
                    artifactIndex.get(f.related.file),
                  ),
                  message: text(
                    `Other record involved${f.related.record !== null ? `: record ${f.related.record}` : ''}`,
                  ),
                  properties: { record: f.related.record, field: f.related.field },
                },
              ],
            }
          : {}),
        partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(key, occurrence) },
        properties: {
          record: f.record,
          field: f.field,
          pointer: f.pointer,
          ...(f.recordRef !== undefined ? { recordRef: f.recordRef } : {}),
          ...(f.value !== undefined ? { value: f.value } : {}),
        },
      };
    }),
  );

  const truncatedFiles = report.files.filter((f) => f.truncated);
  const notifications = [
    ...truncatedFiles.map((file) => ({
      level: 'warning' as const,
      message: text(
        `Findings for ${file.path} were capped at ${file.findings.length} of ${file.errors + file.warnings + file.infos}; counts in the run properties are exact.`,
      ),
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(file.path) } }],
    })),
    ...report.notices.map((notice) => ({ level: 'note' as const, message: text(notice) })),
  ];

  const run = {
    tool: {
      driver: {
        name: 'carecheck',
        version: report.tool.version,
        informationUri: CARECHECK_INFORMATION_URI,
        rules,
      },
    },
    invocations: [
      {
        executionSuccessful: true,
        ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
      },
    ],
    artifacts,
    results,
    properties: {
      reportVersion: report.reportVersion,
      generatedAt: report.generatedAt,
      standard: report.standard,
      valid: report.valid,
      truncated: truncatedFiles.length > 0,
      summary: {
        files: report.summary.files,
        records: report.summary.records,
        errors: report.summary.errors,
        warnings: report.summary.warnings,
        infos: report.summary.infos,
      },
      network: report.network,
    },
  };

  return `${JSON.stringify({ $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] }, null, 2)}\n`;
};
