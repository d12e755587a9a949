/**
 * Recording today's findings as baseline entries, and merging them into an existing register.
 * Only errors and warnings are recorded (notes never fail a run, so they need no exception), and
 * only findings carecheck can fingerprint: a finding about a record needs its recordRef; a finding
 * about a whole file (a missing column) is recorded with null fingerprints.
 */
import type { Report } from '../report/types.js';
import { type BaselineEntry, matchKey } from './format.js';

export interface EntryDetails {
  reason: string;
  expires: string;
  addedAt: string;
  addedBy?: string;
}

export interface Recorded {
  entries: BaselineEntry[];
  /** Findings about a record that carry no fingerprint (parse errors: the record could not be read). */
  skipped: number;
}

export function entriesFromReports(reports: readonly Report[], details: EntryDetails): Recorded {
  const byKey = new Map<string, BaselineEntry>();
  let skipped = 0;
  for (const report of reports) {
    for (const file of report.files) {
      for (const f of file.findings) {
        if (f.severity === 'info') continue;
        if (f.record !== null && f.recordRef === undefined) {
          skipped++;
          continue;
        }
        const entry: BaselineEntry = {
          rule: f.rule,
          field: f.field,
          recordRef: f.recordRef ?? null,
          recordDigest: f.recordDigest ?? null,
          reason: details.reason,
          expires: details.expires,
          addedAt: details.addedAt,
          ...(details.addedBy !== undefined && { addedBy: details.addedBy }),
          file: f.file,
          severity: f.severity,
        };
        const key = matchKey(entry);
        if (!byKey.has(key)) byKey.set(key, entry);
      }
    }
  }
  return { entries: [...byKey.values()], skipped };
}

export interface Merged {
  entries: BaselineEntry[];
  added: number;
  /** Entries already there and still in force: kept with their own reason and expiry. */
  kept: number;
  /** Expired entries whose finding is still there: replaced by the new entry (new reason and expiry). */
  renewed: number;
}

/**
 * Existing entries keep their reason and expiry while in force; an expired one whose finding is
 * still there is replaced by the new entry (someone has given a new reason and date). Entries for
 * findings that are gone stay until people remove them (validate says which match nothing).
 */
export function mergeEntries(
  existing: readonly BaselineEntry[],
  recorded: readonly BaselineEntry[],
  today: string,
): Merged {
  const out = new Map<string, BaselineEntry>();
  for (const e of existing) out.set(matchKey(e), e);
  let added = 0;
  let kept = 0;
  let renewed = 0;
  for (const e of recorded) {
    const key = matchKey(e);
    const old = out.get(key);
    if (old === undefined) {
      out.set(key, e);
      added++;
    } else if (old.expires < today) {
      out.set(key, e);
      renewed++;
    } else {
      kept++;
    }
  }
  return { entries: [...out.values()], added, kept, renewed };
}
