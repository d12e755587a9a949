/**
 * One self-contained HTML page for people: verdict banner, summary numbers, per-rule and per-field
 * bar charts, completeness per field (when the report carries it) and a findings table that can be
 * filtered and sorted.
 *
 * The page is attached to emails and tickets and opened on locked-down council machines, so:
 * - nothing is loaded from anywhere: CSS and JS are inline, charts are inline SVG, there is no URL
 *   at all in the page, and a Content-Security-Policy meta tag forbids every kind of fetch even if
 *   a future edit slipped one in;
 * - everything from the report is HTML-escaped, and the findings JSON the script reads is escaped
 *   so `</script>` or `<!--` inside a message cannot end the data block;
 * - values appear only where the engine put one in `Finding.value`;
 * - the table is rendered in HTML (the script only filters and sorts it), so the page is complete
 *   when scripts are off, in a mail preview or on paper;
 * - summary counts go through formatCount, and with suppression on, bars stop showing the
 *   error/warning split (a thin segment would give a small count away).
 */
import type { FileReport, Finding, Report, RuleCount } from '../report/types.js';
import type { Reporter, ReporterContext } from './types.js';
import {
  allFindings,
  countOf,
  htmlEscape as esc,
  formatCount,
  isSuppressed,
  isTruncated,
  pluralize,
  sortedCounts,
  standardLabel,
  stripControl,
} from './util.js';

/** Optional per-field completeness a file report may carry (not part of the core model yet). */
export interface FieldCompleteness {
  present: number;
  total: number;
}

type FileWithCompleteness = FileReport & { completeness?: Record<string, FieldCompleteness> };

export const HTML_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** Bars beyond this many are left to the tables; a chart of 300 fields helps nobody. */
const MAX_BARS = 25;

/**
 * JSON that is safe inside <script type="application/json">: `<`, `>` and `&` become \u escapes, so
 * no `</script>`, `<!--` or `]]>` can appear, and U+2028/U+2029 are escaped for old JS parsers.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const CSS = `
:root { color-scheme: light; --fg: #1a1a1a; --muted: #4a4a4a; --line: #c8c8c8; --head: #eef0f2;
  --err: #b3261e; --warn: #a15c00; --info: #1f5fa8; --neutral: #595959; --focus: #1f5fa8; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.25rem 3rem; color: var(--fg); background: #fff;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
h1 { font-size: 1.6rem; margin: .5rem 0 .25rem; } h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
.meta { color: var(--muted); margin: 0; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Consolas, "Liberation Mono", monospace; font-size: .92em; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .25rem .5rem; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.verdict { border: 2px solid; border-left-width: .6rem; border-radius: .25rem; padding: .75rem 1rem; margin: 1rem 0; }
.verdict h2 { margin: 0; font-size: 1.4rem; } .verdict p { margin: .25rem 0 0; }
.verdict.pass { background: #e6f4ea; border-color: #1e7b34; color: #0d3d1a; }
.verdict.fail { background: #fde8e7; border-color: var(--err); color: #6e1410; }
.numbers { display: flex; flex-wrap: wrap; gap: .75rem; margin: 0; padding: 0; }
.numbers div { border: 1px solid var(--line); border-radius: .25rem; padding: .5rem .9rem; min-width: 7.5rem; }
.numbers dt { color: var(--muted); font-size: .85rem; } .numbers dd { margin: 0; font-size: 1.5rem; font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
caption { text-align: left; color: var(--muted); padding: .25rem 0; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: var(--head); overflow-wrap: normal; white-space: nowrap; }
td.hash { font-size: .8rem; word-break: break-all; min-width: 12rem; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
th button { font: inherit; font-weight: 700; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; text-align: inherit; width: 100%; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; } th[aria-sort="descending"] button::after { content: " \\25BC"; }
.table-wrap { overflow-x: auto; }
.sev { display: inline-block; padding: 0 .4rem; border-radius: .2rem; font-weight: 600; font-size: .85rem; }
.sev-error { background: #fde8e7; color: #8c1d18; } .sev-warning { background: #fff1d6; color: #5c3800; }
.sev-info { background: #e8f0fb; color: #174a85; }
.notices { border: 1px solid #a15c00; background: #fff8eb; padding: .5rem 1rem; border-radius: .25rem; }
.notices h2 { margin-top: .5rem; }
.controls { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: end; margin: .5rem 0 .75rem; }
.controls label { display: block; font-size: .85rem; font-weight: 600; }
.controls input, .controls select { font: inherit; padding: .25rem .4rem; border: 1px solid #6b6b6b; border-radius: .2rem; min-width: 12rem; }
.controls output { color: var(--muted); }
.chart { display: block; width: 100%; max-width: 48rem; height: auto; }
.chart text { font: 13px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--fg); }
.legend { display: flex; gap: 1rem; font-size: .85rem; color: var(--muted); margin: .25rem 0; padding: 0; list-style: none; }
.swatch { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: -.1rem; }
.meter { display: inline-block; width: 8rem; height: .8rem; border: 1px solid var(--neutral); vertical-align: -.1rem; margin-right: .4rem; }
.meter span { display: block; height: 100%; background: #1e7b34; }
details { margin: .5rem 0; } summary { cursor: pointer; }
dl.rules dt { font-weight: 600; margin-top: .5rem; } dl.rules dd { margin-left: 1rem; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .controls, .skip, .no-print { display: none !important; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; } section.keep, figure { break-inside: avoid; }
  thead { display: table-header-group; } tr { break-inside: avoid; }
  th[aria-sort] button::after { content: none; }
  .table-wrap { overflow: visible; }
}
`;

/** Filtering and sorting of the server-rendered findings rows. ES2017, no dependencies, no network. */
const SCRIPT = `
(function () {
  'use strict';
  // Closed <details> would print as one line; open them so paper shows the rule explanations.
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.open = true; });
  });
  var dataEl = document.getElementById('carecheck-data');
  var table = document.getElementById('findings-table');
  if (!dataEl || !table) return;
  var data = JSON.parse(dataEl.textContent);
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var items = data.findings.map(function (f, i) {
    var text = [f.file, f.record, f.line, f.field, f.rule, f.severity, f.message, f.value, f.recordRef]
      .filter(function (v) { return v !== null && v !== undefined; }).join('\\n').toLowerCase();
    return { f: f, i: i, row: rows[i], text: text };
  });
  var q = document.getElementById('filter-text');
  var sev = document.getElementById('filter-severity');
  var rule = document.getElementById('filter-rule');
  var shown = document.getElementById('filter-count');
  document.getElementById('findings-controls').hidden = false;

  function apply() {
    var needle = q.value.trim().toLowerCase();
    var n = 0;
    items.forEach(function (it) {
      var ok = (needle === '' || it.text.indexOf(needle) !== -1) &&
        (sev.value === '' || it.f.severity === sev.value) &&
        (rule.value === '' || it.f.rule === rule.value);
      it.row.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = 'Showing ' + n + ' of ' + items.length + (items.length === 1 ? ' finding' : ' findings');
  }
  q.addEventListener('input', apply);
  sev.addEventListener('change', apply);
  rule.addEventListener('change', apply);

  var RANK = { error: 0, warning: 1, info: 2 };
  function key(f, k) {
    if (k === 'severity') return RANK[f.severity];
    return f[k];
  }
  function compare(k, dir) {
    return function (a, b) {
      var x = key(a.f, k), y = key(b.f, k);
      // Empty cells sort last whichever the direction, so "no line" never hides the real ones.
      var xe = x === null || x === undefined, ye = y === null || y === undefined;
      if (xe || ye) return xe === ye ? a.i - b.i : (xe ? 1 : -1);
      var c = typeof x === 'number' && typeof y === 'number' ? x - y
        : String(x).localeCompare(String(y), 'en', { numeric: true, sensitivity: 'base' });
      return c !== 0 ? c * dir : a.i - b.i;
    };
  }
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (th) {
    var button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', function () {
      var k = th.getAttribute('data-key');
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      headers.forEach(function (h) { if (h.hasAttribute('aria-sort')) h.setAttribute('aria-sort', 'none'); });
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      items.slice().sort(compare(k, dir)).forEach(function (it) { tbody.appendChild(it.row); });
    });
  });
  apply();
})();
`;

interface Bar {
  label: string;
  count: RuleCount;
}

// Literal colours, not CSS variables: SVG presentation attributes do not reliably resolve var().
// Each has at least 3:1 contrast with white, as WCAG 1.4.11 asks of graphical objects.
const NEUTRAL = '#595959';
const SEGMENTS = [
  ['errors', '#b3261e', 'error'],
  ['warnings', '#a15c00', 'warning'],
  ['infos', '#1f5fa8', 'info'],
] as const;

function truncateLabel(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** "12 (10 errors, 2 warnings)" with every number through formatCount. */
function breakdown(c: RuleCount, s: number): string {
  const parts: string[] = [];
  if (c.errors > 0) parts.push(countOf(c.errors, 'error', s));
  if (c.warnings > 0) parts.push(countOf(c.warnings, 'warning', s));
  if (c.infos > 0) parts.push(countOf(c.infos, 'info', s, 'infos'));
  return parts.join(', ');
}

/**
 * A horizontal bar chart as inline SVG. Screen readers get the whole chart as one sentence in
 * aria-label (role="img" hides the drawing); sighted readers get a text label and number on each
 * bar, so colour is never the only carrier of meaning.
 */
function barChart(id: string, title: string, bars: Bar[], s: number, more: number): string {
  const rowH = 26;
  const labelW = 300;
  const barW = 330;
  const width = 760;
  const height = bars.length * rowH + 6;
  const suppressing = s > 1;
  // A suppressed count is drawn at the suppression threshold, so the bar shows only "fewer than N".
  const size = (n: number) => (isSuppressed(n, s) ? s : n);
  const max = Math.max(1, ...bars.map((b) => size(b.count.count)));
  const sentence = bars.map((b) => `${b.label}: ${breakdown(b.count, s)}`).join('; ');
  const label = `${title}. ${sentence}${more > 0 ? `; and ${more} more not drawn` : ''}.`;
  const parts: string[] = [
    `<svg class="chart" id="${id}" role="img" aria-label="${esc(label)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`,
  ];
  bars.forEach((b, i) => {
    const y = i * rowH + 3;
    const mid = y + rowH / 2 + 4;
    parts.push(`<g><title>${esc(`${b.label}: ${breakdown(b.count, s)}`)}</title>`);
    parts.push(`<text x="${labelW - 8}" y="${mid}" text-anchor="end">${esc(truncateLabel(b.label))}</text>`);
    let x = labelW;
    if (suppressing) {
      const w = Math.max(2, (size(b.count.count) / max) * barW);
      parts.push(
        `<rect x="${x}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${NEUTRAL}"/>`,
      );
      x += w;
    } else {
      for (const [k, fill] of SEGMENTS) {
        const n = b.count[k];
        if (n <= 0) continue;
        const w = Math.max(2, (n / max) * barW);
        parts.push(
          `<rect x="${x.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${fill}"/>`,
        );
        x += w;
      }
    }
    parts.push(`<text x="${(x + 6).toFixed(1)}" y="${mid}">${esc(formatCount(b.count.count, s))}</text></g>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

function legend(s: number): string {
  if (s > 1) {
    return `<p class="legend">Bars show totals; counts below ${s} are shown as &lt;${s} and drawn at that size.</p>`;
  }
  return `<ul class="legend">${SEGMENTS.map(
    ([, fill, name]) => `<li><span class="swatch" style="background:${fill}"></span>${name}</li>`,
  ).join('')}</ul>`;
}

function chartSection(
  id: string,
  heading: string,
  table: Record<string, RuleCount>,
  ctx: ReporterContext,
  kind: string,
): string {
  const entries = sortedCounts(table);
  if (entries.length === 0) return '';
  const bars = entries.slice(0, MAX_BARS).map(([label, count]) => ({ label, count }));
  const more = entries.length - bars.length;
  const out = [
    `<section class="keep" aria-labelledby="${id}-h"><h3 id="${id}-h">${esc(heading)}</h3>`,
    legend(ctx.suppressBelow),
    `<figure>${barChart(id, heading, bars, ctx.suppressBelow, more)}</figure>`,
  ];
  if (more > 0) out.push(`<p class="meta">…and ${more} more ${esc(kind)} not drawn.</p>`);
  out.push('</section>');
  return out.join('\n');
}

function summaryNumbers(report: Report, s: number): string {
  const sum = report.summary;
  const cells: Array<[string, string]> = [
    ['Files', String(sum.files)],
    ['Records', String(sum.records)],
    ['Errors', formatCount(sum.errors, s)],
    ['Warnings', formatCount(sum.warnings, s)],
    ['Info', formatCount(sum.infos, s)],
  ];
  return `<dl class="numbers">${cells.map(([k, v]) => `<div><dt>${k}</dt><dd>${esc(v)}</dd></div>`).join('')}</dl>`;
}

function filesTable(report: Report, s: number): string {
  if (report.files.length === 0) return '<p>No input files.</p>';
  const rows = report.files.map(
    (f) =>
      `<tr><th scope="row"><code>${esc(f.path)}</code></th><td>${esc(f.format)}${f.table ? ` (table ${esc(f.table)})` : ''}</td>` +
      `<td>${esc(f.encoding ?? 'unreadable')}</td><td class="num">${f.records}</td>` +
      `<td class="num">${esc(formatCount(f.errors, s))}</td><td class="num">${esc(formatCount(f.warnings, s))}</td>` +
      `<td>${f.valid ? 'Conforms' : 'Does not conform'}${f.truncated ? ' (findings list capped)' : ''}</td>` +
      `<td class="hash"><code>${esc(f.sha256 ?? '')}</code></td></tr>`,
  );
  return [
    '<div class="table-wrap"><table><caption>Input files</caption><thead><tr>',
    '<th scope="col">File</th><th scope="col">Format</th><th scope="col">Encoding</th><th scope="col" class="num">Records</th>',
    '<th scope="col" class="num">Errors</th><th scope="col" class="num">Warnings</th><th scope="col">Verdict</th><th scope="col">SHA-256</th>',
    `</tr></thead><tbody>${rows.join('')}</tbody></table></div>`,
  ].join('');
}

function completenessSection(report: Report, s: number): string {
  const files = (report.files as FileWithCompleteness[]).filter(
    (f) => f.completeness !== undefined && Object.keys(f.completeness).length > 0,
  );
  if (files.length === 0) return '';
  const out = [
    '<section aria-labelledby="completeness-h"><h2 id="completeness-h">Completeness by field</h2>',
  ];
  for (const file of files) {
    const entries = Object.entries(file.completeness ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    out.push(
      `<div class="table-wrap"><table><caption>Fields with a value in <code>${esc(file.path)}</code></caption><thead><tr>`,
      '<th scope="col">Field</th><th scope="col" class="num">Present</th><th scope="col" class="num">Missing</th><th scope="col">Complete</th>',
      '</tr></thead><tbody>',
    );
    for (const [field, c] of entries) {
      const missing = Math.max(0, c.total - c.present);
      // Rounded down so a field with any missing value never reads as 100%.
      const pct = c.total > 0 ? Math.floor((c.present / c.total) * 100) : 0;
      out.push(
        `<tr><th scope="row"><code>${esc(field)}</code></th><td class="num">${esc(formatCount(c.present, s))}</td>` +
          `<td class="num">${esc(formatCount(missing, s))}</td>` +
          `<td><span class="meter" aria-hidden="true"><span style="width:${pct}%"></span></span>${pct}%</td></tr>`,
      );
    }
    out.push('</tbody></table></div>');
  }
  out.push('</section>');
  return out.join('\n');
}

function ruleGlossary(report: Report, ctx: ReporterContext): string {
  const rules = sortedCounts(report.summary.byRule).map(([rule]) => rule);
  if (rules.length === 0) return '';
  const items = rules.map((rule) => {
    const info = ctx.ruleInfo(rule);
    return `<dt><code>${esc(rule)}</code> ${esc(info.title)}</dt><dd>${esc(info.help)}</dd>`;
  });
  return `<details><summary>What these rules mean</summary><dl class="rules">${items.join('')}</dl></details>`;
}

function findingsSection(report: Report, ctx: ReporterContext): string {
  const findings = allFindings(report);
  const out = ['<section id="findings" aria-labelledby="findings-h"><h2 id="findings-h">Findings</h2>'];
  if (findings.length === 0) {
    out.push('<p>No findings.</p></section>');
    return out.join('\n');
  }
  const hasValue = findings.some((f) => f.value !== undefined);
  const hasRef = findings.some((f) => f.recordRef !== undefined);
  const rules = [...new Set(findings.map((f) => f.rule))].sort();
  const severities = (['error', 'warning', 'info'] as const).filter((sv) =>
    findings.some((f) => f.severity === sv),
  );

  // Hidden until the script runs, so a page without scripts shows no controls that do nothing.
  out.push(
    '<div class="controls" id="findings-controls" hidden>',
    '<div><label for="filter-text">Filter findings</label><input id="filter-text" type="search" autocomplete="off" spellcheck="false"></div>',
    `<div><label for="filter-severity">Severity</label><select id="filter-severity"><option value="">All severities</option>${severities
      .map((sv) => `<option value="${sv}">${sv}</option>`)
      .join('')}</select></div>`,
    `<div><label for="filter-rule">Rule</label><select id="filter-rule"><option value="">All rules</option>${rules
      .map((r) => `<option value="${esc(r)}">${esc(r)} – ${esc(ctx.ruleInfo(r).title)}</option>`)
      .join('')}</select></div>`,
    '<div><output id="filter-count" for="filter-text filter-severity filter-rule" aria-live="polite"></output></div>',
    '</div>',
  );

  const cols: Array<[string, string, boolean]> = [
    ['file', 'File', false],
    ['record', 'Record', true],
    ['line', 'Line', true],
    ['field', 'Field', false],
    ['rule', 'Rule', false],
    ['severity', 'Severity', false],
    ['message', 'Message', false],
  ];
  if (hasValue) cols.push(['value', 'Value', false]);
  if (hasRef) cols.push(['recordRef', 'Record ref', false]);
  const head = cols
    .map(
      ([key, label, num]) =>
        `<th scope="col" data-key="${key}" aria-sort="none"${num ? ' class="num"' : ''}><button type="button">${label}</button></th>`,
    )
    .join('');

  const cell = (f: Finding, key: string): string => {
    switch (key) {
      case 'record':
        return `<td class="num">${f.record ?? ''}</td>`;
      case 'line':
        return `<td class="num">${f.line ?? ''}</td>`;
      case 'field':
        return `<td>${f.field === null ? '' : `<code>${esc(f.field)}</code>`}</td>`;
      case 'rule':
        return `<td title="${esc(ctx.ruleInfo(f.rule).title)}"><code>${esc(f.rule)}</code></td>`;
      case 'severity':
        return `<td><span class="sev sev-${f.severity}">${f.severity}</span></td>`;
      case 'message':
        return `<td>${esc(f.message)}</td>`;
      case 'value':
        return `<td>${f.value === undefined ? '' : `<code>${esc(f.value)}</code>`}</td>`;
      case 'recordRef':
        return `<td>${f.recordRef === undefined ? '' : `<code>${esc(f.recordRef)}</code>`}</td>`;
      default:
        return `<td><code>${esc(f.file)}</code></td>`;
    }
  };
  const body = findings.map((f) => `<tr>${cols.map(([key]) => cell(f, key)).join('')}</tr>`);

  const total = report.summary.errors + report.summary.warnings + report.summary.infos;
  const caption = isTruncated(report)
    ? `The first ${findings.length} ${pluralize(findings.length, 'finding')} (the list was capped; counts above are exact)`
    : `${findings.length} ${pluralize(findings.length, 'finding')}`;
  out.push(
    `<div class="table-wrap" role="region" aria-labelledby="findings-caption" tabindex="0"><table id="findings-table">`,
    `<caption id="findings-caption">${esc(caption)}</caption>`,
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>${body.join('\n')}</tbody></table></div>`,
    '</section>',
  );
  // Only what the table shows goes in the data block: no value unless the engine put one there.
  const data = findings.map((f) => ({
    file: stripControl(f.file),
    record: f.record,
    line: f.line,
    field: f.field === null ? null : stripControl(f.field),
    rule: f.rule,
    severity: f.severity,
    message: stripControl(f.message),
    ...(f.value !== undefined ? { value: stripControl(f.value) } : {}),
    ...(f.recordRef !== undefined ? { recordRef: f.recordRef } : {}),
  }));
  out.push(
    `<script type="application/json" id="carecheck-data">${scriptJson({ total, findings: data })}</script>`,
  );
  return out.join('\n');
}

function verdictSentence(files: number, valid: boolean): string {
  if (files === 0) return 'No files were checked against';
  if (files === 1) return valid ? 'The file checked conforms to' : 'The file checked does not conform to';
  return valid ? `All ${files} files checked conform to` : `The ${files} files checked do not all conform to`;
}

export const html: Reporter = (report, ctx) => {
  const s = ctx.suppressBelow;
  const std = standardLabel(report);
  const stdTitle = report.standard?.title ? ` (${report.standard.title})` : '';
  const verdictText = report.valid ? 'Conforms' : 'Does not conform';
  const symbol = report.valid ? '\u2714' : '\u2718';
  const notices = [...report.notices];
  if (isTruncated(report)) {
    notices.push(
      'The list of findings was capped (--max-findings). Counts are exact; the table shows the first findings only.',
    );
  }
  const warningsNote =
    report.valid && report.summary.warnings > 0
      ? ` with ${countOf(report.summary.warnings, 'warning', s)}`
      : '';

  const parts = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(HTML_CSP)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(`${verdictText}: ${std} – carecheck report`)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<a class="skip" href="#findings">Skip to findings</a>',
    '<header>',
    '<h1>Conformance report</h1>',
    `<p class="meta">Standard <code>${esc(std)}</code>${esc(stdTitle)}${report.standard?.status ? ` · ${esc(report.standard.status)}` : ''} · generated ${esc(report.generatedAt)} by ${esc(report.tool.name)} ${esc(report.tool.version)}</p>`,
    '</header>',
    '<main>',
    `<section class="verdict ${report.valid ? 'pass' : 'fail'}" aria-labelledby="verdict-h">`,
    `<h2 id="verdict-h"><span aria-hidden="true">${symbol}</span> ${esc(verdictText)}${esc(warningsNote)}</h2>`,
    `<p>${verdictSentence(report.summary.files, report.valid)} <code>${esc(std)}</code>${esc(stdTitle)}.</p>`,
    '</section>',
    '<section aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2>',
    summaryNumbers(report, s),
    '</section>',
  ];
  if (notices.length > 0) {
    parts.push(
      '<section class="notices" aria-labelledby="notices-h"><h2 id="notices-h">Notices</h2><ul>',
      ...notices.map((n) => `<li>${esc(n)}</li>`),
      '</ul></section>',
    );
  }
  parts.push(
    '<section aria-labelledby="files-h"><h2 id="files-h">Files</h2>',
    filesTable(report, s),
    '</section>',
  );

  const ruleChart = chartSection('chart-rule', 'Findings by rule', report.summary.byRule, ctx, 'rules');
  const fieldChart = chartSection('chart-field', 'Findings by field', report.summary.byField, ctx, 'fields');
  if (ruleChart !== '' || fieldChart !== '') {
    parts.push(
      '<section aria-labelledby="charts-h"><h2 id="charts-h">Where the findings are</h2>',
      ruleChart,
      ruleGlossary(report, ctx),
      fieldChart,
      '</section>',
    );
  }
  parts.push(completenessSection(report, s));
  parts.push(findingsSection(report, ctx));
  parts.push(
    '</main>',
    `<footer><p>Report format ${esc(report.reportVersion)}. carecheck used no network connection; this page loads nothing from anywhere.</p></footer>`,
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  );
  return parts.filter((p) => p !== '').join('\n');
};
