/** `carecheck init`: the scaffold's content, refusing to overwrite, and "lints clean, tests pass". */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { initFiles, initStandard } from '../../../src/authoring/init.js';
import { lintVersionDir } from '../../../src/authoring/lint.js';
import { resolveTargets } from '../../../src/authoring/targets.js';
import { runSuite } from '../../../src/authoring/test-runner.js';
import { CarecheckError } from '../../../src/errors.js';
import { readManifest } from '../../../src/standards/registry.js';
import { tempDir } from '../../helpers/tmp.js';

const t = tempDir('carecheck-init-');
const today = '2026-11-23';

describe('init: content', () => {
  it.each(['tabular', 'document'] as const)('%s: manifest, schema, README, fixtures', (kind) => {
    const files = initFiles({ id: 'my-care-data', dir: '.', kind, today });
    const ext = kind === 'tabular' ? 'csv' : 'json';
    expect(Object.keys(files).sort()).toEqual(
      [
        'README.md',
        'schema.json',
        'standard.yaml',
        `fixtures/invalid/example.${ext}`,
        'fixtures/invalid/example.expected.json',
        `fixtures/valid/example.${ext}`,
      ].sort(),
    );
    const manifest = parseYaml(files['standard.yaml']!) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      id: 'my-care-data',
      version: '0.1.0',
      status: 'draft',
      kind,
      effectiveFrom: today,
    });
    const schema = JSON.parse(files['schema.json']!) as {
      properties: Record<string, Record<string, unknown>>;
    };
    const fields = Object.values(schema.properties);
    expect(fields).toHaveLength(2);
    for (const field of fields) {
      expect(field['description']).toEqual(expect.any(String));
      expect(field['sensitivity']).toBe('none');
    }
    expect(files['README.md']).toMatch(/## Provenance/);
    expect(files['README.md']).toMatch(/## Known gaps/);
  });

  it('uses the given title', () => {
    const files = initFiles({ id: 'x', dir: '.', kind: 'tabular', today, title: 'Respite "care" returns' });
    expect((parseYaml(files['standard.yaml']!) as { title: string }).title).toBe('Respite "care" returns');
  });
});

describe('init: writing', () => {
  it('creates <dir>/<id>/0.1.0 and the standard CHANGELOG, readable by the registry', () => {
    const r = initStandard({ id: 'new-std', dir: t.path('a'), kind: 'tabular', today });
    expect(r.versionDir).toBe(t.path('a/new-std/0.1.0'));
    expect(r.changelog).toBe(t.path('a/new-std/CHANGELOG.md'));
    expect(readFileSync(r.changelog!, 'utf8')).toMatch(/## 0\.1\.0 \(draft, 2026-11-23\)/);
    expect(readManifest(path.join(r.versionDir, 'standard.yaml')).id).toBe('new-std');
    expect(r.files.every((f) => existsSync(f))).toBe(true);
  });

  it('refuses to overwrite an existing version folder (exit 2), and leaves it alone', () => {
    const first = initStandard({ id: 'twice', dir: t.path('b'), kind: 'tabular', today });
    writeFileSync(path.join(first.versionDir, 'README.md'), 'mine');
    let error: unknown;
    try {
      initStandard({ id: 'twice', dir: t.path('b'), kind: 'document', today });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CarecheckError);
    expect((error as CarecheckError).exitCode).toBe(2);
    expect((error as CarecheckError).message).toMatch(/already exists/);
    expect(readFileSync(path.join(first.versionDir, 'README.md'), 'utf8')).toBe('mine');
  });

  it('keeps an existing CHANGELOG.md of the standard', () => {
    t.write('c/kept/CHANGELOG.md', '# kept\n');
    const r = initStandard({ id: 'kept', dir: t.path('c'), kind: 'tabular', today });
    expect(r.changelog).toBeNull();
    expect(readFileSync(t.path('c/kept/CHANGELOG.md'), 'utf8')).toBe('# kept\n');
  });

  it.each(['My Standard', 'UPPER', 'trailing-', 'a--b', '../escape', ''])('refuses the id %j', (id) => {
    expect(() => initStandard({ id, dir: t.path('d'), kind: 'tabular', today })).toThrow(
      /not a valid standard id/,
    );
    expect(existsSync(t.path('d'))).toBe(false);
  });
});

describe('init → lint clean → test passes', () => {
  it.each(['tabular', 'document'] as const)('%s', async (kind) => {
    const { versionDir } = initStandard({ id: `round-${kind}`, dir: t.path('e'), kind, today });
    expect(lintVersionDir(versionDir).findings).toEqual([]);
    const suite = await runSuite(resolveTargets([versionDir])[0]!);
    expect(suite.error).toBeUndefined();
    expect(suite.cases.map((c) => [c.kind, c.passed])).toEqual([
      ['valid', true],
      ['invalid', true],
    ]);
  });
});
