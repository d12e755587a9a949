/**
 * The official JSON Schema Test Suite (required tests of draft7, 2019-09 and 2020-12), run through the
 * same engine entry the CLI uses for JSON documents: `validate()` with a JSON Lines input whose records
 * are the test data (one JSON Lines record per test, so arrays stay single documents). Remote `$ref`s
 * are served from the suite's remotes/ folder by URI, never over a network.
 *
 * The suite lives in ../shared/conformance (never copied into the repo); without it the tests skip and
 * say so. Known ajv deviations are listed in ajv-known-deviations.json: the test fails on any failure
 * NOT in that list (a regression), and prints the pass rate per draft.
 */
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '../../src/engine/validate.js';
import { byteStream, repoRoot } from '../helpers/tmp.js';

const suite = path.resolve(repoRoot, '..', 'shared', 'conformance', 'json-schema-test-suite');
const present = existsSync(path.join(suite, 'tests'));
if (!present) console.warn(`JSON Schema Test Suite not found at ${suite}: skipping the conformance run`);

const DRAFTS = [
  { dir: 'draft7', uri: 'http://json-schema.org/draft-07/schema#' },
  { dir: 'draft2019-09', uri: 'https://json-schema.org/draft/2019-09/schema' },
  { dir: 'draft2020-12', uri: 'https://json-schema.org/draft/2020-12/schema' },
] as const;

interface TestCase {
  description: string;
  data: unknown;
  valid: boolean;
}
interface Group {
  description: string;
  schema: unknown;
  tests: TestCase[];
}

function remotes(): Array<{ uri: string; schema: Record<string, unknown> }> {
  const out: Array<{ uri: string; schema: Record<string, unknown> }> = [];
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p, `${rel}${name}/`);
      else if (name.endsWith('.json')) {
        const schema = JSON.parse(readFileSync(p, 'utf8')) as unknown;
        if (typeof schema === 'object' && schema !== null) {
          out.push({ uri: `http://localhost:1234/${rel}${name}`, schema: schema as Record<string, unknown> });
        }
      }
    }
  };
  walk(path.join(suite, 'remotes'), '');
  return out;
}

const known = new Set<string>(
  JSON.parse(readFileSync(path.join(import.meta.dirname, 'ajv-known-deviations.json'), 'utf8'))
    .deviations as string[],
);

describe.skipIf(!present)('JSON Schema Test Suite through the engine', () => {
  for (const draft of DRAFTS) {
    it(`${draft.dir}: every failure is a documented ajv deviation`, async () => {
      const preload = remotes();
      const dir = path.join(suite, 'tests', draft.dir);
      let passed = 0;
      let total = 0;
      const failures: string[] = [];
      for (const file of readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()) {
        const groups = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Group[];
        for (const group of groups) {
          // Boolean schemas are wrapped (allOf [b] ≡ b); $schema names the draft the folder implies.
          const base =
            typeof group.schema === 'boolean'
              ? { allOf: [group.schema] }
              : (group.schema as Record<string, unknown>);
          const schemaValue = { $schema: draft.uri, ...base };
          const lines = group.tests.map((t) => JSON.stringify(t.data)).join('\n');
          let invalidRecords: Set<number> | undefined;
          try {
            const report = await validate({
              inputs: [{ name: 'suite.jsonl', stream: byteStream(lines) }],
              inputFormat: 'jsonl',
              schemaValue,
              preloadSchemas: preload,
              maxFindings: 0,
            });
            invalidRecords = new Set(
              report.files
                .flatMap((f) => f.findings)
                .filter((f) => f.severity === 'error')
                .map((f) => f.record ?? -1),
            );
          } catch {
            invalidRecords = undefined; // schema did not compile: every test of the group fails
          }
          group.tests.forEach((t, i) => {
            total++;
            const ok = invalidRecords !== undefined && invalidRecords.has(i + 1) === !t.valid;
            if (ok) passed++;
            else failures.push(`${draft.dir}/${file} | ${group.description} | ${t.description}`);
          });
        }
      }
      const rate = ((100 * passed) / total).toFixed(1);
      console.log(
        `JSON Schema Test Suite ${draft.dir}: ${passed}/${total} passed (${rate}%), ${failures.length} known ajv deviations`,
      );
      // DUMP_DEVIATIONS=file writes the failures, to refresh ajv-known-deviations.json after an ajv upgrade.
      const dump = process.env['DUMP_DEVIATIONS'];
      if (dump) appendFileSync(dump, failures.map((f) => `${f}\n`).join(''));
      expect(failures.filter((f) => !known.has(f))).toEqual([]);
    });
  }
});
