/**
 * `carecheck docs <id>[@range]`: a data dictionary of a standard version (Markdown or one
 * self-contained HTML file), with the changes since its predecessor. Deterministic output, so it can
 * be committed next to the standard.
 */
import path from 'node:path';
import { type Command, Option } from 'commander';
import { diffStandards } from '../../authoring/diff.js';
import { buildDictionary, docsHtml, docsMarkdown } from '../../authoring/docs.js';
import { findPredecessor, loadVersion } from '../../authoring/resolve.js';
import type { Io } from '../io.js';
import { writeFileAtomic } from '../output.js';
import { type CommandState, reportFailure } from '../run.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

interface DocsCliOptions {
  format: 'markdown' | 'html';
  output?: string;
  standardsDir?: string[];
  changes: boolean;
}

export function registerDocsCommand(program: Command, io: Io, state: CommandState): void {
  program
    .command('docs')
    .description(
      'write a data dictionary of a standard version (fields, codes, rules, changes) as Markdown or HTML',
    )
    .argument('<standard>', 'id, id@2, id@2.0.0 or a version folder')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['markdown', 'html']).default('markdown'),
    )
    .option('-o, --output <file>', 'write to a file (atomically) instead of standard output')
    .option('--standards-dir <dir>', 'also load standards from this folder (repeatable)', collect)
    .option('--no-changes', 'leave out the "Changes since <predecessor>" section')
    .addHelpText(
      'after',
      `
Examples:
  carecheck docs asc-cld@2 --format html --output asc-cld-2.0.0.html
  carecheck docs ./drafts/asc-cld/2.1.0 > DICTIONARY.md`,
    )
    .action((spec: string, opts: DocsCliOptions) => {
      try {
        const version = loadVersion(spec, opts.standardsDir ?? [], io.cwd);
        const m = version.standard.manifest;
        let changes: ReturnType<typeof diffStandards> | undefined;
        let note: string | undefined;
        if (opts.changes && m.predecessor !== undefined) {
          const pred = findPredecessor(version);
          if (pred) changes = diffStandards(pred, version.standard);
          else note = `The predecessor ${m.id}@${m.predecessor} was not found, so changes are not listed.`;
        }
        const dictionary = buildDictionary(version.standard, changes, note);
        const text = opts.format === 'html' ? docsHtml(dictionary) : docsMarkdown(dictionary);
        if (opts.output === undefined) io.stdout(text);
        else writeFileAtomic(path.resolve(io.cwd, opts.output), text);
        for (const n of version.notices) io.stderr(`carecheck: note: ${n}\n`);
        state.exitCode = 0;
      } catch (e) {
        state.exitCode = reportFailure(e, io, state.debug);
      }
    });
}
