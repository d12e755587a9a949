/**
 * The catastrophic-backtracking check: classic unsafe patterns are caught, the bundled standards'
 * patterns (all but one) and everyday patterns pass, and no input makes it throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRegexSafety } from '../../../src/authoring/regex-safety.js';

const verdict = (p: string) => checkRegexSafety(p).status;

describe('regex safety: exponential patterns', () => {
  it.each([
    '^(a+)+$',
    '(a+)+',
    '^(a*)*$',
    '^(a|a)*$',
    '^(.*)*$',
    '^(a|aa)*$',
    '^(ab|a|b)*$',
    '(x+x+)+y',
    '^([a-zA-Z0-9]{2,4})+$',
    '^([A-Z0-9]+)+$',
    '^(\\w+\\s?)+$',
    '^(\\d+|\\d+\\.\\d+)*$',
    '^(?:a|a){25}$',
    '^(?=(a+)+$)b',
    '^(?<x>a+)+$',
  ])('%s is unsafe (exponential)', (p) => {
    const r = checkRegexSafety(p);
    expect(r.status).toBe('unsafe');
    expect(r.degree).toBe(Number.POSITIVE_INFINITY);
    expect(r.reason).toMatch(/more than one way/);
  });
});

describe('regex safety: high-degree polynomial patterns', () => {
  it('the ASC-WDS NI number pattern is degree 6 (measured: 175 s on a 249-character value)', () => {
    const r = checkRegexSafety('^\\s*[a-zA-Z]{2}(?:\\s*\\d\\s*){6}[a-zA-Z]?\\s*$');
    expect(r).toMatchObject({ status: 'unsafe', degree: 6 });
    expect(r.reason).toMatch(/sixth power/);
  });

  it.each([
    ['.*a.*a.*a', 3],
    ['^\\s*a?\\s*b?\\s*c?\\s*$', 3],
    ['^(a+){10}$', 9],
  ])('%s is unsafe (degree %d)', (p, degree) => {
    expect(checkRegexSafety(p)).toMatchObject({ status: 'unsafe', degree });
  });

  it('quadratic patterns are accepted, with their degree', () => {
    expect(checkRegexSafety('\\s+$')).toMatchObject({ status: 'safe', degree: 1 });
    expect(checkRegexSafety('^.*.*.*$')).toMatchObject({ status: 'safe', degree: 2 });
  });

  it('the threshold can be changed', () => {
    expect(checkRegexSafety('\\s+$', { maxDegree: 1 }).status).toBe('unsafe');
    expect(checkRegexSafety('.*a.*a.*a', { maxDegree: 4 }).status).toBe('safe');
  });
});

describe('regex safety: safe patterns', () => {
  it.each([
    '^[0-9]{3}$',
    '^[0-9]+(?:;[0-9]+)*$',
    '^[0-9]{0,4}(?:;[0-9]{0,4})*$',
    '^[^;]{0,120}(?:;[^;]{0,120})*$',
    '^-?(?:[0-9]{1,16}(?:\\.[0-9]*)?|\\.[0-9]+)$',
    '^([0-9])\\1\\1 ?\\1\\1\\1 ?\\1\\1\\1\\1$',
    '^([0-9])\\1{2} ?\\1{3} ?\\1{4}$',
    '^ *[A-Za-z]{1,2}[0-9][A-Za-z0-9]? *[0-9][A-Za-z]{2} *$',
    '^(?:1|2|3|10|11|12)(?:;(?:1|2|3|10|11|12))*$',
    '^(?:[Nn][Ee][Ww]|[Dd][Ee][Ll][Ee][Tt][Ee])$',
    '^QUALACH(?:0[4-9]|[1-9][0-9])$',
    '^(ab|a)(bc|c)$',
    '^\\d+\\.\\d+$',
    '^[A-Za-z]{1,2}[0-9]{1,2}[A-Za-z]?\\s{1}[0-9][A-Za-z]{2}$',
    '^(?:a|b){25}$',
    "^[\\p{L} '-]+$",
    '^Planned',
    'a{1,100000}',
    '',
  ])('%s is safe', (p) => {
    expect(verdict(p)).toBe('safe');
  });
});

describe('regex safety: other verdicts', () => {
  it.each(['(', '[a-', 'a{2,1}', '(?<n>a)(?<n>b)', '\\', '*'])('%s does not compile with the u flag', (p) => {
    const r = checkRegexSafety(p);
    expect(r.status).toBe('invalid');
    expect(r.reason).toMatch(/'u' flag/);
  });

  it('says unknown rather than guessing when the budget runs out', () => {
    expect(checkRegexSafety('^(a|b|c|d)*(a|b|c|d)*(a|b|c|d)*x$', { budget: 10 }).status).toBe('unknown');
  });
});

describe('regex safety: properties', () => {
  it('never throws, and always gives one of the four verdicts, on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const r = checkRegexSafety(s);
        expect(['safe', 'unsafe', 'invalid', 'unknown']).toContain(r.status);
        expect(typeof r.reason).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on strings made of regex syntax', () => {
    const token = fc.constantFrom(
      '(',
      ')',
      '(?:',
      '(?=',
      '(?!',
      '(?<=',
      '(?<a>',
      '|',
      '*',
      '+',
      '?',
      '{2}',
      '{1,3}',
      '{2,}',
      '[',
      ']',
      '[^',
      '-',
      '\\d',
      '\\s',
      '\\w',
      '\\b',
      '\\1',
      '\\k<a>',
      '\\p{L}',
      '.',
      '^',
      '$',
      'a',
      'b',
      '0',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 24 }), (parts) => {
        const r = checkRegexSafety(parts.join(''));
        expect(['safe', 'unsafe', 'invalid', 'unknown']).toContain(r.status);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with a stopwatch: a pattern judged safe matches adversarial input quickly', () => {
    // A few judged-safe patterns on inputs that make unsafe ones take seconds.
    for (const p of ['^[0-9]+(?:;[0-9]+)*$', '^(?:a|b){25}$', '^\\d+\\.\\d+$']) {
      expect(verdict(p)).toBe('safe');
      const re = new RegExp(p, 'u');
      for (const input of ['1;'.repeat(5000), 'a'.repeat(5000), '1'.repeat(5000)]) re.test(`${input}!`);
    }
  });
});
