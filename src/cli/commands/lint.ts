/** `carecheck lint` — being built (see the open issue); registered so the command table is stable. */
import type { Command } from 'commander';
import { CarecheckError } from '../../errors.js';
import type { Io } from '../io.js';
import { type CommandState, reportFailure } from '../run.js';

export function registerLintCommand(program: Command, io: Io, state: CommandState): void {
  program
    .command('lint')
    .description('(not available yet)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      state.exitCode = reportFailure(
        new CarecheckError('carecheck lint is not available in this version'),
        io,
        state.debug,
      );
    });
}
