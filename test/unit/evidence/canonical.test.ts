/** The canonical form a signature covers: key order, whitespace and a JSON round trip do not change it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CANONICALIZATION, canonicalJson, signingPayload } from '../../../src/evidence/canonical.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('drops undefined members as JSON does, and writes null for undefined array elements', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it('escapes strings exactly like JSON.stringify (quotes, controls, lone surrogates)', () => {
    const s = 'a"b\\c\n\u0001\ud800é';
    expect(canonicalJson({ [s]: s })).toBe(`{${JSON.stringify(s)}:${JSON.stringify(s)}}`);
  });

  it('treats a __proto__ key read from JSON as a plain key', () => {
    const parsed = JSON.parse('{"__proto__": {"x": 1}, "a": 2}');
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"x":1},"a":2}');
  });

  it('is the same for a value and for that value written as indented JSON and read back', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(JSON.parse(JSON.stringify(v, null, 2)))).toBe(canonicalJson(v));
      }),
    );
  });

  it('does not depend on the order keys were inserted in', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (o) => {
        const reversed = Object.fromEntries(Object.entries(o).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(o));
      }),
    );
  });
});

describe('signingPayload', () => {
  it('leaves out the signature and nothing else', () => {
    const report = { z: 1, signature: { value: 'x' }, a: 'é' };
    expect(signingPayload(report).toString('utf8')).toBe('{"a":"é","z":1}');
    expect(signingPayload({ a: 'é', z: 1 })).toEqual(signingPayload(report));
  });

  it('names its rules', () => {
    expect(CANONICALIZATION).toBe('carecheck-sorted-json-v1');
  });
});
