/** Ed25519 report signatures and the key files behind --sign, --public-key and --pseudonymise. */
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CarecheckError } from '../../../src/errors.js';
import {
  keyCheckValue,
  publicKeyFingerprint,
  readPseudonymKey,
  readPublicKey,
  readSigningKey,
} from '../../../src/evidence/keys.js';
import { checkSignature, signReport } from '../../../src/evidence/sign.js';
import { tempDir } from '../../helpers/tmp.js';

const t = tempDir();
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');

const report = () => ({
  reportVersion: '1.0',
  valid: false,
  files: [{ path: 'a.csv', sha256: 'ab', findings: [{ message: 'NHS Number is not valid', record: 3 }] }],
});

function signed() {
  const r: Record<string, unknown> = report();
  r['signature'] = signReport(r, privateKey);
  return r;
}

describe('signReport / checkSignature', () => {
  it('a signed report verifies, also after a JSON round trip with other indentation', () => {
    const r = signed();
    expect(checkSignature(r, publicKey).status).toBe('valid');
    expect(checkSignature(JSON.parse(JSON.stringify(r)), publicKey).status).toBe('valid');
    expect(checkSignature(JSON.parse(JSON.stringify(r, null, 4)), publicKey).status).toBe('valid');
  });

  it('records the algorithm, the canonical form and the public key fingerprint', () => {
    const sig = signed()['signature'] as Record<string, unknown>;
    expect(sig['algorithm']).toBe('ed25519');
    expect(sig['canonicalization']).toBe('carecheck-sorted-json-v1');
    expect(sig['publicKeyFingerprint']).toBe(publicKeyFingerprint(publicKey));
    expect(Buffer.from(sig['value'] as string, 'base64')).toHaveLength(64);
  });

  it('any change to the report breaks it: one character of a message, a count, an added key', () => {
    const a = signed();
    (a['files'] as Array<{ findings: Array<{ message: string }> }>)[0]!.findings[0]!.message =
      'NHS Number is not valiD';
    expect(checkSignature(a, publicKey).status).toBe('invalid');
    const b = signed();
    b['valid'] = true;
    expect(checkSignature(b, publicKey).status).toBe('invalid');
    const c = signed();
    c['note'] = 'added later';
    expect(checkSignature(c, publicKey).status).toBe('invalid');
  });

  it('says when the report is unsigned, signed with another key, or the signature is unusable', () => {
    expect(checkSignature(report(), publicKey).status).toBe('unsigned');
    expect(checkSignature(signed(), other.publicKey)).toMatchObject({ status: 'other-key' });
    const r = signed();
    (r['signature'] as Record<string, unknown>)['value'] = 'not base64!';
    expect(checkSignature(r, publicKey).status).toBe('malformed');
    const s = signed();
    (s['signature'] as Record<string, unknown>)['algorithm'] = 'rsa';
    expect(checkSignature(s, publicKey).status).toBe('malformed');
    const u = signed();
    (u['signature'] as Record<string, unknown>)['value'] = Buffer.alloc(64).toString('base64');
    expect(checkSignature(u, publicKey).status).toBe('invalid');
  });
});

describe('key files', () => {
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const pubPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;

  it('the fingerprint is the SHA-256 of the DER public key, as openssl would give it', () => {
    const der = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
    expect(publicKeyFingerprint(privateKey)).toBe(`sha256:${createHash('sha256').update(der).digest('hex')}`);
    expect(publicKeyFingerprint(publicKey)).toBe(publicKeyFingerprint(privateKey));
  });

  it('reads an Ed25519 private key and a public key (or the private key as the public one)', () => {
    const k = t.write('sign.pem', pem);
    const p = t.write('sign.pub.pem', pubPem);
    expect(readSigningKey(k, '/').asymmetricKeyType).toBe('ed25519');
    expect(publicKeyFingerprint(readPublicKey(p, '/'))).toBe(publicKeyFingerprint(publicKey));
    expect(publicKeyFingerprint(readPublicKey(k, '/'))).toBe(publicKeyFingerprint(publicKey));
  });

  it('refuses other key types, non-PEM files and missing files with exit-2 errors that quote nothing', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const rsaFile = t.write('rsa.pem', rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    expect(() => readSigningKey(rsaFile, '/')).toThrow(/is a rsa key; carecheck signs with Ed25519/);
    const junk = t.write('junk.pem', 'secret-material-123');
    try {
      readSigningKey(junk, '/');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CarecheckError);
      expect((e as CarecheckError).exitCode).toBe(2);
      expect((e as Error).message).not.toContain('secret-material');
      expect((e as CarecheckError).hint).toContain('openssl genpkey -algorithm ed25519');
    }
    expect(() => readPublicKey(t.path('nope.pem'), '/')).toThrow(/Cannot read the public key .*no such file/);
  });

  it('reads a pseudonymisation key, ignoring trailing line breaks; too short is exit 2 without the content', () => {
    const a = t.write('k1', 'abcdefghijklmnopqrstuvwxyz012345\n');
    const b = t.write('k2', 'abcdefghijklmnopqrstuvwxyz012345');
    expect(Buffer.from(readPseudonymKey(a, '/')).toString()).toBe('abcdefghijklmnopqrstuvwxyz012345');
    expect(keyCheckValue(readPseudonymKey(a, '/'))).toBe(keyCheckValue(readPseudonymKey(b, '/')));
    const short = t.write('short', 'hunter2hunter2\n');
    try {
      readPseudonymKey(short, '/');
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/holds 14 bytes; it needs at least 16/);
      expect((e as Error).message).not.toContain('hunter2');
    }
  });

  it('the key check value differs between keys and does not contain the key', () => {
    const k = new TextEncoder().encode('0123456789abcdef0123456789abcdef');
    expect(keyCheckValue(k)).not.toBe(
      keyCheckValue(new TextEncoder().encode('0123456789abcdef0123456789abcdeF')),
    );
    expect(keyCheckValue(k)).toMatch(/^[0-9a-f]{16}$/);
  });
});
