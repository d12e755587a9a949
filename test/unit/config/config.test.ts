/** carecheck.config.yaml: discovery, schema errors with key paths, planning runs, relabelling paths. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfig, loadConfig, parseConfig } from '../../../src/config/load.js';
import { distinctLabels, labelledPath, planRuns } from '../../../src/config/plan.js';
import { relabelReport } from '../../../src/config/relabel.js';
import { buildReport, FileAccumulator } from '../../../src/report/build.js';
import { tempDir } from '../../helpers/tmp.js';

const t = tempDir();

describe('findConfig', () => {
  it('finds carecheck.config.yaml in the folder or a parent, nearest first', () => {
    t.write('proj/carecheck.config.yaml', 'failOn: warning\n');
    t.write('proj/sub/deeper/x.txt', '');
    expect(findConfig(t.path('proj/sub/deeper'))).toBe(t.path('proj/carecheck.config.yaml'));
    t.write('proj/sub/carecheck.config.yml', '{}\n');
    expect(findConfig(t.path('proj/sub/deeper'))).toBe(t.path('proj/sub/carecheck.config.yml'));
  });
});

describe('parseConfig', () => {
  it('accepts the documented shape', () => {
    const c = parseConfig(
      `inputs:
  - files: exports/cld_*.csv
    standard: asc-cld@2
  - files: [wds/*.csv]
    standard: asc-wds
formats: [text, {sarif: out.sarif}]
failOn: warning
maxWarnings: 10
maxFindings: 50
baseline: baseline.json
standardsDirs: [local-standards]
privacy: {showValues: none, suppressBelow: 5, pseudonymise: ../keys/carecheck.key}
`,
      'c.yaml',
    );
    expect(c.inputs).toHaveLength(2);
    expect(c.formats?.[1]).toEqual({ sarif: 'out.sarif' });
  });

  it('an empty file is an empty configuration', () => {
    expect(parseConfig('', 'c.yaml')).toEqual({});
  });

  it.each([
    ['formts: [text]\n', "c.yaml: unknown key 'formts'"],
    ['failOn: sometimes\n', "c.yaml: 'failOn' must be one of error, warning, never"],
    ['maxWarnings: -1\n', "c.yaml: 'maxWarnings' must be 0 or more"],
    ['maxWarnings: lots\n', "c.yaml: 'maxWarnings' must be a integer"],
    ['inputs:\n  - standard: asc-cld\n', "c.yaml: 'inputs[0]' needs 'files'"],
    ['inputs:\n  - files: a.csv\n    standrd: asc-cld\n', "c.yaml: unknown key 'inputs[0].standrd'"],
    ['inputs:\n  - files: 3\n', "c.yaml: 'inputs[0].files' must be a glob or a list of globs"],
    ['formats: [text, pdf]\n', "c.yaml: 'formats[1]' must be a format name"],
    ['formats: [{pdf: x.pdf}]\n', "c.yaml: 'formats[0]' must be a format name"],
    ['privacy: {showValues: everything}\n', "c.yaml: 'privacy.showValues' must be one of none, masked, all"],
    [
      'inputs:\n  - files: a.csv\n    standard: x\n    schema: y.json\n',
      "'inputs[0]' has both 'standard' and 'schema'",
    ],
    ['inputs: [\n', 'c.yaml (line 2) is not valid YAML'],
    ['- a\n- b\n', 'c.yaml: the file must be a mapping (key: value)'],
  ])('%j → %s', (text, message) => {
    try {
      parseConfig(text, 'c.yaml');
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toContain(message);
      expect((e as { exitCode: number }).exitCode).toBe(2);
    }
  });

  it('a second problem goes in the hint', () => {
    try {
      parseConfig('failOn: x\nmaxFindings: -3\n', 'c.yaml');
      expect.unreachable();
    } catch (e) {
      expect((e as { hint?: string }).hint).toMatch(/^also: 'maxFindings' must be 0 or more/);
    }
  });

  it('loadConfig names the file relative to the working folder', () => {
    const file = t.write('load/carecheck.config.yaml', 'failOn: never\n');
    const c = loadConfig(file, t.path('load/sub'));
    expect(c.name).toBe('../carecheck.config.yaml');
    expect(c.dir).toBe(t.path('load'));
    expect(() => loadConfig('nope.yaml', t.dir)).toThrow(
      /Cannot read the configuration nope.yaml: no such file/,
    );
  });
});

describe('planRuns', () => {
  const dir = t.path('plan');
  for (const f of ['exports/cld_q1.csv', 'exports/cld_q2.csv', 'wds/staff.csv', 'wds/workplace.csv']) {
    t.write(`plan/${f}`, 'x');
  }
  const config = {
    file: path.join(dir, 'carecheck.config.yaml'),
    name: 'carecheck.config.yaml',
    dir,
    config: {
      inputs: [
        { files: 'exports/cld_*.csv', standard: 'asc-cld@2' },
        { files: ['wds/*.csv'], standard: 'asc-wds', tables: { staff: 'wds/staff.csv' } },
      ],
    },
  };

  it('no files: one run per entry, files shown relative to the working folder', () => {
    const runs = planRuns([], {}, config, path.join(dir, 'wds'));
    expect(runs.map((r) => [r.standard, r.inputs.map((i) => i.display)])).toEqual([
      ['asc-cld@2', ['../exports/cld_q1.csv', '../exports/cld_q2.csv']],
      ['asc-wds', ['staff.csv', 'workplace.csv']],
    ]);
    expect(runs[1]?.tables?.['staff']).toEqual({
      display: 'staff.csv',
      open: path.join(dir, 'wds/staff.csv'),
    });
  });

  it('files without --standard take the standard of the first entry that matches', () => {
    const runs = planRuns(['wds/staff.csv', 'exports/cld_q2.csv'], {}, config, dir);
    expect(runs.map((r) => [r.standard, r.inputs.map((i) => i.display)])).toEqual([
      ['asc-cld@2', ['exports/cld_q2.csv']],
      ['asc-wds', ['wds/staff.csv']],
    ]);
    expect(() => planRuns(['other.csv'], {}, config, dir)).toThrow(/No standard for other.csv/);
  });

  it('--standard on the command line wins', () => {
    expect(planRuns(['wds/staff.csv'], { standard: 'x' }, config, dir)).toMatchObject([{ standard: 'x' }]);
    expect(planRuns([], { standard: 'x' }, config, dir).map((r) => r.standard)).toEqual(['x', 'x']);
  });

  it('a pattern that matches nothing is a configuration problem, not an empty run', () => {
    const bad = { ...config, config: { inputs: [{ files: 'nothing/*.csv', standard: 'a' }] } };
    expect(() => planRuns([], {}, bad, dir)).toThrow(
      /'inputs\[0\].files' pattern 'nothing\/\*.csv' matches no files/,
    );
  });

  it('no files and no configuration: a usage problem', () => {
    expect(() => planRuns([], {}, undefined, dir)).toThrow(/No input files given/);
  });

  it('labels and labelled file names', () => {
    expect(distinctLabels(planRuns([], {}, config, dir))).toEqual(['asc-cld-2', 'asc-wds']);
    expect(labelledPath('reports/out.sarif', 'asc-wds')).toBe('reports/out.asc-wds.sarif');
    expect(labelledPath('out', 'a')).toBe('out.a');
  });
});

describe('relabelReport', () => {
  it('renames files, findings and messages, and re-sorts', () => {
    const a = new FileAccumulator('/abs/z.csv', 'csv', 0);
    a.add({
      rule: 'r',
      severity: 'error',
      message: 'use --table NAME=/abs/z.csv',
      file: '/abs/z.csv',
      record: 1,
      line: 2,
      field: null,
      pointer: '',
      related: { file: '/abs/b.csv', record: 1, line: 2, field: null },
    });
    const b = new FileAccumulator('/abs/b.csv', 'csv', 0);
    const report = buildReport({
      tool: { name: 'carecheck', version: '0' },
      generatedAt: 'x',
      standard: null,
      schema: { path: '/abs/s.json' },
      files: [a.finish(), b.finish()],
      options: {},
      notices: [],
    });
    const names = new Map([
      ['/abs/z.csv', 'a.csv'],
      ['/abs/b.csv', 'b.csv'],
      ['/abs/s.json', 's.json'],
    ]);
    const r = relabelReport(report, names);
    expect(r.files.map((f) => f.path)).toEqual(['a.csv', 'b.csv']);
    expect(r.files[0]?.findings[0]).toMatchObject({
      file: 'a.csv',
      message: 'use --table NAME=a.csv',
      related: { file: 'b.csv' },
    });
    expect(r.schema).toEqual({ path: 's.json' });
  });
});
