/**
 * The progress line: drawn on a terminal only, throttled, erased at the end; silent on a pipe and
 * with --no-progress. Clocks are fakes, so nothing here depends on timing.
 */
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { createProgress, progressLine } from '../../src/cli/progress.js';
import { run } from '../../src/cli/run.js';
import { tempDir } from '../helpers/tmp.js';

const t = tempDir();
const schema = t.write(
  's.json',
  JSON.stringify({ type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } }),
);
const rows = Array.from({ length: 2000 }, (_, i) => `${i + 1},Person ${i + 1}`).join('\n');
const data = t.write('people.csv', `id,name\n${rows}\n`);

/** A clock that moves on a second every time it is read. */
function ticking() {
  let ms = Date.parse('2026-01-01T00:00:00Z');
  return () => {
    ms += 1000;
    return new Date(ms);
  };
}

const p = (records: number, bytes: number, totalBytes: number | null) => ({
  file: 'exports/people.csv',
  records,
  bytes,
  totalBytes,
});

describe('progressLine', () => {
  it('shows the file, a bar and percentage of bytes, records and records per second', () => {
    expect(progressLine(p(5000, 50, 100), 2000, 78)).toBe(
      'exports/people.csv  [#####-----]  50%  5,000 records  2,500 records/s',
    );
  });

  it('without a known size or elapsed time, only what is known', () => {
    expect(progressLine(p(12, 0, null), 0, 78)).toBe('exports/people.csv  12 records');
  });

  it('shortens a long file name from the left to fit the width', () => {
    const line = progressLine({ ...p(1, 1, 2), file: `${'x'.repeat(100)}/end.csv` }, 1000, 70);
    expect(line.length).toBeLessThanOrEqual(70);
    expect(line).toMatch(/^…x+\/end\.csv {2}\[/);
  });
});

describe('createProgress', () => {
  it('waits before the first draw, redraws at most every interval, pads over longer lines, then erases', () => {
    let now = 0;
    const io = memoryIo({ stderrIsTTY: true });
    const progress = createProgress(io, { enabled: true, clock: () => now, delayMs: 500, intervalMs: 100 });
    const on = progress.onProgress!;
    now = 100;
    on(p(100, 1, 10));
    expect(io.err).toBe('');
    now = 600;
    on(p(1_000_000, 5, 10));
    now = 650;
    on(p(1_000_001, 6, 10));
    now = 700;
    on(p(2, 10, 10));
    const draws = io.err.split('\r').filter((s) => s !== '');
    expect(draws).toHaveLength(2);
    expect(draws[1]!.length).toBe(draws[0]!.length);
    progress.done();
    expect(io.err.endsWith(`\r${' '.repeat(draws[1]!.trimEnd().length)}\r`)).toBe(true);
  });

  it('is off when stderr is not a terminal or when disabled', () => {
    expect(createProgress(memoryIo({ stderrIsTTY: false }), { enabled: true }).onProgress).toBeUndefined();
    expect(createProgress(memoryIo({ stderrIsTTY: true }), { enabled: false }).onProgress).toBeUndefined();
  });
});

describe('validate: progress on standard error', () => {
  it('a terminal sees progress lines with \\r, erased before the end; the report is unaffected', async () => {
    const io = memoryIo({ stderrIsTTY: true, now: ticking() });
    const code = await run(['validate', data, '--schema', schema], io);
    expect(code).toBe(0);
    expect(io.err).toMatch(/\r.*people\.csv {2}\[#+-*\] +[0-9]+% {2}[0-9,]+ records {2}[0-9,]+ records\/s/);
    // Named as typed, not as the absolute path the engine opened.
    const relative = memoryIo({ stderrIsTTY: true, now: ticking(), cwd: t.dir });
    await run(['validate', 'people.csv', '--schema', schema], relative);
    expect(relative.err).toMatch(/\rpeople\.csv {2}\[/);
    expect(io.err.endsWith('\r')).toBe(true);
    expect(io.err.replace(/\r[^\r]*/g, '')).toBe('');
    expect(io.out).toMatch(/✔ Conformant/);
    expect(io.out).not.toContain('\r');
  });

  it('a pipe sees nothing on standard error', async () => {
    const io = memoryIo({ stderrIsTTY: false, now: ticking() });
    expect(await run(['validate', data, '--schema', schema], io)).toBe(0);
    expect(io.err).toBe('');
  });

  it('--no-progress silences a terminal too', async () => {
    const io = memoryIo({ stderrIsTTY: true, now: ticking() });
    expect(await run(['validate', data, '--schema', schema, '--no-progress'], io)).toBe(0);
    expect(io.err).toBe('');
  });

  it('progress: false in the configuration silences it; --progress is not needed to turn it back on', async () => {
    const dir = t.path('cfg');
    t.write('cfg/carecheck.config.yaml', 'progress: false\n');
    const io = memoryIo({ stderrIsTTY: true, now: ticking(), cwd: dir });
    expect(await run(['validate', data, '--schema', schema], io)).toBe(0);
    expect(io.err).toBe('');
  });
});
