#!/usr/bin/env node
// Check a carecheck report signature WITHOUT carecheck: the canonical form is simple enough to
// re-create with any JSON library (see docs/reports-and-ci.md, "The canonical form").
//
//   node examples/verify-signature.mjs report.json carecheck-signing.pub.pem
//
// Exit code 0 when the signature is valid, 1 otherwise.
import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

// JSON with no whitespace and object keys sorted at every depth; undefined members left out.
const canon = (v) =>
  v === null || typeof v !== 'object'
    ? JSON.stringify(v)
    : Array.isArray(v)
      ? `[${v.map((x) => (x === undefined ? 'null' : canon(x))).join(',')}]`
      : `{${Object.keys(v)
          .sort()
          .filter((k) => v[k] !== undefined)
          .map((k) => `${JSON.stringify(k)}:${canon(v[k])}`)
          .join(',')}}`;

const [reportFile, publicKeyFile] = process.argv.slice(2);
if (!reportFile || !publicKeyFile) {
  console.error('usage: node verify-signature.mjs REPORT.json PUBLIC-KEY.pem');
  process.exit(2);
}
const { signature, ...report } = JSON.parse(readFileSync(reportFile, 'utf8'));
if (signature?.algorithm !== 'ed25519') {
  console.log('not signed with ed25519');
  process.exit(1);
}
const ok = verify(
  null,
  Buffer.from(canon(report), 'utf8'),
  createPublicKey(readFileSync(publicKeyFile)),
  Buffer.from(signature.value, 'base64'),
);
console.log(
  ok
    ? 'signature valid'
    : 'signature INVALID: the report was changed after signing, or another key signed it',
);
process.exit(ok ? 0 : 1);
