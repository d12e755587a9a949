/**
 * Reading the secrets the CLI is given by file: the `--pseudonymise` key and the Ed25519 keys of
 * `--sign` / `verify-report --public-key`. Error messages name the file and what is wrong with it,
 * never its content.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CarecheckError, ioReason } from '../errors.js';

/** Shorter keys make keyed hashes of small identifier spaces (NHS numbers) easier to attack. */
export const MIN_PSEUDONYM_KEY_BYTES = 16;

function readSecretFile(file: string, cwd: string, what: string): Buffer {
  try {
    return readFileSync(path.resolve(cwd, file));
  } catch (cause) {
    throw new CarecheckError(`Cannot read the ${what} ${file}: ${ioReason(cause)}`, { cause });
  }
}

/**
 * The `--pseudonymise` key: the file's bytes, ignoring trailing line breaks and spaces so a key
 * written by `openssl rand -hex 32 > key` and later opened in an editor that adds a newline gives the
 * same references.
 */
export function readPseudonymKey(file: string, cwd: string): Uint8Array {
  const bytes = readSecretFile(file, cwd, '--pseudonymise key file');
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d || bytes[end - 1] === 0x20)) end--;
  if (end < MIN_PSEUDONYM_KEY_BYTES) {
    throw new CarecheckError(
      `The --pseudonymise key file ${file} holds ${end} ${end === 1 ? 'byte' : 'bytes'}; it needs at least ${MIN_PSEUDONYM_KEY_BYTES}`,
      { hint: 'Create one with: openssl rand -hex 32 > carecheck.key (and keep it out of the repository)' },
    );
  }
  return new Uint8Array(bytes.subarray(0, end));
}

/**
 * A short public check value of a key (HMAC of a fixed label), so a baseline can say "made with a
 * different key" instead of silently matching nothing. It reveals nothing about the key.
 */
export function keyCheckValue(key: Uint8Array): string {
  return createHash('sha256').update('carecheck key check\u0000').update(key).digest('hex').slice(0, 16);
}

const GENKEY_HINT = 'Create one with: openssl genpkey -algorithm ed25519 -out carecheck-signing.pem';

/** The Ed25519 private key of `--sign`, from a PEM file (PKCS#8, as openssl genpkey writes it). */
export function readSigningKey(file: string, cwd: string): KeyObject {
  const pem = readSecretFile(file, cwd, 'signing key');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (cause) {
    // Node's message may quote the PEM type or say "passphrase required"; keep only our words.
    throw new CarecheckError(`The signing key ${file} is not an unencrypted private key in PEM format`, {
      hint: GENKEY_HINT,
      cause,
    });
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new CarecheckError(
      `The signing key ${file} is a ${key.asymmetricKeyType ?? 'unknown'} key; carecheck signs with Ed25519`,
      { hint: GENKEY_HINT },
    );
  }
  return key;
}

/** The Ed25519 public key of `verify-report --public-key`: a public key PEM, or the private key itself. */
export function readPublicKey(file: string, cwd: string): KeyObject {
  const pem = readSecretFile(file, cwd, 'public key');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch (cause) {
    throw new CarecheckError(`The public key ${file} is not a public key in PEM format`, {
      hint: 'Export it from the signing key with: openssl pkey -in carecheck-signing.pem -pubout -out carecheck-signing.pub.pem',
      cause,
    });
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new CarecheckError(
      `The public key ${file} is a ${key.asymmetricKeyType ?? 'unknown'} key; carecheck signatures use Ed25519`,
    );
  }
  return key;
}

/**
 * `sha256:` + hex SHA-256 of the public key's DER (SubjectPublicKeyInfo) encoding; the same as
 * `openssl pkey -in key.pem -pubout -outform DER | sha256sum`.
 */
export function publicKeyFingerprint(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  const der = pub.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(der).digest('hex')}`;
}
