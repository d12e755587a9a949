/** `carecheck validate`: check files against a standard (or a bare schema) and print reports. */
import { Chalk } from 'chalk';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { ValuePolicy } from '../../engine/privacy.js';
import { type InputSpec, validate } from '../../engine/validate.js';
import { CarecheckError } from '../../errors.js';
import type { InputFormat, Report } from '../../report/types.js';
import {
  isReporterName,
  REPORTER_NAMES,
  type ReporterName,
  reporterContext,
  reporters,
} from '../../reporters/index.js';
import { exitCodeFor, type FailOn } from '../exit-code.js';
import type { Io } from '../io.js';
import { samePath, writeFileAtomic } from '../output.js';
import { type CommandState, reportFailure } from '../run.js';

export interface FormatTarget {
  name: ReporterName;
  /** File to write; undefined = stdout (or --output). */
  path?: string;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

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

function parseTables(specs: readonly string[]): Record<string, string> {
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

function parseToday(value: string): Date {
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

interface ValidateCliOptions {
  standard?: string;
  schema?: string;
  standardsDir?: string[];
  inputFormat?: InputFormat;
  table?: string[];
  format?: string[];
  output?: string;
  maxFindings: number;
  showValues?: boolean | string;
  failOn: FailOn;
  maxWarnings?: number;
  delimiter?: string;
  encoding?: string;
  color?: boolean;
  suppressBelow: number;
  examples: number;
  today?: Date;
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
    else writeFileAtomic(t.path, text);
  }
}

export function registerValidateCommand(program: Command, io: Io, state: CommandState): void {
  program
    .command('validate')
    .description('check data files against a standard and print a conformance report')
    .argument('[files...]', "data files (CSV, JSON, JSON Lines, YAML); '-' reads standard input")
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
    .option(
      '-f, --format <name[=file]>',
      `report format, repeatable: ${REPORTER_NAMES.join(', ')} (default text)`,
      collect,
    )
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of standard output')
    .option(
      '--max-findings <n>',
      'findings listed per file; 0 = no cap (counts stay exact)',
      parseInteger('--max-findings', 0),
      1000,
    )
    .option(
      '--show-values [mode]',
      "show data values in findings: 'masked' (direct identifiers masked, the default) or 'all'",
    )
    .addOption(
      new Option('--fail-on <level>', 'lowest severity that fails the run')
        .choices(['error', 'warning', 'never'])
        .default('error'),
    )
    .option(
      '--max-warnings <n>',
      'fail when there are more warnings than this',
      parseInteger('--max-warnings', 0),
    )
    .option('--delimiter <char>', "CSV delimiter instead of detecting it: ',', ';', tab or '|'")
    .option(
      '--encoding <name>',
      'decode inputs with this encoding instead of detecting it (utf-8, windows-1252, utf-16le …)',
    )
    .option(
      '--suppress-below <n>',
      'show counts from 1 to N-1 as <N in summaries (small-number suppression)',
      parseInteger('--suppress-below', 0),
      0,
    )
    .option(
      '--examples <n>',
      'examples shown per rule in text and Markdown reports',
      parseInteger('--examples', 0),
      3,
    )
    .option('--today <yyyy-mm-dd>', "the date '$today' rules compare with (default: today)", parseToday)
    .option('--color', 'force colour in the text report')
    .option('--no-color', 'no colour in the text report (NO_COLOR is honoured too)')
    .action(async (files: string[], opts: ValidateCliOptions) => {
      try {
        state.exitCode = await validateAction(files, opts, io);
      } catch (e) {
        state.exitCode = reportFailure(e, io, state.debug);
      }
    });
}

async function validateAction(files: string[], opts: ValidateCliOptions, io: Io): Promise<number> {
  if (files.length === 0) {
    throw new CarecheckError('No input files given', {
      hint: 'Usage: carecheck validate FILE... --standard ID',
    });
  }
  const targets = parseFormatTargets(opts.format ?? [], opts.output);
  let showValues: ValuePolicy = 'default';
  if (opts.showValues === true || opts.showValues === 'masked') showValues = 'masked';
  else if (opts.showValues === 'all') showValues = 'all';
  else if (opts.showValues !== undefined) {
    throw new CarecheckError(`--show-values takes 'masked' or 'all', not '${String(opts.showValues)}'`);
  }
  let delimiter: string | undefined;
  if (opts.delimiter !== undefined) {
    delimiter = DELIMITERS[opts.delimiter.toLowerCase()];
    if (delimiter === undefined)
      throw new CarecheckError(`--delimiter takes ',', ';', tab or '|', not '${opts.delimiter}'`);
  }
  let stdinUsed = false;
  const inputs: InputSpec[] = files.map((f) => {
    if (f !== '-') return { path: f };
    if (stdinUsed) throw new CarecheckError("Standard input ('-') can be read only once");
    stdinUsed = true;
    if (!io.stdin) throw new CarecheckError('Standard input is not available');
    return { name: '<stdin>', stream: io.stdin };
  });
  if (stdinUsed && !opts.inputFormat) {
    throw new CarecheckError('Reading standard input needs --input-format csv|json|jsonl|yaml');
  }
  const report = await validate({
    inputs,
    ...(opts.standard !== undefined && { standard: opts.standard }),
    ...(opts.schema !== undefined && { schema: opts.schema }),
    ...(opts.standardsDir !== undefined && { standardsDirs: opts.standardsDir }),
    ...(opts.inputFormat !== undefined && { inputFormat: opts.inputFormat }),
    ...(opts.table !== undefined && { tables: parseTables(opts.table) }),
    ...(delimiter !== undefined && { delimiter }),
    ...(opts.encoding !== undefined && { encoding: opts.encoding }),
    ...(opts.today !== undefined && { today: opts.today }),
    ...(io.now !== undefined && { now: io.now }),
    maxFindings: opts.maxFindings,
    showValues,
  });
  report.options = {
    ...report.options,
    failOn: opts.failOn,
    ...(opts.maxWarnings !== undefined && { maxWarnings: opts.maxWarnings }),
    ...(opts.suppressBelow > 0 && { suppressBelow: opts.suppressBelow }),
  };
  emitReports(report, targets, io, opts.color, {
    suppressBelow: opts.suppressBelow,
    examples: opts.examples,
    inputs: files.filter((f) => f !== '-'),
  });
  return exitCodeFor(report, opts.failOn, opts.maxWarnings ?? -1);
}
