import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countOf,
  csvCell,
  describeLocation,
  firstExamples,
  formatCount,
  htmlEscape,
  isFormulaLike,
  pluralize,
  sortedCounts,
  stripControl,
  xmlAttr,
  xmlEscape,
} from '../../../src/reporters/util.js';
import { finding } from './helpers.js';
import { childElements, parseXml, textOf } from './xml.js';

describe('xmlEscape / xmlAttr', () => {
  it('escapes the five XML specials and strips control characters', () => {
    expect(xmlEscape(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    expect(xmlEscape('a\u0000b\u0007c\u000bd\u001fe\u007ff\u0085g')).toBe('abcdefg');
    expect(xmlEscape('keep\ttab\nnewline')).toBe('keep\ttab\nnewline');
    expect(xmlEscape('cr\r')).toBe('cr&#13;');
    expect(xmlAttr('a\tb\nc')).toBe('a&#9;b&#10;c');
  });

  it('drops unpaired surrogates but keeps real astral characters', () => {
    expect(xmlEscape('x\ud800y\udc00z')).toBe('xyz');
    expect(xmlEscape('emoji \u{1F600}')).toBe('emoji \u{1F600}');
  });

  it('round-trips any string through a strict XML parser (text and attribute)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const root = parseXml(`<a v="${xmlAttr(s)}">${xmlEscape(s)}</a>`);
        expect(root.attrs['v']).toBe(stripControl(s));
        expect(textOf(root)).toBe(stripControl(s));
      }),
      { numRuns: 500 },
    );
  });
});

describe('the test XML parser is strict', () => {
  it.each([
    ['<a>&</a>', 'bare ampersand'],
    ['<a>&foo;</a>', 'unknown entity'],
    ['<a b="<"/>', '< in attribute'],
    ['<a b=c/>', 'unquoted attribute'],
    ['<a b="1" b="2"/>', 'duplicate attribute'],
    ['<a><b></a></b>', 'mismatched tags'],
    ['<a/><b/>', 'two roots'],
    ['<a>\u0001</a>', 'control character'],
    ['<a>&#0;</a>', 'reference to NUL'],
    ['<a>]]></a>', 'CDATA end in text'],
    ['<a b="1"c="2"/>', 'no space between attributes'],
  ])('rejects %s (%s)', (xml) => {
    expect(() => parseXml(xml)).toThrow();
  });

  it('accepts a small document', () => {
    const root = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?>\n<a x=\'1\'><b>t&amp;&#x41;</b><!-- c --><b/></a>\n',
    );
    expect(childElements(root, 'b')).toHaveLength(2);
    expect(textOf(root)).toBe('t&A');
  });
});

describe('htmlEscape', () => {
  it('escapes markup and quotes', () => {
    expect(htmlEscape(`</script><img src=x onerror='a'>&`)).toBe(
      '&lt;/script&gt;&lt;img src=x onerror=&#39;a&#39;&gt;&amp;',
    );
  });

  it('never leaves a raw < > " \' or control character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = htmlEscape(s);
        expect(out).not.toMatch(/[<>"']/);
        expect(out).toBe(stripControl(out));
      }),
    );
  });
});

describe('formatCount / pluralize / countOf', () => {
  it('shows counts below the threshold as <N, but never hides 0', () => {
    expect(formatCount(0, 5)).toBe('0');
    expect(formatCount(1, 5)).toBe('<5');
    expect(formatCount(4, 5)).toBe('<5');
    expect(formatCount(5, 5)).toBe('5');
    expect(formatCount(3, 0)).toBe('3');
    expect(formatCount(1, 1)).toBe('1');
  });

  it('pluralizes and pairs with suppression', () => {
    expect(pluralize(1, 'finding')).toBe('finding');
    expect(pluralize(0, 'finding')).toBe('findings');
    expect(pluralize(2, 'entry', 'entries')).toBe('entries');
    expect(countOf(1, 'error', 0)).toBe('1 error');
    expect(countOf(3, 'error', 0)).toBe('3 errors');
    expect(countOf(1, 'error', 5)).toBe('<5 errors');
  });
});

describe('csvCell', () => {
  it('neutralises formula-like cells with a leading quote (OWASP)', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', "=cmd|' /C calc'!A0", '  =1', '\uff1d1']) {
      expect(isFormulaLike(s)).toBe(true);
      expect(csvCell(s).replace(/^"/, '')).toMatch(/^'/);
    }
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a-b')).toBe('a-b');
  });

  it('quotes per RFC 4180', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(12)).toBe('12');
  });

  it('round-trips through csv-parse, and no parsed cell can start a formula', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 5 }), (cells) => {
        const line = `${cells.map(csvCell).join(',')}\r\n`;
        const rows = parse(line, { relax_column_count: false }) as string[][];
        expect(rows).toHaveLength(1);
        const parsed = rows[0] ?? [];
        expect(parsed).toHaveLength(cells.length);
        parsed.forEach((cell, k) => {
          expect(isFormulaLike(cell)).toBe(false);
          const original = stripControl(cells[k] ?? '');
          expect(cell).toBe(isFormulaLike(original) ? `'${original}` : original);
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe('firstExamples / describeLocation / sortedCounts', () => {
  it('keeps the first N per rule in report order', () => {
    const fs = [1, 2, 3, 4].map((r) => finding({ rule: r % 2 ? 'a' : 'b', record: r }));
    const ex = firstExamples(fs, 1);
    expect([...ex.keys()]).toEqual(['a', 'b']);
    expect(ex.get('a')?.map((f) => f.record)).toEqual([1]);
    expect(firstExamples(fs, 0).size).toBe(0);
  });

  it('describes only the known parts of a location', () => {
    expect(describeLocation({ record: 3, line: 4, field: 'dob' })).toBe('record 3, line 4, field dob');
    expect(describeLocation({ record: null, line: null, field: null })).toBe('');
    expect(describeLocation({ record: 3, line: null, field: null, recordRef: 'r1' })).toBe(
      'record 3, ref r1',
    );
  });

  it('sorts by errors, warnings, total, then key, and drops empty rows', () => {
    const t = {
      b: { count: 2, errors: 0, warnings: 2, infos: 0 },
      a: { count: 1, errors: 1, warnings: 0, infos: 0 },
      c: { count: 2, errors: 0, warnings: 2, infos: 0 },
      z: { count: 0, errors: 0, warnings: 0, infos: 0 },
    };
    expect(sortedCounts(t).map(([k]) => k)).toEqual(['a', 'b', 'c']);
  });
});
