/**
 * A small glob matcher for `inputs[].files` in carecheck.config.yaml (Node 20 has no fs.glob).
 *
 * Patterns use `/` as the separator, whatever the platform:
 * - `*` matches any run of characters within one path segment, `?` exactly one;
 * - `[abc]`, `[a-z]`, `[!abc]` match one character from (or not from) a set;
 * - `**` as a whole segment matches zero or more segments;
 * - a name starting with `.` is matched only by a segment that starts with `.` itself, so
 *   `exports/*` never picks up `.git` or editor swap files;
 * - everything else is literal.
 *
 * Expansion walks only the folders the pattern can reach, follows no symbolic link to a folder
 * while expanding `**` (no loops), and returns sorted absolute paths of regular files.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const WILD = /[*?[]/;

export function hasWildcard(pattern: string): boolean {
  return WILD.test(pattern);
}

const segmentCache = new Map<string, RegExp>();

/** One path segment of a pattern as a regular expression (anchored). */
export function segmentRegExp(segment: string): RegExp {
  const cached = segmentCache.get(segment);
  if (cached) return cached;
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close === -1) {
        re += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      // Inside a class only `\`, `]` and `^` need escaping for RegExp; `-` keeps its range meaning.
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  const compiled = new RegExp(`^${re}$`, 'u');
  segmentCache.set(segment, compiled);
  return compiled;
}

function segmentMatches(patternSeg: string, name: string): boolean {
  if (name.startsWith('.') && !patternSeg.startsWith('.')) return false;
  return hasWildcard(patternSeg) ? segmentRegExp(patternSeg).test(name) : patternSeg === name;
}

function splitSegments(p: string): string[] {
  return p.split('/').filter((s) => s !== '' && s !== '.');
}

/** True when a relative `/`-separated path matches the pattern. */
export function matchGlob(pattern: string, relPath: string): boolean {
  return matchSegments(splitSegments(pattern), splitSegments(relPath.replaceAll('\\', '/')));
}

function matchSegments(pat: readonly string[], parts: readonly string[]): boolean {
  const [head, ...rest] = pat;
  if (head === undefined) return parts.length === 0;
  if (head === '**') {
    // Zero segments, or swallow one and try again; `**` does not descend into dot-folders either.
    for (let i = 0; i <= parts.length; i++) {
      if (matchSegments(rest, parts.slice(i))) return true;
      const part = parts[i];
      if (part === undefined || part.startsWith('.')) return false;
    }
    return false;
  }
  const part = parts[0];
  if (part === undefined) return false;
  return segmentMatches(head, part) && matchSegments(rest, parts.slice(1));
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The files a pattern names, relative to `baseDir` (or absolute), sorted. */
export function expandGlob(pattern: string, baseDir: string): string[] {
  const normal = pattern.replaceAll('\\', '/');
  const absolute = path.isAbsolute(normal) || /^[A-Za-z]:\//.test(normal);
  const start = absolute ? path.parse(path.resolve(normal)).root : path.resolve(baseDir);
  const segs = splitSegments(
    absolute ? path.resolve(normal).slice(start.length).replaceAll('\\', '/') : normal,
  );
  const found = new Set<string>();
  walk(start, segs, found);
  return [...found].sort();
}

function walk(dir: string, segs: readonly string[], found: Set<string>): void {
  const [head, ...rest] = segs;
  if (head === undefined) {
    if (isFile(dir)) found.add(dir);
    return;
  }
  if (head === '..') {
    walk(path.dirname(dir), rest, found);
    return;
  }
  if (head === '**') {
    walk(dir, rest, found);
    for (const e of entries(dir)) {
      // Real folders only: a symbolic link inside `**` could loop back on itself.
      if (e.isDirectory() && !e.name.startsWith('.')) walk(path.join(dir, e.name), segs, found);
    }
    return;
  }
  if (!hasWildcard(head)) {
    const next = path.join(dir, head);
    if (rest.length === 0 ? isFile(next) : isDir(next)) walk(next, rest, found);
    return;
  }
  for (const e of entries(dir)) {
    if (!segmentMatches(head, e.name)) continue;
    const next = path.join(dir, e.name);
    if (rest.length === 0 ? isFile(next) : isDir(next)) walk(next, rest, found);
  }
}

function entries(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
