/**
 * Small helpers shared by the readers: batch size, an empty batch stream, line counting, and
 * descriptions of JSON.parse errors that never quote the input (no data in finding messages).
 */
import type { ReadOptions } from './types.js';

export const DEFAULT_BATCH_SIZE = 1024;

export function batchSizeOf(options: ReadOptions): number {
  const n = options.batchSize;
  return n !== undefined && Number.isFinite(n) && n >= 1 ? Math.floor(n) : DEFAULT_BATCH_SIZE;
}

export async function* noBatches<T>(): AsyncGenerator<T[]> {}

/**
 * Line breaks (LF, CRLF, lone CR) in `s` before `end`. Used to turn an offset inside a parsed
 * piece of text into a line.
 */
export function countLineBreaks(s: string, start = 0, end = s.length): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && s.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

// JSON.parse messages that name the problem without quoting the input. Anything else (for example
// V8's `Unexpected token 'x', "…" is not valid JSON`, which quotes the data) becomes a generic phrase.
const SAFE_JSON_ERRORS: readonly RegExp[] = [
  /^Unexpected end of JSON input/,
  /^Expected property name or '\}'/,
  /^Expected ',' or '\}' after property value/,
  /^Expected ',' or '\]' after array element/,
  /^Expected ':' after property name/,
  /^Expected double-quoted property name/,
  /^Bad control character in string literal/,
  /^Bad escaped character/,
  /^Bad Unicode escape/,
  /^Unterminated string/,
  /^Unexpected non-whitespace character after JSON/,
  /^Exponent part is missing a number/,
  /^No number after minus sign/,
  /^Unterminated fractional number/,
];

/** Describes a JSON.parse error without any of the input text; `position` when V8 gives one. */
export function describeJsonError(e: unknown): { reason: string; position: number | null } {
  const message = e instanceof Error ? e.message : '';
  const m = /at position (\d+)/.exec(message);
  const position = m ? Number(m[1]) : null;
  for (const re of SAFE_JSON_ERRORS) {
    const hit = re.exec(message);
    if (hit) return { reason: hit[0].charAt(0).toLowerCase() + hit[0].slice(1), position };
  }
  if (/^Unexpected token/.test(message)) return { reason: 'unexpected character', position };
  return { reason: 'invalid syntax', position };
}
