/**
 * Source positions for lint findings: which line of a JSON or YAML file a JSON Pointer names.
 *
 * JSON: a small scanner that walks the text once and records, for every value, the line where it
 * is named (the member's key in an object, the value itself in an array). It also parses, so a
 * schema file is read once and a syntax error comes back with its line.
 *
 * YAML (the manifest): the `yaml` package's document with node ranges and a LineCounter.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { decodePointerSegment, encodePointerSegment } from '../engine/fields.js';

export interface Positions {
  /** Line (1-based) of the value at `pointer`, or of its nearest ancestor that exists. */
  lineOf(pointer: string): number;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

function lookup(lines: Map<string, number>, pointer: string): number {
  let p = pointer;
  for (;;) {
    const line = lines.get(p);
    if (line !== undefined) return line;
    if (p === '') return 1;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

/** Parse JSON text; returns the value and the line of every pointer. Throws JsonSyntaxError. */
export function parseJsonWithPositions(text: string): { value: unknown; positions: Positions } {
  const lines = new Map<string, number>();
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = 0;

  const fail = (what: string): never => {
    throw new JsonSyntaxError(
      `${what} at line ${line}, column ${i - lineStart + 1}`,
      line,
      i - lineStart + 1,
    );
  };
  const space = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        line++;
        i++;
        lineStart = i;
      } else if (c === 32 || c === 9 || c === 13) i++;
      else return;
    }
  };
  const string = (): string => {
    const start = i + 1;
    i++;
    let out = '';
    let from = start;
    for (;;) {
      if (i >= text.length) fail('Unterminated string');
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(from, i);
        i++;
        return out;
      }
      if (c === 10 || c < 32) fail('Control character in string');
      if (c === 92) {
        out += text.slice(from, i);
        const e = text[i + 1];
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail('Bad escape in string');
        from = i;
        continue;
      }
      i++;
    }
  };
  const value = (pointer: string, depth: number): unknown => {
    if (depth > 512) fail('Nesting too deep');
    space();
    if (!lines.has(pointer)) lines.set(pointer, line);
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      space();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail('Expected a property name');
        const keyLine = line;
        const key = string();
        const child = `${pointer}/${encodePointerSegment(key)}`;
        lines.set(child, keyLine);
        space();
        if (text[i] !== ':') fail("Expected ':'");
        i++;
        // Own property even for "__proto__": JSON.parse semantics.
        Object.defineProperty(obj, key, {
          value: value(child, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail("Expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      space();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(`${pointer}/${arr.length}`, depth + 1));
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail("Expected ',' or ']'");
      }
    }
    if (c === '"') return string();
    const m = /^(?:-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null)/.exec(
      text.slice(i, i + 400),
    );
    if (!m) fail(i >= text.length ? 'Unexpected end of JSON' : 'Unexpected character');
    i += m![0].length;
    const lit = m![0];
    return lit === 'true' ? true : lit === 'false' ? false : lit === 'null' ? null : Number(lit);
  };

  const result = value('', 0);
  space();
  if (i < text.length) fail('Unexpected text after the JSON value');
  return { value: result, positions: { lineOf: (p) => lookup(lines, p) } };
}

/** Lines of a YAML document's nodes by JSON Pointer (the line of the key for a map entry). */
export function yamlPositions(text: string): Positions & {
  errors: Array<{ message: string; line: number }>;
  /** The document as plain data (call only when `errors` is empty). */
  value(): unknown;
} {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : counter.linePos(offset).line);
  const errors = doc.errors.map((e) => ({
    message: e.message.split('\n')[0] ?? e.message,
    line: e.linePos?.[0]?.line ?? lineAt(e.pos[0]),
  }));
  return {
    errors,
    value: () => doc.toJS({ maxAliasCount: 0 }) as unknown,
    lineOf(pointer: string): number {
      let node: unknown = doc.contents;
      let line = lineAt((node as Node | null)?.range?.[0]);
      if (pointer === '') return line;
      for (const raw of pointer.slice(1).split('/')) {
        const seg = decodePointerSegment(raw);
        if (isMap(node)) {
          const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === seg);
          if (!pair) return line;
          line = lineAt((pair.key as Node).range?.[0]);
          node = pair.value;
        } else if (isSeq(node)) {
          const item = node.items[Number(seg)] as Node | undefined;
          if (!item) return line;
          line = lineAt(item.range?.[0]);
          node = item;
        } else return line;
      }
      return line;
    },
  };
}
