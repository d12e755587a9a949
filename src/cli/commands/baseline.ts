/**
 * `carecheck baseline`: record today's findings in an exceptions register, each with a reason and an
 * expiry date, so `validate --baseline` accepts them until then. Entries name records by keyed
 * fingerprints only (see src/baseline/format.ts); no data value is ever written.
 *
 * Writing to an existing register adds to it: entries still in force keep their own reason and
 * expiry, expired entries whose finding is still there are renewed with the new ones, and the key
 * set-up (salt, or the --pseudonymise key check) is kept so old entries still match.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { entriesFromReports, mergeEntries } from '../../baseline/create.js';
import {
  BASELINE_ABOUT,
  type Baseline,
  fingerprintKey,
  isDate,
  newSaltKey,
  pseudonymiseKey,
  readBaseline,
  serialiseBaseline,
} from '../../baseline/format.js';
import { CarecheckError } from '../../errors.js';
import { readPseudonymKey } from '../../evidence/keys.js';
import type { Report } from '../../report/types.js';
import type { Io } from '../io.js';
import { samePath, writeFileAtomic } from '../output.js';
import { type CommandState, reportFailure } from '../run.js';
import {
  addInputOptions,
  fromCliOrConfig,
  type InputCliOptions,
  planFromCli,
  projectConfig,
  runEngine,
  todayOf,
} from './validate.js';

interface BaselineCliOptions extends InputCliOptions {
  output?: string;
  reason?: string;
  expires?: string;
  author?: string;
}

export function registerBaselineCommand(program: Command, io: Io, state: CommandState): void {
  const cmd = program
    .command('baseline')
    .description('record the findings of today as accepted exceptions, with a reason and an expiry date')
    .argument('[files...]', 'data files, as for validate; none: the inputs of carecheck.config.yaml');
  addInputOptions(cmd)
    .option(
      '-o, --output <file>',
      'the exceptions register to write or add to (default: baseline in the configuration)',
    )
    .option('--reason <text>', 'why these findings are accepted (required)')
    .option('--expires <yyyy-mm-dd>', 'last day the entries accept findings (required)')
    .option('--author <name>', 'who accepted them (recorded as addedBy)')
    .addHelpText(
      'after',
      `
Example:
  carecheck baseline cld_q3.csv --standard asc-cld@2 --output carecheck-baseline.json \\
    --reason "Legacy records, corrected at source by March" --expires 2027-03-31
  carecheck validate cld_q3.csv --standard asc-cld@2 --baseline carecheck-baseline.json`,
    )
    .action(async (files: string[], opts: BaselineCliOptions, command: Command) => {
      try {
        if (command.getOptionValueSource('progress') !== 'cli') delete opts.progress;
        state.exitCode = await baselineAction(files, opts, io);
      } catch (e) {
        state.exitCode = reportFailure(e, io, state.debug);
      }
    });
}

async function baselineAction(files: string[], opts: BaselineCliOptions, io: Io): Promise<number> {
  const config = projectConfig(opts, io);
  const cfg = config?.config ?? {};
  const today = todayOf(opts, io);
  if (opts.reason === undefined || opts.reason.trim() === '') {
    throw new CarecheckError('carecheck baseline needs --reason "why these findings are accepted"');
  }
  if (opts.expires === undefined) {
    throw new CarecheckError(
      'carecheck baseline needs --expires yyyy-mm-dd (the last day the entries apply)',
    );
  }
  if (!isDate(opts.expires))
    throw new CarecheckError(`--expires takes a date written yyyy-mm-dd, not '${opts.expires}'`);
  if (opts.expires < today)
    throw new CarecheckError(`--expires ${opts.expires} is in the past (today is ${today})`);
  const out = fromCliOrConfig(opts.output, cfg.baseline, io, config);
  if (out === undefined) {
    throw new CarecheckError(
      'carecheck baseline needs --output BASELINE.json (or baseline: in carecheck.config.yaml)',
    );
  }
  const { abs: output, name } = out;
  const keyFile = fromCliOrConfig(opts.pseudonymise, cfg.privacy?.pseudonymise, io, config);
  const pseudonymKey = keyFile !== undefined ? readPseudonymKey(keyFile.name, io.cwd) : undefined;

  const runs = planFromCli(files, opts, io, config);
  for (const run of runs) {
    for (const i of run.inputs) {
      if (i.open !== '-' && samePath(i.open, output, io.cwd)) {
        throw new CarecheckError(`Refusing to write the baseline over the input file ${i.display}`);
      }
    }
  }
  // An existing register keeps its key set-up, or its entries would never match again.
  const existing: Baseline | undefined = existsSync(output) ? readBaseline(output, name) : undefined;
  const key = existing?.key ?? (pseudonymKey !== undefined ? pseudonymiseKey(pseudonymKey) : newSaltKey());
  const recordHmacKey = fingerprintKey(
    { carecheckBaseline: 1, about: BASELINE_ABOUT, key, entries: [] },
    name,
    pseudonymKey,
  );

  const standardsDirs =
    opts.standardsDir?.map((d) => path.resolve(io.cwd, d)) ??
    cfg.standardsDirs?.map((d) => path.resolve(config?.dir ?? io.cwd, d));
  const reports: Report[] = [];
  for (const run of runs) {
    reports.push(
      await runEngine(
        run,
        {
          standardsDirs,
          // Every finding is recorded, and no value is ever needed.
          maxFindings: 0,
          showValues: 'default',
          today: opts.today,
          recordHmacKey,
          progress: opts.progress ?? cfg.progress ?? true,
        },
        io,
      ),
    );
  }

  const recorded = entriesFromReports(reports, {
    reason: opts.reason.trim(),
    expires: opts.expires,
    addedAt: today,
    ...(opts.author !== undefined && { addedBy: opts.author }),
  });
  const merged = mergeEntries(existing?.entries ?? [], recorded.entries, today);
  writeFileAtomic(
    output,
    serialiseBaseline({
      carecheckBaseline: 1,
      about: existing?.about ?? BASELINE_ABOUT,
      key,
      entries: merged.entries,
    }),
  );

  const lines: string[] = [];
  const errors = recorded.entries.filter((e) => e.severity === 'error').length;
  const warnings = recorded.entries.length - errors;
  lines.push(
    `${existing ? 'Updated' : 'Wrote'} ${name}: ${merged.added} new ${merged.added === 1 ? 'entry' : 'entries'}` +
      (merged.renewed > 0 ? `, ${merged.renewed} renewed` : '') +
      (merged.kept > 0 ? `, ${merged.kept} already there (kept as they were)` : '') +
      ` — ${errors} ${errors === 1 ? 'error' : 'errors'} and ${warnings} ${warnings === 1 ? 'warning' : 'warnings'} found today; new entries accepted until ${opts.expires}.`,
  );
  if (recorded.skipped > 0) {
    lines.push(
      `${recorded.skipped} ${recorded.skipped === 1 ? 'finding was' : 'findings were'} not recorded: a record that cannot be read has no fingerprint (fix ${recorded.skipped === 1 ? 'it' : 'them'} instead).`,
    );
  }
  if (key.type === 'salt') {
    lines.push(
      `${name} carries its own random salt: keep it inside the organisation, or make it with --pseudonymise KEYFILE (see docs/reports-and-ci.md).`,
    );
  }
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}
