import { describe, expect, it } from 'vitest';
import { CarecheckError } from '../../../src/errors.js';
import { discoverStandards, resolveStandard, type RegistryEntry } from '../../../src/standards/registry.js';
import type { StandardManifest } from '../../../src/standards/types.js';
import { tempDir } from '../../helpers/tmp.js';

function entry(id: string, version: string, status: StandardManifest['status']): RegistryEntry {
  return {
    dir: `/x/${id}/${version}`,
    bundled: true,
    manifest: {
      id,
      version,
      status,
      title: id,
      publisher: 'p',
      effectiveFrom: '2024-01-01',
      description: 'd',
      provenance: { source: 's' },
      kind: 'tabular',
      schema: 'schema.json',
    },
  };
}

const entries = [
  entry('cld', '1.0.0', 'deprecated'),
  entry('cld', '1.1.0', 'deprecated'),
  entry('cld', '2.0.0', 'active'),
  entry('cld', '2.1.0', 'active'),
  entry('cld', '3.0.0', 'draft'),
  entry('old', '1.0.0', 'retired'),
  entry('dep', '1.0.0', 'deprecated'),
];

describe('resolveStandard', () => {
  it.each([
    ['cld', '2.1.0'],
    ['cld@2', '2.1.0'],
    ['cld@1', '1.1.0'],
    ['cld@2.0.0', '2.0.0'],
    ['cld@1.0.0', '1.0.0'],
    ['cld@3.0.0', '3.0.0'],
    ['cld@^1.0', '1.1.0'],
    ['old@1.0.0', '1.0.0'],
    ['dep', '1.0.0'],
  ])('%s resolves to %s', (spec, version) => {
    expect(resolveStandard(entries, spec).entry.manifest.version).toBe(version);
  });

  it('never picks a draft unless named exactly', () => {
    expect(() => resolveStandard(entries, 'cld@3')).toThrow(CarecheckError);
  });

  it('refuses a retired version unless named exactly', () => {
    expect(() => resolveStandard(entries, 'old')).toThrow(/No usable version/);
  });

  it('says when a deprecated version is used', () => {
    expect(resolveStandard(entries, 'cld@1').notices.join()).toMatch(/deprecated.*2\.1\.0/);
  });

  it('names the known standards for an unknown id', () => {
    try {
      resolveStandard(entries, 'nope');
      expect.unreachable();
    } catch (e) {
      expect((e as CarecheckError).message).toBe("Unknown standard 'nope'");
      expect((e as CarecheckError).hint).toContain('cld');
      expect((e as CarecheckError).exitCode).toBe(2);
    }
  });

  it('rejects a range that is not semver', () => {
    expect(() => resolveStandard(entries, 'cld@two')).toThrow(/not a version/);
  });
});

describe('discoverStandards', () => {
  const t = tempDir();
  const good = `id: demo\nversion: 1.0.0\ntitle: Demo\npublisher: Me\nstatus: active\neffectiveFrom: 2024-01-01\ndescription: A demo\nprovenance: { source: tests }\nkind: document\nschema: schema.json\n`;

  it('finds standards in an extra folder beside the bundled ones', () => {
    t.write('ok/demo/1.0.0/standard.yaml', good);
    t.write('ok/demo/1.0.0/schema.json', '{}');
    const found = discoverStandards([t.path('ok')]);
    expect(found.some((e) => e.manifest.id === 'demo' && !e.bundled)).toBe(true);
  });

  it('explains an invalid manifest with every problem', () => {
    t.write('bad/demo/1.0.0/standard.yaml', good.replace('status: active', 'status: live').replace('title: Demo\n', ''));
    expect(() => discoverStandards([t.path('bad')], false)).toThrow(/missing 'title'.*status' must be one of draft, active, deprecated, retired/);
  });

  it('rejects a manifest whose id does not match its folder', () => {
    t.write('moved/other/1.0.0/standard.yaml', good);
    expect(() => discoverStandards([t.path('moved')], false)).toThrow(/says demo@1.0.0 but lives in other\/1.0.0/);
  });

  it('reports YAML syntax errors with a line', () => {
    t.write('yaml/demo/1.0.0/standard.yaml', 'id: demo\n  bad: [\n');
    expect(() => discoverStandards([t.path('yaml')], false)).toThrow(/line \d+.*not valid YAML|not valid YAML/);
  });

  it('rejects a folder that does not exist', () => {
    expect(() => discoverStandards([t.path('missing')], false)).toThrow(/does not exist/);
  });
});
