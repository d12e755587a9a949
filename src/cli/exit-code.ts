/** The exit-code contract: 0 conformant, 1 not conformant, 2 usage/configuration/IO problem. */
import type { Report } from '../report/types.js';

export const ExitCode = { Ok: 0, NotConformant: 1, Problem: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type FailOn = 'error' | 'warning' | 'never';

export function exitCodeFor(report: Report, failOn: FailOn = 'error', maxWarnings = -1): ExitCode {
  const { errors, warnings } = report.summary;
  if (failOn === 'never') return ExitCode.Ok;
  if (errors > 0) return ExitCode.NotConformant;
  if (failOn === 'warning' && warnings > 0) return ExitCode.NotConformant;
  if (maxWarnings >= 0 && warnings > maxWarnings) return ExitCode.NotConformant;
  return ExitCode.Ok;
}
