#!/usr/bin/env node
// The only place that touches `process`: it builds the real Io, runs the CLI and sets the exit code.
// Errors that escape run() (there should be none) still end with exit code 2, never 0 or 1.
import { run } from '../dist/cli/run.js';

const fatal = (error) => {
  process.stderr.write(`carecheck: internal error: ${error?.message ?? error}\n`);
  if (process.argv.includes('--debug') && error?.stack) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 2;
};
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);
// A closed pipe (carecheck … | head) is not an error worth a stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

const io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stdin: process.stdin,
  cwd: process.cwd(),
  env: process.env,
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
};

run(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => fatal(error),
);
