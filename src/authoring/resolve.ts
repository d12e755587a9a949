/**
 * Naming a standard version for the authoring commands: `id@version` (or `id@range`, `id`) from the
 * registry, or a version folder (`path/to/<id>/<version>/` holding standard.yaml), so an author can
 * diff a draft on disk against the bundled release without installing it anywhere.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { CarecheckError } from '../errors.js';
import {
  discoverStandards,
  loadStandard,
  type RegistryEntry,
  resolveStandard,
} from '../standards/registry.js';
import type { Standard } from '../standards/types.js';

export interface LoadedVersion {
  standard: Standard;
  /** How the user named it (for messages). */
  spec: string;
  /** Where it came from: 'bundled', 'standards-dir' or 'folder'. */
  source: 'bundled' | 'standards-dir' | 'folder';
  notices: string[];
  /** Registry the version was found in (for finding its predecessor). */
  entries: RegistryEntry[];
}

function isVersionFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory() && existsSync(path.join(p, 'standard.yaml'));
  } catch {
    return false;
  }
}

/**
 * Resolve `spec` relative to `cwd`. A path to a folder holding standard.yaml wins over a registry id
 * only when it exists, so `asc-cld` still means the standard even if a folder of that name is around.
 */
export function loadVersion(spec: string, standardsDirs: readonly string[], cwd: string): LoadedVersion {
  const asPath = path.resolve(cwd, spec);
  const dirs = standardsDirs.map((d) => path.resolve(cwd, d));
  if (isVersionFolder(asPath)) {
    const [entry] = discoverStandards([asPath], false);
    if (!entry) throw new CarecheckError(`No standard found in ${spec}`);
    // The folder's siblings (other versions of the same id) and the registry are searched for the
    // predecessor: <root>/<id>/<version> → <root> as an extra standards folder.
    const root = path.dirname(path.dirname(asPath));
    // Siblings first: an author's folder tree wins over a bundled version of the same number.
    let siblings: RegistryEntry[];
    try {
      siblings = discoverStandards([root], false);
    } catch {
      siblings = [entry];
    }
    const entries = mergeEntries(siblings, discoverStandards(dirs));
    return { standard: loadStandard(entry), spec, source: 'folder', notices: [], entries };
  }
  if (spec.includes('/') || spec.includes(path.sep) || spec.startsWith('.')) {
    if (existsSync(asPath)) {
      throw new CarecheckError(`${spec} is not a standard version folder (it has no standard.yaml)`, {
        hint: 'Name a folder laid out as <id>/<version>/ with standard.yaml in it, or a standard as id@version',
      });
    }
    if (!/^[a-z0-9-]+(@[^/]*)?$/i.test(spec)) throw new CarecheckError(`No such standard folder: ${spec}`);
  }
  const entries = discoverStandards(dirs);
  const { entry, notices } = resolveStandard(entries, spec);
  return {
    standard: loadStandard(entry),
    spec,
    source: entry.bundled ? 'bundled' : 'standards-dir',
    notices,
    entries,
  };
}

/** Entries from both lists; a version found twice (the same folder reached two ways) is kept once. */
function mergeEntries(a: RegistryEntry[], b: RegistryEntry[]): RegistryEntry[] {
  const out = [...a];
  const seen = new Set(a.map((e) => `${e.manifest.id}@${e.manifest.version}`));
  for (const e of b) {
    const key = `${e.manifest.id}@${e.manifest.version}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(e);
    }
  }
  return out;
}

/** Another version of the same standard from the same registry (a sibling folder first). */
export function loadSibling(version: LoadedVersion, wanted: string): Standard | undefined {
  const m = version.standard.manifest;
  const candidates = version.entries.filter((e) => e.manifest.id === m.id && e.manifest.version === wanted);
  const root = path.dirname(path.dirname(version.standard.dir));
  const chosen = candidates.find((e) => path.dirname(path.dirname(e.dir)) === root) ?? candidates[0];
  return chosen ? loadStandard(chosen) : undefined;
}

/** The version `standard` names as its predecessor, from the same registry; undefined when none. */
export function findPredecessor(version: LoadedVersion): Standard | undefined {
  const pred = version.standard.manifest.predecessor;
  return pred === undefined ? undefined : loadSibling(version, pred);
}
