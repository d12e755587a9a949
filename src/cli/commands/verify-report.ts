/**
 * `carecheck verify-report REPORT.json [DATA…]`: does a JSON report still describe these data files
 * and the standard it names, and (with --public-key) was it signed by that key and left unchanged?
 * Exit 0 when everything checked matches, 1 when anything differs, 2 for usage or IO problems or
 * when the standard named in the report cannot be found here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CarecheckError, ioReason } from '../../errors.js';
import { readPublicKey } from '../../evidence/keys.js';
import { parseReportEvidence, renderVerification, verifyReport } from '../../evidence/verify.js';
import { ExitCode } from '../exit-code.js';
import type { Io } from '../io.js';
import { type CommandState, reportFailure } from '../run.js';
import { collect } from './validate.js';

interface VerifyCliOptions {
  standardsDir?: string[];
  publicKey?: string;
}

export function registerVerifyReportCommand(program: Command, io: Io, state: CommandState): void {
  program
    .command('verify-report')
    .description(
      'check that a JSON report still describes these data files and its standard, and its signature',
    )
    .argument('<report>', 'a report written with --format json')
    .argument('[files...]', 'data files to check against the report (matched by name, else by content)')
    .option('--standards-dir <dir>', 'also look for the standard in this folder (repeatable)', collect)
    .option('--public-key <pem>', 'check the report signature with this Ed25519 public key (PEM)')
    .addHelpText(
      'after',
      `
Exit codes: 0 everything checked matches, 1 something differs (data, standard or signature),
2 usage or IO problem, or the standard named in the report is not available here.

Example:
  carecheck verify-report report.json cld_q3.csv --public-key carecheck-signing.pub.pem`,
    )
    .action(async (reportFile: string, files: string[], opts: VerifyCliOptions) => {
      try {
        state.exitCode = await verifyAction(reportFile, files, opts, io);
      } catch (e) {
        state.exitCode = reportFailure(e, io, state.debug);
      }
    });
}

async function verifyAction(
  reportFile: string,
  files: string[],
  opts: VerifyCliOptions,
  io: Io,
): Promise<number> {
  let text: string;
  try {
    text = readFileSync(path.resolve(io.cwd, reportFile), 'utf8');
  } catch (cause) {
    throw new CarecheckError(`Cannot read ${reportFile}: ${ioReason(cause)}`, { cause });
  }
  const evidence = parseReportEvidence(text, reportFile);
  const publicKey = opts.publicKey !== undefined ? readPublicKey(opts.publicKey, io.cwd) : undefined;
  const result = await verifyReport(evidence, {
    dataFiles: files,
    cwd: io.cwd,
    standardsDirs: (opts.standardsDir ?? []).map((d) => path.resolve(io.cwd, d)),
    ...(publicKey !== undefined && { publicKey }),
  });
  io.stdout(renderVerification(result, evidence, reportFile));
  return result.verdict === 'differs'
    ? ExitCode.NotConformant
    : result.verdict === 'incomplete'
      ? ExitCode.Problem
      : ExitCode.Ok;
}
