/**
 * `carecheck lint`: the broken-draft acceptance (exactly one finding per planted problem), the
 * bundled standards, and each rule on a scaffolded standard with one thing changed.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initStandard } from '../../../src/authoring/init.js';
import {
  formatLintJson,
  formatLintText,
  type LintFinding,
  lintVersionDir,
} from '../../../src/authoring/lint.js';
import { resolveTargets } from '../../../src/authoring/targets.js';
import { repoRoot, tempDir } from '../../helpers/tmp.js';

const t = tempDir('carecheck-lint-');
let n = 0;

/** A scaffolded standard (lints clean) to break one thing in. */
function scaffold(kind: 'tabular' | 'document' = 'tabular'): string {
  n++;
  return initStandard({ id: `lint-case-${n}`, dir: t.path('s'), kind, today: '2026-11-23' }).versionDir;
}

type Schema = Record<string, unknown> & { properties: Record<string, Record<string, unknown>> };

function editSchema(dir: string, edit: (s: Schema) => void): void {
  const file = path.join(dir, 'schema.json');
  const s = JSON.parse(readFileSync(file, 'utf8')) as Schema;
  edit(s);
  writeFileSync(file, `${JSON.stringify(s, null, 2)}\n`);
}

function editManifest(dir: string, edit: (text: string) => string): void {
  const file = path.join(dir, 'standard.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
}

const brief = (f: LintFinding) => [f.rule, f.severity, f.file, f.pointer];
const lint = (dir: string) => lintVersionDir(dir).findings.map(brief);

describe('acceptance: a deliberately broken draft', () => {
  it('gets exactly one finding per planted problem, with file, line and pointer', () => {
    const r = lintVersionDir(path.join(repoRoot, 'fixtures/authoring/broken/broken-draft/0.1.0'));
    expect(
      r.findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        file: f.file,
        line: f.line,
        pointer: f.pointer,
      })),
    ).toEqual([
      {
        rule: 'lint/unknown-format',
        severity: 'error',
        file: 'schema.json',
        line: 10,
        pointer: '/properties/Person ID/format',
      },
      {
        rule: 'lint/ref',
        severity: 'error',
        file: 'schema.json',
        line: 15,
        pointer: '/properties/Start Date/$ref',
      },
      {
        rule: 'lint/example',
        severity: 'error',
        file: 'schema.json',
        line: 23,
        pointer: '/properties/Hours/examples/1',
      },
      {
        rule: 'lint/enum-duplicate',
        severity: 'error',
        file: 'schema.json',
        line: 29,
        pointer: '/properties/Status/enum/2',
      },
      {
        rule: 'lint/pattern-unsafe',
        severity: 'error',
        file: 'schema.json',
        line: 35,
        pointer: '/properties/Reference/pattern',
      },
    ]);
    expect(r).toMatchObject({ id: 'broken-draft', version: '0.1.0', errors: 5, warnings: 0 });
    const messages = r.findings.map((f) => f.message).join('\n');
    expect(messages).toMatch(/Unknown format 'nhs-numbr'/);
    expect(messages).toMatch(/'#\/\$defs\/ukDate' does not resolve/);
    expect(messages).toMatch(/Example 1 does not pass its own schema: must be <= 168/);
    expect(messages).toMatch(/same value twice \(items 0 and 2\)/);
    expect(messages).toMatch(/catastrophic backtracking: .*exponential/);
  });
});

describe('bundled standards', () => {
  // Known findings, reported to the maintainers rather than edited here (authors of standards/
  // fix them; then these lists become empty). Anything else is a regression.
  const KNOWN: Record<string, Array<[string, string, string, string]>> = {
    // Fixed in the standards: Event Outcome's two spellings are explained in codeMeanings, and the
    // ASC-WDS NINUMBER pattern (degree-6 backtracking, 175 s on a 249-character cell) was rewritten
    // to an equivalent unambiguous one.
    'asc-cld@1.0.0': [],
    'asc-cld@2.0.0': [],
    'asc-wds@1.0.0': [],
    'dscr-mods-person@1.0.0': [],
  };
  const targets = resolveTargets(['asc-cld', 'asc-wds', 'dscr-mods-person']);

  it('covers every bundled version', () => {
    expect(targets.map((x) => `${x.id}@${x.version}`).sort()).toEqual(Object.keys(KNOWN).sort());
  });

  for (const target of targets) {
    it(`${target.id}@${target.version} lints clean apart from its known findings`, () => {
      expect(lint(target.dir)).toEqual(KNOWN[`${target.id}@${target.version}`]);
    });
  }
});

describe('manifest', () => {
  it('YAML syntax errors, with their line', () => {
    const dir = scaffold();
    editManifest(dir, (s) => s.replace('status: draft', 'status: [draft'));
    const r = lintVersionDir(dir);
    expect(r.findings[0]).toMatchObject({ rule: 'lint/manifest-yaml', file: 'standard.yaml' });
    expect(r.findings[0]?.line).toBeGreaterThan(1);
  });

  it('each shape problem is one finding, at its key', () => {
    const dir = scaffold();
    editManifest(dir, (s) =>
      s
        .replace(/^publisher: .*$/m, '')
        .replace('status: draft', 'status: published')
        .replace('version: 0.1.0', 'version: "0.1"')
        .replace('kind: tabular', 'kind: tabular\ncolour: blue'),
    );
    const findings = lintVersionDir(dir).findings.filter((f) => f.file === 'standard.yaml');
    expect(findings.map((f) => [f.rule, f.pointer])).toEqual([
      ['lint/manifest', ''],
      ['lint/manifest-folder', '/version'],
      ['lint/version', '/version'],
      ['lint/status', '/status'],
      ['lint/manifest', '/colour'],
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      "the manifest is missing 'publisher'",
      "The manifest says version '0.1' but the folder is named '0.1.0'",
      "'version' must be a semantic version (major.minor.patch, e.g. 1.0.0)",
      "'status' must be one of draft, active, deprecated, retired",
      "the manifest has an unknown key 'colour'",
    ]);
    const status = findings.find((f) => f.rule === 'lint/status')!;
    expect(readFileSync(path.join(dir, 'standard.yaml'), 'utf8').split('\n')[status.line! - 1]).toMatch(
      /^status:/,
    );
  });

  it('schema and tables together, impossible dates, and a missing schema file', () => {
    const dir = scaffold();
    editManifest(dir, (s) =>
      s
        .replace('effectiveFrom: "2026-11-23"', 'effectiveFrom: "2026-02-30"\neffectiveTo: "2025-01-01"')
        .replace('schema: schema.json', 'schema: nope.json\ntables:\n  a:\n    schema: a.json'),
    );
    expect(lint(dir).filter((f) => f[2] === 'standard.yaml')).toEqual([
      ['lint/manifest', 'error', 'standard.yaml', ''],
      ['lint/manifest', 'error', 'standard.yaml', '/effectiveFrom'],
      ['lint/schema-file', 'error', 'standard.yaml', '/schema'],
    ]);
  });

  it('no manifest at all', () => {
    const dir = scaffold();
    rmSync(path.join(dir, 'standard.yaml'));
    expect(lint(dir)).toEqual([['lint/manifest', 'error', 'standard.yaml', '']]);
  });

  it('key fields must exist', () => {
    const dir = scaffold();
    editManifest(dir, (s) => s.replace('primaryKey: ["Reference"]', 'primaryKey: ["Ref"]'));
    expect(lint(dir)).toEqual([['lint/key-field', 'error', 'standard.yaml', '/keys/primaryKey/0']]);
  });
});

describe('schema', () => {
  const field = (over: Record<string, unknown>) => ({
    description: 'A field.',
    sensitivity: 'none',
    type: 'string',
    ...over,
  });

  it('not JSON: one finding with the line', () => {
    const dir = scaffold();
    writeFileSync(path.join(dir, 'schema.json'), '{\n  "type": "object",\n  "properties": {,}\n}\n');
    const r = lintVersionDir(dir);
    expect(r.findings.map((f) => [f.rule, f.line])).toEqual([['lint/schema-json', 3]]);
  });

  it('an unsupported $schema', () => {
    const dir = scaffold();
    editSchema(dir, (s) => {
      s['$schema'] = 'http://json-schema.org/draft-04/schema#';
    });
    expect(lint(dir)).toEqual([['lint/schema-draft', 'error', 'schema.json', '/$schema']]);
  });

  it('unknown keywords (strict mode), and a carecheck keyword with a bad value', () => {
    const dir = scaffold();
    editSchema(dir, (s) => {
      s.properties['Status']!['descripton'] = 'typo';
      s.properties['Reference']!['severity'] = 'fatal';
      s['cellChecks'] = { literalNull: 'loud' };
    });
    expect(lint(dir)).toEqual([
      ['lint/keyword', 'error', 'schema.json', '/properties/Reference/severity'],
      ['lint/unknown-keyword', 'error', 'schema.json', '/properties/Status/descripton'],
      ['lint/keyword', 'error', 'schema.json', '/cellChecks'],
    ]);
  });

  it('JSON Schema meta-schema problems, one per place', () => {
    const dir = scaffold();
    editSchema(dir, (s) => {
      s.properties['Reference']!['type'] = 'strang';
      s.properties['Reference']!['minLength'] = -1;
    });
    expect(lint(dir)).toEqual([
      ['lint/schema', 'error', 'schema.json', '/properties/Reference/type'],
      ['lint/schema', 'error', 'schema.json', '/properties/Reference/minLength'],
    ]);
  });

  it('references: remote and other-file ones are refused; pointers and encoded names resolve; no $anchor', () => {
    const dir = scaffold();
    editSchema(dir, (s) => {
      s['$defs'] = { code: { type: 'string', $anchor: 'code' }, 'a b': { type: 'string' } };
      s.properties['A'] = field({ $ref: 'https://example.org/schemas/code.json' });
      s.properties['B'] = field({ $ref: 'common.json#/$defs/code' });
      s.properties['C'] = field({ $ref: '#/$defs/code' });
      s.properties['D'] = field({ $ref: '#/$defs/a%20b' });
      s.properties['E'] = field({ $ref: '#code' });
      s.properties['F'] = field({ $ref: '#nowhere' });
      s['additionalProperties'] = true;
    });
    expect(lint(dir)).toEqual([
      ['lint/remote-ref', 'error', 'schema.json', '/properties/A/$ref'],
      ['lint/ref-file', 'error', 'schema.json', '/properties/B/$ref'],
      ['lint/ref', 'error', 'schema.json', '/properties/E/$ref'],
      ['lint/ref', 'error', 'schema.json', '/properties/F/$ref'],
      // Written after the properties in this file, so later lines.
      ['lint/unknown-keyword', 'error', 'schema.json', '/$defs/code/$anchor'],
    ]);
  });

  it('patterns: invalid, unsafe (also in patternProperties), unchecked', () => {
    const dir = scaffold();
    editSchema(dir, (s) => {
      s.properties['Reference']!['pattern'] = '([a-z]';
      s.properties['Status']!['pattern'] = '^(\\d+)*$';
      s['patternProperties'] = { '^(x+x+)+$': { type: 'string' } };
    });
    expect(lint(dir)).toEqual([
      ['lint/pattern-invalid', 'error', 'schema.json', '/properties/Reference/pattern'],
      ['lint/pattern-unsafe', 'error', 'schema.json', '/properties/Status/pattern'],
      ['lint/pattern-unsafe', 'error', 'schema.json', '/patternProperties/^(x+x+)+$'],
    ]);
  });

  it('code lists: empty, duplicate, case variants; deliberate variants are not reported', () => {
    const dir = scaffold();
    editSchema(dir, (s) => {
      s.properties['A'] = field({ enum: [] });
      s.properties['B'] = field({ enum: ['Yes', 'No', 'yes '] });
      // Deliberate: a warning-level list, a condition, codeMeanings for both spellings.
      s.properties['C'] = field({ allOf: [{ enum: ['Yes', 'yes'], severity: 'warning' }] });
      s.properties['D'] = field({
        enum: ['Financial assessment', 'Financial Assessment'],
        codeMeanings: { 'Financial assessment': 'R2', 'Financial Assessment': 'R1 spelling' },
      });
      s['if'] = { properties: { B: { enum: ['Yes', 'YES'] } } };
      s['then'] = { required: ['A'] };
      s['additionalProperties'] = true;
    });
    expect(lint(dir)).toEqual([
      ['lint/enum-empty', 'error', 'schema.json', '/properties/A/enum'],
      ['lint/enum-case', 'warning', 'schema.json', '/properties/B/enum/2'],
    ]);
  });

  it('codeMeanings for codes that are not in the list', () => {
    const dir = scaffold();
    editSchema(dir, (s) => {
      (s.properties['Status']!['codeMeanings'] as Record<string, string>)['Pending'] = 'Waiting';
    });
    expect(lint(dir)).toEqual([
      ['lint/code-meanings', 'warning', 'schema.json', '/properties/Status/codeMeanings/Pending'],
    ]);
  });

  it('examples and default must pass their own subschema (with $refs followed)', () => {
    const dir = scaffold();
    editSchema(dir, (s) => {
      s['$defs'] = { small: { type: 'integer', maximum: 5 } };
      s.properties['N'] = field({ type: undefined, $ref: '#/$defs/small', default: 9, examples: [1, 'x'] });
      s['additionalProperties'] = true;
    });
    expect(lint(dir)).toEqual([
      ['lint/default', 'error', 'schema.json', '/properties/N/default'],
      ['lint/example', 'error', 'schema.json', '/properties/N/examples/1'],
    ]);
  });

  it('every top-level field needs a description and a sensitivity (a $ref target may carry them)', () => {
    const dir = scaffold();
    editSchema(dir, (s) => {
      delete s.properties['Reference']!['description'];
      delete s.properties['Status']!['sensitivity'];
      s['$defs'] = { shared: { type: 'string', description: 'Shared.', sensitivity: 'none' } };
      s.properties['Other'] = { $ref: '#/$defs/shared' };
    });
    expect(lint(dir)).toEqual([
      ['lint/description', 'error', 'schema.json', '/properties/Reference'],
      ['lint/sensitivity', 'error', 'schema.json', '/properties/Status'],
    ]);
  });

  it('compareFields / ageAt rules must name top-level fields (one finding, not two)', () => {
    const dir = scaffold();
    editSchema(dir, (s) => {
      s['compareFields'] = [{ field: 'Reference', op: '<=', other: 'Closing Date', type: 'date' }];
      s['ageAt'] = [{ birth: 'DOB', at: '$today', maximum: 120 }];
    });
    expect(lint(dir)).toEqual([
      ['lint/rule-field', 'error', 'schema.json', '/compareFields/0/other'],
      ['lint/rule-field', 'error', 'schema.json', '/ageAt/0/birth'],
    ]);
  });

  it('a missing schema file', () => {
    const dir = scaffold();
    rmSync(path.join(dir, 'schema.json'));
    expect(lint(dir)).toEqual([['lint/schema-file', 'error', 'standard.yaml', '/schema']]);
  });
});

describe('README and fixtures', () => {
  it('README: missing is an error; no provenance is a warning', () => {
    const dir = scaffold();
    rmSync(path.join(dir, 'README.md'));
    expect(lint(dir)).toEqual([['lint/readme', 'error', 'README.md', '']]);
    writeFileSync(path.join(dir, 'README.md'), '# Notes\n');
    expect(lint(dir)).toEqual([['lint/readme', 'warning', 'README.md', '']]);
  });

  it('fixtures: none at all', () => {
    const dir = scaffold();
    rmSync(path.join(dir, 'fixtures'), { recursive: true });
    expect(lint(dir)).toEqual([['lint/fixtures', 'error', 'fixtures', '']]);
  });

  it('fixtures: no invalid case, a sidecar-less case, a bad sidecar, an unknown extension', () => {
    const dir = scaffold();
    rmSync(path.join(dir, 'fixtures/invalid'), { recursive: true });
    expect(lint(dir)).toEqual([['lint/fixtures', 'error', 'fixtures/invalid', '']]);
    t.write(path.relative(t.dir, path.join(dir, 'fixtures/invalid/lonely.csv')), 'Reference,Status\n');
    t.write(path.relative(t.dir, path.join(dir, 'fixtures/invalid/shape.csv')), 'Reference,Status\n');
    t.write(
      path.relative(t.dir, path.join(dir, 'fixtures/invalid/shape.expected.json')),
      '[\n  { "rule": "schema/enum", "record": 0 }\n]\n',
    );
    t.write(path.relative(t.dir, path.join(dir, 'fixtures/invalid/syntax.csv')), 'Reference,Status\n');
    t.write(
      path.relative(t.dir, path.join(dir, 'fixtures/invalid/syntax.expected.json')),
      '[\n  {"rule": }\n]',
    );
    t.write(path.relative(t.dir, path.join(dir, 'fixtures/valid/notes.txt')), 'x');
    const r = lintVersionDir(dir);
    expect(r.findings.map((f) => [f.rule, f.file, f.line, f.pointer])).toEqual([
      ['lint/fixtures-sidecar', 'fixtures/invalid/lonely.csv', null, ''],
      ['lint/fixtures-sidecar', 'fixtures/invalid/shape.expected.json', 2, '/0/record'],
      ['lint/fixtures-sidecar', 'fixtures/invalid/syntax.expected.json', 2, ''],
      ['lint/fixtures', 'fixtures/valid/notes.txt', null, ''],
    ]);
  });
});

describe('output', () => {
  it('text: one line per finding with file:line, a verdict per version, totals', () => {
    const dirs = resolveTargets(['fixtures/authoring/broken', 'dscr-mods-person'], { cwd: repoRoot });
    const results = dirs.map((d) => lintVersionDir(d.dir));
    const text = formatLintText(results, { cwd: repoRoot });
    expect(text).toContain('✖ broken-draft@0.1.0 fixtures/authoring/broken/broken-draft/0.1.0');
    expect(text).toMatch(
      /fixtures\/authoring\/broken\/broken-draft\/0\.1\.0\/schema\.json:10 {2}error {4}lint\/unknown-format {2}Unknown format 'nhs-numbr'.* \(\/properties\/Person ID\/format\)/,
    );
    expect(text).toContain('✔ dscr-mods-person@1.0.0 standards/dscr-mods-person/1.0.0: no problems');
    expect(text).toMatch(/2 standard versions linted: 5 errors, 0 warnings\n$/);
  });

  it('JSON: summary and results', () => {
    const results = [lintVersionDir(path.join(repoRoot, 'fixtures/authoring/broken/broken-draft/0.1.0'))];
    const data = JSON.parse(formatLintJson(results)) as {
      summary: unknown;
      results: Array<{ findings: LintFinding[] }>;
    };
    expect(data.summary).toEqual({ versions: 1, errors: 5, warnings: 0 });
    expect(Object.keys(data.results[0]!.findings[0]!).sort()).toEqual([
      'file',
      'line',
      'message',
      'pointer',
      'rule',
      'severity',
    ]);
  });
});
