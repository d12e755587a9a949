/**
 * Project configuration: `carecheck.config.yaml`, found from the working folder upwards or named with
 * `--config FILE`, checked against config.schema.json. A problem is one line naming the file and the
 * key path (`inputs[1].standard`), exit code 2.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { CarecheckError, ioReason } from '../errors.js';
import configSchema from './config.schema.json' with { type: 'json' };
import { displayPath } from './paths.js';

export const CONFIG_NAMES = ['carecheck.config.yaml', 'carecheck.config.yml'] as const;

export type FormatItem = string | Record<string, string>;

export interface InputMapping {
  files: string | string[];
  standard?: string;
  schema?: string;
  tables?: Record<string, string>;
  inputFormat?: 'csv' | 'json' | 'jsonl' | 'yaml';
  delimiter?: string;
  encoding?: string;
}

export interface CarecheckConfig {
  inputs?: InputMapping[];
  standardsDirs?: string[];
  formats?: FormatItem[];
  failOn?: 'error' | 'warning' | 'never';
  maxWarnings?: number;
  maxFindings?: number;
  examples?: number;
  baseline?: string;
  sign?: string;
  progress?: boolean;
  privacy?: {
    showValues?: 'none' | 'masked' | 'all';
    suppressBelow?: number;
    pseudonymise?: string;
  };
}

export interface LoadedConfig {
  /** Absolute path of the file. */
  file: string;
  /** As people should see it in messages (relative to the working folder when inside it). */
  name: string;
  /** Folder every relative path in the file is resolved against. */
  dir: string;
  config: CarecheckConfig;
}

/** The nearest configuration file from `cwd` upwards, or undefined. */
export function findConfig(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

let validator: ReturnType<Ajv2020['compile']> | undefined;

function keyPath(instancePath: string): string {
  if (instancePath === '') return '';
  return instancePath
    .slice(1)
    .split('/')
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((acc, p) => (/^[0-9]+$/.test(p) ? `${acc}[${p}]` : acc === '' ? p : `${acc}.${p}`), '');
}

const FORMAT_NAMES = 'text, json, junit, sarif, markdown, html, csv';

/** One plain sentence per problem. */
export function describeConfigError(e: ErrorObject): string {
  const at = keyPath(e.instancePath);
  const where = at === '' ? 'the file' : `'${at}'`;
  const child = (k: string) => (at === '' ? k : `${at}.${k}`);
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown key '${child(String(e.params['additionalProperty']))}'`;
    case 'required':
      return `${where} needs '${String(e.params['missingProperty'])}'`;
    case 'enum':
      return `${where} must be one of ${(e.params['allowedValues'] as unknown[]).map(String).join(', ')}`;
    case 'type':
      return `${where} must be ${e.params['type'] === 'array' ? 'a list' : e.params['type'] === 'object' ? 'a mapping (key: value)' : `a ${String(e.params['type'])}`}`;
    case 'minimum':
      return `${where} must be ${String(e.params['limit'])} or more`;
    case 'minItems':
      return `${where} must not be empty`;
    case 'minLength':
      return `${where} must not be empty`;
    case 'propertyNames':
      return `${where} must name a report format (${FORMAT_NAMES})`;
    case 'oneOf':
      if (/^\/formats\/[0-9]+$/.test(e.instancePath)) {
        return `${where} must be a format name (${FORMAT_NAMES}) or {name: file}`;
      }
      if (/\/files$/.test(e.instancePath)) return `${where} must be a glob or a list of globs`;
      return `${where} is not valid`;
    default:
      return `${where} ${e.message ?? 'is not valid'}`;
  }
}

/** Errors worth showing: a failed oneOf says it all, so the errors of its branches are dropped. */
function relevant(errors: readonly ErrorObject[]): ErrorObject[] {
  const oneOfAt = errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath);
  const out = errors.filter(
    (e) =>
      e.keyword === 'oneOf' ||
      !oneOfAt.some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`)),
  );
  // propertyNames also reports the offending name as a separate error: keep one.
  return out.filter((e, i) => out.findIndex((o) => describeConfigError(o) === describeConfigError(e)) === i);
}

export function parseConfig(text: string, name: string): CarecheckConfig {
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: true, maxAliasCount: 100 });
  } catch (cause) {
    const where = cause instanceof YAMLParseError && cause.linePos ? ` (line ${cause.linePos[0].line})` : '';
    throw new CarecheckError(`${name}${where} is not valid YAML`, { cause });
  }
  if (data === null || data === undefined) data = {};
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    validator = ajv.compile(configSchema);
  }
  if (!validator(data)) {
    const problems = relevant(validator.errors ?? []).map(describeConfigError);
    const more = problems.length > 2 ? ` (and ${problems.length - 2} more)` : '';
    throw new CarecheckError(
      `${name}: ${problems[0] ?? 'is not valid'}`,
      problems.length > 1 ? { hint: `also: ${problems[1]}${more}` } : {},
    );
  }
  const config = data as CarecheckConfig;
  config.inputs?.forEach((m, i) => {
    if (m.standard !== undefined && m.schema !== undefined) {
      throw new CarecheckError(`${name}: 'inputs[${i}]' has both 'standard' and 'schema'; give one`);
    }
  });
  return config;
}

/** Read and check a configuration file. */
export function loadConfig(file: string, cwd: string): LoadedConfig {
  const abs = path.resolve(cwd, file);
  const name = displayPath(abs, cwd);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (cause) {
    throw new CarecheckError(`Cannot read the configuration ${name}: ${ioReason(cause)}`, { cause });
  }
  return { file: abs, name, dir: path.dirname(abs), config: parseConfig(text, name) };
}
