/** `carecheck init <id>`: scaffold a new draft standard that lints clean and whose fixtures pass. */
import path from 'node:path';
import { type Command, Option } from 'commander';
import { INITIAL_VERSION, initStandard } from '../../authoring/init.js';
import type { StandardKind } from '../../standards/types.js';
import { ExitCode } from '../exit-code.js';
import type { Io } from '../io.js';
import { type CommandState, reportFailure } from '../run.js';

interface InitCliOptions {
  dir: string;
  kind: StandardKind;
  title?: string;
}

export function registerInitCommand(program: Command, io: Io, state: CommandState): void {
  program
    .command('init')
    .description(
      `scaffold a new draft standard in <dir>/<id>/${INITIAL_VERSION}/ (manifest, schema, README, fixtures)`,
    )
    .argument('<id>', 'kebab-case id of the new standard, e.g. my-care-data')
    .option('--dir <dir>', 'folder to create <id>/ in', '.')
    .addOption(
      new Option('--kind <kind>', 'tabular (CSV rows) or document (JSON / JSON Lines / YAML records)')
        .choices(['tabular', 'document'])
        .default('tabular'),
    )
    .option('--title <title>', 'title of the standard (default: from the id)')
    .addHelpText(
      'after',
      `
Refuses to overwrite an existing folder (exit 2).

Example:
  carecheck init my-care-data --dir ./standards
  carecheck lint ./standards/my-care-data/${INITIAL_VERSION} && carecheck test ./standards/my-care-data/${INITIAL_VERSION}`,
    )
    .action((id: string, opts: InitCliOptions) => {
      try {
        const today = (io.now?.() ?? new Date()).toISOString().slice(0, 10);
        const result = initStandard({
          id,
          dir: path.resolve(io.cwd, opts.dir),
          kind: opts.kind,
          today,
          ...(opts.title !== undefined && { title: opts.title }),
        });
        const rel = (p: string) => path.relative(path.resolve(io.cwd), p) || '.';
        const lines = [
          `Created ${rel(result.versionDir)}/ (draft ${opts.kind} standard ${id}@${INITIAL_VERSION}):`,
        ];
        for (const f of result.files) lines.push(`  ${rel(f)}`);
        if (result.changelog) lines.push(`  ${rel(result.changelog)}`);
        lines.push(
          '',
          'Next:',
          `  edit ${rel(path.join(result.versionDir, 'schema.json'))} and the README, then`,
          `  carecheck lint ${rel(result.versionDir)}`,
          `  carecheck test ${rel(result.versionDir)}`,
          `  carecheck validate DATA --standards-dir ${rel(path.dirname(path.dirname(result.versionDir)))} --standard ${id}@${INITIAL_VERSION}`,
        );
        io.stdout(`${lines.join('\n')}\n`);
        state.exitCode = ExitCode.Ok;
      } catch (e) {
        state.exitCode = reportFailure(e, io, state.debug);
      }
    });
}
