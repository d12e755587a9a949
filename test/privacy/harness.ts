/**
 * One in-process `carecheck validate` run that writes EVERY report format at once (text to stdout,
 * the others to files), and a search of all of them for strings that must not be there.
 *
 * The search looks at each output as written and as a reader would see it after unescaping
 * (HTML/XML character references, JSON \u escapes, Markdown backslash escapes, the word joiner the
 * Markdown reporter puts after `@`), case-insensitively: an escaped or re-cased name is still a leak.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import type { Report } from '../../src/report/types.js';

export const FILE_FORMATS = ['json', 'junit', 'sarif', 'markdown', 'html', 'csv'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];
export type OutputName = 'text' | 'stderr' | FileFormat;

const EXT: Record<FileFormat, string> = {
  json: 'json',
  junit: 'xml',
  sarif: 'sarif',
  markdown: 'md',
  html: 'html',
  csv: 'csv',
};

export interface AllFormatsRun {
  code: number;
  outputs: Record<OutputName, string>;
  report: Report;
}

/** The clock every run is pinned to, so reports are reproducible. */
export const NOW = new Date('2026-11-23T09:00:00.000Z');
export const TODAY = '2026-11-23';

/**
 * Runs `carecheck validate <args> --format text --format json=… …` once; `outDir` receives the
 * report files (named `<label>.<ext>`). Returns stdout as `text`, stderr, and every file's content.
 */
export async function runAllFormats(
  outDir: string,
  label: string,
  args: readonly string[],
): Promise<AllFormatsRun> {
  const files = Object.fromEntries(
    FILE_FORMATS.map((f) => [f, path.join(outDir, `${label}.${EXT[f]}`)]),
  ) as Record<FileFormat, string>;
  const formatArgs = ['--format', 'text', ...FILE_FORMATS.flatMap((f) => ['--format', `${f}=${files[f]}`])];
  const io = memoryIo({ now: () => NOW });
  // --no-config: a carecheck.config.yaml in a parent folder must not change what is proved here.
  const code = await run(['validate', ...args, '--today', TODAY, '--no-config', ...formatArgs], io);
  const outputs = { text: io.out, stderr: io.err } as Record<OutputName, string>;
  for (const f of FILE_FORMATS) {
    try {
      outputs[f] = readFileSync(files[f], 'utf8');
    } catch (e) {
      throw new Error(`${label}: no ${f} report was written (exit ${code}, stderr: ${io.err.trim()})`, {
        cause: e,
      });
    }
  }
  return { code, outputs, report: JSON.parse(outputs.json) as Report };
}

/** What a reader sees once the output's escaping is undone. */
export function unescapeAll(s: string): string {
  return s
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#([0-9]+);/g, (_, d: string) => String.fromCodePoint(Number.parseInt(d, 10)))
    .replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) =>
      e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : "'",
    )
    .replace(/\\([\\`*_[\]()#+!|~{}.-])/g, '$1')
    .replace(/\u2060/g, '')
    .replace(/""/g, '"');
}

export interface Leak {
  output: OutputName;
  needle: string;
  context: string;
}

/** Every occurrence (first per output and needle) of any needle in any output. */
export function findLeaks(outputs: Readonly<Record<string, string>>, needles: Iterable<string>): Leak[] {
  const leaks: Leak[] = [];
  const list = [...new Set(needles)].filter((n) => n.trim() !== '');
  for (const [name, raw] of Object.entries(outputs)) {
    const views = [raw.toLowerCase(), unescapeAll(raw).toLowerCase()];
    for (const needle of list) {
      const n = needle.toLowerCase();
      for (const view of views) {
        const at = view.indexOf(n);
        if (at !== -1) {
          leaks.push({
            output: name as OutputName,
            needle,
            context: view.slice(Math.max(0, at - 60), at + n.length + 60),
          });
          break;
        }
      }
    }
  }
  return leaks;
}

/**
 * Digit runs of NHS Numbers: every 7-digit window of each number, searched in each output with all
 * whitespace removed, so `999 123 4567`, `9991234567` and a partial `1234567` are all caught.
 */
export function findDigitRuns(outputs: Readonly<Record<string, string>>, numbers: Iterable<string>): Leak[] {
  const leaks: Leak[] = [];
  const windows = new Set<string>();
  for (const n of numbers) {
    const digits = n.replace(/\D/g, '');
    for (let i = 0; i + 7 <= digits.length; i++) windows.add(digits.slice(i, i + 7));
  }
  for (const [name, raw] of Object.entries(outputs)) {
    const squeezed = unescapeAll(raw).replace(/\s+/g, '');
    for (const w of windows) {
      const at = squeezed.indexOf(w);
      if (at !== -1) {
        leaks.push({
          output: name as OutputName,
          needle: w,
          context: squeezed.slice(Math.max(0, at - 40), at + 47),
        });
      }
    }
  }
  return leaks;
}

/** A readable list for an assertion message. */
export function describeLeaks(leaks: readonly Leak[]): string {
  return leaks.map((l) => `${l.output}: ${JSON.stringify(l.needle)} in …${l.context}…`).join('\n');
}
