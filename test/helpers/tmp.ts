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

/**
 * A small tabular test standard `people@1.0.0` (id, name, age; records keyed by id), written into
 * `<folder>/people/1.0.0/` of a temp dir. Returns the standards folder.
 */
export function writePeopleStandard(t: ReturnType<typeof tempDir>, folder: string): string {
  t.write(
    `${folder}/people/1.0.0/standard.yaml`,
    `id: people
version: 1.0.0
title: People (test)
publisher: carecheck tests
status: active
effectiveFrom: "2026-01-01"
description: A test standard.
provenance: {source: tests}
kind: tabular
schema: schema.json
keys:
  recordKey: [id]
`,
  );
  t.write(
    `${folder}/people/1.0.0/schema.json`,
    JSON.stringify({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      required: ['id', 'name', 'age'],
      properties: {
        id: { type: 'string' },
        name: { type: 'string', minLength: 1 },
        age: { type: 'integer', minimum: 0, maximum: 120 },
      },
    }),
  );
  return t.path(folder);
}
