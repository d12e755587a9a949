/**
 * Errors that stop a run: usage, configuration and IO problems. They carry the exit code (2) and a
 * message meant for people. Problems with the data are never thrown: they are Findings.
 */
export class CarecheckError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;
  constructor(message: string, options: { hint?: string; cause?: unknown; exitCode?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CarecheckError';
    this.exitCode = options.exitCode ?? 2;
    this.hint = options.hint;
  }
}

export function isCarecheckError(e: unknown): e is CarecheckError {
  return e instanceof CarecheckError;
}
