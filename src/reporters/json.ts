/** The machine-readable report: the Report itself, versioned by `reportVersion` (see README). Never coloured. */
import type { Reporter } from './types.js';

export const json: Reporter = (report) => `${JSON.stringify(report, null, 2)}\n`;
