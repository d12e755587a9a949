/**
 * `carecheck docs`: a data dictionary of one standard version, for publication, as Markdown or as one
 * self-contained HTML file (no external resources, no scripts).
 *
 * Built from the same data the engine checks with (fieldsOf, the field constraints diff reads, the
 * manifest), so the dictionary cannot drift from the rules. Deterministic: no timestamps or paths, so
 * a generated dictionary can be committed and reviewed as a diff.
 */
import { type FieldInfo, fieldsOf } from '../engine/fields.js';
import { htmlEscape } from '../reporters/util.js';
import type { LoadedTable, Standard, UniqueKey } from '../standards/types.js';
import { describeConstraint, scope } from './diff.js';
import { changesMarkdown, type DiffOutput, mdEscape } from './diff-render.js';
import { type Constraint, collectRecordRules, constraintsOf, isObject, type RecordRule } from './model.js';

export interface DocField {
  info: FieldInfo;
  /** Plain-English requirement: "required", "required when …", "optional". */
  requirement: string;
  /** Type, format, pattern and bounds in words. */
  type: string;
  /** Code list (the field's first), with meanings, and whether a value outside it is an error. */
  codes?: { values: unknown[]; severity: string; when?: string };
  /** Further checks on the value ("must not be 'X' (warning)"). */
  checks: string[];
}

export interface DocTable {
  name: string;
  title?: string;
  fields: DocField[];
  keys: string[];
  rules: RecordRule[];
  matchHeaders?: string[];
}

export interface Dictionary {
  standard: Standard;
  tables: DocTable[];
  /** Changes since the predecessor, when it was found. */
  changes?: DiffOutput;
  /** Said instead when the predecessor is named but not found. */
  changesNote?: string;
}

const BOUNDS = new Set([
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'multipleOf',
  'format',
  'pattern',
]);

function requirement(f: FieldInfo): string {
  if (f.required) return 'required';
  if (f.conditions.length) return `required ${f.conditions.join('; or ')}`;
  return 'optional';
}

function docField(table: LoadedTable, info: FieldInfo): DocField {
  const props = table.schema['properties'];
  const raw = isObject(props) ? props[info.name] : undefined;
  const cs: Constraint[] = isObject(raw) ? constraintsOf(table.schema, raw, 'error') : [];
  const enums = cs.filter((c) => c.keyword === 'enum');
  const list = enums.find((c) => c.when === undefined) ?? enums[0];
  const typeParts = [info.typeLabel];
  const checks: string[] = [];
  for (const c of cs) {
    if (c === list || (c.keyword === 'type' && c.when === undefined)) continue;
    // Unconditional error-level format/pattern/bounds describe the type; the rest are further checks.
    if (BOUNDS.has(c.keyword) && c.severity === 'error' && c.when === undefined)
      typeParts.push(describeConstraint(c));
    else checks.push(`${describeConstraint(c)}${scope(c)}`);
  }
  const field: DocField = { info, requirement: requirement(info), type: typeParts.join(', '), checks };
  if (list) {
    field.codes = { values: list.value as unknown[], severity: list.severity };
    if (list.when !== undefined) field.codes.when = list.when;
  }
  return field;
}

function keyLines(t: LoadedTable): string[] {
  const out: string[] = [];
  if (t.primaryKey) out.push(`Primary key: ${t.primaryKey.join(' + ')} (a repeated key is an error)`);
  for (const u of t.unique ?? []) {
    const k: UniqueKey = Array.isArray(u) ? { fields: u } : u;
    out.push(
      `Unique: ${k.fields.join(' + ')} (a repeated value is ${k.severity === 'warning' ? 'a warning' : k.severity === 'info' ? 'an info' : 'an error'})`,
    );
  }
  for (const fk of t.foreignKeys ?? []) {
    out.push(
      `Foreign key: ${fk.fields.join(' + ')} must match ${fk.reference.fields.join(' + ')} of the ${fk.reference.table} file${fk.severity && fk.severity !== 'error' ? ` (${fk.severity})` : ''}`,
    );
  }
  if (t.recordKey)
    out.push(`Record key (for pseudonymous references in reports): ${t.recordKey.join(' + ')}`);
  return out;
}

export function buildDictionary(standard: Standard, changes?: DiffOutput, changesNote?: string): Dictionary {
  const tables: DocTable[] = [...standard.tables.values()].map((t) => {
    const dt: DocTable = {
      name: t.name,
      fields: fieldsOf(t.schema).map((f) => docField(t, f)),
      keys: keyLines(t),
      rules: collectRecordRules(t.schema),
    };
    if (t.title !== undefined) dt.title = t.title;
    if (t.match?.headers) dt.matchHeaders = t.match.headers;
    return dt;
  });
  const d: Dictionary = { standard, tables };
  if (changes) d.changes = changes;
  if (changesNote) d.changesNote = changesNote;
  return d;
}

function ruleText(r: RecordRule, standard: Standard): { name: string; text: string } {
  const declared = r.ruleId ? standard.manifest.rules?.[r.ruleId] : undefined;
  const name = declared?.title ?? r.label;
  const parts = [r.message ?? declared?.help ?? '', `(${r.severity})`].filter(Boolean);
  return { name, text: `${parts.join(' ')}${r.ruleId ? ` [${r.ruleId}]` : ''}`.trim() };
}

function showTable(d: Dictionary, t: DocTable): boolean {
  return d.tables.length > 1 || t.name !== d.standard.manifest.id;
}

function codeText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function codesNote(f: DocField): string {
  const c = f.codes!;
  const sev = c.severity === 'error' ? 'an error' : c.severity === 'warning' ? 'a warning' : 'an info';
  return `A value outside this list is ${sev}${c.when ? ` (when ${c.when})` : ''}.`;
}

// ---------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------

function mdCell(s: string): string {
  return mdEscape(s) || ' ';
}

export function docsMarkdown(d: Dictionary): string {
  const m = d.standard.manifest;
  const out: string[] = [];
  out.push(`# ${mdEscape(m.title)}`, '');
  out.push(
    `Data dictionary of **${mdEscape(`${m.id}@${m.version}`)}**, generated by carecheck from the standard itself.`,
    '',
  );
  out.push('| | |', '|---|---|');
  out.push(`| Standard | ${mdCell(m.id)} |`);
  out.push(`| Version | ${mdCell(m.version)} |`);
  out.push(`| Status | ${mdCell(m.status)} |`);
  out.push(
    `| Effective | from ${mdCell(m.effectiveFrom)}${m.effectiveTo ? ` to ${mdCell(m.effectiveTo)}` : ''} |`,
  );
  out.push(`| Publisher | ${mdCell(m.publisher)} |`);
  out.push(
    `| Kind | ${mdCell(m.kind === 'tabular' ? 'tabular (one CSV row per record)' : 'document (JSON/YAML records)')} |`,
  );
  if (m.predecessor)
    out.push(
      `| Replaces | ${mdCell(m.predecessor)}${m.predecessorLabel ? ` (${mdCell(m.predecessorLabel)})` : ''} |`,
    );
  out.push('');
  out.push(mdEscape(m.description), '');
  out.push('## Provenance', '');
  out.push(`- Source: ${mdEscape(m.provenance.source)}`);
  if (m.provenance.confidence) out.push(`- Confidence: ${mdEscape(m.provenance.confidence)}`);
  if (m.provenance.retrieved) out.push(`- Retrieved: ${mdEscape(m.provenance.retrieved)}`);
  if (m.provenance.notes) out.push(`- Notes: ${mdEscape(m.provenance.notes)}`);
  out.push('');
  for (const t of d.tables) {
    const tableHeading = showTable(d, t);
    const h = tableHeading ? '###' : '##';
    if (tableHeading) {
      out.push(`## Table ${mdEscape(t.name)}${t.title ? `: ${mdEscape(t.title)}` : ''}`, '');
      if (t.matchHeaders)
        out.push(
          `A file belongs to this table when its header has ${mdEscape(t.matchHeaders.join(', '))}.`,
          '',
        );
    }
    out.push(`${h} Fields`, '');
    out.push('| # | Field | Type | Required | Sensitivity |', '|---:|---|---|---|---|');
    t.fields.forEach((f, i) => {
      out.push(
        `| ${i + 1} | ${mdCell(f.info.name)} | ${mdCell(f.type)} | ${mdCell(f.requirement)} | ${mdCell(f.info.sensitivity ?? 'not classified')} |`,
      );
    });
    out.push('');
    for (const f of t.fields) {
      out.push(`${h}# ${mdEscape(f.info.name)}`, '');
      if (f.info.aliases.length)
        out.push(`- Also accepted as header: ${f.info.aliases.map(mdEscape).join(', ')}`);
      out.push(`- Type: ${mdEscape(f.type)}`);
      out.push(`- Required: ${mdEscape(f.requirement)}`);
      out.push(`- Sensitivity: ${mdEscape(f.info.sensitivity ?? 'not classified')}`);
      for (const c of f.checks) out.push(`- Also checked: ${mdEscape(c)}`);
      out.push('');
      if (f.info.description) out.push(mdEscape(f.info.description), '');
      if (f.codes) {
        const meanings = f.info.codeMeanings ?? {};
        out.push(`Allowed codes (${f.codes.values.length}). ${mdEscape(codesNote(f))}`, '');
        out.push('| Code | Meaning |', '|---|---|');
        for (const v of f.codes.values)
          out.push(`| ${mdCell(codeText(v))} | ${mdCell(meanings[codeText(v)] ?? '')} |`);
        out.push('');
      }
    }
    if (t.keys.length) {
      out.push(`${h} Key rules`, '');
      for (const k of t.keys) out.push(`- ${mdEscape(k)}`);
      out.push('');
    }
    if (t.rules.length) {
      out.push(`${h} Record rules`, '');
      for (const r of t.rules) {
        const { name, text } = ruleText(r, d.standard);
        out.push(`- **${mdEscape(name)}**${text ? `: ${mdEscape(text)}` : ''}`);
      }
      out.push('');
    }
  }
  out.push('## Known gaps', '');
  if (m.knownGaps?.length) for (const g of m.knownGaps) out.push(`- ${mdEscape(g)}`);
  else out.push('None declared.');
  out.push('');
  if (d.changes) {
    out.push(`## Changes since ${mdEscape(d.changes.from.version)}`, '');
    out.push(changesMarkdown(d.changes, 3));
  } else if (d.changesNote) {
    out.push('## Changes', '', mdEscape(d.changesNote), '');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

// ---------------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------------

const e = htmlEscape;

/** Unique, stable ids for headings (same input, same ids). */
function idMaker(): (text: string) => string {
  const used = new Map<string, number>();
  return (text) => {
    const base =
      text
        .toLowerCase()
        .normalize('NFKD')
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '') || 'section';
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    return n === 0 ? base : `${base}-${n + 1}`;
  };
}

const STYLE = `
:root { color-scheme: light; --fg: #1b1b1b; --muted: #4a4a4a; --line: #c8c8c8; --accent: #00558a; --bg-alt: #f3f5f7; --bad: #a4000f; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--fg); background: #fff; line-height: 1.5; margin: 0; }
a { color: var(--accent); }
a:focus, summary:focus { outline: 3px solid #ffbf47; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem; }
.skip:focus { left: .5rem; }
header, main, nav, footer { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
h1 { font-size: 1.9rem; margin: 1.5rem 0 .5rem; }
h2 { font-size: 1.45rem; margin-top: 2.2rem; border-bottom: 2px solid var(--line); padding-bottom: .2rem; }
h3 { font-size: 1.2rem; margin-top: 1.8rem; }
h4 { font-size: 1.05rem; margin-top: 1.4rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; width: 100%; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
thead th { background: var(--bg-alt); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .5rem 0; }
dt { font-weight: 600; color: var(--muted); }
dd { margin: 0; }
code { font-family: ui-monospace, "SFMono-Regular", Consolas, monospace; font-size: .95em; }
.breaking { color: var(--bad); font-weight: 600; }
.meta th { width: 12rem; }
@media print { .skip, nav { display: none; } a { color: inherit; } }
`.trim();

function changesHtml(d: DiffOutput, id: (s: string) => string): string {
  const parts: string[] = [];
  const sections: Array<[string, (c: DiffOutput['changes'][number]) => boolean]> = [
    ['Breaking changes', (c) => c.breaking],
    ['Non-breaking changes', (c) => !c.breaking && !c.kind.startsWith('doc.')],
    ['Wording changes', (c) => c.kind.startsWith('doc.')],
  ];
  const s = d.summary;
  parts.push(
    `<p>${s.changes} ${s.changes === 1 ? 'change' : 'changes'}: ${s.breaking} breaking, ${s.nonBreaking} non-breaking. Version check: ${e(d.semver.consistent ? 'consistent' : 'not consistent')} (${e(d.from.version)} → ${e(d.to.version)} is ${e(d.semver.actual === 'none' ? 'the same version' : `a ${d.semver.actual} release`)}).</p>`,
  );
  for (const [title, filter] of sections) {
    const items = d.changes.filter(filter);
    if (items.length === 0) continue;
    parts.push(`<h3 id="${id(`changes ${title}`)}">${e(title)} (${items.length})</h3>`, '<ul>');
    for (const c of items) {
      parts.push(`<li>${c.breaking ? '<span class="breaking">Breaking:</span> ' : ''}${e(c.summary)}</li>`);
    }
    parts.push('</ul>');
  }
  if (d.changes.length === 0) parts.push('<p>No changes.</p>');
  return parts.join('\n');
}

export function docsHtml(d: Dictionary): string {
  const m = d.standard.manifest;
  const id = idMaker();
  const toc: Array<{ id: string; text: string }> = [];
  const body: string[] = [];
  const section = (text: string) => {
    const sid = id(text);
    toc.push({ id: sid, text });
    return sid;
  };
  // Overview
  const overviewId = section('Overview');
  body.push(`<section aria-labelledby="${overviewId}">`, `<h2 id="${overviewId}">Overview</h2>`);
  body.push('<table class="meta"><caption>About this version</caption><tbody>');
  const row = (k: string, v: string) => body.push(`<tr><th scope="row">${e(k)}</th><td>${e(v)}</td></tr>`);
  row('Standard', m.id);
  row('Version', m.version);
  row('Status', m.status);
  row('Effective', `from ${m.effectiveFrom}${m.effectiveTo ? ` to ${m.effectiveTo}` : ''}`);
  row('Publisher', m.publisher);
  row('Kind', m.kind === 'tabular' ? 'tabular (one CSV row per record)' : 'document (JSON/YAML records)');
  if (m.predecessor)
    row('Replaces', `${m.predecessor}${m.predecessorLabel ? ` (${m.predecessorLabel})` : ''}`);
  body.push('</tbody></table>', `<p>${e(m.description)}</p>`);
  body.push('<h3>Provenance</h3>', '<dl>');
  body.push(`<dt>Source</dt><dd>${e(m.provenance.source)}</dd>`);
  if (m.provenance.confidence) body.push(`<dt>Confidence</dt><dd>${e(m.provenance.confidence)}</dd>`);
  if (m.provenance.retrieved) body.push(`<dt>Retrieved</dt><dd>${e(m.provenance.retrieved)}</dd>`);
  if (m.provenance.notes) body.push(`<dt>Notes</dt><dd>${e(m.provenance.notes)}</dd>`);
  body.push('</dl>', '</section>');

  for (const t of d.tables) {
    const heading = showTable(d, t) ? `Table ${t.name}${t.title ? `: ${t.title}` : ''}` : 'Fields';
    const tid = section(heading);
    body.push(`<section aria-labelledby="${tid}">`, `<h2 id="${tid}">${e(heading)}</h2>`);
    if (t.matchHeaders)
      body.push(`<p>A file belongs to this table when its header has ${e(t.matchHeaders.join(', '))}.</p>`);
    const fieldIds = t.fields.map((f) => id(`${showTable(d, t) ? `${t.name} ` : ''}${f.info.name}`));
    body.push(`<table><caption>${e(`${t.fields.length} fields`)}</caption><thead><tr>`);
    body.push(
      '<th scope="col">#</th><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Sensitivity</th>',
    );
    body.push('</tr></thead><tbody>');
    t.fields.forEach((f, i) => {
      body.push(
        `<tr><td>${i + 1}</td><th scope="row"><a href="#${fieldIds[i]}">${e(f.info.name)}</a></th><td>${e(f.type)}</td><td>${e(f.requirement)}</td><td>${e(f.info.sensitivity ?? 'not classified')}</td></tr>`,
      );
    });
    body.push('</tbody></table>');
    t.fields.forEach((f, i) => {
      body.push(
        `<section aria-labelledby="${fieldIds[i]}">`,
        `<h3 id="${fieldIds[i]}">${e(f.info.name)}</h3>`,
        '<dl>',
      );
      if (f.info.aliases.length)
        body.push(
          `<dt>Also accepted as header</dt><dd>${f.info.aliases.map((a) => `<code>${e(a)}</code>`).join(', ')}</dd>`,
        );
      body.push(`<dt>Type</dt><dd>${e(f.type)}</dd>`);
      body.push(`<dt>Required</dt><dd>${e(f.requirement)}</dd>`);
      body.push(`<dt>Sensitivity</dt><dd>${e(f.info.sensitivity ?? 'not classified')}</dd>`);
      for (const c of f.checks) body.push(`<dt>Also checked</dt><dd>${e(c)}</dd>`);
      body.push('</dl>');
      if (f.info.description) body.push(`<p>${e(f.info.description)}</p>`);
      if (f.codes) {
        const meanings = f.info.codeMeanings ?? {};
        body.push(
          `<table><caption>${e(`Allowed codes for ${f.info.name} (${f.codes.values.length}). ${codesNote(f)}`)}</caption>`,
        );
        body.push('<thead><tr><th scope="col">Code</th><th scope="col">Meaning</th></tr></thead><tbody>');
        for (const v of f.codes.values) {
          body.push(
            `<tr><td><code>${e(codeText(v))}</code></td><td>${e(meanings[codeText(v)] ?? '')}</td></tr>`,
          );
        }
        body.push('</tbody></table>');
      }
      body.push('</section>');
    });
    if (t.keys.length) {
      body.push(`<h3 id="${id(`${t.name} key rules`)}">Key rules</h3>`, '<ul>');
      for (const k of t.keys) body.push(`<li>${e(k)}</li>`);
      body.push('</ul>');
    }
    if (t.rules.length) {
      body.push(`<h3 id="${id(`${t.name} record rules`)}">Record rules</h3>`, '<ul>');
      for (const r of t.rules) {
        const { name, text } = ruleText(r, d.standard);
        body.push(`<li><strong>${e(name)}</strong>${text ? `: ${e(text)}` : ''}</li>`);
      }
      body.push('</ul>');
    }
    body.push('</section>');
  }
  const gapsId = section('Known gaps');
  body.push(`<section aria-labelledby="${gapsId}">`, `<h2 id="${gapsId}">Known gaps</h2>`);
  if (m.knownGaps?.length) {
    body.push('<ul>');
    for (const g of m.knownGaps) body.push(`<li>${e(g)}</li>`);
    body.push('</ul>');
  } else body.push('<p>None declared.</p>');
  body.push('</section>');
  if (d.changes || d.changesNote) {
    const title = d.changes ? `Changes since ${d.changes.from.version}` : 'Changes';
    const cid = section(title);
    body.push(`<section aria-labelledby="${cid}">`, `<h2 id="${cid}">${e(title)}</h2>`);
    body.push(d.changes ? changesHtml(d.changes, id) : `<p>${e(d.changesNote ?? '')}</p>`);
    body.push('</section>');
  }
  const title = `${m.title} (${m.id}@${m.version}): data dictionary`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="carecheck docs">',
    `<title>${e(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<a class="skip" href="#content">Skip to content</a>',
    `<header><h1>${e(m.title)}</h1><p>Data dictionary of <strong>${e(`${m.id}@${m.version}`)}</strong> (${e(m.status)}), generated by carecheck from the standard itself.</p></header>`,
    '<nav aria-label="Contents"><h2>Contents</h2><ul>',
    ...toc.map((x) => `<li><a href="#${x.id}">${e(x.text)}</a></li>`),
    '</ul></nav>',
    '<main id="content">',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
