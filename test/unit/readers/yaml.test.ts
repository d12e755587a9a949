import { describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../../../src/readers/types.js';
import { readYaml } from '../../../src/readers/yaml.js';
import { brief, read } from './helpers.js';

const yaml = (text: string | Uint8Array, chunkSize?: number, batchSize?: number) =>
  read<DocumentRecord>(
    readYaml,
    text,
    batchSize === undefined ? {} : { batchSize },
    chunkSize === undefined ? {} : { chunkSize },
  );

describe('readYaml', () => {
  it('reads a single document', async () => {
    const { input, records, findings } = await yaml('id: 1\nname: Ann\n');
    expect(input.format).toBe('yaml');
    expect(records).toEqual([{ record: 1, line: 1, value: { id: 1, name: 'Ann' } }]);
    expect(findings).toEqual([]);
  });

  it('reads several documents, each at the line where its content starts', async () => {
    const text = '# people\nid: 1\n---\nid: 2\n...\n---\n# only a comment\n---\n\n- a\n- b\n--- plain text\n';
    for (const chunkSize of [1, 4, 1000]) {
      const { records, findings } = await yaml(text, chunkSize);
      expect(records).toEqual([
        { record: 1, line: 2, value: { id: 1 } },
        { record: 2, line: 4, value: { id: 2 } },
        { record: 3, line: 10, value: ['a', 'b'] },
        { record: 4, line: 12, value: 'plain text' },
      ]);
      expect(findings).toEqual([]);
    }
  });

  it('skips empty and comment-only documents', async () => {
    const { records } = await yaml('---\n---\n# c\n...\n---\n\n');
    expect(records).toEqual([]);
    const { records: one } = await yaml('---\n---\na: 1\n');
    expect(one).toEqual([{ record: 1, line: 3, value: { a: 1 } }]);
  });

  it('keeps the YAML 1.2 core schema, even under a %YAML 1.1 directive', async () => {
    const { records } = await yaml('%YAML 1.1\n---\na: no\nb: yes\nc: on\nd: 012\ne: 0o12\nf: ~\n');
    expect(records).toEqual([
      { record: 1, line: 3, value: { a: 'no', b: 'yes', c: 'on', d: 12, e: 10, f: null } },
    ]);
  });

  it('does not split at --- inside content that is not at column 0', async () => {
    const { records } = await yaml('a: |\n  one\n  ---\n  two\nb: "x --- y"\n');
    expect(records).toEqual([{ record: 1, line: 1, value: { a: 'one\n---\ntwo\n', b: 'x --- y' } }]);
  });

  it('reports a syntax error with its line and reads the next document', async () => {
    const { records, findings } = await yaml('a: 1\n---\nb: [1,\nc: 2\n---\nd: 4\n---\ne: 1\ne: 2\n');
    expect(records).toEqual([
      { record: 1, line: 1, value: { a: 1 } },
      { record: 3, line: 6, value: { d: 4 } },
    ]);
    expect(brief(findings)).toEqual(['error parse/yaml r2 l4 -', 'error parse/yaml r4 l9 -']);
    expect(findings[1]!.message).toMatch(/more than once/);
    for (const f of findings) expect(f.message).not.toMatch(/\be\b: /);
  });

  it('defuses a billion-laughs document', async () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    const names = 'bcdefghi';
    for (let k = 0; k < names.length; k++) {
      const prev = k === 0 ? 'a' : names[k - 1];
      lines.push(`${names[k]}: &${names[k]} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const { records, findings } = await yaml(`${lines.join('\n')}\n`);
    expect(records).toEqual([]);
    expect(brief(findings)).toEqual(['error parse/yaml r1 l1 -']);
    expect(findings[0]!.message).toMatch(/aliases/);
  });

  it('refuses documents nested too deeply instead of letting the parser abort the process', async () => {
    const block = Array.from({ length: 2000 }, (_, k) => `${' '.repeat(k)}- `).join('\n');
    const flow = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const compact = `${'- '.repeat(3000)}x`;
    // Twice each: the crash this guards against (Node 20 + yaml) shows on a second deep parse.
    for (const text of [block, flow, compact, block, flow, compact]) {
      const { records, findings } = await yaml(`${text}\n---\nok: 1\n`);
      expect(records.map((r) => r.value)).toEqual([{ ok: 1 }]);
      expect(brief(findings)).toEqual(['error parse/yaml r1 l1 -']);
      expect(findings[0]!.message).toMatch(/nested more than 256 levels/);
    }
    const fine = Array.from({ length: 100 }, (_, k) => `${' '.repeat(k)}a:`).join('\n');
    expect((await yaml(fine)).findings).toEqual([]);
  });

  it('reports an alias to an undefined anchor', async () => {
    const { findings } = await yaml('a: *nowhere\n');
    expect(brief(findings)).toEqual(['error parse/yaml r1 l1 -']);
  });

  it('handles CRLF line breaks and a BOM', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('a: 1\r\n---\r\nb: 2\r\n')]);
    const { records } = await yaml(bytes, 3);
    expect(records).toEqual([
      { record: 1, line: 1, value: { a: 1 } },
      { record: 2, line: 3, value: { b: 2 } },
    ]);
  });

  it('reads a very long line in pieces without splitting it', async () => {
    const long = 'x'.repeat(200_000);
    const { records } = await yaml(`a: ${long}\n---\nb: 2\n`, 64 * 1024);
    expect(records).toEqual([
      { record: 1, line: 1, value: { a: long } },
      { record: 2, line: 3, value: { b: 2 } },
    ]);
  });

  it('batches documents', async () => {
    const text = Array.from({ length: 12 }, (_, k) => `k: ${k}`).join('\n---\n');
    const { batches } = await yaml(text, 7, 5);
    expect(batches).toEqual([5, 5, 2]);
  });
});
