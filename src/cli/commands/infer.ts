/** `carecheck infer`: draft a standard from a sample export (types, formats, code lists, sensitivity guesses). */
import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { inferStandard } from '../../authoring/infer.js';
import { INITIAL_VERSION } from '../../authoring/init.js';
import type { InputFormat } from '../../report/types.js';
import { ExitCode } from '../exit-code.js';
import type { Io } from '../io.js';
import { type CommandState, reportFailure } from '../run.js';

interface InferCliOptions {
  output: string;
  id?: string;
  title?: string;
  sampleRows?: number;
  inputFormat?: InputFormat;
  delimiter?: string;
  encoding?: string;
}

function positive(value: string): number {
  if (!/^[0-9]+$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError('--sample-rows takes a whole number of at least 1');
  return Number(value);
}

export function registerInferCommand(program: Command, io: Io, state: CommandState): void {
  program
    .command('infer')
    .description(
      `draft a standard from a sample export, in <output>/<id>/${INITIAL_VERSION}/ (status draft: review every guess)`,
    )
    .argument('<file>', 'sample export (CSV, JSON, JSON Lines or YAML)')
    .requiredOption('-o, --output <folder>', 'standards folder to write <id>/ into')
    .option('--id <id>', 'kebab-case id of the new standard (default: from the file name)')
    .option('--title <title>', 'title of the new standard')
    .option('--sample-rows <n>', 'read at most this many records', positive)
    .addOption(
      new Option(
        '--input-format <format>',
        'read the sample as this format instead of guessing from the extension',
      ).choices(['csv', 'json', 'jsonl', 'yaml']),
    )
    .option('--delimiter <char>', 'CSV delimiter instead of detecting it')
    .option('--encoding <name>', 'decode the sample with this encoding instead of detecting it')
    .addHelpText(
      'after',
      `
No value of the sample is written anywhere except the codes of code lists of columns guessed
non-personal; fixtures are made-up values generated from the draft schema.

Example:
  carecheck infer export.csv --output ./drafts --id my-export
  carecheck lint ./drafts/my-export/${INITIAL_VERSION}
  carecheck validate export.csv --standards-dir ./drafts --standard my-export@${INITIAL_VERSION}`,
    )
    .action(async (file: string, opts: InferCliOptions) => {
      try {
        const today = (io.now?.() ?? new Date()).toISOString().slice(0, 10);
        const r = await inferStandard({
          file: path.resolve(io.cwd, file),
          output: path.resolve(io.cwd, opts.output),
          today,
          ...(opts.id !== undefined && { id: opts.id }),
          ...(opts.title !== undefined && { title: opts.title }),
          ...(opts.sampleRows !== undefined && { sampleRows: opts.sampleRows }),
          ...(opts.inputFormat !== undefined && { inputFormat: opts.inputFormat }),
          ...(opts.delimiter !== undefined && { delimiter: opts.delimiter }),
          ...(opts.encoding !== undefined && { encoding: opts.encoding }),
        });
        const rel = (p: string) => path.relative(path.resolve(io.cwd), p) || '.';
        const s = r.summary;
        const lines = [
          `Drafted ${r.id}@${INITIAL_VERSION} (draft, ${s.kind}) in ${rel(r.versionDir)}/ from ${s.records} records${s.stoppedEarly ? ' (stopped at --sample-rows)' : ''}:`,
        ];
        const w = Math.min(40, Math.max(5, ...s.fields.map((f) => f.name.length)));
        for (const f of s.fields) {
          const type = f.format
            ? `${f.types.join('|')} (${f.format})`
            : f.enum
              ? `${f.types.join('|')} (${f.enum.length} codes)`
              : f.types.join('|');
          lines.push(
            `  ${f.name.padEnd(w)}  ${type.padEnd(28)} ${(f.required ? 'required' : 'optional').padEnd(9)} ${f.sensitivity}`,
          );
        }
        const problems = Object.entries(s.readerFindings);
        if (problems.length) {
          lines.push(
            '',
            `The reader reported problems with the sample (validate will report them too): ${problems.map(([k, n]) => `${k} ×${n}`).join(', ')}`,
          );
        }
        lines.push(
          '',
          'Every type, format, code list, required field and sensitivity is a guess: review README.md and schema.json.',
          'Next:',
          `  carecheck lint ${rel(r.versionDir)}`,
          `  carecheck test ${rel(r.versionDir)}`,
          `  carecheck validate ${file} --standards-dir ${rel(path.dirname(path.dirname(r.versionDir)))} --standard ${r.id}@${INITIAL_VERSION}`,
        );
        io.stdout(`${lines.join('\n')}\n`);
        state.exitCode = ExitCode.Ok;
      } catch (e) {
        state.exitCode = reportFailure(e, io, state.debug);
      }
    });
}
