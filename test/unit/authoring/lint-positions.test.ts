/** Source positions for lint findings: JSON Pointer → line, in JSON (own scanner) and YAML. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseJsonWithPositions, yamlPositions } from '../../../src/authoring/positions.js';

describe('JSON positions', () => {
  const text = `{
  "properties": {
    "LA Code": {
      "enum": [
        "a",
        "b"
      ]
    },
    "a/b~c": { "type": "string" }
  },
  "required": ["LA Code"]
}
`;

  it('gives the line of the key for members and of the value for array items', () => {
    const { positions } = parseJsonWithPositions(text);
    expect(positions.lineOf('')).toBe(1);
    expect(positions.lineOf('/properties')).toBe(2);
    expect(positions.lineOf('/properties/LA Code')).toBe(3);
    expect(positions.lineOf('/properties/LA Code/enum')).toBe(4);
    expect(positions.lineOf('/properties/LA Code/enum/1')).toBe(6);
    expect(positions.lineOf('/properties/a~1b~0c/type')).toBe(9);
    expect(positions.lineOf('/required/0')).toBe(11);
  });

  it('falls back to the nearest ancestor that exists', () => {
    const { positions } = parseJsonWithPositions(text);
    expect(positions.lineOf('/properties/LA Code/description')).toBe(3);
    expect(positions.lineOf('/nowhere/at/all')).toBe(1);
  });

  it('parses like JSON.parse, including a BOM, escapes and "__proto__" as an own key', () => {
    const { value } = parseJsonWithPositions(
      '\uFEFF{"__proto__": {"x": 1}, "s": "a\\u00e9\\n\\"", "n": -1.5e3, "l": [true, false, null]}',
    );
    expect(value).toEqual(
      JSON.parse('{"__proto__": {"x": 1}, "s": "a\\u00e9\\n\\"", "n": -1.5e3, "l": [true, false, null]}'),
    );
    expect(Object.hasOwn(value as object, '__proto__')).toBe(true);
  });

  it.each([
    ['{\n  "a": 1,\n}', 3],
    ['{\n  "a": [1 2]\n}', 2],
    ['', 1],
    ['{"a": "unterminated}', 1],
    ['[1]\n[2]', 2],
    ['{"a": 01}', 1],
  ])('a syntax error in %j is reported at line %d', (bad, line) => {
    let error: unknown;
    try {
      parseJsonWithPositions(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect((error as JsonSyntaxError).line).toBe(line);
  });

  it('agrees with JSON.parse on any JSON value, compact or indented', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (v, indent) => {
        const s = JSON.stringify(v, null, indent);
        expect(parseJsonWithPositions(s).value).toEqual(JSON.parse(s));
      }),
      { numRuns: 500 },
    );
  });

  it('rejects what JSON.parse rejects', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        let native = true;
        try {
          JSON.parse(s);
        } catch {
          native = false;
        }
        let ours = true;
        try {
          parseJsonWithPositions(s);
        } catch {
          ours = false;
        }
        expect(ours).toBe(native);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('YAML positions', () => {
  it('gives the line of each key and item, and the parsed value', () => {
    const p = yamlPositions(
      'id: x\nprovenance:\n  source: s\n  notes: >-\n    long\ntables:\n  a:\n    primaryKey: [A, B]\n',
    );
    expect(p.errors).toEqual([]);
    expect(p.lineOf('/id')).toBe(1);
    expect(p.lineOf('/provenance/notes')).toBe(4);
    expect(p.lineOf('/tables/a/primaryKey/1')).toBe(8);
    expect(p.lineOf('/tables/b')).toBe(6);
    expect(p.value()).toMatchObject({ id: 'x', tables: { a: { primaryKey: ['A', 'B'] } } });
  });

  it('reports syntax errors with a line', () => {
    const p = yamlPositions('id: x\nstatus: [draft\nkind: tabular\n');
    expect(p.errors.length).toBeGreaterThan(0);
    expect(p.errors[0]?.line).toBeGreaterThanOrEqual(2);
  });
});
