import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../../src/cli/exit-code.js';
import { buildReport } from '../../../src/report/build.js';

function report(errors: number, warnings: number) {
  const r = buildReport({
    tool: { name: 't', version: '0' },
    generatedAt: '',
    standard: null,
    schema: null,
    files: [],
    options: {},
    notices: [],
  });
  r.summary.errors = errors;
  r.summary.warnings = warnings;
  return r;
}

describe('exitCodeFor', () => {
  it.each([
    [0, 0, 'error', -1, 0],
    [1, 0, 'error', -1, 1],
    [0, 5, 'error', -1, 0],
    [0, 5, 'warning', -1, 1],
    [3, 5, 'never', -1, 0],
    [0, 5, 'error', 4, 1],
    [0, 4, 'error', 4, 0],
  ] as const)('errors=%i warnings=%i failOn=%s maxWarnings=%i → %i', (e, w, failOn, max, code) => {
    expect(exitCodeFor(report(e, w), failOn, max)).toBe(code);
  });
});
