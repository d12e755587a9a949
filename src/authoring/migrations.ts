/**
 * Value mappings between versions. A manifest's `migrations` maps its predecessor's codes to its own
 * (`null` = no equivalent). Going further back than one version composes the mappings along the
 * `predecessor` chain, so `migrate --from 1.0.0 --to 3.0.0` applies 1→2 then 2→3 in one pass.
 */
import { CarecheckError } from '../errors.js';
import type { Standard } from '../standards/types.js';
import type { Migrations } from './model.js';

/** Apply `next` after `first`: old → first → next. A null anywhere stays null (no equivalent). */
export function composeMigrations(first: Migrations, next: Migrations): Migrations {
  const out: Migrations = {};
  for (const field of new Set([...Object.keys(first), ...Object.keys(next)])) {
    const a = first[field] ?? {};
    const b = next[field] ?? {};
    const m: Record<string, string | null> = {};
    for (const [old, mid] of Object.entries(a)) {
      m[old] = mid === null ? null : Object.hasOwn(b, mid) ? (b[mid] ?? null) : mid;
    }
    // Codes unchanged by the first step but renamed by the next.
    for (const [old, v] of Object.entries(b)) if (!Object.hasOwn(m, old)) m[old] = v;
    out[field] = m;
  }
  return out;
}

export interface MigrationPath {
  migrations: Migrations;
  /** Versions stepped through, oldest first (from … to). */
  versions: string[];
  /** Label of the oldest version as people call it (the first step's predecessorLabel). */
  fromLabel?: string;
}

/**
 * Mappings from `from` to `to`, following `to`'s predecessor chain. `load(version)` finds a version
 * of the same standard. Undefined when `from` is not an ancestor of `to` (no declared path).
 */
export function migrationPath(
  from: Standard,
  to: Standard,
  load: (version: string) => Standard | undefined,
): MigrationPath | undefined {
  if (from.manifest.id !== to.manifest.id) return undefined;
  if (from.manifest.version === to.manifest.version)
    return { migrations: {}, versions: [from.manifest.version] };
  const steps: Standard[] = [];
  let current: Standard | undefined = to;
  const seen = new Set<string>();
  while (current && current.manifest.version !== from.manifest.version) {
    if (seen.has(current.manifest.version) || steps.length > 64) {
      throw new CarecheckError(
        `The predecessor chain of ${to.manifest.id} loops at ${current.manifest.version}`,
      );
    }
    seen.add(current.manifest.version);
    steps.unshift(current);
    const pred: string | undefined = current.manifest.predecessor;
    if (pred === undefined) return undefined;
    current = pred === from.manifest.version ? from : load(pred);
  }
  if (!current) return undefined;
  let migrations: Migrations = {};
  for (const s of steps) migrations = composeMigrations(migrations, s.manifest.migrations ?? {});
  const path: MigrationPath = {
    migrations,
    versions: [from.manifest.version, ...steps.map((s) => s.manifest.version)],
  };
  const label = steps[0]?.manifest.predecessorLabel;
  if (label !== undefined) path.fromLabel = label;
  return path;
}
