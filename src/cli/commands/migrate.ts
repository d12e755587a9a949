/**
 * `carecheck migrate <file> --to <id>@<b> [--from <id>@<a>] --output <new file>`: apply the code
 * mappings the newer version declares, write a new file, then validate it against the newer version
 * and print that report. Exit codes as `validate`: 0 the migrated file conforms, 1 it does not (values
 * with no mapping are left as they were, so they fail), 2 usage or IO problem (nothing written).
 */
import path from 'node:path';
import { Chalk } from 'chalk';
import { type Command, Option } from 'commander';
import { fieldRenames } from '../../authoring/diff.js';
import { type MigrateResult, migrateFile } from '../../authoring/migrate.js';
import { migrationPath } from '../../authoring/migrations.js';
import { type LoadedVersion, loadSibling, loadVersion } from '../../authoring/resolve.js';
import { validate } from '../../engine/validate.js';
import { CarecheckError } from '../../errors.js';
import type { InputFormat } from '../../report/types.js';
import { reporterContext, reporters } from '../../reporters/index.js';
import { exitCodeFor } from '../exit-code.js';
import type { Io } from '../io.js';
import { type CommandState, reportFailure } from '../run.js';
import { parseToday, validateDirs } from './diff.js';
import { colorLevel, parseInteger } from './validate.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

interface MigrateCliOptions {
  from?: string;
  to: string;
  output: string;
  force?: boolean;
  showValues?: boolean;
  standardsDir?: string[];
  format: 'text' | 'json';
  inputFormat?: InputFormat;
  delimiter?: string;
  encoding?: string;
  today?: Date;
  maxFindings: number;
  maxRecords: number;
  color?: boolean;
}

export function registerMigrateCommand(program: Command, io: Io, state: CommandState): void {
  program
    .command('migrate')
    .description(
      'rewrite a data file for a newer version of its standard (code mappings, renamed headers), then validate it',
    )
    .argument('<file>', 'data file (CSV, JSON, JSON Lines, YAML); never modified')
    .requiredOption('--to <id@version>', 'version to migrate to, e.g. asc-cld@2.0.0 (or a version folder)')
    .option('--from <id@version>', "version the file follows (default: the --to version's predecessor)")
    .requiredOption('-o, --output <file>', 'the new file to write (refused if it exists, unless --force)')
    .option('--force', 'replace --output if it exists (never the input)')
    .option('--show-values', 'list the values left unmapped (they are data: off by default)')
    .option('--standards-dir <dir>', 'also load standards from this folder (repeatable)', collect)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(
      new Option('--input-format <format>', 'read the file as this format').choices([
        'csv',
        'json',
        'jsonl',
        'yaml',
      ]),
    )
    .option('--delimiter <char>', 'CSV delimiter instead of detecting it (kept in the output)')
    .option('--encoding <name>', 'decode the input with this encoding instead of detecting it')
    .option(
      '--today <yyyy-mm-dd>',
      "the date '$today' rules compare with when validating the result",
      parseToday,
    )
    .option(
      '--max-findings <n>',
      'findings listed in the validation report; 0 = no cap',
      parseInteger('--max-findings', 0),
      1000,
    )
    .option(
      '--max-records <n>',
      'record numbers listed per field with unmapped values',
      parseInteger('--max-records', 0),
      1000,
    )
    .option('--color', 'force colour in the text report')
    .option('--no-color', 'no colour in the text report')
    .addHelpText(
      'after',
      `
Values with no mapping are never guessed: they are left as they were and listed per field (record
numbers; the values themselves only with --show-values), and the validation that follows shows them.

Exit codes: 0 the migrated file conforms to the new version, 1 it does not, 2 usage or IO problem.

Example:
  carecheck migrate cld_r1.csv --from asc-cld@1.0.0 --to asc-cld@2.0.0 --output cld_r2.csv`,
    )
    .action(async (file: string, opts: MigrateCliOptions) => {
      try {
        state.exitCode = await migrateAction(file, opts, io);
      } catch (e) {
        state.exitCode = reportFailure(e, io, state.debug);
      }
    });
}

function predecessorOf(to: LoadedVersion, dirs: readonly string[], cwd: string): LoadedVersion {
  const m = to.standard.manifest;
  if (m.predecessor === undefined) {
    throw new CarecheckError(
      `${m.id}@${m.version} names no predecessor: say which version the file follows`,
      {
        hint: `Use --from ${m.id}@VERSION`,
      },
    );
  }
  const sibling = loadSibling(to, m.predecessor);
  if (sibling) return { ...to, standard: sibling, spec: `${m.id}@${m.predecessor}`, notices: [] };
  return loadVersion(`${m.id}@${m.predecessor}`, dirs, cwd);
}

async function migrateAction(file: string, opts: MigrateCliOptions, io: Io): Promise<number> {
  const dirs = opts.standardsDir ?? [];
  const to = loadVersion(opts.to, dirs, io.cwd);
  const from =
    opts.from !== undefined ? loadVersion(opts.from, dirs, io.cwd) : predecessorOf(to, dirs, io.cwd);
  const fm = from.standard.manifest;
  const tm = to.standard.manifest;
  if (fm.id !== tm.id) {
    throw new CarecheckError(
      `--from ${fm.id} and --to ${tm.id} are different standards: there is no mapping between them`,
    );
  }
  const route = migrationPath(from.standard, to.standard, (v) => loadSibling(to, v) ?? loadSibling(from, v));
  if (!route) {
    throw new CarecheckError(
      `${tm.id}@${tm.version} does not descend from ${fm.version}: its predecessor chain does not reach it, so there are no mappings to apply`,
      {
        hint: 'Migrate to a newer version than the file follows (carecheck standards list shows the versions)',
      },
    );
  }
  const input = path.resolve(io.cwd, file);
  const output = path.resolve(io.cwd, opts.output);
  const result = await migrateFile({
    input,
    output,
    from: from.standard,
    to: to.standard,
    migrations: route.migrations,
    renames: fieldRenames(from.standard, to.standard),
    force: opts.force ?? false,
    showValues: opts.showValues ?? false,
    maxRecords: opts.maxRecords,
    ...(opts.inputFormat !== undefined && { inputFormat: opts.inputFormat }),
    ...(opts.delimiter !== undefined && { delimiter: opts.delimiter }),
    ...(opts.encoding !== undefined && { encoding: opts.encoding }),
  });
  // Say the files as the user named them.
  result.input = file;
  result.output = opts.output;
  result.path = route.versions;
  const report = await validate({
    inputs: [{ path: output }],
    standard: `${tm.id}@${tm.version}`,
    standardsDirs: validateDirs(to, dirs, io.cwd),
    maxFindings: opts.maxFindings,
    ...(opts.delimiter !== undefined && { delimiter: opts.delimiter }),
    ...(opts.inputFormat !== undefined && { inputFormat: opts.inputFormat }),
    ...(opts.today !== undefined && { today: opts.today }),
    ...(io.now !== undefined && { now: io.now }),
  });
  for (const f of report.files) {
    if (f.path === output) f.path = opts.output;
    for (const finding of f.findings) if (finding.file === output) finding.file = opts.output;
  }
  if (opts.format === 'json') {
    io.stdout(`${JSON.stringify({ migration: result, validation: report }, null, 2)}\n`);
  } else {
    io.stdout(migrationText(result, route.fromLabel));
    const level = colorLevel(io, opts.color);
    io.stdout('\n');
    io.stdout(reporters.text(report, reporterContext({ color: new Chalk({ level }) })));
  }
  return exitCodeFor(report);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function recordList(records: readonly number[], truncated: boolean, max = 20): string {
  const shown = records.slice(0, max).join(', ');
  const more =
    records.length > max || truncated ? ` … (${truncated ? 'more than ' : ''}${records.length} listed)` : '';
  return `${shown}${more}`;
}

export function migrationText(r: MigrateResult, fromLabel?: string): string {
  const out: string[] = [];
  out.push(`carecheck migrate: ${r.input} (${r.from}) → ${r.output} (${r.to})`);
  if (r.path.length > 2) out.push(`  mappings applied step by step: ${r.path.join(' → ')}`);
  const dialect =
    r.format === 'csv'
      ? `csv, delimiter ${JSON.stringify(r.delimiter)}, ${r.lineEnding} line endings, ${r.quoting === 'all' ? 'every cell quoted' : 'quoted where needed'}`
      : `${r.format}, ${r.lineEnding} line endings`;
  out.push(`  ${dialect}; ${r.encoding.input} → ${r.encoding.output}; ${plural(r.records, 'record')}`);
  const label = fromLabel ? ` (${fromLabel} values)` : '';
  out.push(`  ${plural(r.changedValues, 'value')} changed${label} in ${plural(r.changedRecords, 'record')}`);
  const perField = new Map<string, number>();
  for (const m of r.mapped) perField.set(m.field, (perField.get(m.field) ?? 0) + m.count);
  if (perField.size > 0) out.push(`    by field: ${[...perField].map(([f, n]) => `${f} ${n}`).join('; ')}`);
  for (const h of r.headerRenames) out.push(`  header renamed: '${h.from}' → '${h.to}'`);
  if (r.unmapped.length === 0) out.push('  every value has a mapping or is valid in the new version');
  else {
    const total = r.unmapped.reduce((n, u) => n + u.count, 0);
    out.push(`  ${plural(total, 'value')} left as they were (no mapping; not guessed):`);
    for (const u of r.unmapped) {
      const why = [
        u.noEquivalent ? `${u.noEquivalent} with no equivalent` : '',
        u.notInCodeList ? `${u.notInCodeList} neither mapped nor in the new code list` : '',
      ]
        .filter(Boolean)
        .join(', ');
      out.push(
        `    ${u.field}: ${plural(u.count, 'value')} (${why}); records ${recordList(u.records, u.truncated)}`,
      );
      for (const v of u.values ?? []) out.push(`      ${JSON.stringify(v.value)} ×${v.count}`);
    }
  }
  for (const n of r.notices) out.push(`  note: ${n}`);
  return `${out.join('\n')}\n`;
}
