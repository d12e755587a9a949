import { describe, expect, it } from 'vitest';
import { HTML_CSP, html, scriptJson } from '../../../src/reporters/html.js';
import { ctx, finding, fixtures, HOSTILE, hasC0Control, makeReport } from './helpers.js';

const F = fixtures();

function dataBlock(page: string): { findings: Array<Record<string, unknown>> } {
  const m = /<script type="application\/json" id="carecheck-data">([\s\S]*?)<\/script>/.exec(page);
  if (!m) throw new Error('no data block');
  return JSON.parse(m[1]!);
}

describe('html reporter', () => {
  it.each(Object.keys(F))('is self-contained for the %s report: no URL, no external src or href', (name) => {
    const page = html(F[name]!, ctx());
    expect(page).not.toMatch(/https?:/i);
    expect(page).not.toMatch(/\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    expect(page).not.toMatch(/\ssrc\s*=/i);
    for (const m of page.matchAll(/\shref\s*=\s*"([^"]*)"/gi)) expect(m[1]).toMatch(/^#/);
    expect(page).not.toMatch(/@import|url\(|fetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon/);
    expect(page).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${HTML_CSP.replace(/'/g, '&#39;')}">`,
    );
    expect(HTML_CSP).toContain("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'");
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
  });

  it('shows the verdict, summary numbers and charts with accessible labels', () => {
    const page = html(F['multi']!, ctx());
    expect(page).toContain('class="verdict fail"');
    expect(page).toContain('Does not conform');
    expect(page).toMatch(
      /<svg class="chart" id="chart-rule" role="img" aria-label="Findings by rule\. schema\/required: 2 errors;/,
    );
    expect(page).toMatch(/<svg class="chart" id="chart-field" role="img" aria-label="Findings by field\./);
    expect(page).toContain('<dt>Errors</dt><dd>4</dd>');
    expect(page).toContain('@media print');
    expect(html(F['clean']!, ctx())).toContain('class="verdict pass"');
  });

  it('renders the findings table with labelled filters and sortable headers', () => {
    const page = html(F['multi']!, ctx());
    expect(page).toContain('<label for="filter-text">');
    expect(page).toContain('<label for="filter-severity">');
    expect(page).toContain('<label for="filter-rule">');
    for (const col of ['File', 'Record', 'Line', 'Field', 'Rule', 'Severity', 'Message']) {
      expect(page).toMatch(
        new RegExp(
          `<th scope="col" data-key="[a-z]+" aria-sort="none"[^>]*><button type="button">${col}</button>`,
        ),
      );
    }
    expect(page).not.toContain('>Value</button>');
    const body = /<tbody>([\s\S]*?)<\/tbody><\/table><\/div>\n<\/section>/.exec(
      page.slice(page.indexOf('findings-table')),
    );
    expect(body?.[1]?.match(/<tr>/g)).toHaveLength(7);
    expect(dataBlock(page).findings).toHaveLength(7);
  });

  it('leaves values out unless the engine put one in Finding.value', () => {
    const noValue = html(F['multi']!, ctx());
    expect(dataBlock(noValue).findings.every((f) => !('value' in f))).toBe(true);
    const page = html(F['hostile']!, ctx());
    expect(page).toContain('>Value</button>');
    expect(page).toContain('>Record ref</button>');
  });

  it('escapes hostile text everywhere, including the JSON data block', () => {
    const page = html(F['hostile']!, ctx());
    // The only <script> tags are the two the page itself opens.
    expect(page.match(/<script/g)).toHaveLength(2);
    expect(page.match(/<\/script>/g)).toHaveLength(2);
    expect(page).not.toContain('<b>bold');
    expect(hasC0Control(page)).toBe(false);
    const data = dataBlock(page);
    expect(data.findings.map((f) => f['message'])).toContain(`Bad ${HOSTILE.script}`);
    expect(data.findings.map((f) => f['message'])).toContain('bell nul vt ok');
  });

  it('escapes JSON for a script block', () => {
    expect(scriptJson({ a: '</script><!--\u2028' })).toBe('{"a":"\\u003c/script\\u003e\\u003c!--\\u2028"}');
  });

  it('says "No findings" for clean and empty reports and omits the data block', () => {
    for (const r of [F['clean']!, F['empty']!]) {
      const page = html(r, ctx());
      expect(page).toContain('<p>No findings.</p>');
      expect(page).not.toContain('application/json');
    }
  });

  it('suppresses small counts and stops splitting bars by severity', () => {
    const page = html(F['multi']!, ctx({ suppressBelow: 3 }));
    expect(page).toContain('<dt>Warnings</dt><dd>&lt;3</dd>');
    expect(page).toContain('schema/required: &lt;3 errors');
    expect(page).not.toContain('fill="#b3261e"');
    expect(page).toContain('counts below 3 are shown as &lt;3');
  });

  it('shows completeness per field only when the report carries it', () => {
    expect(html(F['multi']!, ctx())).not.toContain('Completeness by field');
    const r = makeReport([
      {
        path: 'c.csv',
        findings: [finding({ rule: 'schema/required' })],
        extra: {
          completeness: { dob: { present: 999, total: 1000 }, nhs_number: { present: 10, total: 10 } },
        },
      },
    ]);
    const page = html(r, ctx());
    expect(page).toContain('Completeness by field');
    expect(page).toContain('<code>dob</code></th><td class="num">999</td><td class="num">1</td>');
    expect(page).toContain('99%');
    expect(page).toContain('100%');
  });

  it('notes truncation and notices', () => {
    const page = html(F['truncated']!, ctx());
    expect(page).toContain('Findings were capped at 2 (--max-findings).');
    expect(page).toContain('the list was capped; counts above are exact');
  });
});
