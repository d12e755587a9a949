/** How paths are shown to people: relative to the working folder, with `/` separators. */
import path from 'node:path';

/**
 * `/`-separated path of `abs` relative to `cwd` (`../exports/a.csv` from a sub-folder), or `abs`
 * itself when no relative path exists (another drive on Windows).
 */
export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(path.resolve(cwd), abs);
  if (rel === '') return '.';
  if (path.isAbsolute(rel)) return abs;
  return rel.split(path.sep).join('/');
}
