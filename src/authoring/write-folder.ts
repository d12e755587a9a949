/**
 * Create a new standard version folder with all its files, or nothing: the files are written to a
 * hidden temporary folder beside the target and renamed into place, so an interrupted `init` or
 * `infer` never leaves half a standard behind for `discoverStandards` to trip over. An existing
 * folder is never overwritten (exit 2).
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CarecheckError } from '../errors.js';

/** Write `files` (relative path → text) into the new folder `dir`. Returns the absolute paths written. */
export function writeNewFolder(dir: string, files: Readonly<Record<string, string>>): string[] {
  const target = path.resolve(dir);
  if (existsSync(target)) {
    throw new CarecheckError(`${dir} already exists: carecheck will not overwrite it`, {
      hint: 'Choose another --id or folder, or remove the existing one first',
    });
  }
  const parent = path.dirname(target);
  let tmp: string | undefined;
  try {
    mkdirSync(parent, { recursive: true });
    tmp = mkdtempSync(path.join(parent, `.${path.basename(target)}-`));
    for (const [rel, text] of Object.entries(files)) {
      const file = path.join(tmp, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    if (existsSync(target))
      throw new CarecheckError(`${dir} appeared while it was being written; nothing was changed`);
    renameSync(tmp, target);
    tmp = undefined;
  } catch (cause) {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    if (cause instanceof CarecheckError) throw cause;
    throw new CarecheckError(`Cannot write ${dir}: ${(cause as Error).message}`, { cause });
  }
  return Object.keys(files).map((rel) => path.join(target, rel));
}

/** Write a file only when it does not exist yet (a standard's CHANGELOG.md beside its versions). */
export function writeIfAbsent(file: string, text: string): boolean {
  if (existsSync(file)) return false;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text, { flag: 'wx' });
    return true;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new CarecheckError(`Cannot write ${file}: ${(cause as Error).message}`, { cause });
  }
}

/** A YAML double-quoted scalar (JSON string syntax is valid YAML). */
export function yamlString(s: string): string {
  return JSON.stringify(s);
}

/** `my-care-data` → `My Care Data`. */
export function titleFromId(id: string): string {
  return id
    .split('-')
    .map((w) => (w.length ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join(' ');
}

export const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** CSV text from rows of cells (quoting cells that need it). */
export function csvText(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const cell = (c: string) => (/[",\r\n]/.test(c) || c !== c.trim() ? `"${c.replaceAll('"', '""')}"` : c);
  return `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`;
}
