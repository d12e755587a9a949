/**
 * Evidence of conformance, in-process: keyed record references (--pseudonymise), signed JSON reports
 * (--sign) and verify-report detecting changed data, a changed standard and an edited report.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import type { Report } from '../../src/report/types.js';
import { repoRoot, tempDir, writePeopleStandard } from '../helpers/tmp.js';

const t = tempDir();

// A small standard whose records are keyed by `id`, in its own standards folder.
const stds = t.path('stds');
writePeopleStandard(t, 'stds');
t.write('stds/people/1.0.0/README.md', '# People\n');

const ROWS = ['P001,Alice Smith,34', 'P002,Bob Jones,200', 'P003,,40'];
const data = t.write('people.csv', `id,name,age\n${ROWS.join('\n')}\n`);
const KEY = 'k3y-material-0123456789abcdef0123456789';
const key = t.write('pseudo.key', `${KEY}\n`);
const otherKey = t.write('other.key', 'another-key-0123456789abcdef0123\n');

const signing = generateKeyPairSync('ed25519');
const signKey = t.write('sign.pem', signing.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
const pubKey = t.write('sign.pub.pem', signing.publicKey.export({ type: 'spki', format: 'pem' }) as string);
const stranger = generateKeyPairSync('ed25519');
const strangerPub = t.write(
  'stranger.pub.pem',
  stranger.publicKey.export({ type: 'spki', format: 'pem' }) as string,
);

async function cli(...argv: string[]) {
  const io = memoryIo({ now: () => new Date('2026-01-01T00:00:00Z'), cwd: t.dir });
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
}

async function jsonReport(...argv: string[]) {
  const r = await cli(...argv, '--format', 'json');
  expect(r.err).toBe('');
  return { code: r.code, report: JSON.parse(r.out) as Report, text: r.out };
}

const refs = (r: Report) => r.files.flatMap((f) => f.findings).map((f) => [f.record, f.field, f.recordRef]);
const std = ['--standard', 'people', '--standards-dir', stds];

describe('validate --pseudonymise', () => {
  it('gives each record finding a keyed reference and records pseudonymised: true (never the key)', async () => {
    const { code, report, text } = await jsonReport('validate', data, ...std, '--pseudonymise', key);
    expect(code).toBe(1);
    const found = refs(report);
    expect(found.map(([rec, field]) => [rec, field])).toEqual([
      [2, 'age'],
      [3, 'name'],
    ]);
    for (const [, , ref] of found) expect(ref).toMatch(/^[0-9a-f]{16}$/);
    expect(report.options['pseudonymised']).toBe(true);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('pseudo.key');
  });

  it('the same key and record give the same reference, even after a re-export moves the rows', async () => {
    const a = await jsonReport('validate', data, ...std, '--pseudonymise', key);
    const shuffled = t.write('shuffled.csv', `id,name,age\n${[ROWS[2], ROWS[0], ROWS[1]].join('\n')}\n`);
    const b = await jsonReport('validate', shuffled, ...std, '--pseudonymise', key);
    const byField = (r: Report) =>
      Object.fromEntries(r.files.flatMap((f) => f.findings).map((f) => [f.field, f.recordRef]));
    expect(byField(b.report)).toEqual(byField(a.report));
    expect(refs(b.report).map(([rec]) => rec)).toEqual([1, 3]);
  });

  it('another key gives other references', async () => {
    const a = await jsonReport('validate', data, ...std, '--pseudonymise', key);
    const b = await jsonReport('validate', data, ...std, '--pseudonymise', otherKey);
    const ra = refs(a.report).map(([, , r]) => r);
    const rb = refs(b.report).map(([, , r]) => r);
    expect(ra.every((r, i) => r !== rb[i])).toBe(true);
  });

  it('no value of the data appears in any report, only references', async () => {
    for (const format of ['json', 'text', 'csv', 'markdown', 'sarif']) {
      const r = await cli('validate', data, ...std, '--pseudonymise', key, '--format', format);
      // Hashes and the temporary folder's random name can contain '200' by chance: blank them first.
      const out = r.out.replace(/[0-9a-f]{16,}/g, '').replaceAll(t.dir, '');
      for (const value of ['P001', 'P002', 'P003', 'Alice', 'Bob Jones', '200']) {
        expect(out, `${format} contains ${value}`).not.toContain(value);
      }
    }
  });

  it('the text report shows ref …; the CSV report has a recordRef column', async () => {
    const text = await cli('validate', data, ...std, '--pseudonymise', key);
    expect(text.out).toMatch(/record 2, ref [0-9a-f]{16}, line 3, field age/);
    const csv = await cli('validate', data, ...std, '--pseudonymise', key, '--format', 'csv');
    expect(csv.out.split('\r\n')[0]).toBe('\ufefffile,record,line,field,rule,severity,message,recordRef');
  });

  it('a key shorter than 16 bytes, or a missing key file, is exit 2 with one clear line', async () => {
    const short = t.write('short.key', 'tooshort\n');
    const r = await cli('validate', data, ...std, '--pseudonymise', short);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^carecheck: The --pseudonymise key file .*short.key holds 8 bytes; it needs at least 16\n/,
    );
    expect(r.err).not.toContain('tooshort');
    const missing = await cli('validate', data, ...std, '--pseudonymise', 'nope.key');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/Cannot read the --pseudonymise key file nope.key: no such file/);
  });
});

describe('validate --sign and verify-report', () => {
  async function signedReport(name: string, dataFile = data) {
    const file = t.path(name);
    const r = await cli('validate', dataFile, ...std, '--sign', signKey, '--format', `json=${file}`);
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    return file;
  }

  it('--sign needs a JSON report written to a file (exit 2)', async () => {
    for (const extra of [[], ['--format', 'json'], ['--format', 'sarif=x.sarif']]) {
      const r = await cli('validate', data, ...std, '--sign', signKey, ...extra);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--sign needs a JSON report written to a file/);
      expect(r.err).toMatch(/--format json=report.json/);
    }
  });

  it('a missing signing key is exit 2, named as typed', async () => {
    const r = await cli('validate', data, ...std, '--sign', '/no/such/key.pem', '--format', 'json=r.json');
    expect(r.code).toBe(2);
    expect(r.err).toBe('carecheck: Cannot read the signing key /no/such/key.pem: no such file\n');
  });

  it('--sign with something that is not an Ed25519 key is exit 2', async () => {
    const r = await cli('validate', data, ...std, '--sign', key, '--format', 'json=r.json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is not an unencrypted private key in PEM format/);
    expect(r.err).not.toContain(KEY);
  });

  it('the JSON report carries the signature; --format json --output works too', async () => {
    const file = await signedReport('signed.json');
    const report = JSON.parse(readFileSync(file, 'utf8'));
    expect(report.signature).toMatchObject({
      algorithm: 'ed25519',
      canonicalization: 'carecheck-sorted-json-v1',
    });
    expect(report.signature.publicKeyFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    const out = t.path('signed2.json');
    const r = await cli('validate', data, ...std, '--sign', signKey, '--format', 'json', '--output', out);
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(out, 'utf8')).signature.algorithm).toBe('ed25519');
  });

  it('an untouched report, data file and standard verify (exit 0)', async () => {
    const file = await signedReport('ok.json');
    const r = await cli('verify-report', file, data, '--standards-dir', stds, '--public-key', pubKey);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/✔ .*people.csv: same content as when validated/);
    expect(r.out).toMatch(/✔ Standard people@1.0.0: same rules as when validated/);
    expect(r.out).toMatch(/✔ Signature: valid/);
    expect(r.out).toMatch(
      /^Verified: the report still describes the files given and the standard it names\.$/m,
    );
  });

  it('tampering with the validated data file is detected (exit 1)', async () => {
    const copy = t.write('tamper.csv', readFileSync(data));
    const file = await signedReport('tamper.json', copy);
    writeFileSync(copy, readFileSync(copy, 'utf8').replace('Bob Jones,200', 'Bob Jones,20'));
    const r = await cli('verify-report', file, copy, '--standards-dir', stds, '--public-key', pubKey);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✖ .*tamper.csv: has changed since the report was made/);
    expect(r.out).toMatch(/^Not verified/m);
  });

  it('editing one character of a finding message breaks the signature (exit 1)', async () => {
    const file = await signedReport('edited.json');
    const text = readFileSync(file, 'utf8');
    const report = JSON.parse(text);
    const message: string = report.files[0].findings[0].message;
    const edited = text.replace(message, `${message.slice(0, -1)}${message.endsWith('.') ? '!' : '.'}`);
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
    const r = await cli('verify-report', file, data, '--standards-dir', stds, '--public-key', pubKey);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✖ Signature: does not match; the report was changed after it was signed/);
  });

  it('the documented canonical form verifies without carecheck (examples/verify-signature.mjs)', async () => {
    const file = await signedReport('standalone.json');
    const check = () =>
      spawnSync(process.execPath, [`${repoRoot}/examples/verify-signature.mjs`, file, pubKey], {
        encoding: 'utf8',
      });
    expect(check()).toMatchObject({ status: 0, stdout: 'signature valid\n' });
    writeFileSync(file, readFileSync(file, 'utf8').replace('"valid": false', '"valid": true'));
    expect(check().status).toBe(1);
  });

  it('re-indenting the report does not break the signature (canonical form)', async () => {
    const file = await signedReport('reindented.json');
    writeFileSync(file, JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))));
    const r = await cli('verify-report', file, '--standards-dir', stds, '--public-key', pubKey);
    expect(r.code).toBe(0);
  });

  it("another signer's public key fails; without --public-key the signature is 'not checked'", async () => {
    const file = await signedReport('who.json');
    const wrong = await cli('verify-report', file, '--standards-dir', stds, '--public-key', strangerPub);
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/Signature: made with another key/);
    const none = await cli('verify-report', file, data, '--standards-dir', stds);
    expect(none.code).toBe(0);
    expect(none.out).toMatch(/- Signature: present \(key sha256:[0-9a-f]+\), not checked: give --public-key/);
  });

  it('an unsigned report checked with --public-key fails', async () => {
    const file = t.path('unsigned.json');
    await cli('validate', data, ...std, '--format', `json=${file}`);
    const r = await cli('verify-report', file, '--standards-dir', stds, '--public-key', pubKey);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✖ Signature: the report is not signed/);
  });

  it('a renamed data file is matched by content; files not given are "not checked"', async () => {
    const a = t.write('two/a.csv', readFileSync(data));
    const b = t.write('two/b.csv', 'id,name,age\nP009,Zed,50\n');
    const file = t.path('two.json');
    await cli('validate', a, b, ...std, '--format', `json=${file}`);
    renameSync(a, t.path('two/renamed.csv'));
    const r = await cli('verify-report', file, 'two/renamed.csv', '--standards-dir', stds);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/✔ two\/renamed.csv: same content as the report's .*a.csv \(renamed or moved/);
    expect(r.out).toMatch(/- .*b.csv: not checked \(not given\)/);
    const other = await cli('verify-report', file, b, 'shuffled.csv', '--standards-dir', stds);
    expect(other.code).toBe(1);
    expect(other.out).toMatch(/✖ shuffled.csv: is not described by this report/);
  });

  it('a changed standard is detected; a standard not found here is exit 2', async () => {
    const own = t.path('own-stds');
    t.write(
      'own-stds/people2/1.0.0/standard.yaml',
      readFileSync(`${stds}/people/1.0.0/standard.yaml`, 'utf8').replace('id: people', 'id: people2'),
    );
    t.write('own-stds/people2/1.0.0/schema.json', readFileSync(`${stds}/people/1.0.0/schema.json`));
    const file = t.path('std.json');
    await cli('validate', data, '--standard', 'people2', '--standards-dir', own, '--format', `json=${file}`);
    expect((await cli('verify-report', file, data, '--standards-dir', own)).code).toBe(0);
    const missing = await cli('verify-report', file, data);
    expect(missing.code).toBe(2);
    expect(missing.out).toMatch(/\? Standard people2@1.0.0: not found here/);
    const schema = `${own}/people2/1.0.0/schema.json`;
    writeFileSync(schema, readFileSync(schema, 'utf8').replace('"maximum":120', '"maximum":130'));
    const changed = await cli('verify-report', file, data, '--standards-dir', own);
    expect(changed.code).toBe(1);
    expect(changed.out).toMatch(/✖ Standard people2@1.0.0: its files have changed since the report was made/);
  });

  it('usage and IO problems are exit 2 with one or two lines', async () => {
    const notJson = t.write('not.json', 'hello');
    for (const argv of [
      ['verify-report'],
      ['verify-report', 'missing.json'],
      ['verify-report', notJson],
      ['verify-report', await signedReport('io.json'), 'missing.csv'],
      ['verify-report', t.path('io.json'), '--public-key', 'missing.pem'],
    ]) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.trimEnd().split('\n').length).toBeLessThanOrEqual(2);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });
});
