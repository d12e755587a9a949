import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHUNK_SIZE, fileSource, streamSource } from '../../../src/readers/source.js';
import { inputsDir } from './helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'carecheck-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(it: AsyncIterable<Uint8Array>): Promise<{ bytes: Buffer; chunks: number[] }> {
  const parts: Uint8Array[] = [];
  for await (const c of it) parts.push(c);
  return { bytes: Buffer.concat(parts), chunks: parts.map((p) => p.length) };
}

async function errorCode(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code;
  }
  return undefined;
}

describe('fileSource', () => {
  it('reads a file in chunks, and can read it again', async () => {
    const file = path.join(dir, 'big.bin');
    const data = randomBytes(CHUNK_SIZE * 3 + 123);
    writeFileSync(file, data);
    const src = fileSource(file);
    expect(src.rereadable).toBe(true);
    expect(src.name).toBe(file);
    const first = await readAll(src.open());
    expect(first.bytes.equals(data)).toBe(true);
    expect(first.chunks).toEqual([CHUNK_SIZE, CHUNK_SIZE, CHUNK_SIZE, 123]);
    expect((await readAll(src.open())).bytes.equals(data)).toBe(true);
  });

  it('reads an empty file as no chunks', async () => {
    expect((await readAll(fileSource(path.join(inputsDir, 'empty.csv')).open())).chunks).toEqual([]);
  });

  it('can be abandoned part way through', async () => {
    const file = path.join(dir, 'abandon.bin');
    writeFileSync(file, randomBytes(CHUNK_SIZE * 8));
    for await (const chunk of fileSource(file).open()) {
      expect(chunk.length).toBe(CHUNK_SIZE);
      break;
    }
  });

  it('surfaces ENOENT and EISDIR with the Node error code when read', async () => {
    const missing = fileSource(path.join(dir, 'nope.csv'));
    expect(await errorCode(readAll(missing.open()))).toBe('ENOENT');
    const folder = fileSource(dir);
    expect(folder.rereadable).toBe(false);
    expect(await errorCode(readAll(folder.open()))).toBe('EISDIR');
  });

  it.skipIf(process.getuid?.() === 0)('surfaces EACCES', async () => {
    const file = path.join(dir, 'locked.csv');
    writeFileSync(file, 'a\n', { mode: 0o000 });
    expect(await errorCode(readAll(fileSource(file).open()))).toBe('EACCES');
  });

  it('reads the same bytes as readFileSync for a fixture', async () => {
    const file = path.join(inputsDir, 'cp1252.csv');
    expect((await readAll(fileSource(file).open())).bytes.equals(readFileSync(file))).toBe(true);
  });
});

describe('streamSource', () => {
  it('can be opened once only', async () => {
    async function* gen(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array([1, 2]);
    }
    const src = streamSource('<stdin>', gen());
    expect(src.rereadable).toBe(false);
    expect(src.name).toBe('<stdin>');
    expect((await readAll(src.open())).chunks).toEqual([2]);
    expect(() => src.open()).toThrow(Error);
  });
});
