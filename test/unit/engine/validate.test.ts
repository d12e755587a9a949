import { describe, expect, it } from 'vitest';
import { type Progress, validate } from '../../../src/engine/validate.js';
import { tempDir } from '../../helpers/tmp.js';

const t = tempDir();
const schema = t.write(
  's.json',
  JSON.stringify({
    type: 'object',
    properties: { id: { type: 'string' }, age: { type: 'integer' }, name: { type: 'string' } },
  }),
);

describe('engine: keyed record references and progress', () => {
  it('gives findings a keyed reference that identifies the record but reveals no value', async () => {
    const file = t.write('a.csv', 'id,age,name\nP1,x,Ann\nP2,y,Bob\nP1,z,Ann\n');
    const key = new TextEncoder().encode('secret-key');
    const r = await validate({ inputs: [{ path: file }], schema, recordHmacKey: key });
    const f = r.files[0]!.findings;
    expect(f).toHaveLength(3);
    for (const x of f) {
      expect(x.recordRef).toMatch(/^[0-9a-f]{16}$/);
      expect(JSON.stringify(x)).not.toMatch(/P1|P2|Ann|Bob/);
    }
    // No recordKey declared: the whole record is the key, so every record differs.
    expect(new Set(f.map((x) => x.recordRef)).size).toBe(3);
    const again = await validate({ inputs: [{ path: file }], schema, recordHmacKey: key });
    expect(again.files[0]!.findings.map((x) => x.recordRef)).toEqual(f.map((x) => x.recordRef));
    const other = await validate({
      inputs: [{ path: file }],
      schema,
      recordHmacKey: new TextEncoder().encode('other'),
    });
    expect(other.files[0]!.findings[0]!.recordRef).not.toBe(f[0]!.recordRef);
  });

  it('reports progress per batch with bytes and records', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => `P${i},${i},N`).join('\n');
    const file = t.write('b.csv', `id,age,name\n${rows}\n`);
    const seen: Progress[] = [];
    await validate({ inputs: [{ path: file }], schema, batchSize: 100, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThanOrEqual(10);
    const last = seen[seen.length - 1]!;
    expect(last.records).toBe(1000);
    expect(last.totalBytes).toBeGreaterThan(0);
    expect(last.bytes).toBe(last.totalBytes);
  });
});
