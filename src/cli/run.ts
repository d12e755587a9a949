/**
 * The CLI adapter. `run(argv, io)` parses arguments, calls the engine, prints through reporters and
 * RETURNS an exit code. It never calls process.exit (only bin/carecheck.js touches `process`), so it
 * is tested in-process with a fake Io.
 */
import { Command, CommanderError } from 'commander';
import { isCarecheckError } from '../errors.js';
import { TOOL } from '../version.js';
import { registerBaselineCommand } from './commands/baseline.js';
import { registerDiffCommand } from './commands/diff.js';
import { registerDocsCommand } from './commands/docs.js';
import { registerInferCommand } from './commands/infer.js';
import { registerInitCommand } from './commands/init.js';
import { registerLintCommand } from './commands/lint.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerStandardsCommands } from './commands/standards.js';
import { registerTestCommand } from './commands/test.js';
import { registerValidateCommand } from './commands/validate.js';
import { registerVerifyReportCommand } from './commands/verify-report.js';
import { ExitCode } from './exit-code.js';
import type { Io } from './io.js';

export interface CommandState {
  exitCode: number;
  debug: boolean;
}

export function buildProgram(io: Io, state: CommandState): Command {
  const program = new Command();
  program
    .name('carecheck')
    .description(
      'Check adult social care data exports (CSV, JSON, JSON Lines, YAML) against versioned information standards.',
    )
    .version(TOOL.version, '-V, --version')
    .option('--debug', 'show internal details (stack traces) when something goes wrong')
    .showHelpAfterError('(run carecheck --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: (s, write) => write(s.startsWith('error:') ? `carecheck: ${s.slice(7)}` : s),
    })
    .exitOverride()
    .hook('preAction', (cmd) => {
      state.debug = Boolean(cmd.opts()['debug']);
    });
  program.addHelpText(
    'after',
    `
Exit codes: 0 conformant, 1 not conformant, 2 usage, configuration or IO problem.

Examples:
  carecheck validate cld_q3.csv --standard asc-cld@2
  carecheck validate workplace.csv staff.csv training.csv --standard asc-wds --format json --output report.json
  carecheck standards list`,
  );
  // For data analysts and pipelines.
  registerValidateCommand(program, io, state);
  registerBaselineCommand(program, io, state);
  registerVerifyReportCommand(program, io, state);
  registerStandardsCommands(program, io, state);
  // For standards authors.
  registerLintCommand(program, io, state);
  registerTestCommand(program, io, state);
  registerDiffCommand(program, io, state);
  registerMigrateCommand(program, io, state);
  registerDocsCommand(program, io, state);
  registerInferCommand(program, io, state);
  registerInitCommand(program, io, state);
  // Commander applies exitOverride per command: make sub-commands throw too, and share the output.
  for (const cmd of program.commands) propagate(cmd, program);
  return program;
}

function propagate(cmd: Command, parent: Command): void {
  cmd.exitOverride();
  cmd.configureOutput(parent.configureOutput());
  cmd.showHelpAfterError('(run carecheck --help for usage)');
  for (const sub of cmd.commands) propagate(sub, cmd);
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const state: CommandState = { exitCode: ExitCode.Ok, debug: argv.includes('--debug') };
  const program = buildProgram(io, state);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return ExitCode.Problem;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return state.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are successes; every other commander error is a usage problem (exit 2,
      // not commander's default 1, which would read as "not conformant").
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      ) {
        return ExitCode.Ok;
      }
      return ExitCode.Problem;
    }
    return reportFailure(e, io, state.debug);
  }
}

export function reportFailure(e: unknown, io: Io, debug: boolean): number {
  if (isCarecheckError(e)) {
    io.stderr(`carecheck: ${e.message}\n`);
    if (e.hint) io.stderr(`  ${e.hint}\n`);
    if (debug && e.cause instanceof Error && e.cause.stack) io.stderr(`${e.cause.stack}\n`);
    return e.exitCode;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  io.stderr(`carecheck: internal error: ${err.message.split('\n')[0]}\n`);
  if (debug && err.stack) io.stderr(`${err.stack}\n`);
  else io.stderr('  Run again with --debug for details, and please report it.\n');
  return ExitCode.Problem;
}
