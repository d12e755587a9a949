/**
 * The standards registry: finds standard versions in folders laid out as `<id>/<version>/standard.yaml`,
 * validates each manifest against src/standards/manifest.schema.json, and resolves `id`, `id@2` or
 * `id@2.0.0` to one version. Loading a version reads its schema files; compiling them is the engine's job.
 *
 * Resolution rules (documented in the README):
 * - `id`       → the highest `active` version (else the highest `deprecated` one, with a notice);
 * - `id@range` → the highest version in the semver range that is `active` or `deprecated`;
 * - `id@x.y.z` → exactly that version, whatever its status (the only way to use a `draft` or `retired` one).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import semver from 'semver';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { CarecheckError } from '../errors.js';
import manifestSchema from './manifest.schema.json' with { type: 'json' };
import type { LoadedTable, Standard, StandardManifest } from './types.js';


/** Folder of the standards bundled with carecheck (works from src/ under vitest and from dist/). */
export function bundledStandardsDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'standards');
}

export interface RegistryEntry {
  manifest: StandardManifest;
  dir: string;
  bundled: boolean;
}

let manifestValidator: ReturnType<Ajv2020['compile']> | undefined;
function validateManifestShape(data: unknown): ErrorObject[] {
  if (!manifestValidator) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false });
    manifestValidator = ajv.compile(manifestSchema);
  }
  return manifestValidator(data) ? [] : [...(manifestValidator.errors ?? [])];
}

function describeManifestError(e: ErrorObject): string {
  const at = e.instancePath === '' ? 'the manifest' : `'${e.instancePath.slice(1).replaceAll('/', '.')}'`;
  switch (e.keyword) {
    case 'required':
      return `${at} is missing '${String(e.params['missingProperty'])}'`;
    case 'additionalProperties':
      return `${at} has an unknown key '${String(e.params['additionalProperty'])}'`;
    case 'unevaluatedProperties':
      return `${at} has an unknown key '${String(e.params['unevaluatedProperty'])}'`;
    case 'enum':
      return `${at} must be one of ${(e.params['allowedValues'] as unknown[]).join(', ')}`;
    case 'oneOf':
      return `${at} must have either 'schema' (one table) or 'tables' (a dataset), not both`;
    default:
      return `${at} ${e.message ?? 'is not valid'}`;
  }
}

/** Read and check one manifest. Throws CarecheckError (exit 2) with every problem listed. */
export function readManifest(file: string): StandardManifest {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new CarecheckError(`Cannot read standard manifest ${file}: ${(cause as Error).message}`, { cause });
  }
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: true, maxAliasCount: 0 });
  } catch (cause) {
    const where = cause instanceof YAMLParseError && cause.linePos ? ` (line ${cause.linePos[0].line})` : '';
    throw new CarecheckError(`Standard manifest ${file}${where} is not valid YAML`, { cause });
  }
  // YAML turns an unquoted 2025-10-01 into a string under the core schema, but be forgiving of dates.
  if (data && typeof data === 'object') {
    for (const k of ['effectiveFrom', 'effectiveTo'] as const) {
      const v = (data as Record<string, unknown>)[k];
      if (v instanceof Date) (data as Record<string, unknown>)[k] = v.toISOString().slice(0, 10);
    }
  }
  const problems = validateManifestShape(data).map(describeManifestError);
  if (problems.length > 0) {
    throw new CarecheckError(`Standard manifest ${file} is not valid: ${[...new Set(problems)].join('; ')}`);
  }
  return data as StandardManifest;
}

/** Find every standard version under the given folders. Bundled standards come first. */
export function discoverStandards(extraDirs: readonly string[] = [], includeBundled = true): RegistryEntry[] {
  const roots: Array<{ dir: string; bundled: boolean }> = [];
  if (includeBundled) roots.push({ dir: bundledStandardsDir(), bundled: true });
  for (const d of extraDirs) roots.push({ dir: path.resolve(d), bundled: false });
  const entries: RegistryEntry[] = [];
  const seen = new Map<string, string>();
  for (const root of roots) {
    if (!existsSync(root.dir) || !statSync(root.dir).isDirectory()) {
      throw new CarecheckError(`Standards folder ${root.dir} does not exist or is not a folder`);
    }
    for (const versionDir of findVersionDirs(root.dir)) {
      const manifest = readManifest(path.join(versionDir, 'standard.yaml'));
      const idDir = path.basename(path.dirname(versionDir));
      const versionName = path.basename(versionDir);
      if (manifest.id !== idDir || manifest.version !== versionName) {
        throw new CarecheckError(
          `Standard manifest ${path.join(versionDir, 'standard.yaml')} says ${manifest.id}@${manifest.version} but lives in ${idDir}/${versionName}`,
        );
      }
      const key = `${manifest.id}@${manifest.version}`;
      const previous = seen.get(key);
      if (previous !== undefined) {
        throw new CarecheckError(`Standard ${key} is defined twice: in ${previous} and ${versionDir}`);
      }
      seen.set(key, versionDir);
      entries.push({ manifest, dir: versionDir, bundled: root.bundled });
    }
  }
  return entries;
}

/** A standards folder may hold `<id>/<version>/standard.yaml`, or be a single `<id>/<version>/` itself. */
function findVersionDirs(root: string): string[] {
  if (existsSync(path.join(root, 'standard.yaml'))) return [root];
  const out: string[] = [];
  for (const id of readdirSync(root, { withFileTypes: true })) {
    if (!id.isDirectory() || id.name.startsWith('.')) continue;
    const idPath = path.join(root, id.name);
    for (const v of readdirSync(idPath, { withFileTypes: true })) {
      if (v.isDirectory() && existsSync(path.join(idPath, v.name, 'standard.yaml'))) out.push(path.join(idPath, v.name));
    }
  }
  return out.sort();
}

export interface Resolution {
  entry: RegistryEntry;
  notices: string[];
}

/** Resolve `id`, `id@range` or `id@x.y.z`. Throws CarecheckError (exit 2) when nothing matches. */
export function resolveStandard(entries: readonly RegistryEntry[], spec: string): Resolution {
  const at = spec.indexOf('@');
  const id = at === -1 ? spec : spec.slice(0, at);
  const range = at === -1 ? undefined : spec.slice(at + 1);
  const versions = entries.filter((e) => e.manifest.id === id);
  if (versions.length === 0) {
    const known = [...new Set(entries.map((e) => e.manifest.id))].sort();
    throw new CarecheckError(`Unknown standard '${id}'`, {
      hint: known.length ? `Known standards: ${known.join(', ')} (carecheck standards list)` : undefined,
    });
  }
  const listing = versions
    .map((e) => `${e.manifest.version} (${e.manifest.status})`)
    .sort()
    .join(', ');
  let chosen: RegistryEntry | undefined;
  if (range !== undefined && semver.valid(range)) {
    chosen = versions.find((e) => e.manifest.version === range);
  } else if (range !== undefined) {
    if (semver.validRange(range) === null) {
      throw new CarecheckError(`'${range}' is not a version or version range (in '${spec}')`, {
        hint: `Use ${id}, ${id}@2 or ${id}@2.0.0`,
      });
    }
    chosen = highest(
      versions.filter(
        (e) =>
          (e.manifest.status === 'active' || e.manifest.status === 'deprecated') &&
          semver.satisfies(e.manifest.version, range),
      ),
    );
  } else {
    chosen =
      highest(versions.filter((e) => e.manifest.status === 'active')) ??
      highest(versions.filter((e) => e.manifest.status === 'deprecated'));
  }
  if (!chosen) {
    throw new CarecheckError(`No usable version of '${id}' matches '${spec}'`, {
      hint: `Versions: ${listing}. Drafts and retired versions are used only when named exactly (${id}@x.y.z).`,
    });
  }
  const notices: string[] = [];
  const m = chosen.manifest;
  if (m.status === 'deprecated') {
    const newer = highest(versions.filter((e) => e.manifest.status === 'active'));
    notices.push(
      `${m.id}@${m.version} is deprecated${newer ? `; the current version is ${newer.manifest.version}` : ''}`,
    );
  } else if (m.status === 'draft') {
    notices.push(`${m.id}@${m.version} is a draft: results are not a conformance verdict against a published standard`);
  } else if (m.status === 'retired') {
    notices.push(`${m.id}@${m.version} is retired`);
  }
  return { entry: chosen, notices };
}

function highest(list: readonly RegistryEntry[]): RegistryEntry | undefined {
  let best: RegistryEntry | undefined;
  for (const e of list) if (!best || semver.gt(e.manifest.version, best.manifest.version)) best = e;
  return best;
}

function readJsonFile(file: string, what: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new CarecheckError(`Cannot read ${what} ${file}: ${(cause as Error).message}`, { cause });
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new Error('the top level must be an object');
    }
    return value as Record<string, unknown>;
  } catch (cause) {
    throw new CarecheckError(`${what} ${file} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
}

/** Load a version's schema files. */
export function loadStandard(entry: RegistryEntry): Standard {
  const m = entry.manifest;
  const tables = new Map<string, LoadedTable>();
  if (m.schema !== undefined) {
    const schemaPath = path.join(entry.dir, m.schema);
    tables.set(m.id, {
      name: m.id,
      title: m.title,
      schemaPath,
      schema: readJsonFile(schemaPath, 'Schema'),
      ...(m.keys ?? {}),
    });
  } else {
    for (const [name, t] of Object.entries(m.tables ?? {})) {
      const schemaPath = path.join(entry.dir, t.schema);
      const { schema: _schemaFile, ...rest } = t;
      tables.set(name, { ...rest, name, schemaPath, schema: readJsonFile(schemaPath, 'Schema') });
    }
    for (const [name, t] of tables) {
      for (const fk of t.foreignKeys ?? []) {
        if (!tables.has(fk.reference.table)) {
          throw new CarecheckError(
            `Standard ${m.id}@${m.version}: table '${name}' has a foreign key to unknown table '${fk.reference.table}'`,
          );
        }
      }
    }
  }
  return { manifest: m, dir: entry.dir, tables, bundled: entry.bundled };
}

/** A bare JSON Schema given with --schema: a one-table standard with no manifest. */
export function standardFromSchemaFile(file: string): Standard {
  const schemaPath = path.resolve(file);
  return standardFromSchemaValue(readJsonFile(schemaPath, 'Schema'), schemaPath);
}

/** A bare JSON Schema value (library use), optionally remembering the file it came from. */
export function standardFromSchemaValue(schema: Record<string, unknown>, schemaPath = '(in memory)'): Standard {
  const file = schemaPath;
  const name = path.basename(file).replace(/\.(schema\.)?json$/i, '').replace(/[^a-z0-9-]+/gi, '-') || 'schema';
  const manifest: StandardManifest = {
    id: name,
    version: '0.0.0',
    title: typeof schema['title'] === 'string' ? schema['title'] : name,
    publisher: 'unknown',
    status: 'draft',
    effectiveFrom: '1970-01-01',
    description: `Bare JSON Schema ${file}`,
    provenance: { source: file },
    kind: 'document',
    schema: path.basename(file),
  };
  return {
    manifest,
    dir: path.dirname(path.resolve(schemaPath)),
    tables: new Map([[name, { name, schemaPath, schema }]]),
    bundled: false,
  };
}
