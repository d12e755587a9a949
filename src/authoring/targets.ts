/**
 * What `carecheck lint` and `carecheck test` work on: standard version folders, named on the command
 * line as folders or as `id`, `id@range`, `id@x.y.z`.
 *
 * Found by folder layout (`<id>/<version>/standard.yaml`), not through the registry: the registry
 * refuses a folder whose manifest is broken, and showing what is broken in such a folder is exactly
 * lint's job. Unlike `validate`, a bare `id` or a range means EVERY matching version, whatever its
 * status: an author tests drafts and retired versions too.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { CarecheckError } from '../errors.js';
import { bundledStandardsDir } from '../standards/registry.js';

export interface VersionTarget {
  /** Absolute path of the version folder (holds standard.yaml). */
  dir: string;
  /** From the folder names `<id>/<version>` (the manifest should agree; lint checks it). */
  id: string;
  version: string;
  /** Inside the bundled standards folder. */
  bundled: boolean;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function realpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** Version folders in a folder: itself (holds standard.yaml), `<version>/` children, or `<id>/<version>/`. */
export function findVersionDirs(root: string): string[] {
  if (existsSync(path.join(root, 'standard.yaml'))) return [root];
  const out: string[] = [];
  const children = (dir: string) =>
    readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => path.join(dir, d.name));
  for (const child of children(root)) {
    if (existsSync(path.join(child, 'standard.yaml'))) {
      out.push(child);
      continue;
    }
    for (const grandchild of children(child)) {
      if (existsSync(path.join(grandchild, 'standard.yaml'))) out.push(grandchild);
    }
  }
  return out.sort();
}

function targetOf(dir: string): VersionTarget {
  const real = realpath(dir);
  const bundledRoot = realpath(bundledStandardsDir());
  return {
    dir: path.resolve(dir),
    id: path.basename(path.dirname(real)),
    version: path.basename(real),
    bundled: real.startsWith(bundledRoot + path.sep),
  };
}

function looksLikePath(spec: string): boolean {
  return spec.includes('/') || spec.includes('\\') || spec.startsWith('.') || spec === '~';
}

export interface TargetOptions {
  /** Extra standards folders (`--standards-dir`), searched for ids after the bundled ones. */
  standardsDirs?: readonly string[];
  /** Folder that relative paths are resolved against. */
  cwd?: string;
}

/**
 * Resolve command-line arguments to version folders, in the order given, without duplicates.
 * No arguments: every version under the `--standards-dir` folders. Throws CarecheckError (exit 2)
 * for an unknown id, a folder with no standard in it, or nothing to do.
 */
export function resolveTargets(specs: readonly string[], options: TargetOptions = {}): VersionTarget[] {
  const cwd = options.cwd ?? '.';
  const dirs = (options.standardsDirs ?? []).map((d) => path.resolve(cwd, d));
  for (const d of dirs) {
    if (!isDir(d)) throw new CarecheckError(`Standards folder ${d} does not exist or is not a folder`);
  }
  const out: VersionTarget[] = [];
  const seen = new Set<string>();
  const add = (dir: string) => {
    const key = realpath(dir);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(targetOf(dir));
  };
  if (specs.length === 0) {
    if (dirs.length === 0) {
      throw new CarecheckError('No standard given', {
        hint: 'Name a standard folder, an id (asc-cld) or id@version, or give --standards-dir DIR',
      });
    }
    for (const d of dirs) for (const v of findVersionDirs(d)) add(v);
    if (out.length === 0) throw new CarecheckError(`No standard versions found in ${dirs.join(', ')}`);
    return out;
  }
  let known: VersionTarget[] | undefined;
  for (const spec of specs) {
    const asPath = path.resolve(cwd, spec);
    if (isDir(asPath)) {
      const found = findVersionDirs(asPath);
      if (found.length === 0) {
        throw new CarecheckError(`No standard found in ${spec}`, {
          hint: 'A standard version folder holds standard.yaml (layout: <id>/<version>/standard.yaml)',
        });
      }
      for (const v of found) add(v);
      continue;
    }
    if (looksLikePath(spec)) throw new CarecheckError(`No such folder: ${spec}`);
    known ??= [bundledStandardsDir(), ...dirs]
      .flatMap((root) => (isDir(root) ? findVersionDirs(root) : []))
      .map(targetOf);
    const at = spec.indexOf('@');
    const id = at === -1 ? spec : spec.slice(0, at);
    const range = at === -1 ? undefined : spec.slice(at + 1);
    const versions = known.filter((t) => t.id === id);
    if (versions.length === 0) {
      const ids = [...new Set(known.map((t) => t.id))].sort();
      throw new CarecheckError(`Unknown standard '${id}'`, {
        hint: ids.length ? `Known standards: ${ids.join(', ')}` : undefined,
      });
    }
    if (range !== undefined && !semver.valid(range) && semver.validRange(range) === null) {
      throw new CarecheckError(`'${range}' is not a version or version range (in '${spec}')`);
    }
    const matching = versions.filter(
      (t) =>
        range === undefined ||
        (semver.valid(range)
          ? t.version === range
          : semver.valid(t.version) !== null &&
            semver.satisfies(t.version, range, { includePrerelease: true })),
    );
    if (matching.length === 0) {
      throw new CarecheckError(`No version of '${id}' matches '${spec}'`, {
        hint: `Versions: ${versions.map((t) => t.version).join(', ')}`,
      });
    }
    matching.sort((a, b) =>
      semver.valid(a.version) && semver.valid(b.version)
        ? semver.compare(a.version, b.version)
        : a.version.localeCompare(b.version),
    );
    for (const t of matching) add(t.dir);
  }
  return out;
}
