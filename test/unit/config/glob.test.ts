/** The small glob matcher behind `inputs[].files`: `*`, `?`, `[…]`, `**`, dot-files, expansion on disk. */
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandGlob, matchGlob } from '../../../src/config/glob.js';
import { tempDir } from '../../helpers/tmp.js';

describe('matchGlob', () => {
  it.each([
    ['exports/cld_*.csv', 'exports/cld_q1.csv', true],
    ['exports/cld_*.csv', 'exports/cld_.csv', true],
    ['exports/cld_*.csv', 'exports/sub/cld_q1.csv', false],
    ['exports/cld_*.csv', 'exports/wds_q1.csv', false],
    ['*.csv', 'a.csv', true],
    ['*.csv', '.hidden.csv', false],
    ['.*.csv', '.hidden.csv', true],
    ['cld_q?.csv', 'cld_q1.csv', true],
    ['cld_q?.csv', 'cld_q10.csv', false],
    ['cld_q[12].csv', 'cld_q2.csv', true],
    ['cld_q[!12].csv', 'cld_q2.csv', false],
    ['cld_q[0-9].csv', 'cld_q7.csv', true],
    ['**/*.csv', 'a.csv', true],
    ['**/*.csv', 'x/y/z/a.csv', true],
    ['**/*.csv', '.git/a.csv', false],
    ['data/**', 'data/a/b.csv', true],
    ['data/**/b.csv', 'data/b.csv', true],
    ['data/**/b.csv', 'data/x/y/b.csv', true],
    ['a+b (1).csv', 'a+b (1).csv', true],
    ['a.csv', 'aXcsv', false],
    ['./exports/*.csv', 'exports/a.csv', true],
  ])('%s vs %s → %s', (pattern, p, expected) => {
    expect(matchGlob(pattern, p)).toBe(expected);
  });

  it('a literal path always matches itself (no character is special by accident)', () => {
    const segment = fc
      .string({ minLength: 1, maxLength: 8 })
      .filter((s) => !/[*?[/\\]/.test(s) && s !== '.' && s !== '..' && !s.startsWith('.'));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), (parts) => {
        expect(matchGlob(parts.join('/'), parts.join('/'))).toBe(true);
      }),
    );
  });

  it('`*` never crosses a folder boundary', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,5}\/[a-z]{1,5}$/), (p) => {
        expect(matchGlob('*', p)).toBe(false);
        expect(matchGlob('**', p)).toBe(true);
      }),
    );
  });
});

describe('expandGlob', () => {
  const t = tempDir();
  for (const f of [
    'exports/cld_q1.csv',
    'exports/cld_q2.csv',
    'exports/notes.txt',
    'exports/.cld_x.csv',
    'exports/old/cld_q0.csv',
    'wds/staff.csv',
    '.git/cld_q9.csv',
  ]) {
    t.write(f, 'x');
  }
  const rel = (list: string[]) => list.map((p) => path.relative(t.dir, p).split(path.sep).join('/'));

  it('expands `*` in one folder, sorted, skipping dot-files', () => {
    expect(rel(expandGlob('exports/cld_*.csv', t.dir))).toEqual(['exports/cld_q1.csv', 'exports/cld_q2.csv']);
  });

  it('expands `**` through sub-folders but not dot-folders', () => {
    expect(rel(expandGlob('**/cld_*.csv', t.dir))).toEqual([
      'exports/cld_q1.csv',
      'exports/cld_q2.csv',
      'exports/old/cld_q0.csv',
    ]);
  });

  it('a literal name gives the file when it exists, nothing otherwise; folders are not files', () => {
    expect(rel(expandGlob('wds/staff.csv', t.dir))).toEqual(['wds/staff.csv']);
    expect(expandGlob('wds/none.csv', t.dir)).toEqual([]);
    expect(expandGlob('exports', t.dir)).toEqual([]);
  });

  it('takes absolute patterns and `..`', () => {
    expect(rel(expandGlob(`${t.dir.split(path.sep).join('/')}/wds/*.csv`, '/'))).toEqual(['wds/staff.csv']);
    expect(rel(expandGlob('../wds/*.csv', path.join(t.dir, 'exports')))).toEqual(['wds/staff.csv']);
  });

  it('agrees with matchGlob on what it finds', () => {
    for (const pattern of ['**/*.csv', 'exports/*', '*/cld_q?.csv']) {
      for (const f of rel(expandGlob(pattern, t.dir))) expect(matchGlob(pattern, f)).toBe(true);
    }
  });
});
