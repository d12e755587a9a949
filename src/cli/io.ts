/**
 * Everything the CLI needs from the outside world, passed in so `run()` can be tested in-process
 * with a fake. Only bin/carecheck.js builds the real one from `process`.
 */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Standard input, for `-` as an input file. */
  stdin?: AsyncIterable<Uint8Array>;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Clock, so tests can pin report times. */
  now?: () => Date;
}

/** An Io that records output: for tests and for library callers. */
export function memoryIo(overrides: Partial<Io> = {}): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
    cwd: '.',
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
    ...overrides,
  };
  return io;
}
