/** `carecheck test`: run standards' fixtures like a test suite (text, JUnit XML or JSON). */
import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { collect, colorFor } from '../../authoring/cli-util.js';
import { resolveTargets } from '../../authoring/targets.js';
import {
  FIXTURE_TODAY,
  fixtureToday,
  formatTestJson,
  formatTestJunit,
  formatTestText,
  runSuite,
  type SuiteResult,
  summarise,
} from '../../authoring/test-runner.js';
import { ExitCode } from '../exit-code.js';
import type { Io } from '../io.js';
import { writeFileAtomic } from '../output.js';
import { type CommandState, reportFailure } from '../run.js';

interface TestCliOptions {
  standardsDir?: string[];
  format: 'text' | 'junit' | 'json';
  output?: string;
  today: string;
  failuresOnly?: boolean;
  color?: boolean;
}

function parseDay(value: string): string {
  const d = new Date(`${value}T00:00:00Z`);
  if (
    !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value) ||
    Number.isNaN(d.getTime()) ||
    d.toISOString().slice(0, 10) !== value
  ) {
    throw new InvalidArgumentError('--today takes a date written yyyy-mm-dd');
  }
  return value;
}

export function registerTestCommand(program: Command, io: Io, state: CommandState): void {
  program
    .command('test')
    .description(
      "run standards' fixtures: valid cases must give no findings, invalid ones exactly their sidecar's",
    )
    .argument(
      '[standards...]',
      'version folders (or folders holding them), ids (every version), id@range or id@x.y.z',
    )
    .option(
      '--standards-dir <dir>',
      'also look for standards in this folder; with no arguments, test every version in it (repeatable)',
      collect,
    )
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['text', 'junit', 'json']).default('text'),
    )
    .option('-o, --output <file>', 'write the results to a file (atomically) instead of standard output')
    .option('--today <yyyy-mm-dd>', "the date '$today' rules compare with", parseDay, FIXTURE_TODAY)
    .option('--failures-only', 'text output: list failing cases only')
    .option('--color', 'force colour in text output')
    .option('--no-color', 'no colour in text output (NO_COLOR is honoured too)')
    .addHelpText(
      'after',
      `
Exit codes: 0 every case passed, 1 a case failed (or a standard could not be loaded), 2 usage problem.

Examples:
  carecheck test asc-cld
  carecheck test standards/asc-wds/1.0.0 --format junit --output test-results.xml
  carecheck test --standards-dir ./my-standards`,
    )
    .action(async (specs: string[], opts: TestCliOptions) => {
      try {
        const targets = resolveTargets(specs, { standardsDirs: opts.standardsDir ?? [], cwd: io.cwd });
        const today = fixtureToday(opts.today);
        const results: SuiteResult[] = [];
        for (const t of targets) results.push(await runSuite(t, { today }));
        let text: string;
        if (opts.format === 'junit') text = formatTestJunit(results, { today: opts.today });
        else if (opts.format === 'json') text = formatTestJson(results, { today: opts.today });
        else {
          text = formatTestText(results, {
            color: opts.output === undefined ? colorFor(io, opts.color) : colorFor(io, false),
            cwd: io.cwd,
            verbose: !opts.failuresOnly,
            today: opts.today,
          });
        }
        if (opts.output !== undefined) writeFileAtomic(path.resolve(io.cwd, opts.output), text);
        else io.stdout(text);
        state.exitCode = summarise(results).failed > 0 ? ExitCode.NotConformant : ExitCode.Ok;
      } catch (e) {
        state.exitCode = reportFailure(e, io, state.debug);
      }
    });
}
