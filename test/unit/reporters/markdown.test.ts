import { describe, expect, it } from 'vitest';
import { markdown, mdCode, mdText } from '../../../src/reporters/markdown.js';
import { ctx, finding, fixtures, HOSTILE, makeReport } from './helpers.js';

const F = fixtures();

/** The data rows of the table under a heading (header and delimiter rows excluded). */
function tableRows(md: string, heading: string): string[] {
  const lines = md.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) return [];
  const rows: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line === '' && rows.length === 0) continue;
    if (!line.startsWith('|')) break;
    rows.push(line);
  }
  return rows.slice(2);
}

/**
 * The Markdown with backslash escapes and code spans removed (CommonMark §6.1: a span closes at the
 * next backtick run of the same length), i.e. the parts a renderer would interpret.
 */
function outsideCodeSpans(md: string): string {
  return md.replace(/\\[\s\S]/g, 'X').replace(/(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, 'CODE');
}

/** Cells of a GFM table row, honouring `\|` escapes. */
function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe('markdown reporter', () => {
  it('gives a verdict line with the standard', () => {
    expect(markdown(F['clean']!, ctx()).split('\n')[0]).toBe(
      '## ✅ Conforms to `asc-cld@2.0.0` (Adult Social Care Client Level Data)',
    );
    expect(markdown(F['multi']!, ctx()).split('\n')[0]).toMatch(
      /^## ❌ Does not conform to `asc-cld@2\.0\.0`/,
    );
  });

  it('writes a short summary for an empty report', () => {
    const md = markdown(F['empty']!, ctx());
    expect(md).toContain('0 files · 0 records · 0 errors · 0 warnings');
    expect(md).not.toContain('| Rule');
  });

  it('has one row per rule, per field and per file', () => {
    const md = markdown(F['multi']!, ctx());
    const rules = tableRows(md, '### Findings by rule');
    expect(rules).toHaveLength(6);
    expect(cells(rules[0]!)).toEqual(['`schema/required`', 'Required field missing', '❌ error', '2']);
    const fields = tableRows(md, '### Findings by field');
    expect(fields).toHaveLength(5);
    expect(cells(fields[0]!)).toEqual(['`nhs_number`', '2', '0', '2']);
    const files = tableRows(md, '### Files');
    expect(files).toHaveLength(2);
    expect(cells(files[1]!)).toEqual(['`data\\services.json`', '❌', '40', '1', '1']);
  });

  it('shows the first examples per rule with record, line, field and message', () => {
    const md = markdown(F['multi']!, ctx({ examplesPerRule: 1 }));
    expect(md).toContain('<details>');
    expect(md).toContain(
      '- `data/people.csv`, record 3, line 4, field `nhs_number`: nhs\\_number is required.',
    );
    expect(md).toContain('- `data\\services.json`: Read as windows-1252.');
    expect(md).not.toContain('record 7, line 8');
  });

  it('suppresses small counts in every table and the summary line', () => {
    const md = markdown(F['multi']!, ctx({ suppressBelow: 3 }));
    for (const row of tableRows(md, '### Findings by rule')) expect(cells(row)[3]).toBe('<3');
    expect(md).toContain('4 errors · <3 warnings · <3 infos');
    expect(tableRows(md, '### Files').map((row) => cells(row).slice(3))).toEqual([
      ['3', '<3'],
      ['<3', '<3'],
    ]);
  });

  it('notes truncation and notices', () => {
    const md = markdown(F['truncated']!, ctx());
    expect(md).toContain('> [!NOTE]');
    expect(md).toContain('capped for `big.csv`');
    expect(md).toContain('> - Findings were capped at 2 \\(--max-findings\\).');
  });

  it('escapes pipes, backticks and HTML so hostile text cannot break tables or inject markup', () => {
    const md = markdown(F['hostile']!, ctx());
    const prose = outsideCodeSpans(md).replace(/<\/?(details|summary|sub)>/g, '');
    expect(prose).not.toContain('<');
    expect(prose).not.toMatch(/(?<!\\)`/);
    const fields = tableRows(md, '### Findings by field');
    expect(fields).toHaveLength(5);
    for (const row of fields) expect(cells(row)).toHaveLength(4);
    // No bare @mention can reach GitHub (code spans are not scanned for mentions).
    expect(prose).not.toMatch(/@someone/);
    expect(md).toContain('@\u2060someone');
  });

  it('caps long tables', () => {
    const many = Array.from({ length: 60 }, (_, k) =>
      finding({ rule: 'schema/type', field: `f${k}`, record: k + 1 }),
    );
    const md = markdown(makeReport([{ path: 'x.csv', findings: many }]), ctx());
    expect(tableRows(md, '### Findings by field')).toHaveLength(50);
    expect(md).toContain('…and 10 more fields not shown.');
  });
});

describe('mdText / mdCode', () => {
  it('escapes Markdown punctuation and HTML', () => {
    expect(mdText('a|b `c` <i>&')).toBe('a\\|b \\`c\\` &lt;i&gt;&amp;');
    expect(mdText('line\nbreak')).toBe('line break');
    expect(mdText('@team')).toBe('@\u2060team');
  });

  it('fences code spans around backticks and escapes pipes in tables', () => {
    expect(mdCode('plain')).toBe('`plain`');
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x')).toBe('`` `x ``');
    expect(mdCode('a|b', true)).toBe('`a\\|b`');
    expect(mdCode(HOSTILE.markdown, true)).toBe('``\\| `code` <b>bold</b> @someone [x](y)``');
  });
});
