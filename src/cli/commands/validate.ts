/**
 * `carecheck validate`: check files against a standard (or a bare schema) and print reports.
 *
 * Settings come from the command line, then the project configuration (carecheck.config.yaml), then
 * defaults; the configuration may also say which files to check against which standard, in which
 * case there may be several runs (one per standard), each with its own report and one exit code.
 * Around the engine this command adds: keyed record references (--pseudonymise), an exceptions
 * register (--baseline), a signature on the JSON report (--sign) and a progress line.
 */
import path from 'node:path';
import { Chalk } from 'chalk';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { type BaselinedFileReport, createBaselineMatcher } from '../../baseline/apply.js';
import { type Baseline, fingerprintKey, readBaseline } from '../../baseline/format.js';
import type { LoadedConfig } from '../../config/load.js';
import { findConfig, loadConfig } from '../../config/load.js';
import { displayPath } from '../../config/paths.js';
import {
  type CliInputOptions,
  distinctLabels,
  labelledPath,
  type PlannedRun,
  planRuns,
} from '../../config/plan.js';
import { relabelReport, relabelText } from '../../config/relabel.js';
import type { ValuePolicy } from '../../engine/privacy.js';
import { type InputSpec, type Progress, validate } from '../../engine/validate.js';
import { CarecheckError } from '../../errors.js';
import { readPseudonymKey, readSigningKey } from '../../evidence/keys.js';
import { signReport } from '../../evidence/sign.js';
import type { Finding, InputFormat, Report } from '../../report/types.js';
import {
  isReporterName,
  REPORTER_NAMES,
  type ReporterName,
  reporterContext,
  reporters,
} from '../../reporters/index.js';
import { ExitCode, exitCodeFor, type FailOn } from '../exit-code.js';
import type { Io } from '../io.js';
import { samePath, writeFileAtomic } from '../output.js';
import { createProgress } from '../progress.js';
import { type CommandState, reportFailure } from '../run.js';

export interface FormatTarget {
  name: ReporterName;
  /** File to write; undefined = stdout (or --output). */
  path?: string;
}

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function parseInteger(name: string, min: number) {
  return (value: string): number => {
    if (!/^-?[0-9]+$/.test(value) || Number(value) < min) {
      throw new InvalidArgumentError(
        `${name} takes a whole number${min === 0 ? ' (0 or more)' : ` of at least ${min}`}`,
      );
    }
    return Number(value);
  };
}

export function parseFormatTargets(specs: readonly string[], output: string | undefined): FormatTarget[] {
  const targets: FormatTarget[] = (specs.length ? specs : ['text']).map((spec) => {
    const eq = spec.indexOf('=');
    const name = eq === -1 ? spec : spec.slice(0, eq);
    const file = eq === -1 ? undefined : spec.slice(eq + 1);
    if (!isReporterName(name)) {
      throw new CarecheckError(`Unknown format '${name}'`, { hint: `Formats: ${REPORTER_NAMES.join(', ')}` });
    }
    if (file === '') throw new CarecheckError(`--format ${spec}: give a file name after '='`);
    return file === undefined ? { name } : { name, path: file };
  });
  const toStdout = targets.filter((t) => t.path === undefined);
  if (toStdout.length > 1) {
    throw new CarecheckError(
      `Only one format can go to the terminal or --output; give the others a file: --format ${toStdout[1]?.name}=FILE`,
    );
  }
  const first = toStdout[0];
  if (first && output !== undefined) first.path = output;
  return targets;
}

export function parseTables(specs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw new CarecheckError(`--table takes NAME=FILE, not '${spec}'`);
    out[spec.slice(0, eq)] = spec.slice(eq + 1);
  }
  return out;
}

const DELIMITERS: Record<string, string> = {
  ',': ',',
  comma: ',',
  ';': ';',
  semicolon: ';',
  tab: '\t',
  '\t': '\t',
  '|': '|',
  pipe: '|',
};

export function parseDelimiter(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const delimiter = DELIMITERS[value.toLowerCase()];
  if (delimiter === undefined)
    throw new CarecheckError(`--delimiter takes ',', ';', tab or '|', not '${value}'`);
  return delimiter;
}

export function parseToday(value: string): Date {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new InvalidArgumentError('--today takes a date written yyyy-mm-dd');
  }
  return new Date(`${value}T00:00:00Z`);
}

export function colorLevel(io: Io, flag: boolean | undefined): 0 | 1 {
  if (flag === false) return 0;
  if (flag === true) return 1;
  if (io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '') return 0;
  return io.stdoutIsTTY ? 1 : 0;
}

/** Options every command that runs the engine over data shares (validate, baseline). */
export interface InputCliOptions {
  standard?: string;
  schema?: string;
  standardsDir?: string[];
  inputFormat?: InputFormat;
  table?: string[];
  delimiter?: string;
  encoding?: string;
  today?: Date;
  pseudonymise?: string;
  /** `--config FILE`, or false for `--no-config`. */
  config?: string | false;
  progress?: boolean;
}

interface ValidateCliOptions extends InputCliOptions {
  format?: string[];
  output?: string;
  maxFindings?: number;
  showValues?: boolean | string;
  failOn?: FailOn;
  maxWarnings?: number;
  color?: boolean;
  suppressBelow?: number;
  examples?: number;
  sign?: string;
  baseline?: string;
}

/** Write each requested format; returns nothing, throws CarecheckError on IO problems. */
export function emitReports(
  report: Report,
  targets: readonly FormatTarget[],
  io: Io,
  colorFlag: boolean | undefined,
  opts: { suppressBelow: number; examples: number; inputs: readonly string[] },
): void {
  for (const t of targets) {
    if (t.path !== undefined && opts.inputs.some((i) => samePath(i, t.path as string, io.cwd))) {
      throw new CarecheckError(`Refusing to write the ${t.name} report over the input file ${t.path}`);
    }
  }
  for (const t of targets) {
    const level = t.path === undefined && t.name === 'text' ? colorLevel(io, colorFlag) : 0;
    const ctx = reporterContext({
      color: new Chalk({ level }),
      suppressBelow: opts.suppressBelow,
      examplesPerRule: opts.examples,
    });
    const text = reporters[t.name](report, ctx);
    if (t.path === undefined) io.stdout(text);
    else writeFileAtomic(path.resolve(io.cwd, t.path), text);
  }
}

/** The project configuration in force: `--config FILE`, none with `--no-config`, else the nearest one. */
export function projectConfig(opts: Pick<InputCliOptions, 'config'>, io: Io): LoadedConfig | undefined {
  if (opts.config === false) return undefined;
  if (typeof opts.config === 'string') return loadConfig(opts.config, io.cwd);
  const found = findConfig(io.cwd);
  return found === undefined ? undefined : loadConfig(found, io.cwd);
}

/** A file named on the command line or in the configuration: where it is, and how to name it to people. */
export interface NamedPath {
  abs: string;
  /** As typed on the command line; relative to the working folder when it came from the configuration. */
  name: string;
}

/** Resolve a path from the command line (against the working folder) or from the configuration (its folder). */
export function fromCliOrConfig(
  cli: string | undefined,
  configured: string | undefined,
  io: Io,
  config: LoadedConfig | undefined,
): NamedPath | undefined {
  if (cli !== undefined) return { abs: path.resolve(io.cwd, cli), name: cli };
  if (configured !== undefined && config) {
    const abs = path.resolve(config.dir, configured);
    return { abs, name: displayPath(abs, io.cwd) };
  }
  return undefined;
}

export function planFromCli(
  files: string[],
  opts: InputCliOptions,
  io: Io,
  config: LoadedConfig | undefined,
) {
  const cli: CliInputOptions = {
    ...(opts.standard !== undefined && { standard: opts.standard }),
    ...(opts.schema !== undefined && { schema: opts.schema }),
    ...(opts.table !== undefined && { tables: parseTables(opts.table) }),
    ...(opts.inputFormat !== undefined && { inputFormat: opts.inputFormat }),
    ...(opts.delimiter !== undefined && { delimiter: opts.delimiter }),
    ...(opts.encoding !== undefined && { encoding: opts.encoding }),
  };
  if (files.filter((f) => f === '-').length > 1) {
    throw new CarecheckError("Standard input ('-') can be read only once");
  }
  const runs = planRuns(files, cli, config, io.cwd);
  for (const run of runs) {
    if (run.inputs.some((i) => i.open === '-')) {
      if (!io.stdin) throw new CarecheckError('Standard input is not available');
      if (!run.inputFormat) {
        throw new CarecheckError('Reading standard input needs --input-format csv|json|jsonl|yaml');
      }
    }
  }
  return runs;
}

export interface EngineRunOptions {
  standardsDirs: string[] | undefined;
  maxFindings: number;
  showValues: ValuePolicy;
  today: Date | undefined;
  recordHmacKey: Uint8Array | undefined;
  progress: boolean;
  accept?: (f: Finding) => Record<string, unknown> | undefined;
}

/** Run the engine for one planned run and give the report the names people typed. */
export async function runEngine(run: PlannedRun, o: EngineRunOptions, io: Io): Promise<Report> {
  const names = new Map<string, string>();
  const inputs: InputSpec[] = run.inputs.map((i) => {
    if (i.open === '-') return { name: '<stdin>', stream: io.stdin as AsyncIterable<Uint8Array> };
    names.set(i.open, i.display);
    return { path: i.open };
  });
  const tables = run.tables
    ? Object.fromEntries(
        Object.entries(run.tables).map(([k, v]) => {
          names.set(v.open, v.display);
          return [k, v.open];
        }),
      )
    : undefined;
  if (run.schema) names.set(run.schema.open, run.schema.display);
  const progress = createProgress(io, { enabled: o.progress });
  const onProgress = progress.onProgress;
  let report: Report;
  try {
    report = await validate({
      inputs,
      ...(run.standard !== undefined && { standard: run.standard }),
      ...(run.schema !== undefined && { schema: run.schema.open }),
      ...(o.standardsDirs !== undefined && { standardsDirs: o.standardsDirs }),
      ...(run.inputFormat !== undefined && { inputFormat: run.inputFormat }),
      ...(tables !== undefined && { tables }),
      ...(run.delimiter !== undefined && { delimiter: parseDelimiter(run.delimiter) as string }),
      ...(run.encoding !== undefined && { encoding: run.encoding }),
      ...(o.today !== undefined && { today: o.today }),
      ...(io.now !== undefined && { now: io.now }),
      ...(o.recordHmacKey !== undefined && { recordHmacKey: o.recordHmacKey }),
      ...(onProgress !== undefined && {
        // The engine reports the absolute path it opened; show the name people know.
        onProgress: (p: Progress) => onProgress({ ...p, file: names.get(p.file) ?? p.file }),
      }),
      ...(o.accept !== undefined && { accept: o.accept }),
      maxFindings: o.maxFindings,
      showValues: o.showValues,
    });
  } catch (e) {
    // The engine names the absolute paths it was given; say what the user typed instead.
    if (e instanceof CarecheckError) {
      e.message = relabelText(e.message, names);
    }
    throw e;
  } finally {
    progress.done();
  }
  return relabelReport(report, names);
}

function parseShowValues(value: boolean | string | undefined): ValuePolicy | undefined {
  if (value === undefined) return undefined;
  if (value === true || value === 'masked') return 'masked';
  if (value === 'all') return 'all';
  throw new CarecheckError(`--show-values takes 'masked' or 'all', not '${String(value)}'`);
}

const CONFIG_SHOW_VALUES: Record<string, ValuePolicy> = { none: 'default', masked: 'masked', all: 'all' };

/** The date baseline expiry is judged by: --today when given, else the clock (UTC). */
export function todayOf(opts: { today?: Date }, io: Io): string {
  return (opts.today ?? (io.now ? io.now() : new Date())).toISOString().slice(0, 10);
}

/** Shared input/engine options for validate and baseline. */
export function addInputOptions(cmd: Command): Command {
  return cmd
    .option(
      '-s, --standard <id[@version]>',
      'standard to check against, e.g. asc-cld, asc-cld@2, asc-cld@2.0.0',
    )
    .option('--schema <file>', 'a bare JSON Schema to check against instead of a standard')
    .option('--standards-dir <dir>', 'also load standards from this folder (repeatable)', collect)
    .addOption(
      new Option(
        '--input-format <format>',
        'read inputs as this format instead of guessing from the extension',
      ).choices(['csv', 'json', 'jsonl', 'yaml']),
    )
    .option('--table <name=file>', 'match a file to a table of a dataset standard (repeatable)', collect)
    .option('--delimiter <char>', "CSV delimiter instead of detecting it: ',', ';', tab or '|'")
    .option(
      '--encoding <name>',
      'decode inputs with this encoding instead of detecting it (utf-8, windows-1252, utf-16le …)',
    )
    .option(
      '--today <yyyy-mm-dd>',
      "the date '$today' rules and baseline expiry use (default: today)",
      parseToday,
    )
    .option(
      '--pseudonymise <keyfile>',
      'give each finding a keyed reference to its record (HMAC-SHA-256 of its local key) using this secret key file',
    )
    .option(
      '--config <file>',
      'project configuration (default: carecheck.config.yaml here or in a parent folder)',
    )
    .option('--no-config', 'ignore any carecheck.config.yaml')
    .option('--no-progress', 'no progress line on standard error');
}

export function registerValidateCommand(program: Command, io: Io, state: CommandState): void {
  const cmd = program
    .command('validate')
    .description('check data files against a standard and print a conformance report')
    .argument(
      '[files...]',
      "data files (CSV, JSON, JSON Lines, YAML); '-' reads standard input; none: the inputs of carecheck.config.yaml",
    );
  addInputOptions(cmd)
    .option(
      '-f, --format <name[=file]>',
      `report format, repeatable: ${REPORTER_NAMES.join(', ')} (default text)`,
      collect,
    )
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of standard output')
    .option(
      '--max-findings <n>',
      'findings listed per file; 0 = no cap (counts stay exact) (default 1000)',
      parseInteger('--max-findings', 0),
    )
    .option(
      '--show-values [mode]',
      "show data values in findings: 'masked' (direct identifiers masked, the default) or 'all'",
    )
    .addOption(
      new Option('--fail-on <level>', 'lowest severity that fails the run (default error)').choices([
        'error',
        'warning',
        'never',
      ]),
    )
    .option(
      '--max-warnings <n>',
      'fail when there are more warnings than this',
      parseInteger('--max-warnings', 0),
    )
    .option(
      '--suppress-below <n>',
      'show counts from 1 to N-1 as <N in summaries (small-number suppression)',
      parseInteger('--suppress-below', 0),
    )
    .option(
      '--examples <n>',
      'examples shown per rule in text and Markdown reports (default 3)',
      parseInteger('--examples', 0),
    )
    .option(
      '--baseline <file>',
      'accept the findings recorded in this exceptions register (carecheck baseline)',
    )
    .option('--sign <keyfile>', 'sign the JSON report with this Ed25519 private key (PEM)')
    .option('--color', 'force colour in the text report')
    .option('--no-color', 'no colour in the text report (NO_COLOR is honoured too)')
    .action(async (files: string[], opts: ValidateCliOptions, command: Command) => {
      try {
        // --no-progress sets a default of true; only an explicit flag overrides the configuration.
        if (command.getOptionValueSource('progress') !== 'cli') delete opts.progress;
        state.exitCode = await validateAction(files, opts, io);
      } catch (e) {
        state.exitCode = reportFailure(e, io, state.debug);
      }
    });
}

async function validateAction(files: string[], opts: ValidateCliOptions, io: Io): Promise<number> {
  const config = projectConfig(opts, io);
  const cfg = config?.config ?? {};
  const privacy = cfg.privacy ?? {};

  // Command line first, then configuration, then defaults.
  const formatSpecs =
    opts.format ??
    cfg.formats?.map((f) => {
      if (typeof f === 'string') return f;
      const [name, file] = Object.entries(f)[0] as [string, string];
      return `${name}=${path.resolve(config?.dir ?? io.cwd, file)}`;
    }) ??
    [];
  const targets = parseFormatTargets(formatSpecs, opts.output);
  const failOn: FailOn = opts.failOn ?? cfg.failOn ?? 'error';
  const maxWarnings = opts.maxWarnings ?? cfg.maxWarnings;
  const maxFindings = opts.maxFindings ?? cfg.maxFindings ?? 1000;
  const examples = opts.examples ?? cfg.examples ?? 3;
  const suppressBelow = opts.suppressBelow ?? privacy.suppressBelow ?? 0;
  const showValues: ValuePolicy =
    parseShowValues(opts.showValues) ??
    (privacy.showValues !== undefined ? CONFIG_SHOW_VALUES[privacy.showValues] : undefined) ??
    'default';
  const standardsDirs =
    opts.standardsDir?.map((d) => path.resolve(io.cwd, d)) ??
    cfg.standardsDirs?.map((d) => path.resolve(config?.dir ?? io.cwd, d));
  const keyFile = fromCliOrConfig(opts.pseudonymise, privacy.pseudonymise, io, config);
  const baselineFile = fromCliOrConfig(opts.baseline, cfg.baseline, io, config);
  const signFile = fromCliOrConfig(opts.sign, cfg.sign, io, config);
  const progress = opts.progress ?? cfg.progress ?? true;
  if (opts.delimiter !== undefined) parseDelimiter(opts.delimiter);

  const runs = planFromCli(files, opts, io, config);
  const multi = runs.length > 1;
  if (multi) {
    const machine = targets.find((t) => t.path === undefined && t.name !== 'text' && t.name !== 'markdown');
    if (machine) {
      throw new CarecheckError(
        `The configuration makes ${runs.length} reports (one per standard): give the ${machine.name} report a file, --format ${machine.name}=FILE`,
      );
    }
  }

  // Secrets and the register are read before any data, so a wrong path fails fast.
  // Readers resolve the name against the working folder, which gives `abs` again.
  const pseudonymKey = keyFile !== undefined ? readPseudonymKey(keyFile.name, io.cwd) : undefined;
  const signingKey = signFile !== undefined ? readSigningKey(signFile.name, io.cwd) : undefined;
  if (signingKey && !targets.some((t) => t.name === 'json' && t.path !== undefined)) {
    throw new CarecheckError('--sign needs a JSON report written to a file', {
      hint: 'Add --format json=report.json (or --format json --output report.json)',
    });
  }
  let baseline: Baseline | undefined;
  let recordHmacKey = pseudonymKey;
  const baselineName = baselineFile?.name;
  if (baselineFile !== undefined) {
    baseline = readBaseline(baselineFile.abs, baselineFile.name);
    recordHmacKey = fingerprintKey(baseline, baselineFile.name, pseudonymKey);
  }
  const today = todayOf(opts, io);

  const labels = distinctLabels(runs);
  const reports: Report[] = [];
  for (const [index, run] of runs.entries()) {
    // The baseline is matched while the engine streams (accept hook), so the findings cap and
    // bounded memory hold with a baseline too.
    const matcher = baseline ? createBaselineMatcher(baseline.entries, today) : undefined;
    let report = await runEngine(
      run,
      {
        standardsDirs,
        maxFindings,
        showValues,
        today: opts.today,
        recordHmacKey,
        progress,
        ...(matcher && { accept: (f: Finding) => matcher.accept(f) }),
      },
      io,
    );
    if (matcher && baseline) {
      report = matcher.finish(report, { stripRefs: baseline.key.type === 'salt', suppressBelow }).report;
    }
    report.options = {
      ...report.options,
      maxFindings,
      failOn,
      ...(maxWarnings !== undefined && { maxWarnings }),
      ...(suppressBelow > 0 && { suppressBelow }),
      ...(pseudonymKey !== undefined && { pseudonymised: true }),
      ...(baselineName !== undefined && { baseline: baselineName }),
    };
    if (signingKey) {
      (report as Report & { signature?: unknown }).signature = signReport(report, signingKey);
    }
    const runTargets = multi
      ? targets.map((t) =>
          t.path === undefined ? t : { ...t, path: labelledPath(t.path, labels[index] as string) },
        )
      : targets;
    emitReports(report, runTargets, io, opts.color, {
      suppressBelow,
      examples,
      inputs: [
        ...run.inputs.filter((i) => i.open !== '-').map((i) => i.open),
        ...[baselineFile, keyFile, signFile].flatMap((f) => (f === undefined ? [] : [f.abs])),
      ],
    });
    reports.push(report);
  }

  let code: number = ExitCode.Ok;
  for (const r of reports) code = Math.max(code, exitCodeFor(r, failOn, -1));
  const warnings = reports.reduce((n, r) => n + r.summary.warnings, 0);
  if (failOn !== 'never' && maxWarnings !== undefined && warnings > maxWarnings)
    code = ExitCode.NotConformant;
  if (multi && targets.some((t) => t.path === undefined && t.name === 'text')) {
    const failing = reports.filter((r) => !r.valid).length;
    io.stdout(
      code === ExitCode.Ok
        ? `Overall: conformant (${reports.length} reports)\n`
        : `Overall: not conformant (${failing} of ${reports.length} reports ${failing === 1 ? 'has' : 'have'} errors${failing === 0 ? '; warnings over the limit' : ''})\n`,
    );
  }
  return code;
}

export type { BaselinedFileReport };
