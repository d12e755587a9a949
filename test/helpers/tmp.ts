import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** A temporary folder removed after the test file; `write(rel, content)` creates files in it. */
export function tempDir(prefix = 'carecheck-') {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    path: (rel: string) => path.join(dir, rel),
    write(rel: string, content: string | Uint8Array): string {
      const p = path.join(dir, rel);
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, content);
      return p;
    },
  };
}

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** An async byte stream of the given texts (a stand-in for standard input). */
export async function* byteStream(...texts: string[]): AsyncGenerator<Uint8Array> {
  for (const t of texts) yield new TextEncoder().encode(t);
}
