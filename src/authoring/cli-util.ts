/** Small helpers shared by the authoring commands (lint, test, infer, init). */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Io } from '../cli/io.js';

/** Repeatable option collector for commander. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Colour for text output: --color / --no-color, else NO_COLOR, else only on a terminal. */
export function colorFor(io: Io, flag: boolean | undefined): ChalkInstance {
  let level: 0 | 1 = io.stdoutIsTTY ? 1 : 0;
  if (io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '') level = 0;
  if (flag === true) level = 1;
  if (flag === false) level = 0;
  return new Chalk({ level });
}
