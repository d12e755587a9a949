/**
 * Signed evidence: an Ed25519 signature over the canonical form of the JSON report (see
 * canonical.ts), embedded in the report as `signature`. Any change to the report after signing — a
 * finding's message, a count, an input's hash — makes `verify-report --public-key` fail.
 */
import { type KeyObject, sign, verify } from 'node:crypto';
import { CANONICALIZATION, signingPayload } from './canonical.js';
import { publicKeyFingerprint } from './keys.js';

export interface ReportSignature {
  algorithm: 'ed25519';
  /** Which canonical form was signed (canonical.ts). */
  canonicalization: string;
  /** `sha256:<hex>` of the signer's public key (DER SubjectPublicKeyInfo). */
  publicKeyFingerprint: string;
  /** Base64 of the 64-byte Ed25519 signature. */
  value: string;
}

/** The signature of a report (any `signature` it already has is left out of what is signed). */
export function signReport(report: object, privateKey: KeyObject): ReportSignature {
  const value = sign(null, signingPayload(report), privateKey).toString('base64');
  return {
    algorithm: 'ed25519',
    canonicalization: CANONICALIZATION,
    publicKeyFingerprint: publicKeyFingerprint(privateKey),
    value,
  };
}

export type SignatureCheck =
  | { status: 'valid'; fingerprint: string }
  | { status: 'unsigned' }
  | { status: 'malformed'; why: string }
  | { status: 'other-key'; fingerprint: string; expected: string }
  | { status: 'invalid'; fingerprint: string };

/** Check a parsed report's embedded signature against a public key. */
export function checkSignature(report: Record<string, unknown>, publicKey: KeyObject): SignatureCheck {
  const sig = report['signature'];
  if (sig === undefined) return { status: 'unsigned' };
  if (sig === null || typeof sig !== 'object' || Array.isArray(sig)) {
    return { status: 'malformed', why: 'the signature is not an object' };
  }
  const s = sig as Record<string, unknown>;
  if (s['algorithm'] !== 'ed25519') {
    return { status: 'malformed', why: `unsupported signature algorithm ${JSON.stringify(s['algorithm'])}` };
  }
  if (s['canonicalization'] !== undefined && s['canonicalization'] !== CANONICALIZATION) {
    return {
      status: 'malformed',
      why: `unknown canonical form ${JSON.stringify(s['canonicalization'])}`,
    };
  }
  if (typeof s['value'] !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(s['value'])) {
    return { status: 'malformed', why: 'the signature value is not base64' };
  }
  const expected = publicKeyFingerprint(publicKey);
  const fingerprint = typeof s['publicKeyFingerprint'] === 'string' ? s['publicKeyFingerprint'] : '';
  if (fingerprint !== expected) return { status: 'other-key', fingerprint, expected };
  const bytes = Buffer.from(s['value'], 'base64');
  // Ed25519 signatures are 64 bytes; anything else cannot verify (and some OpenSSL builds throw).
  const ok = bytes.length === 64 && verify(null, signingPayload(report), publicKey, bytes);
  return ok ? { status: 'valid', fingerprint } : { status: 'invalid', fingerprint };
}
