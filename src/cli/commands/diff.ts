/**
 * `carecheck diff <a> <b>`: every change between two versions of a standard, classified breaking or
 * not, with the version number checked against them; `--data FILE…` previews how many real records
 * pass `a` and fail `b`. Exit 0 when the version number fits the changes, 1 when it does not
 * (a breaking change without a major version), 2 for usage or IO problems.
 */
import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { diffStandards } from '../../authoring/diff.js';
import { type DiffOutput, diffJson, diffMarkdown, diffText } from '../../authoring/diff-render.js';
import { previewImpact } from '../../authoring/impact.js';
import { type LoadedVersion, loadVersion } from '../../authoring/resolve.js';
import { CarecheckError } from '../../errors.js';
import type { InputFormat } from '../../report/types.js';
import { ExitCode } from '../exit-code.js';
import type { Io } from '../io.js';
import { samePath, writeFileAtomic } from '../output.js';
import { type CommandState, reportFailure } from '../run.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function parseToday(value: string): Date {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new InvalidArgumentError('--today takes a date written yyyy-mm-dd');
  }
  return new Date(`${value}T00:00:00Z`);
}

interface DiffCliOptions {
  standardsDir?: string[];
  format: 'text' | 'markdown' | 'json';
  output?: string;
  data?: string[];
  inputFormat?: InputFormat;
  delimiter?: string;
  encoding?: string;
  today?: Date;
  table?: string[];
}

function parseTables(specs: readonly string[], cwd: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw new CarecheckError(`--table takes NAME=FILE, not '${spec}'`);
    out[spec.slice(0, eq)] = path.resolve(cwd, spec.slice(eq + 1));
  }
  return out;
}

/** Folders validate() needs to find this version by `id@version` (a loose folder is its own). */
export function validateDirs(v: LoadedVersion, standardsDirs: readonly string[], cwd: string): string[] {
  if (v.source === 'folder') return [v.standard.dir];
  return standardsDirs.map((d) => path.resolve(cwd, d));
}

export function registerDiffCommand(program: Command, io: Io, state: CommandState): void {
  program
    .command('diff')
    .description(
      'list every change between two versions of a standard, breaking or not, and check the version number',
    )
    .argument('<from>', 'older version: id@version (e.g. asc-cld@1.0.0) or a version folder')
    .argument('<to>', 'newer version: id@version or a version folder (<id>/<version>/ with standard.yaml)')
    .option('--standards-dir <dir>', 'also load standards from this folder (repeatable)', collect)
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'markdown', 'json'])
        .default('text'),
    )
    .option('-o, --output <file>', 'write the output to a file (atomically) instead of standard output')
    .option(
      '--data <files...>',
      'also validate these files against both versions and count the records each change would newly reject',
    )
    .addOption(
      new Option('--input-format <format>', 'read --data files as this format').choices([
        'csv',
        'json',
        'jsonl',
        'yaml',
      ]),
    )
    .option('--delimiter <char>', 'CSV delimiter of the --data files instead of detecting it')
    .option('--encoding <name>', 'encoding of the --data files instead of detecting it')
    .option('--today <yyyy-mm-dd>', "the date '$today' rules compare with in --data checks", parseToday)
    .option(
      '--table <name=file>',
      'match a --data file to a table of a dataset standard (repeatable)',
      collect,
    )
    .addHelpText(
      'after',
      `
Exit codes: 0 the version number fits the changes, 1 it does not (e.g. a breaking change in a minor
version), 2 usage or IO problem.

Examples:
  carecheck diff asc-cld@1.0.0 asc-cld@2.0.0
  carecheck diff asc-cld@1.0.0 asc-cld@2.0.0 --data cld_q3.csv
  carecheck diff asc-cld@2.0.0 ./drafts/asc-cld/2.1.0 --format markdown --output RELEASE-NOTES.md`,
    )
    .action(async (from: string, to: string, opts: DiffCliOptions) => {
      try {
        state.exitCode = await diffAction(from, to, opts, io);
      } catch (e) {
        state.exitCode = reportFailure(e, io, state.debug);
      }
    });
}

/** The impact check loads each version by id@version: a draft folder that repeats a known id@version cannot be told apart. */
async function impactOrExplain<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof CarecheckError && / is defined twice/.test(e.message)) {
      throw new CarecheckError(e.message, {
        hint: 'diff --data loads each version by id@version: give the draft folder a version number of its own',
        cause: e,
      });
    }
    throw e;
  }
}

async function diffAction(fromSpec: string, toSpec: string, opts: DiffCliOptions, io: Io): Promise<number> {
  const dirs = opts.standardsDir ?? [];
  const from = loadVersion(fromSpec, dirs, io.cwd);
  const to = loadVersion(toSpec, dirs, io.cwd);
  const result: DiffOutput = diffStandards(from.standard, to.standard);
  result.notices.unshift(...from.notices, ...to.notices);
  const data = opts.data ?? [];
  if (opts.output !== undefined && data.some((f) => samePath(f, opts.output as string, io.cwd))) {
    throw new CarecheckError(`Refusing to write the diff over the data file ${opts.output}`);
  }
  if (data.length > 0) {
    result.impact = await impactOrExplain(
      previewImpact(
        {
          files: data.map((f) => path.resolve(io.cwd, f)),
          from: from.standard,
          to: to.standard,
          fromDirs: validateDirs(from, dirs, io.cwd),
          toDirs: validateDirs(to, dirs, io.cwd),
          ...(opts.inputFormat !== undefined && { inputFormat: opts.inputFormat }),
          ...(opts.delimiter !== undefined && { delimiter: opts.delimiter }),
          ...(opts.encoding !== undefined && { encoding: opts.encoding }),
          ...(opts.today !== undefined && { today: opts.today }),
          ...(opts.table !== undefined && { tables: parseTables(opts.table, io.cwd) }),
        },
        result.changes,
      ),
    );
    // Report files as the user named them, not as absolute paths.
    const named = new Map(data.map((f) => [path.resolve(io.cwd, f), f]));
    for (const f of result.impact.files) f.path = named.get(f.path) ?? f.path;
  }
  const text =
    opts.format === 'json'
      ? diffJson(result)
      : opts.format === 'markdown'
        ? diffMarkdown(result)
        : diffText(result);
  if (opts.output === undefined) io.stdout(text);
  else writeFileAtomic(path.resolve(io.cwd, opts.output), text);
  return result.semver.consistent ? ExitCode.Ok : ExitCode.NotConformant;
}
