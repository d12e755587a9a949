/**
 * Data dictionaries: every field, its codes and meanings, rules and gaps; escaping in Markdown and
 * HTML; a self-contained, accessible HTML file; the same bytes on every run.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffStandards } from '../../../src/authoring/diff.js';
import { mdEscape } from '../../../src/authoring/diff-render.js';
import { buildDictionary, docsHtml, docsMarkdown } from '../../../src/authoring/docs.js';
import { findPredecessor, loadVersion } from '../../../src/authoring/resolve.js';
import { fieldsOf } from '../../../src/engine/fields.js';
import { repoRoot } from '../../helpers/tmp.js';

const fixtures = path.join(repoRoot, 'fixtures', 'authoring-diff');

function dictionary(spec: string, dirs: string[] = [fixtures]) {
  const v = loadVersion(spec, dirs, repoRoot);
  const pred = findPredecessor(v);
  return buildDictionary(v.standard, pred ? diffStandards(pred, v.standard) : undefined);
}

describe('Markdown', () => {
  const md = docsMarkdown(dictionary('toy@1.0.0'));

  it('has the version facts, every field, codes with meanings, rules, keys and gaps', () => {
    expect(md).toMatch(/^# Toy standard 1\.0\.0 \(carecheck diff tests\)\n/);
    expect(md).toContain('| Version | 1.0.0 |');
    expect(md).toContain('| Status | active |');
    expect(md).toContain('| Effective | from 2025-01-01 |');
    expect(md).toContain('- Source: hand-made test fixture');
    for (const f of [
      'id',
      'kind',
      'status',
      'age',
      'postcode',
      'start',
      'notes',
      'score',
      'legacy',
      'reason',
    ]) {
      expect(md).toContain(`### ${f}\n`);
    }
    expect(md).toContain('| Alpha | The first kind |');
    expect(md).toContain('- Also accepted as header: ID');
    expect(md).toContain('- Type: integer, minimum 0, maximum 120');
    expect(md).toContain('| 10 | reason | string | required when kind is Beta | none |');
    // The status list is warning-level: said so.
    expect(md).toMatch(/### status[\s\S]*A value outside this list is a warning\./);
    expect(md).toContain('- Unique: id (a repeated value is an error)');
    expect(md).toContain('## Known gaps\n\n- Toy gap: nothing real is checked.');
  });

  it('escapes Markdown in data from the standard', () => {
    expect(md).toContain('| Gamma | The third kind \\<b\\>&\\</b\\> |');
    expect(md).toContain('pattern ^\\[A-Z\\]\\[0-9\\]{3}$');
  });

  it('lists the changes since the predecessor, breaking first', () => {
    const v2 = docsMarkdown(dictionary('toy@2.0.0'));
    expect(v2).toContain('## Changes since 1.0.0');
    expect(v2).toContain('### Breaking changes (18)');
    expect(v2).toContain("- Code 'Gamma' is now 'Gamma-ray'");
    expect(v2.indexOf('### Breaking changes')).toBeLessThan(v2.indexOf('### Non-breaking changes'));
  });

  it('is the same on every run', () => {
    expect(docsMarkdown(dictionary('toy@2.0.0'))).toBe(docsMarkdown(dictionary('toy@2.0.0')));
  });
});

describe('HTML', () => {
  const html = docsHtml(dictionary('toy@2.0.0'));

  it('is one self-contained document: no scripts, no external resources', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|url\(|@import|https?:\/\//i);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('is accessible: skip link, labelled sections, captions and header scopes, unique ids', () => {
    expect(html).toContain('<a class="skip" href="#content">Skip to content</a>');
    expect(html).toContain('<main id="content">');
    expect(html).toContain('<nav aria-label="Contents">');
    expect(html).toMatch(/<caption>11 fields<\/caption>/);
    expect(html).toContain('<th scope="col">Field</th>');
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [, target] of html.matchAll(/href="#([^"]+)"/g)) expect(ids).toContain(target);
  });

  it('escapes text from the standard', () => {
    const v1 = docsHtml(dictionary('toy@1.0.0'));
    expect(v1).toContain('The third kind &lt;b&gt;&amp;&lt;/b&gt;');
    expect(v1).not.toContain('<b>&</b>');
    expect(v1).toContain('<code>Gamma</code>');
  });

  it('contains every field and the changes section', () => {
    for (const f of ['id', 'kind', 'region', 'comments', 'heritage'])
      expect(html).toContain(`<h3 id="${f}">${f}</h3>`);
    expect(html).toContain('Changes since 1.0.0');
    expect(html).toContain('<span class="breaking">Breaking:</span>');
  });
});

describe('bundled standards', () => {
  it('asc-cld@2: every one of the 50 fields, its codes and the Release 1 changes', () => {
    const d = dictionary('asc-cld@2', []);
    const md = docsMarkdown(d);
    const v = loadVersion('asc-cld@2', [], repoRoot).standard;
    const fields = fieldsOf(v.tables.get('asc-cld')!.schema);
    expect(fields).toHaveLength(50);
    for (const f of fields) expect(md).toContain(`### ${mdEscape(f.name)}\n`);
    expect(md).toContain('| Service user | Adult receiving or asking for care and support |');
    expect(md).toContain('## Changes since 1.0.0');
    expect(md).toContain('| Replaces | 1.0.0 (Release 1) |');
    const html = docsHtml(d);
    expect(html).toContain('<code>Unpaid carer known by association</code>');
  });

  it('a dataset standard gets one section per table', () => {
    const md = docsMarkdown(dictionary('toyset@2.0.0'));
    expect(md).toContain('## Table person');
    expect(md).toContain('## Table visit');
    expect(md).toContain('- Foreign key: pid must match pid of the person file');
    expect(md).toContain('A file belongs to this table when its header has vid.');
  });
});
