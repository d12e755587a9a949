/**
 * carecheck as a library: the same engine the CLI uses.
 *
 *   import { validate, reporters, reporterContext } from 'carecheck';
 *   const report = await validate({ inputs: [{ path: 'cld.csv' }], standard: 'asc-cld@2' });
 */

export { ExitCode, exitCodeFor, type FailOn } from './cli/exit-code.js';
export type { Io } from './cli/io.js';
export { run } from './cli/run.js';
export { type InputSpec, resolveTarget, type ValidateOptions, validate } from './engine/validate.js';
export { CarecheckError } from './errors.js';
export { buildReport, FileAccumulator } from './report/build.js';
export type {
  FileReport,
  Finding,
  InputFormat,
  Report,
  RuleCount,
  Severity,
  StandardRef,
} from './report/types.js';
export { REPORTER_NAMES, reporterContext, reporters } from './reporters/index.js';
export type { Reporter, ReporterContext, ReporterName } from './reporters/types.js';
export { discoverStandards, loadStandard, resolveStandard } from './standards/registry.js';
export type { Standard, StandardManifest } from './standards/types.js';
