/**
 * Output of `carecheck diff`: text for the terminal, Markdown for release notes, JSON for tools.
 * Pure functions of the result (no clock, no IO), so the same diff always prints the same bytes.
 *
 * JSON shape (diffVersion "1"): { diffVersion, from, to, summary, semver, notices, changes[],
 * impact? } where each change is a `Change` (diff.ts) plus `records` (newly failing records the
 * impact preview attributed to it) when --data was given. docs/authoring-diff-migrate-docs.md has
 * the field-by-field description.
 */
import type { Change, DiffResult } from './diff.js';
import type { ImpactResult } from './impact.js';

export interface DiffOutput extends DiffResult {
  impact?: ImpactResult;
}

/** The JSON document: changes carry their impact count. */
export function diffJson(d: DiffOutput): string {
  const changes = d.changes.map((c, i) => (d.impact ? { ...c, records: d.impact.perChange[i] ?? 0 } : c));
  const doc: Record<string, unknown> = {
    diffVersion: d.diffVersion,
    from: d.from,
    to: d.to,
    summary: d.summary,
    semver: d.semver,
    notices: d.notices,
    changes,
  };
  if (d.impact) {
    const { perChange: _perChange, ...impact } = d.impact;
    doc['impact'] = impact;
  }
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The summary without the "Field: " it starts with, for lists grouped under the field. */
function detail(c: Change): string {
  const prefix = c.field === null ? '' : `${c.field}: `;
  if (!prefix || !c.summary.startsWith(prefix)) return c.summary;
  const s = c.summary.slice(prefix.length);
  return s.charAt(0).toUpperCase() + s.slice(1);
}

interface Group {
  title: string;
  items: Array<{ change: Change; index: number }>;
}

/** Changes grouped by table and field, in the order they were found. */
function group(d: DiffOutput, filter: (c: Change) => boolean): Group[] {
  const multiTable = new Set(d.changes.map((c) => c.table)).size > 1;
  const groups = new Map<string, Group>();
  d.changes.forEach((change, index) => {
    if (!filter(change)) return;
    const where =
      change.field !== null
        ? change.field
        : change.kind.startsWith('rule.')
          ? 'Record rules'
          : change.kind.startsWith('key.')
            ? 'Keys'
            : 'Table';
    const title = multiTable ? `${change.table} › ${where}` : where;
    const g = groups.get(title) ?? { title, items: [] };
    groups.set(title, g);
    g.items.push({ change, index });
  });
  return [...groups.values()];
}

const isDoc = (c: Change) => c.kind.startsWith('doc.');

function docLine(d: DiffOutput): string | undefined {
  const docs = d.changes.filter(isDoc);
  if (docs.length === 0) return undefined;
  const fields = [...new Set(docs.map((c) => c.field ?? c.table))];
  const shown = fields.slice(0, 8).join(', ') + (fields.length > 8 ? ` … (${fields.length} fields)` : '');
  return `${plural(docs.length, 'wording change')} (descriptions, titles, code meanings) on ${shown}`;
}

function semverLine(d: DiffOutput): string {
  const s = d.semver;
  const actual =
    s.actual === 'none'
      ? 'the same version number'
      : s.actual === 'older'
        ? 'an older version'
        : `a ${s.actual} release`;
  const required = s.required === 'none' ? 'no new release' : `a ${s.required} release`;
  return `${d.from.version} → ${d.to.version} is ${actual}; the changes need ${required}: ${s.consistent ? 'consistent' : 'NOT consistent'}`;
}

function recordsNote(d: DiffOutput, index: number): string {
  if (!d.impact) return '';
  const n = d.impact.perChange[index] ?? 0;
  return n === 0 ? '' : ` — ${plural(n, 'record')} would newly fail`;
}

export function diffText(d: DiffOutput): string {
  const out: string[] = [];
  out.push(`carecheck diff: ${d.from.id}@${d.from.version} → ${d.to.id}@${d.to.version}`);
  out.push(`  from: ${d.from.title} (${d.from.status})`);
  out.push(`  to:   ${d.to.title} (${d.to.status})`);
  for (const n of d.notices) out.push(`  note: ${n}`);
  out.push('');
  const s = d.summary;
  out.push(
    `${plural(s.changes, 'change')}: ${s.breaking} breaking, ${s.nonBreaking} non-breaking (${s.minor} minor, ${s.patch} patch)`,
  );
  out.push(`Version check: ${semverLine(d)}`);
  for (const f of d.semver.findings)
    out.push(`  ${f.severity === 'error' ? '✖' : '⚠'} ${f.rule}: ${f.message}`);
  const section = (title: string, filter: (c: Change) => boolean, mark: string) => {
    const groups = group(d, filter);
    const count = groups.reduce((n, g) => n + g.items.length, 0);
    if (count === 0) return;
    out.push('', `${title} (${count})`);
    for (const g of groups) {
      out.push(`  ${g.title}`);
      for (const { change, index } of g.items)
        out.push(`    ${mark} ${detail(change)}${recordsNote(d, index)}`);
    }
  };
  section('Breaking changes', (c) => c.breaking, '✖');
  section('Non-breaking changes', (c) => !c.breaking && !isDoc(c), '•');
  const docs = docLine(d);
  if (docs) out.push('', `Wording (patch): ${docs}`);
  if (d.impact) out.push('', ...impactText(d));
  return `${out.join('\n')}\n`;
}

function impactText(d: DiffOutput): string[] {
  const im = d.impact!;
  const out: string[] = [`Impact on the data (${d.from.version} → ${d.to.version})`];
  for (const f of im.files) {
    out.push(`  ${f.path}: ${plural(f.records, 'record')}`);
    out.push(`    pass ${d.from.version}: ${f.passFrom}; pass ${d.to.version}: ${f.passTo}`);
    out.push(
      `    ${f.newlyFailing} pass ${d.from.version} but fail ${d.to.version}; ${f.failingBoth} fail both; ${f.fixed} fail ${d.from.version} only`,
    );
    if (f.unattributed > 0)
      out.push(`    ${plural(f.unattributed, 'newly failing record')} not explained by a listed change`);
    for (const ff of f.fileFindings) out.push(`    whole file: ${ff.rule}: ${ff.message}`);
  }
  if (im.files.length > 1) {
    const t = im.totals;
    out.push(
      `  all files: ${plural(t.records, 'record')}; ${t.newlyFailing} newly failing, ${t.failingBoth} fail both, ${t.fixed} fail ${d.from.version} only`,
    );
  }
  const ranked = d.changes
    .map((c, i) => ({ c, n: im.perChange[i] ?? 0 }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n);
  if (ranked.length) {
    out.push('  Changes that reject the most records:');
    for (const { c, n } of ranked.slice(0, 10)) out.push(`    ${String(n).padStart(6)}  ${c.summary}`);
    if (ranked.length > 10) out.push(`    … and ${ranked.length - 10} more changes reject records`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Markdown (release notes)
// ---------------------------------------------------------------------------------------------

/** Escape text for Markdown inline content (also safe inside a table cell). */
export function mdEscape(s: string): string {
  return s.replace(/[\\`*_[\]<>|#~]/g, (ch) => `\\${ch}`).replace(/\r?\n|\r/g, ' ');
}

/** The change list as Markdown sections, headings at `level` (docs reuse it under their own heading). */
export function changesMarkdown(d: DiffOutput, level = 2): string {
  const h = '#'.repeat(level);
  const out: string[] = [];
  const section = (title: string, filter: (c: Change) => boolean) => {
    const groups = group(d, filter);
    const count = groups.reduce((n, g) => n + g.items.length, 0);
    if (count === 0) return;
    out.push(`${h} ${title} (${count})`, '');
    for (const g of groups) {
      out.push(`${h}# ${mdEscape(g.title)}`, '');
      for (const { change, index } of g.items) {
        const n = d.impact?.perChange[index] ?? 0;
        const records = d.impact && n > 0 ? ` — **${plural(n, 'record')}** would newly fail` : '';
        out.push(`- ${mdEscape(detail(change))}${records}`);
      }
      out.push('');
    }
  };
  section('Breaking changes', (c) => c.breaking);
  section('Non-breaking changes', (c) => !c.breaking && !isDoc(c));
  const docs = docLine(d);
  if (docs) out.push(`${h} Wording`, '', mdEscape(docs), '');
  if (out.length === 0) out.push('No changes.', '');
  return out.join('\n');
}

export function diffMarkdown(d: DiffOutput): string {
  const out: string[] = [];
  out.push(`# ${mdEscape(`${d.to.id} ${d.to.version}`)}: changes since ${mdEscape(d.from.version)}`, '');
  out.push(
    `**${mdEscape(d.to.title)}** (${mdEscape(d.to.status)}) replaces ${mdEscape(d.from.version)} (${mdEscape(d.from.status)}).`,
    '',
  );
  for (const n of d.notices) out.push(`> Note: ${mdEscape(n)}`, '');
  const s = d.summary;
  out.push(
    `${plural(s.changes, 'change')}: **${s.breaking} breaking**, ${s.nonBreaking} non-breaking (${s.minor} minor, ${s.patch} patch).`,
    '',
  );
  out.push(`Version check: ${mdEscape(semverLine(d))}.`, '');
  for (const f of d.semver.findings)
    out.push(`> **${f.severity === 'error' ? 'Error' : 'Warning'}** (${f.rule}): ${mdEscape(f.message)}`, '');
  if (d.impact) {
    out.push('## Impact on the data', '');
    out.push(
      `| file | records | pass ${d.from.version} | pass ${d.to.version} | newly failing | failing both | fail ${d.from.version} only |`,
    );
    out.push('|---|---:|---:|---:|---:|---:|---:|');
    for (const f of d.impact.files) {
      out.push(
        `| ${mdEscape(f.path)} | ${f.records} | ${f.passFrom} | ${f.passTo} | ${f.newlyFailing} | ${f.failingBoth} | ${f.fixed} |`,
      );
    }
    out.push('');
    for (const f of d.impact.files) {
      for (const ff of f.fileFindings) out.push(`- ${mdEscape(f.path)}, whole file: ${mdEscape(ff.message)}`);
    }
    if (d.impact.files.some((f) => f.fileFindings.length)) out.push('');
  }
  out.push(changesMarkdown(d, 2));
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
