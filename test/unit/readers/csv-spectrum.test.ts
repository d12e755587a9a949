/**
 * The csv-spectrum conformance suite, read from the shared folder beside the repository
 * (../shared/conformance/csv-spectrum). Never copied into the repo; skipped when absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/readers/csv.js';
import { fileSource } from '../../../src/readers/source.js';
import type { TabularRecord } from '../../../src/readers/types.js';
import { readSource, repoRoot } from './helpers.js';

const suite = path.resolve(repoRoot, '..', 'shared', 'conformance', 'csv-spectrum');
const present = existsSync(path.join(suite, 'csvs')) && existsSync(path.join(suite, 'json'));
if (!present) console.warn(`csv-spectrum not found at ${suite}: skipping the CSV conformance suite`);

const names = present
  ? readdirSync(path.join(suite, 'csvs'))
      .filter((f) => f.endsWith('.csv'))
      .map((f) => f.slice(0, -4))
      .sort()
  : [];

/**
 * Upstream errata: fields whose expected JSON disagrees with the suite's own CSV. In
 * location_coordinates the JSON has phone number 1234567890 but the CSV says 2095257564 (and the
 * JSON is a lone object, not an array, which is normalised below).
 */
const ERRATA: Readonly<Record<string, readonly string[]>> = {
  location_coordinates: ['Contact Phone Number'],
};

function withoutFields(
  rows: Record<string, unknown>[],
  fields: readonly string[],
): Record<string, unknown>[] {
  return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !fields.includes(k))));
}

describe.skipIf(!present)('csv-spectrum', () => {
  it('has cases', () => {
    expect(names.length).toBeGreaterThan(0);
  });

  it.each(names)('%s', async (name) => {
    const json = JSON.parse(readFileSync(path.join(suite, 'json', `${name}.json`), 'utf8')) as unknown;
    const expected = (Array.isArray(json) ? json : [json]) as Record<string, unknown>[];
    const skip = ERRATA[name] ?? [];
    const { input, records, findings } = await readSource<TabularRecord>(
      readCsv,
      fileSource(path.join(suite, 'csvs', `${name}.csv`)),
    );
    if (input.kind !== 'tabular') throw new Error('expected tabular input');
    const objects = records.map((r) => Object.fromEntries(input.header.map((h, k) => [h, r.cells[k]])));
    expect(withoutFields(objects, skip)).toEqual(withoutFields(expected, skip));
    expect(objects).toHaveLength(expected.length);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});
