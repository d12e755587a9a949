/**
 * Spawning the real `bin/carecheck.js` for the e2e tier. `npm test` builds before vitest; when the
 * tests run on their own (`npx vitest run test/e2e`) and dist/ is missing or older than src/, it is
 * built once here (a lock folder keeps parallel test files from building at the same time).
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../helpers/tmp.js';

export const BIN = path.join(repoRoot, 'bin', 'carecheck.js');
const DIST_ENTRY = path.join(repoRoot, 'dist', 'cli', 'run.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  if (!existsSync(DIST_ENTRY)) return true;
  return newestMtime(path.join(repoRoot, 'src')) > statSync(DIST_ENTRY).mtimeMs;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds dist/ when it is missing or older than src/. Type errors elsewhere do not stop it: tsc still
 * emits. Checked once per vitest run (test files run in parallel forks of one parent): a rebuild
 * started by a later file while an earlier one is spawning the CLI would swap dist/ under it.
 */
export function ensureBuilt(): void {
  const marker = path.join(os.tmpdir(), `carecheck-e2e-built-${process.ppid}`);
  const stamp = () => (existsSync(DIST_ENTRY) ? String(statSync(DIST_ENTRY).mtimeMs) : '');
  try {
    if (readFileSync(marker, 'utf8') === stamp() && stamp() !== '') return;
  } catch {
    // first e2e file of this run
  }
  buildIfStale();
  writeFileSync(marker, stamp());
}

function buildIfStale(): void {
  if (!isStale()) return;
  const lock = path.join(repoRoot, 'node_modules', '.carecheck-e2e-build.lock');
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 120_000) rmSync(lock, { recursive: true, force: true });
      sleep(200);
    }
  }
  try {
    if (isStale()) {
      const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
      spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: repoRoot, stdio: 'ignore' });
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  if (!existsSync(DIST_ENTRY)) throw new Error('dist/ could not be built: run npm run build');
}

export interface BinResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/carecheck.js ...args` to completion; NO_COLOR so output is plain. */
export function carecheck(
  args: readonly string[],
  opts: { cwd?: string; input?: string | Buffer; env?: Record<string, string> } = {},
): BinResult {
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? repoRoot,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...opts.env },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** A stack trace line (`    at fn (file.js:1:2)`) anywhere in the text. */
export const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(node:)/m;
