/**
 * diff classification on the hand-made standards under fixtures/authoring-diff (toy: one table,
 * toyset: a dataset), one kind of change at a time, and the semver check.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Change, checkSemver, diffStandards, fieldRenames } from '../../../src/authoring/diff.js';
import { diffJson, diffMarkdown, diffText, mdEscape } from '../../../src/authoring/diff-render.js';
import { loadVersion } from '../../../src/authoring/resolve.js';
import { repoRoot } from '../../helpers/tmp.js';

const dirs = [path.join(repoRoot, 'fixtures', 'authoring-diff')];
const load = (spec: string) => loadVersion(spec, dirs, repoRoot).standard;
const diff = (a: string, b: string) => diffStandards(load(a), load(b));

/** `kind field breaking` triples, for readable assertions. */
function brief(changes: readonly Change[]): string[] {
  return changes.map((c) => `${c.kind} ${c.field ?? '-'} ${c.breaking ? 'BREAKING' : c.bump}`);
}

function find(changes: readonly Change[], kind: string, field: string | null = null): Change {
  const c = changes.find((x) => x.kind === kind && (field === null || x.field === field));
  if (!c) throw new Error(`no ${kind} on ${field}: ${brief(changes).join('; ')}`);
  return c;
}

describe('non-breaking changes (toy 1.0.0 → 1.1.0)', () => {
  const d = diff('toy@1.0.0', 'toy@1.1.0');

  it('lists each loosening as non-breaking, minor', () => {
    expect(brief(d.changes)).toEqual([
      'field.added town minor',
      'constraint.loosened id minor',
      'code.added kind minor',
      'codes.severity status minor',
      'constraint.loosened age minor',
      'constraint.removed age minor',
      'sensitivity.changed postcode patch',
      'doc.description postcode patch',
      'constraint.loosened start minor',
      'alias.added notes minor',
      'constraint.loosened score minor',
      'condition.narrowed reason minor',
      'field.removed legacy minor',
      'rule.removed - minor',
    ]);
    expect(d.summary).toMatchObject({ breaking: 0, minor: 12, patch: 2 });
  });

  it('proves the pattern, format and multipleOf loosening', () => {
    expect(find(d.changes, 'constraint.loosened', 'id')).toMatchObject({
      keyword: 'pattern',
      before: '^[A-Z][0-9]{3}$',
      after: '^[A-Z][0-9]{3,4}$',
    });
    expect(find(d.changes, 'constraint.loosened', 'start')).toMatchObject({
      keyword: 'format',
      after: 'uk-or-iso-date',
    });
    expect(find(d.changes, 'constraint.loosened', 'score')).toMatchObject({
      keyword: 'multipleOf',
      after: 0.25,
    });
  });

  it('a condition that holds in fewer cases is narrower (non-breaking)', () => {
    expect(find(d.changes, 'condition.narrowed', 'reason').summary).toBe(
      'reason: required when kind is Beta and status is open (narrower than: when kind is Beta)',
    );
  });

  it('a minor version for minor changes is consistent', () => {
    expect(d.semver).toEqual({ actual: 'minor', required: 'minor', consistent: true, findings: [] });
  });
});

describe('breaking changes (toy 1.0.0 → 2.0.0)', () => {
  const d = diff('toy@1.0.0', 'toy@2.0.0');
  const breaking = (kind: string, field: string | null = null) => find(d.changes, kind, field).breaking;

  it('classifies every tightening as breaking', () => {
    expect(breaking('table.closed')).toBe(true);
    expect(breaking('field.added', 'region')).toBe(true);
    expect(breaking('alias.removed', 'id')).toBe(true);
    expect(breaking('constraint.changed', 'id')).toBe(true); // pattern not provably looser
    expect(breaking('code.removed', 'kind')).toBe(true);
    expect(breaking('code.renamed', 'kind')).toBe(true);
    expect(breaking('codes.severity', 'status')).toBe(true); // warning → error
    expect(breaking('constraint.tightened', 'age')).toBe(true); // minimum 0 → 18
    expect(breaking('constraint.changed', 'postcode')).toBe(true); // format changed
    expect(breaking('required.added', 'start')).toBe(true);
    expect(breaking('constraint.tightened', 'score')).toBe(true); // number → integer
    expect(breaking('condition.added', 'reason')).toBe(true);
    expect(breaking('field.renamed', 'comments')).toBe(true); // the old header is not accepted
    expect(breaking('constraint.added', 'comments')).toBe(true); // new minLength
    expect(breaking('codes.added', 'heritage')).toBe(true); // new error-level code list
    expect(breaking('rule.added')).toBe(true); // compareFields
    expect(breaking('rule.severity')).toBe(true); // whitespace warning → error
    expect(breaking('key.added')).toBe(true); // unique postcode
  });

  it('recognises code renames with the migrations and a removed code mapped to null', () => {
    expect(find(d.changes, 'code.renamed', 'kind')).toMatchObject({ fromCode: 'Gamma', code: 'Gamma-ray' });
    expect(find(d.changes, 'code.removed', 'kind').summary).toMatch(/'Beta' removed \(no equivalent/);
    expect(d.changes.some((c) => c.kind === 'code.added' && c.code === 'Gamma-ray')).toBe(false);
  });

  it('a rename whose old name is an alias of the new field is non-breaking; the other way round is breaking', () => {
    expect(find(d.changes, 'field.renamed', 'heritage')).toMatchObject({
      fromField: 'legacy',
      breaking: false,
    });
    expect(find(d.changes, 'field.renamed', 'comments')).toMatchObject({
      fromField: 'notes',
      breaking: true,
    });
    expect(fieldRenames(load('toy@1.0.0'), load('toy@2.0.0'))).toEqual(
      new Map([
        ['notes', 'comments'],
        ['legacy', 'heritage'],
      ]),
    );
    // A renamed field is compared with its old self: unchanged maxLength is not reported.
    expect(d.changes.some((c) => c.field === 'comments' && c.keyword === 'maxLength')).toBe(false);
  });

  it('the major version makes it consistent', () => {
    expect(d.semver.consistent).toBe(true);
    expect(d.semver.actual).toBe('major');
    expect(d.summary.breaking).toBe(d.changes.filter((c) => c.breaking).length);
  });
});

describe('the semver check', () => {
  it('a breaking change in a minor version is an error', () => {
    const d = diff('toy@1.1.0', 'toy@1.2.0');
    expect(brief(d.changes)).toEqual(['code.renamed kind BREAKING']);
    expect(d.semver.consistent).toBe(false);
    expect(d.semver.findings).toEqual([
      {
        rule: 'semver/breaking-in-minor',
        severity: 'error',
        message:
          'Breaking change in a minor version: 1 breaking change needs a new major version (2.0.0), not 1.2.0',
      },
    ]);
  });

  it('wording only in a patch is consistent; a new field in a patch is a warning, still consistent', () => {
    expect(diff('toy@2.0.0', 'toy@2.0.1').semver).toMatchObject({
      actual: 'patch',
      required: 'patch',
      consistent: true,
    });
    const d = diff('toy@2.0.1', 'toy@2.0.2');
    expect(d.semver.consistent).toBe(true);
    expect(d.semver.findings.map((f) => [f.rule, f.severity])).toEqual([
      ['semver/minor-change-in-patch', 'warning'],
    ]);
  });

  it('patch, same-version and pre-1.0 cases', () => {
    const breakingChange = [{ breaking: true, bump: 'major' }] as Change[];
    expect(checkSemver('1.0.0', '1.0.1', breakingChange).findings[0]?.rule).toBe('semver/breaking-in-patch');
    expect(checkSemver('1.0.0', '1.0.0', breakingChange).findings[0]?.rule).toBe(
      'semver/breaking-same-version',
    );
    // Before 1.0.0 a minor bump may break.
    expect(checkSemver('0.1.0', '0.2.0', breakingChange).consistent).toBe(true);
    expect(checkSemver('0.1.0', '0.1.1', breakingChange).findings[0]?.message).toMatch(
      /new minor \(0\.x\) version \(0\.2\.0\)/,
    );
    // Listed backwards: a warning, not a failure.
    const back = checkSemver('2.0.0', '1.0.0', breakingChange);
    expect(back).toMatchObject({ actual: 'older', consistent: true });
    expect(checkSemver('1.0.0', '1.0.0', [])).toEqual({
      actual: 'none',
      required: 'none',
      consistent: true,
      findings: [],
    });
  });
});

describe('datasets (toyset)', () => {
  it('a new foreign key is breaking; a new table is not', () => {
    const d = diff('toyset@1.0.0', 'toyset@2.0.0');
    expect(brief(d.changes)).toEqual(['key.added - BREAKING', 'table.added - minor']);
    expect(d.changes[0]).toMatchObject({ table: 'visit', fields: ['pid'], ruleId: 'key/foreign' });
  });

  it('a removed table is breaking; a wider primary key and a lowered severity are not', () => {
    const d = diff('toyset@2.0.0', 'toyset@3.0.0');
    expect(brief(d.changes)).toEqual([
      'key.changed - minor',
      'key.severity - minor',
      'table.removed - BREAKING',
    ]);
  });
});

describe('asc-cld 1.0.0 → 2.0.0 (Release 1 → Release 2)', () => {
  const d = diff('asc-cld@1.0.0', 'asc-cld@2.0.0');

  it('lists the changed code lists as breaking code renames, and the major bump is consistent', () => {
    const renamedFields = new Set(d.changes.filter((c) => c.kind === 'code.renamed').map((c) => c.field));
    expect([...renamedFields].sort()).toEqual(
      [
        'Accommodation Status',
        'Assessment Type',
        'Client Type',
        'Delivery Mechanism',
        'Employment Status',
        'Ethnicity',
        'Event Outcome',
        'Primary Support Reason',
        'Service Component',
        'Service Type',
      ].sort(),
    );
    expect(d.changes.filter((c) => c.kind === 'code.renamed').every((c) => c.breaking)).toBe(true);
    expect(find(d.changes, 'code.renamed', 'Client Type')).toMatchObject({
      fromCode: 'Service User',
      code: 'Service user',
    });
    expect(d.semver).toMatchObject({ actual: 'major', required: 'major', consistent: true });
  });

  it('codes the migration maps to null are removed (breaking); the warning list that became an error list is breaking', () => {
    const removed = d.changes
      .filter((c) => c.kind === 'code.removed' && c.field === 'Event Outcome')
      .map((c) => c.code);
    expect(removed).toEqual(
      expect.arrayContaining([
        'Provision of service',
        'Progress to financial assessment',
        'Progress to End of Life Care',
      ]),
    );
    expect(find(d.changes, 'codes.severity', 'Service Component')).toMatchObject({
      breaking: true,
      fromSeverity: 'warning',
      severity: 'error',
    });
    // Release 1's Accommodation Status list applied only to values not starting "Tenant".
    expect(find(d.changes, 'codes.scope', 'Accommodation Status').breaking).toBe(true);
    expect(find(d.changes, 'code.renamed', 'Accommodation Status').fromCode).toBeDefined();
  });

  it('an if/then rule whose condition now holds in more cases is tightened', () => {
    expect(find(d.changes, 'rule.tightened')).toMatchObject({
      rule: 'cld/financial-assessment-outcome',
      breaking: true,
      summary: 'Record rule cld/financial-assessment-outcome: tightened: its condition holds in more cases',
    });
  });

  it('conditions that only follow renamed codes are rewordings, not new conditions', () => {
    const unitCost = d.changes.filter((c) => c.field === 'Unit Cost');
    expect(unitCost.map((c) => c.kind)).toEqual(['condition.reworded']);
    // Release 2 also exempts the Release 1 spelling from Event Type: a narrower condition.
    expect(d.changes.some((c) => c.field === 'Event Type' && c.breaking)).toBe(false);
  });

  it('renders text, Markdown and JSON deterministically', () => {
    const text = diffText(d);
    expect(text).toContain(
      'Version check: 1.0.0 → 2.0.0 is a major release; the changes need a major release: consistent',
    );
    expect(text).toContain("✖ Code 'Service User' is now 'Service user'");
    const md = diffMarkdown(d);
    expect(md).toMatch(/^# asc-cld 2\.0\.0: changes since 1\.0\.0/);
    expect(md).toContain('## Breaking changes (');
    expect(md).toContain('### Client Type');
    expect(diffMarkdown(d)).toBe(md);
    const json = JSON.parse(diffJson(d));
    expect(Object.keys(json)).toEqual([
      'diffVersion',
      'from',
      'to',
      'summary',
      'semver',
      'notices',
      'changes',
    ]);
    expect(json.changes.length).toBe(d.summary.changes);
  });
});

describe('a version compared with itself has no changes', () => {
  const specs = [
    'asc-cld@1.0.0',
    'asc-cld@2.0.0',
    'asc-wds@1.0.0',
    'dscr-mods-person@1.0.0',
    'toy@1.0.0',
    'toy@2.0.0',
    'toyset@2.0.0',
  ];
  for (const spec of specs) {
    it(spec, () => {
      const d = diff(spec, spec);
      expect(brief(d.changes)).toEqual([]);
      expect(d.semver).toEqual({ actual: 'none', required: 'none', consistent: true, findings: [] });
    });
  }
});

describe('mdEscape', () => {
  it('escapes Markdown syntax and flattens line breaks', () => {
    expect(mdEscape('a|b *c* <d> [e] `f` #g _h_\nnext')).toBe(
      'a\\|b \\*c\\* \\<d\\> \\[e\\] \\`f\\` \\#g \\_h\\_ next',
    );
  });
});
