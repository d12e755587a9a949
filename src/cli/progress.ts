/**
 * A one-line progress display on standard error for long runs: file, percentage of its bytes (when
 * the size is known), records and records per second. Drawn only when stderr is a terminal and not
 * with --no-progress, first after a short delay (a quick run shows nothing), redrawn at most ten
 * times a second, and erased at the end so the report starts on a clean line. It shows counts and a
 * file name, never data.
 */
import type { Progress } from '../engine/validate.js';
import type { Io } from './io.js';

export interface ProgressDisplay {
  /** Give this to the engine as `onProgress`; undefined when nothing is to be drawn. */
  onProgress: ((p: Progress) => void) | undefined;
  /** Erase the line (call before printing anything else, and at the end). */
  done(): void;
}

export interface ProgressOptions {
  enabled: boolean;
  /** Milliseconds clock; defaults to io.now, else Date.now (the CLI layer may read the clock). */
  clock?: () => number;
  /** Nothing is drawn before this many milliseconds (default 500). */
  delayMs?: number;
  /** Minimum milliseconds between redraws (default 100). */
  intervalMs?: number;
  /** Line width (default 78). */
  width?: number;
}

const BAR = 10;

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-GB');
}

/** The line for one progress event (pure, for tests). */
export function progressLine(p: Progress, elapsedMs: number, width: number): string {
  const parts: string[] = [];
  if (p.totalBytes !== null && p.totalBytes > 0) {
    const ratio = Math.min(1, p.bytes / p.totalBytes);
    const filled = Math.round(ratio * BAR);
    parts.push(
      `[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%`,
    );
  }
  parts.push(`${fmt(p.records)} records`);
  if (elapsedMs > 0) parts.push(`${fmt((p.records * 1000) / elapsedMs)} records/s`);
  const tail = `  ${parts.join('  ')}`;
  const room = Math.max(8, width - tail.length);
  const name = p.file.length > room ? `…${p.file.slice(p.file.length - room + 1)}` : p.file;
  return (name + tail).slice(0, width);
}

export function createProgress(io: Io, options: ProgressOptions): ProgressDisplay {
  if (!options.enabled || !io.stderrIsTTY) return { onProgress: undefined, done: () => {} };
  const clock = options.clock ?? (io.now ? () => (io.now as () => Date)().getTime() : () => Date.now());
  const delay = options.delayMs ?? 500;
  const interval = options.intervalMs ?? 100;
  const width = options.width ?? 78;
  const start = clock();
  let last = Number.NEGATIVE_INFINITY;
  let drawn = 0;
  return {
    onProgress(p) {
      const now = clock();
      if (now - start < delay || now - last < interval) return;
      last = now;
      const line = progressLine(p, now - start, width);
      // Pad over what the previous (longer) line left behind.
      io.stderr(`\r${line.padEnd(drawn)}`);
      drawn = line.length;
    },
    done() {
      if (drawn === 0) return;
      io.stderr(`\r${' '.repeat(drawn)}\r`);
      drawn = 0;
    },
  };
}
