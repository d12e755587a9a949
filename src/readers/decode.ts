/**
 * Streaming decoding of bytes to text, with encoding detection.
 *
 * Detection, in order:
 * 1. A byte-order mark: UTF-8 (`utf-8-bom`), UTF-16 LE or BE. The BOM is not part of the text.
 * 2. NUL bytes in the first 8 KiB (and no UTF-16 BOM): the input is binary. One `io/binary` error,
 *    no text, so readers yield zero records.
 * 3. UTF-8 if every byte is valid UTF-8, otherwise Windows-1252 (what Excel on Windows writes).
 *    A rereadable source (a regular file) is pre-scanned, so the whole file is decoded one way and
 *    the encoding is known at open time. A stream (stdin) cannot be read twice: it is decoded as
 *    UTF-8 and, at the first invalid sequence, switches to Windows-1252 for the rest, with one
 *    `io/encoding` warning naming the line. Either way an `io/encoding` info finding says that
 *    Windows-1252 was used.
 *
 * Windows-1252 is decoded here, not with TextDecoder: Node 20's TextDecoder('windows-1252') is
 * really ISO-8859-1 (0x92 stays U+0092 instead of ’), so bytes 0x80–0x9F are mapped by our table.
 *
 * Multibyte sequences split across chunk boundaries are carried over to the next chunk. The UTF-8
 * validity check uses node:buffer's isUtf8 (native) on each chunk; only when it fails is the first
 * invalid byte located in JavaScript.
 */
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { CarecheckError } from '../errors.js';
import type { ByteSource, ReaderSink } from './types.js';

/** Bytes looked at for a BOM and for NULs (binary detection). */
export const SNIFF_BYTES = 8 * 1024;

export type EncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  /** Encoding used; final once `chunks` has been consumed (a stream may switch to Windows-1252). */
  readonly encoding: string;
  /** True when the input looked binary: `chunks` is empty and an `io/binary` finding was reported. */
  readonly binary: boolean;
  /** The text, chunk by chunk, without a BOM. Can be iterated once. */
  readonly chunks: AsyncIterable<string>;
}

export interface DecodeOptions {
  /** Force an encoding (a label accepted by `normaliseEncoding`). */
  encoding?: string;
}

const LABELS: Readonly<Record<string, EncodingName>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-8-bom': 'utf-8-bom',
  'utf-8-sig': 'utf-8-bom',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  // As in the WHATWG Encoding standard, Latin-1 labels mean Windows-1252.
  'iso-8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'utf-16le': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16': 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
};

/** Maps an encoding label to the name carecheck uses; an unknown label is a usage error (exit 2). */
export function normaliseEncoding(label: string): EncodingName {
  const name = LABELS[label.trim().toLowerCase()];
  if (name === undefined) {
    throw new CarecheckError(`Unknown encoding "${label}"`, {
      hint: 'Use one of: utf-8, utf-8-bom, windows-1252, utf-16le, utf-16be.',
    });
  }
  return name;
}

// Windows-1252 bytes 0x80–0x9F (the five undefined ones map to the C1 control, as WHATWG says).
const CP1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';
const C1 = /[\u0080-\u009F]/g;
const C1_TEST = /[\u0080-\u009F]/;

/** Decodes Windows-1252 bytes (stateless, so chunk boundaries need no care). */
export function decodeWindows1252(bytes: Uint8Array): string {
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return C1_TEST.test(s) ? s.replace(C1, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!) : s;
}

/**
 * Index of the first byte of `b` that does not start a valid, complete UTF-8 sequence, or -1.
 * Follows the WHATWG/Unicode rules isUtf8 uses: no overlongs, no surrogates, nothing past U+10FFFF.
 */
export function firstInvalidUtf8(b: Uint8Array, start = 0, end = b.length): number {
  let i = start;
  while (i < end) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= end) return i;
    const c1 = b[i + 1]!;
    if (c1 < lo || c1 > hi) return i;
    for (let k = 2; k <= need; k++) {
      const ck = b[i + k]!;
      if (ck < 0x80 || ck > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Length of `b` without a trailing incomplete (but so far plausible) multibyte sequence. */
export function completeLength(b: Uint8Array): number {
  const n = b.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const c = b[n - k]!;
    if (c < 0x80) return n;
    if (c >= 0xc0) {
      const len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return len > k ? n - k : n;
    }
  }
  return n;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function countLf(b: Uint8Array, start: number, end: number): number {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  let n = 0;
  let i = buf.indexOf(10, start);
  while (i >= 0 && i < end) {
    n++;
    i = buf.indexOf(10, i + 1);
  }
  return n;
}

/** 1-based line of a byte offset, by reading the source again up to it. */
async function lineAtOffset(source: ByteSource, offset: number): Promise<number> {
  let line = 1;
  let pos = 0;
  for await (const chunk of source.open()) {
    const end = Math.min(chunk.length, offset - pos);
    line += countLf(chunk, 0, end);
    pos += chunk.length;
    if (pos >= offset) break;
  }
  return line;
}

/**
 * Incremental UTF-8 decoder that notices the first invalid sequence. After it, the rest is decoded
 * as Windows-1252 (`fallback: 'windows-1252'`) or with U+FFFD replacement (`'replace'`).
 */
class Utf8Decoder {
  private carry: Uint8Array = new Uint8Array(0);
  /** Bytes fed before the current chunk (carry excluded). */
  private consumed = 0;
  /** Line breaks seen so far, when counting (streams cannot be reread to find a line later). */
  private lines = 0;
  private replacer: TextDecoder | null = null;
  switched = false;
  /** Set when the first invalid byte is met: its 0-based offset and, when counted, its line. */
  invalidAt: { offset: number; line: number | null } | null = null;
  private readonly text = new TextDecoder('utf-8');

  constructor(
    private readonly fallback: 'windows-1252' | 'replace',
    private readonly countLines: boolean,
  ) {}

  decode(chunk: Uint8Array): string {
    if (this.switched) {
      this.consumed += chunk.length;
      return this.replacer === null
        ? decodeWindows1252(chunk)
        : this.replacer.decode(chunk, { stream: true });
    }
    const base = this.consumed - this.carry.length;
    const buf = concat(this.carry, chunk);
    this.consumed += chunk.length;
    const cut = completeLength(buf);
    const whole = cut === buf.length ? buf : buf.subarray(0, cut);
    if (isUtf8(whole)) {
      this.carry = cut === buf.length ? new Uint8Array(0) : buf.slice(cut);
      if (this.countLines) this.lines += countLf(whole, 0, whole.length);
      return this.text.decode(whole);
    }
    const p = firstInvalidUtf8(buf, 0, cut);
    return this.switchAt(buf, p < 0 ? cut : p, base);
  }

  /** Ends the text; an incomplete sequence at the very end is invalid too. */
  flush(): string {
    if (this.switched) return this.replacer === null ? '' : this.replacer.decode();
    if (this.carry.length === 0) return '';
    const buf = this.carry;
    this.carry = new Uint8Array(0);
    return this.switchAt(buf, 0, this.consumed - buf.length) + (this.replacer?.decode() ?? '');
  }

  private switchAt(buf: Uint8Array, p: number, base: number): string {
    this.switched = true;
    this.carry = new Uint8Array(0);
    const line = this.countLines ? this.lines + countLf(buf, 0, p) + 1 : null;
    this.invalidAt = { offset: base + p, line };
    const head = this.text.decode(buf.subarray(0, p));
    const rest = buf.subarray(p);
    if (this.fallback === 'windows-1252') return head + decodeWindows1252(rest);
    this.replacer = new TextDecoder('utf-8');
    return head + this.replacer.decode(rest, { stream: true });
  }
}

async function peek(
  it: AsyncIterator<Uint8Array>,
  min: number,
): Promise<{ head: Uint8Array[]; size: number; done: boolean }> {
  const head: Uint8Array[] = [];
  let size = 0;
  while (size < min) {
    const r = await it.next();
    if (r.done) return { head, size, done: true };
    if (r.value.length === 0) continue;
    head.push(r.value);
    size += r.value.length;
  }
  return { head, size, done: false };
}

function joinChunks(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function sniffBom(b: Uint8Array): 'utf-8-bom' | 'utf-16le' | 'utf-16be' | null {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8-bom';
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return null;
}

/** Result of pre-scanning a rereadable source: is it all valid UTF-8, and if not, where not. */
async function prescanUtf8(
  head: Uint8Array[],
  it: AsyncIterator<Uint8Array>,
  done: boolean,
): Promise<{ valid: boolean; offset: number }> {
  let carry: Uint8Array = new Uint8Array(0);
  let pos = 0; // offset of carry[0]
  const check = (chunk: Uint8Array): number => {
    const buf = concat(carry, chunk);
    const cut = completeLength(buf);
    const whole = cut === buf.length ? buf : buf.subarray(0, cut);
    if (isUtf8(whole)) {
      carry = cut === buf.length ? new Uint8Array(0) : buf.slice(cut);
      pos += cut;
      return -1;
    }
    const p = firstInvalidUtf8(buf, 0, cut);
    return pos + (p < 0 ? cut : p);
  };
  try {
    for (const c of head) {
      const bad = check(c);
      if (bad >= 0) return { valid: false, offset: bad };
    }
    if (!done) {
      for (;;) {
        const r = await it.next();
        if (r.done) break;
        const bad = check(r.value);
        if (bad >= 0) return { valid: false, offset: bad };
      }
    }
    if (carry.length > 0) return { valid: false, offset: pos };
    return { valid: true, offset: -1 };
  } finally {
    await it.return?.();
  }
}

function encodingFinding(sink: ReaderSink, line: number | null): void {
  const where = line === null ? '' : ` (the first such byte is on line ${line})`;
  sink.finding({
    rule: 'io/encoding',
    severity: 'info',
    message: `Decoded as Windows-1252 because the bytes are not valid UTF-8${where}`,
    record: null,
    line,
    field: null,
  });
}

/**
 * Opens a source as text. Reads the first bytes before returning, so a missing or unreadable file
 * rejects here (with the Node error code); findings about the encoding go to `sink`.
 */
export async function openText(
  source: ByteSource,
  sink: ReaderSink,
  options: DecodeOptions = {},
): Promise<DecodedText> {
  const forced = options.encoding === undefined ? null : normaliseEncoding(options.encoding);
  const it = source.open()[Symbol.asyncIterator]();
  let peeked: { head: Uint8Array[]; size: number; done: boolean };
  try {
    peeked = await peek(it, SNIFF_BYTES);
  } catch (e) {
    await it.return?.().catch(() => undefined);
    throw e;
  }
  const { head, size, done } = peeked;
  const start = joinChunks(head, size);
  const bom = sniffBom(start);
  const utf16 = bom === 'utf-16le' || bom === 'utf-16be' || forced === 'utf-16le' || forced === 'utf-16be';

  if (!utf16 && start.subarray(0, SNIFF_BYTES).includes(0)) {
    await it.return?.();
    sink.finding({
      rule: 'io/binary',
      severity: 'error',
      message:
        'The file looks binary (it has NUL bytes near the start), so it was not read. ' +
        'If it is UTF-16 text, save it with a byte-order mark, or as UTF-8',
      record: null,
      line: null,
      field: null,
    });
    return { encoding: 'binary', binary: true, chunks: emptyChunks() };
  }

  // Chunks of the whole input: the peeked head, then the rest of `it` (or a fresh read).
  let rest: AsyncIterator<Uint8Array> | null = done ? null : it;
  let first: Uint8Array[] = size === 0 ? [] : [start];

  let encoding: EncodingName;
  let skip = 0;
  if (forced !== null) {
    encoding = forced;
    if ((forced === 'utf-8' || forced === 'utf-8-bom') && bom === 'utf-8-bom') skip = 3;
  } else if (bom !== null) {
    encoding = bom;
    if (bom === 'utf-8-bom') skip = 3;
  } else if (source.rereadable) {
    const scan = await prescanUtf8([start], it, done);
    encoding = scan.valid ? 'utf-8' : 'windows-1252';
    if (!scan.valid) encodingFinding(sink, await lineAtOffset(source, scan.offset));
    if (!done) {
      rest = source.open()[Symbol.asyncIterator]();
      first = [];
    }
  } else {
    encoding = 'utf-8'; // a stream: decided as we go, switching to Windows-1252 if need be
  }

  const state = { encoding: encoding as string };
  const chunks = decodeChunks(source, sink, state, encoding, first, rest, skip, forced !== null);
  return {
    get encoding() {
      return state.encoding;
    },
    binary: false,
    chunks,
  };
}

async function* emptyChunks(): AsyncGenerator<string> {}

async function* decodeChunks(
  source: ByteSource,
  sink: ReaderSink,
  state: { encoding: string },
  encoding: EncodingName,
  first: Uint8Array[],
  rest: AsyncIterator<Uint8Array> | null,
  skip: number,
  forced: boolean,
): AsyncGenerator<string> {
  let decode: (b: Uint8Array) => string;
  let flush: () => string = () => '';
  let utf8: Utf8Decoder | null = null;
  if (encoding === 'windows-1252') {
    decode = decodeWindows1252;
  } else if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    const td = new TextDecoder(encoding);
    decode = (b) => td.decode(b, { stream: true });
    flush = () => td.decode();
  } else {
    // A forced or BOM-marked UTF-8 input keeps UTF-8 (invalid bytes become U+FFFD); a detected
    // one falls back to Windows-1252 if it turns out not to be UTF-8 after all (streams).
    const fallback = forced || encoding === 'utf-8-bom' ? 'replace' : 'windows-1252';
    const d = new Utf8Decoder(fallback, !source.rereadable);
    utf8 = d;
    decode = (b) => d.decode(b);
    flush = () => d.flush();
  }

  let reported = false;
  const report = async (): Promise<void> => {
    if (reported || utf8 === null || utf8.invalidAt === null) return;
    reported = true;
    const at = utf8.invalidAt;
    const line = at.line ?? (source.rereadable ? await lineAtOffset(source, at.offset) : null);
    const where = line === null ? `byte ${at.offset + 1}` : `line ${line} (byte ${at.offset + 1})`;
    if (state.encoding === 'utf-8' && !forced) {
      state.encoding = 'windows-1252';
      sink.finding({
        rule: 'io/encoding',
        severity: 'warning',
        message: `The input is not valid UTF-8 from ${where} on; the rest was decoded as Windows-1252`,
        record: null,
        line,
        field: null,
      });
      encodingFinding(sink, null);
    } else {
      sink.finding({
        rule: 'io/encoding',
        severity: 'warning',
        message: `The input is not valid UTF-8 at ${where}; invalid bytes were replaced with U+FFFD`,
        record: null,
        line,
        field: null,
      });
    }
  };

  const feed = (b: Uint8Array): string => {
    if (skip > 0) {
      const k = Math.min(skip, b.length);
      skip -= k;
      b = b.subarray(k);
    }
    return b.length === 0 ? '' : decode(b);
  };

  try {
    for (const b of first) {
      const s = feed(b);
      await report();
      if (s.length > 0) yield s;
    }
    if (rest !== null) {
      for (;;) {
        const r = await rest.next();
        if (r.done) break;
        const s = feed(r.value);
        await report();
        if (s.length > 0) yield s;
      }
      rest = null;
    }
    const s = flush();
    await report();
    if (s.length > 0) yield s;
  } finally {
    if (rest !== null) await rest.return?.();
  }
}
