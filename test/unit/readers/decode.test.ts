import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CarecheckError } from '../../../src/errors.js';
import {
  completeLength,
  decodeWindows1252,
  firstInvalidUtf8,
  normaliseEncoding,
  openText,
} from '../../../src/readers/decode.js';
import type { ReaderFinding } from '../../../src/readers/types.js';
import { brief, memorySource, type SourceOptions, utf8 } from './helpers.js';

async function decode(bytes: Uint8Array, source: SourceOptions = {}, encoding?: string) {
  const findings: ReaderFinding[] = [];
  const text = await openText(
    memorySource(bytes, source),
    { finding: (f) => findings.push(f) },
    encoding === undefined ? {} : { encoding },
  );
  const before = text.encoding;
  let out = '';
  for await (const s of text.chunks) out += s;
  return { text: out, before, encoding: text.encoding, binary: text.binary, findings };
}

const cat = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : p)));

describe('Windows-1252', () => {
  it('maps 0x80-0x9F as Windows-1252, not ISO-8859-1', () => {
    expect(decodeWindows1252(new Uint8Array([0x92, 0xa3, 0x80, 0x93, 0x94, 0x96, 0x85]))).toBe('’£€“”–…');
    expect(decodeWindows1252(new Uint8Array([0x81, 0x8d, 0x8f, 0x90, 0x9d]))).toBe(
      '\u0081\u008D\u008F\u0090\u009D',
    );
    expect(decodeWindows1252(new Uint8Array([0x41, 0xe9, 0xff]))).toBe('Aéÿ');
  });

  it('agrees with the WHATWG table for every byte (spot checks of the whole range)', () => {
    const all = decodeWindows1252(new Uint8Array(Array.from({ length: 256 }, (_, k) => k)));
    expect(all.length).toBe(256);
    expect(all.charCodeAt(0x8a)).toBe(0x0160);
    expect(all.charCodeAt(0x9f)).toBe(0x0178);
    expect(all.charCodeAt(0xa0)).toBe(0xa0);
  });
});

describe('UTF-8 validation helpers', () => {
  it('firstInvalidUtf8 agrees with isUtf8 on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        expect(firstInvalidUtf8(b) === -1).toBe(isUtf8(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('firstInvalidUtf8 finds the first bad byte in text with one corruption', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.nat(), (s, k) => {
        const good = utf8(s);
        const at = good.length === 0 ? 0 : k % (good.length + 1);
        const bad = new Uint8Array([...good.subarray(0, at), 0xff, ...good.subarray(at)]);
        // The 0xFF is invalid; anything before it that was a complete sequence stays valid.
        const found = firstInvalidUtf8(bad);
        expect(found).toBeGreaterThanOrEqual(0);
        expect(found).toBeLessThanOrEqual(at);
        expect(isUtf8(bad.subarray(0, found))).toBe(true);
      }),
    );
  });

  it('completeLength cuts an incomplete trailing sequence only', () => {
    expect(completeLength(utf8('ab'))).toBe(2);
    expect(completeLength(new Uint8Array([0x61, 0xe2, 0x82]))).toBe(1);
    expect(completeLength(new Uint8Array([0x61, 0xe2, 0x82, 0xac]))).toBe(4);
    expect(completeLength(new Uint8Array([0xf0, 0x9f, 0x98]))).toBe(0);
    expect(completeLength(new Uint8Array([0xc3]))).toBe(0);
  });
});

describe('openText', () => {
  it('decodes UTF-8, keeping multibyte characters split across chunks', async () => {
    const bytes = utf8('a,é,€,😀\nZoë');
    for (const chunkSize of [1, 2, 3, 64]) {
      for (const stream of [false, true]) {
        const r = await decode(bytes, { chunkSize, stream });
        expect(r.text).toBe('a,é,€,😀\nZoë');
        expect(r.encoding).toBe('utf-8');
        expect(r.findings).toEqual([]);
      }
    }
  });

  it('strips a UTF-8 BOM and reports utf-8-bom', async () => {
    const r = await decode(cat([0xef, 0xbb, 0xbf], 'id\n'), { chunkSize: 1 });
    expect(r.text).toBe('id\n');
    expect(r.encoding).toBe('utf-8-bom');
  });

  it('decodes UTF-16 LE/BE with a BOM (BOM removed), even with NULs', async () => {
    const le = cat([0xff, 0xfe], [...Buffer.from('a,b\n', 'utf16le')]);
    const r = await decode(le, { chunkSize: 3 });
    expect([r.text, r.encoding, r.binary]).toEqual(['a,b\n', 'utf-16le', false]);
    const be = cat([0xfe, 0xff], [0, 0x61, 0, 0x2c, 0xd8, 0x3d, 0xde, 0x00]);
    const r2 = await decode(be, { chunkSize: 1 });
    expect([r2.text, r2.encoding]).toEqual(['a,😀', 'utf-16be']);
  });

  it('reports Windows-1252 for a rereadable source at open time with one info finding and the line', async () => {
    const bytes = cat('line one\nline two\nO', [0x92], 'Brien\n');
    const r = await decode(bytes, { chunkSize: 4 });
    expect(r.before).toBe('windows-1252');
    expect(r.text).toBe('line one\nline two\nO’Brien\n');
    expect(brief(r.findings)).toEqual(['info io/encoding r- l3 -']);
    expect(r.findings[0]!.message).toBe(
      'Decoded as Windows-1252 because the bytes are not valid UTF-8 (the first such byte is on line 3)',
    );
  });

  it('switches a stream to Windows-1252 at the first invalid byte with one warning', async () => {
    const big = 'x'.repeat(20_000);
    const bytes = cat(`${big}\nok é\n`, [0xa3], '5 and ', [0x92], '\n');
    const r = await decode(bytes, { chunkSize: 1000, stream: true });
    expect(r.before).toBe('utf-8');
    expect(r.encoding).toBe('windows-1252');
    expect(r.text).toBe(`${big}\nok é\n£5 and ’\n`);
    expect(brief(r.findings)).toEqual(['warning io/encoding r- l3 -', 'info io/encoding r- l- -']);
    expect(r.findings[0]!.message).toMatch(/line 3 \(byte 20008\)/);
  });

  it('treats a truncated sequence at the end of a stream as invalid', async () => {
    const r = await decode(cat('ab', [0xe2, 0x82]), { stream: true, chunkSize: 1 });
    expect(r.text).toBe('ab\u00e2\u201a');
    expect(r.encoding).toBe('windows-1252');
  });

  it('keeps UTF-8 with U+FFFD for a forced or BOM-marked input', async () => {
    const forced = await decode(cat('a', [0xff], 'b'), {}, 'utf-8');
    expect([forced.text, forced.encoding]).toEqual(['a\uFFFDb', 'utf-8']);
    expect(brief(forced.findings)).toEqual(['warning io/encoding r- l1 -']);
    const bom = await decode(cat([0xef, 0xbb, 0xbf], 'a\n', [0xff]), { stream: true });
    expect([bom.text, bom.encoding]).toEqual(['a\n\uFFFD', 'utf-8-bom']);
  });

  it('honours a forced Windows-1252 even for valid UTF-8 bytes', async () => {
    const r = await decode(utf8('é'), {}, 'cp1252');
    expect([r.text, r.encoding]).toEqual(['Ã©', 'windows-1252']);
  });

  it('rejects an unknown encoding label as a usage error', async () => {
    expect(() => normaliseEncoding('ebcdic')).toThrow(CarecheckError);
    await expect(decode(utf8('a'), {}, 'klingon')).rejects.toThrow(/Unknown encoding/);
    expect(normaliseEncoding('UTF8')).toBe('utf-8');
    expect(normaliseEncoding('latin1')).toBe('windows-1252');
  });

  it('flags NULs in the first 8 KiB as binary, with no text', async () => {
    const r = await decode(cat('PK', [3, 4, 0, 0], 'rest'));
    expect(r.binary).toBe(true);
    expect(r.text).toBe('');
    expect(brief(r.findings)).toEqual(['error io/binary r- l- -']);
    const late = await decode(cat('x'.repeat(9000), [0]));
    expect(late.binary).toBe(false);
  });

  it('gives empty text for empty input', async () => {
    for (const stream of [false, true]) {
      const r = await decode(new Uint8Array(0), { stream });
      expect([r.text, r.encoding, r.findings]).toEqual(['', 'utf-8', []]);
    }
  });
});
