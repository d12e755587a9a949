/** verify-report's checks: data files by path or content, the standard's hash, plain-English answers. */
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReportEvidence, renderVerification, verifyReport } from '../../../src/evidence/verify.js';
import { standardHash } from '../../../src/standards/hash.js';
import { repoRoot, tempDir } from '../../helpers/tmp.js';

const t = tempDir();
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

const A = 'id,name\n1,Ann\n';
const B = 'id,name\n2,Bob\n';
t.write('a.csv', A);
t.write('b.csv', B);

function reportText(extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    reportVersion: '1.0',
    tool: { name: 'carecheck', version: '0.1.0' },
    generatedAt: '2026-01-01T00:00:00.000Z',
    standard: null,
    schema: { path: 'person.schema.json' },
    valid: true,
    files: [
      { path: 'a.csv', sha256: sha(A), size: A.length },
      { path: 'b.csv', sha256: sha(B), size: B.length },
    ],
    ...extra,
  });
}

const opts = (dataFiles: string[]) => ({ dataFiles, cwd: t.dir, standardsDirs: [] });

describe('parseReportEvidence', () => {
  it('refuses what is not a JSON report (exit 2)', () => {
    expect(() => parseReportEvidence('not json', 'r.txt')).toThrow(/r.txt is not JSON/);
    expect(() => parseReportEvidence('[]', 'r.json')).toThrow(/not a carecheck JSON report/);
    expect(() => parseReportEvidence('{"files": []}', 'r.json')).toThrow(/no reportVersion/);
  });
});

describe('verifyReport: data files', () => {
  it('same files by path: verified; files not given are "not checked"', async () => {
    const ev = parseReportEvidence(reportText(), 'r.json');
    const v = await verifyReport(ev, opts(['a.csv']));
    expect(v.verdict).toBe('verified');
    expect(v.checks.map((c) => [c.status, c.message.split(':')[0]])).toEqual([
      ['ok', 'a.csv'],
      ['not-checked', 'b.csv'],
      ['not-checked', 'Schema person.schema.json'],
    ]);
    expect(renderVerification(v, ev, 'r.json')).toMatch(/Verified: the report still describes/);
  });

  it('a changed file differs; a renamed one is found by content; an unknown one is not described', async () => {
    t.write('changed/a.csv', `${A}3,Cy\n`);
    t.write('renamed.csv', B);
    t.write('other.csv', 'id\n9\n');
    const ev = parseReportEvidence(
      reportText({
        files: [
          { path: path.join(t.dir, 'changed', 'a.csv'), sha256: sha(A), size: A.length },
          { path: 'b.csv', sha256: sha(B), size: B.length },
        ],
      }),
      'r.json',
    );
    const v = await verifyReport(ev, opts(['changed/a.csv', 'renamed.csv', 'other.csv']));
    expect(v.verdict).toBe('differs');
    expect(v.checks[0]).toMatchObject({ status: 'differs' });
    expect(v.checks[0]?.message).toMatch(/has changed since the report was made/);
    expect(v.checks[1]).toMatchObject({ status: 'ok' });
    expect(v.checks[1]?.message).toMatch(/same content as the report's b.csv \(renamed or moved/);
    expect(v.checks[2]).toMatchObject({ status: 'differs' });
    expect(v.checks[2]?.message).toMatch(/is not described by this report/);
    expect(renderVerification(v, ev, 'r.json')).toMatch(/^Not verified/m);
  });

  it('a missing data file is an IO problem (exit 2)', async () => {
    const ev = parseReportEvidence(reportText(), 'r.json');
    await expect(verifyReport(ev, opts(['missing.csv']))).rejects.toThrow(
      /Cannot read .*missing.csv: no such file/,
    );
  });
});

describe('renderVerification', () => {
  it('prints no control characters from the report (no terminal escapes)', async () => {
    const ev = parseReportEvidence(
      reportText({
        files: [{ path: 'evil\u001b[2J.csv', sha256: sha(A), size: A.length }],
        generatedAt: '\u001b]0;x\u0007',
      }),
      'r.json',
    );
    const text = renderVerification(await verifyReport(ev, opts([])), ev, 'r.json');
    expect([...text].filter((c) => c !== '\n' && c.charCodeAt(0) < 0x20)).toEqual([]);
    expect(text).toContain('evil?[2J.csv');
  });
});

describe('verifyReport: the standard', () => {
  const stdDir = t.path('stds');
  cpSync(path.join(repoRoot, 'standards', 'asc-wds'), path.join(stdDir, 'asc-wds-copy'), { recursive: true });

  it('the same standard files verify; a changed file differs; a missing standard is incomplete', async () => {
    // A copy of a bundled standard would be defined twice: give the copy its own id.
    const dir = path.join(stdDir, 'asc-wds-copy');
    renameSync(path.join(dir, '1.0.0'), path.join(dir, '9.9.9'));
    const manifest = path.join(dir, '9.9.9', 'standard.yaml');
    writeFileSync(
      manifest,
      readFileSync(manifest, 'utf8')
        .replace(/^id: .*$/m, 'id: asc-wds-copy')
        .replace(/^version: .*$/m, 'version: 9.9.9'),
    );
    const hash = standardHash(path.join(dir, '9.9.9'));
    const ev = parseReportEvidence(
      reportText({ standard: { id: 'asc-wds-copy', version: '9.9.9', sha256: hash }, schema: null }),
      'r.json',
    );
    const ok = await verifyReport(ev, { ...opts([]), standardsDirs: [stdDir] });
    expect(ok.verdict).toBe('verified');
    expect(ok.checks.at(-1)?.message).toMatch(/Standard asc-wds-copy@9.9.9: same rules as when validated/);

    const missing = await verifyReport(ev, opts([]));
    expect(missing.verdict).toBe('incomplete');
    expect(missing.checks.at(-1)?.message).toMatch(/not found here/);

    const schemaFile = path.join(dir, '9.9.9', 'README.md');
    writeFileSync(schemaFile, `${readFileSync(schemaFile, 'utf8')}\nEdited.\n`);
    const changed = await verifyReport(ev, { ...opts([]), standardsDirs: [stdDir] });
    expect(changed.verdict).toBe('differs');
    expect(changed.checks.at(-1)?.message).toMatch(/its files have changed since the report was made/);
  });
});
