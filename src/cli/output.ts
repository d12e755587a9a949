/**
 * Writing reports: to stdout, or to a file atomically (write a temporary file beside it, then rename),
 * so a CI step never picks up half a report. Refuses to overwrite an input file.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CarecheckError } from '../errors.js';

export function writeFileAtomic(file: string, content: string): void {
  const dir = path.dirname(path.resolve(file));
  try {
    if (statSync(file).isDirectory())
      throw new CarecheckError(`Cannot write the report to ${file}: it is a folder`);
  } catch (e) {
    if (e instanceof CarecheckError) throw e;
  }
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, content, { mode: 0o600 });
    renameSync(tmp, file);
  } catch (cause) {
    rmSync(tmp, { force: true });
    throw new CarecheckError(`Cannot write ${file}: ${(cause as Error).message}`, { cause });
  }
}

/** True when two paths name the same file (so a report never overwrites its input). */
export function samePath(a: string, b: string, cwd: string): boolean {
  return path.resolve(cwd, a) === path.resolve(cwd, b);
}
