/**
 * A SHA-256 over a standard version's files (path + contents, sorted, fixtures excluded), so a report
 * pins exactly which rules were applied and `verify-report` can tell if the standard changed since.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (rel === 'fixtures') continue;
      out.push(...listFiles(path.join(dir, e.name), rel));
    } else if (e.isFile()) out.push(rel);
  }
  return out;
}

export function standardHash(dir: string): string {
  const hash = createHash('sha256');
  for (const rel of listFiles(dir).sort()) {
    hash.update(`${rel}\u0000`);
    hash.update(readFileSync(path.join(dir, rel)));
    hash.update('\u0000');
  }
  return hash.digest('hex');
}
