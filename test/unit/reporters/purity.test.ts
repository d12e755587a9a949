import { describe, expect, it } from 'vitest';
import type { Report } from '../../../src/report/types.js';
import { csv } from '../../../src/reporters/csv.js';
import { html } from '../../../src/reporters/html.js';
import { junit } from '../../../src/reporters/junit.js';
import { markdown } from '../../../src/reporters/markdown.js';
import { sarif } from '../../../src/reporters/sarif.js';
import { ctx, fixtures } from './helpers.js';

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

const REPORTERS = { csv, html, junit, markdown, sarif };

describe.each(Object.entries(REPORTERS))('%s reporter is pure', (_name, reporter) => {
  it.each(Object.entries(fixtures()))(
    'same output twice for the %s report, without mutating it',
    (_k, report) => {
      const frozen = deepFreeze(structuredClone(report)) as Report;
      const first = reporter(frozen, ctx());
      expect(reporter(frozen, ctx())).toBe(first);
      expect(frozen).toEqual(report);
    },
  );
});
