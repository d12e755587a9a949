/**
 * From the command line and the project configuration to a list of validation runs.
 *
 * - Files and `--standard`/`--schema` on the command line: one run, as before.
 * - Files but no standard, with a configuration: each file goes to the first `inputs` entry whose
 *   glob matches it; one run per entry used.
 * - No files, with a configuration: every `inputs` entry is a run over the files its globs match.
 *
 * The engine is given absolute paths (resolved against the CLI's working folder, which need not be
 * the process's); reports then name files as people typed them, or relative to the working folder
 * for files found by a glob (`relabelReport`).
 */
import path from 'node:path';
import { CarecheckError } from '../errors.js';
import type { InputFormat } from '../report/types.js';
import { expandGlob, hasWildcard, matchGlob } from './glob.js';
import type { InputMapping, LoadedConfig } from './load.js';
import { displayPath } from './paths.js';

export { displayPath };

export interface PlannedInput {
  /** Name in the report. */
  display: string;
  /** What the engine opens: an absolute path, or `-` for standard input. */
  open: string;
}

export interface PlannedRun {
  /** Short name for this run, used in file names when there are several runs. */
  label: string;
  inputs: PlannedInput[];
  standard?: string;
  schema?: PlannedInput;
  tables?: Record<string, PlannedInput>;
  inputFormat?: InputFormat;
  delimiter?: string;
  encoding?: string;
}

export interface CliInputOptions {
  standard?: string;
  schema?: string;
  tables?: Record<string, string>;
  inputFormat?: InputFormat;
  delimiter?: string;
  encoding?: string;
}

function typed(file: string, cwd: string): PlannedInput {
  return file === '-' ? { display: '<stdin>', open: '-' } : { display: file, open: path.resolve(cwd, file) };
}

function labelOf(standard: string | undefined, schema: string | undefined): string {
  const raw =
    standard ??
    (schema !== undefined
      ? path
          .basename(schema)
          .replace(/\.[^.]*$/, '')
          .replace(/\.schema$/, '')
      : 'run');
  return raw.replace(/[^A-Za-z0-9._-]+/g, '-');
}

/** One run per entry used; CLI options override the entry's. */
function runFor(
  mapping: InputMapping,
  inputs: PlannedInput[],
  cli: CliInputOptions,
  config: LoadedConfig,
  cwd: string,
): PlannedRun {
  const fromConfig = (p: string): PlannedInput => {
    const abs = path.resolve(config.dir, p);
    return { display: displayPath(abs, cwd), open: abs };
  };
  const cliWins = cli.standard !== undefined || cli.schema !== undefined;
  const standard = cliWins ? cli.standard : mapping.standard;
  const schema = cliWins
    ? cli.schema !== undefined
      ? typed(cli.schema, cwd)
      : undefined
    : mapping.schema !== undefined
      ? fromConfig(mapping.schema)
      : undefined;
  const tables =
    cli.tables !== undefined
      ? Object.fromEntries(Object.entries(cli.tables).map(([k, v]) => [k, typed(v, cwd)]))
      : mapping.tables !== undefined
        ? Object.fromEntries(Object.entries(mapping.tables).map(([k, v]) => [k, fromConfig(v)]))
        : undefined;
  const inputFormat = cli.inputFormat ?? mapping.inputFormat;
  const delimiter = cli.delimiter ?? mapping.delimiter;
  const encoding = cli.encoding ?? mapping.encoding;
  return {
    label: labelOf(standard, schema?.display),
    inputs,
    ...(standard !== undefined && { standard }),
    ...(schema !== undefined && { schema }),
    ...(tables !== undefined && { tables }),
    ...(inputFormat !== undefined && { inputFormat }),
    ...(delimiter !== undefined && { delimiter }),
    ...(encoding !== undefined && { encoding }),
  };
}

function globsOf(m: InputMapping): string[] {
  return typeof m.files === 'string' ? [m.files] : m.files;
}

export function planRuns(
  files: readonly string[],
  cli: CliInputOptions,
  config: LoadedConfig | undefined,
  cwd: string,
): PlannedRun[] {
  const mappings = config?.config.inputs ?? [];
  const direct = (): PlannedRun => {
    const run: PlannedRun = {
      label: labelOf(cli.standard, cli.schema),
      inputs: files.map((f) => typed(f, cwd)),
      ...(cli.standard !== undefined && { standard: cli.standard }),
      ...(cli.schema !== undefined && { schema: typed(cli.schema, cwd) }),
      ...(cli.tables !== undefined && {
        tables: Object.fromEntries(Object.entries(cli.tables).map(([k, v]) => [k, typed(v, cwd)])),
      }),
      ...(cli.inputFormat !== undefined && { inputFormat: cli.inputFormat }),
      ...(cli.delimiter !== undefined && { delimiter: cli.delimiter }),
      ...(cli.encoding !== undefined && { encoding: cli.encoding }),
    };
    return run;
  };

  if (files.length > 0) {
    if (cli.standard !== undefined || cli.schema !== undefined || !config || mappings.length === 0) {
      return [direct()];
    }
    // Files named on the command line take their standard from the first entry whose glob matches.
    const groups = new Map<number, PlannedInput[]>();
    for (const f of files) {
      if (f === '-') {
        throw new CarecheckError("Standard input ('-') needs --standard or --schema", {
          hint: `${config.name} maps files by name, and standard input has none`,
        });
      }
      const abs = path.resolve(cwd, f);
      const rel = path.relative(config.dir, abs).split(path.sep).join('/');
      const index = mappings.findIndex((m) => globsOf(m).some((g) => matchGlob(g, rel)));
      if (index === -1) {
        throw new CarecheckError(`No standard for ${f}: it matches no 'inputs' entry of ${config.name}`, {
          hint: 'Give --standard ID, or add an entry for it to the configuration',
        });
      }
      const list = groups.get(index) ?? [];
      list.push({ display: f, open: abs });
      groups.set(index, list);
    }
    return [...groups.entries()]
      .sort(([a], [b]) => a - b)
      .map(([i, inputs]) => runFor(mappings[i] as InputMapping, inputs, cli, config, cwd));
  }

  if (!config || mappings.length === 0) {
    throw new CarecheckError('No input files given', {
      hint: config
        ? `${config.name} has no 'inputs'; name files: carecheck validate FILE... --standard ID`
        : 'Usage: carecheck validate FILE... --standard ID (or add a carecheck.config.yaml)',
    });
  }
  return mappings.map((m, i) => {
    const found = new Map<string, PlannedInput>();
    for (const g of globsOf(m)) {
      const matches = expandGlob(g, config.dir);
      if (matches.length === 0) {
        // A CI run that silently checks nothing would pass: a pattern that finds nothing is a problem.
        throw new CarecheckError(
          `${config.name}: 'inputs[${i}].files' ${hasWildcard(g) ? `pattern '${g}' matches no files` : `file '${g}' does not exist`}`,
          { hint: `Patterns are relative to ${displayPath(config.dir, cwd)}` },
        );
      }
      for (const abs of matches) found.set(abs, { display: displayPath(abs, cwd), open: abs });
    }
    return runFor(m, [...found.values()], cli, config, cwd);
  });
}

/** Give each run a distinct label (`asc-cld`, `asc-cld-2`) for file names. */
export function distinctLabels(runs: PlannedRun[]): string[] {
  const seen = new Map<string, number>();
  return runs.map((r) => {
    const n = (seen.get(r.label) ?? 0) + 1;
    seen.set(r.label, n);
    return n === 1 ? r.label : `${r.label}-${n}`;
  });
}

/** `reports/out.sarif` + `asc-cld` → `reports/out.asc-cld.sarif`. */
export function labelledPath(file: string, label: string): string {
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}.${label}${ext}`;
}
