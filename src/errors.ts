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

/** Why a file could not be read, in plain words ('no such file', 'permission denied' …). */
export function ioReason(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  return 'cannot be read';
}
