/** `carecheck lint`: check standard version folders (manifest, schemas, README, fixtures) for authors. */
import { type Command, Option } from 'commander';
import { collect, colorFor } from '../../authoring/cli-util.js';
import { formatLintJson, formatLintText, lintTargets } from '../../authoring/lint.js';
import { resolveTargets } from '../../authoring/targets.js';
import { ExitCode } from '../exit-code.js';
import type { Io } from '../io.js';
import { type CommandState, reportFailure } from '../run.js';

interface LintCliOptions {
  standardsDir?: string[];
  format: 'text' | 'json';
  color?: boolean;
}

export function registerLintCommand(program: Command, io: Io, state: CommandState): void {
  program
    .command('lint')
    .description(
      'check standards for authoring mistakes: manifest, strict schema compile, refs, formats, patterns, code lists, README, fixtures',
    )
    .argument(
      '[standards...]',
      'version folders (or folders holding them), ids (every version), id@range or id@x.y.z',
    )
    .option(
      '--standards-dir <dir>',
      'also look for standards in this folder; with no arguments, lint every version in it (repeatable)',
      collect,
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--color', 'force colour in text output')
    .option('--no-color', 'no colour in text output (NO_COLOR is honoured too)')
    .addHelpText(
      'after',
      `
Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage problem.

Examples:
  carecheck lint standards/asc-cld/2.0.0
  carecheck lint asc-cld@2
  carecheck lint --standards-dir ./my-standards --format json`,
    )
    .action((specs: string[], opts: LintCliOptions) => {
      try {
        const targets = resolveTargets(specs, { standardsDirs: opts.standardsDir ?? [], cwd: io.cwd });
        const results = lintTargets(targets);
        io.stdout(
          opts.format === 'json'
            ? formatLintJson(results)
            : formatLintText(results, { color: colorFor(io, opts.color), cwd: io.cwd }),
        );
        state.exitCode = results.some((r) => r.errors > 0) ? ExitCode.NotConformant : ExitCode.Ok;
      } catch (e) {
        state.exitCode = reportFailure(e, io, state.debug);
      }
    });
}
