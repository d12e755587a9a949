/**
 * The canonical form a report signature covers, defined once so anyone can re-create it with any
 * JSON library:
 *
 *   1. take the JSON report as a value and remove its top-level `signature` key;
 *   2. serialise it as JSON with no whitespace, object keys sorted by UTF-16 code units (the order
 *      of JavaScript's default `Array.prototype.sort`, which for the ASCII keys of a report is plain
 *      byte order), array elements in their order, strings and numbers exactly as `JSON.stringify`
 *      writes them;
 *   3. encode that text as UTF-8. Ed25519 signs those bytes.
 *
 * Sorting keys makes the signature independent of how the report file is indented or in which order
 * a tool wrote its keys, so `verify-report` can parse the file and re-create the bytes. A report read
 * back from its JSON file gives the same canonical form as the report in memory (`undefined` values
 * vanish in both), which the tests check.
 */

/** Name recorded in `signature.canonicalization` so a verifier knows which rules above apply. */
export const CANONICALIZATION = 'carecheck-sorted-json-v1';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // JSON.stringify returns undefined for undefined/functions/symbols; inside objects those keys are
    // skipped below, inside arrays JSON writes null.
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  // A toJSON method (Date) decides its own representation, as JSON.stringify would.
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return canonicalJson(withToJson.toJSON());
  const parts: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/** The bytes a report signature covers: the canonical form of the report without `signature`. */
export function signingPayload(report: object): Buffer {
  const { signature: _signature, ...rest } = report as Record<string, unknown>;
  return Buffer.from(canonicalJson(rest), 'utf8');
}
