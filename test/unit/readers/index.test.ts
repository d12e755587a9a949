import { describe, expect, it } from 'vitest';
import { formatFromPath, openInput, readers } from '../../../src/readers/index.js';
import { memorySource } from './helpers.js';

describe('formatFromPath', () => {
  it.each([
    ['data.csv', 'csv'],
    ['DATA.CSV', 'csv'],
    ['export.tsv', 'csv'],
    ['a/b.c/records.json', 'json'],
    ['x.jsonl', 'jsonl'],
    ['x.NDJSON', 'jsonl'],
    ['x.jsonlines', 'jsonl'],
    ['x.yaml', 'yaml'],
    ['x.Yml', 'yaml'],
    ['C:\\exports\\clients.csv', 'csv'],
  ])('%s → %s', (p, f) => {
    expect(formatFromPath(p)).toBe(f);
  });

  it.each(['notes.txt', 'data.csv.gz', 'archive.zip', 'README', '-', '.csv', 'dir.csv/file', ''])(
    '%s → null',
    (p) => {
      expect(formatFromPath(p)).toBeNull();
    },
  );
});

describe('openInput', () => {
  it('dispatches to the reader for the format', async () => {
    expect(Object.keys(readers).sort()).toEqual(['csv', 'json', 'jsonl', 'yaml']);
    const sink = { finding: () => undefined };
    expect((await openInput(memorySource('a\n1\n'), 'csv', sink)).kind).toBe('tabular');
    for (const format of ['json', 'jsonl', 'yaml'] as const) {
      const input = await openInput(memorySource('1\n'), format, sink);
      expect([input.kind, input.format]).toEqual(['document', format]);
    }
  });

  it('rejects with the node error code when the file is missing', async () => {
    const { fileSource } = await import('../../../src/readers/source.js');
    await expect(
      openInput(fileSource('/no/such/file.csv'), 'csv', { finding: () => undefined }),
    ).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
