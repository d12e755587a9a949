/**
 * `carecheck init <id>`: scaffold a new standard at `<dir>/<id>/0.1.0/` that lints clean and whose
 * fixtures pass `carecheck test`, so an author starts from something that works and changes it a
 * step at a time (lint and test after each step).
 *
 * Two example fields show the pieces every field needs (description, sensitivity) and the two
 * commonest rules (a pattern, a code list with codeMeanings); the README is a template with the
 * sections reviewers look for (provenance, confidence, known gaps).
 */
import path from 'node:path';
import { CarecheckError } from '../errors.js';
import type { StandardKind } from '../standards/types.js';
import {
  csvText,
  ID_PATTERN,
  titleFromId,
  writeIfAbsent,
  writeNewFolder,
  yamlString,
} from './write-folder.js';

export const INITIAL_VERSION = '0.1.0';

export interface InitOptions {
  id: string;
  /** Folder that will hold `<id>/` (default: the current folder). */
  dir: string;
  kind: StandardKind;
  /** yyyy-mm-dd: effectiveFrom and the CHANGELOG date. */
  today: string;
  title?: string;
}

export interface InitResult {
  versionDir: string;
  files: string[];
  changelog: string | null;
}

function fieldNames(kind: StandardKind) {
  return kind === 'tabular' ? { ref: 'Reference', status: 'Status' } : { ref: 'reference', status: 'status' };
}

export function initFiles(options: InitOptions): Record<string, string> {
  const { id, kind, today } = options;
  const title = options.title ?? `${titleFromId(id)} (draft)`;
  const f = fieldNames(kind);
  const unit = kind === 'tabular' ? 'row' : 'record';
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `${title}: one ${unit} per record`,
    description: `One ${unit} of ${title}. Replace the two example fields with the standard's own.`,
    type: 'object',
    properties: {
      [f.ref]: {
        title: 'Reference',
        description:
          "Example field: the organisation's own reference for the record, 1 to 20 letters, digits or hyphens. Required on every record.",
        type: 'string',
        pattern: '^[A-Za-z0-9-]{1,20}$',
        message: '{field} must be 1 to 20 letters, digits or hyphens',
        examples: ['REF-0001'],
        sensitivity: 'none',
      },
      [f.status]: {
        title: 'Status',
        description:
          'Example field: whether the record is open or closed (a code list). Required on every record.',
        type: 'string',
        enum: ['Open', 'Closed'],
        codeMeanings: {
          Open: 'The record is still active',
          Closed: 'The record has ended',
        },
        sensitivity: 'none',
      },
    },
    required: [f.ref, f.status],
    additionalProperties: false,
  };

  const manifest = `# carecheck standard manifest: the contract is standards/README.md ("The manifest").
id: ${id}
version: ${INITIAL_VERSION}
title: ${yamlString(title)}
publisher: ${yamlString('Your organisation (replace)')}
# draft: used only when named exactly (${id}@${INITIAL_VERSION}); change to active when published.
status: draft
effectiveFrom: "${today}"
description: >-
  What this standard checks, for whom, and in which files. Replace this text.
provenance:
  source: >-
    Where the rules come from: the published specification, its version and URL. Replace this text.
  confidence: >-
    DRAFT: say for each part whether it was SEEN in the source or INFERRED.
  retrieved: "${today}"
kind: ${kind}
schema: schema.json
keys:
  primaryKey: [${yamlString(f.ref)}]
knownGaps:
  - "Scaffolded by carecheck init: the fields are examples, not the standard's."
`;

  const ext = kind === 'tabular' ? 'csv' : 'json';
  const valid =
    kind === 'tabular'
      ? csvText([
          [f.ref, f.status],
          ['REF-0001', 'Open'],
          ['REF-0002', 'Closed'],
        ])
      : `${JSON.stringify(
          [
            { [f.ref]: 'REF-0001', [f.status]: 'Open' },
            { [f.ref]: 'REF-0002', [f.status]: 'Closed' },
          ],
          null,
          2,
        )}\n`;
  const invalid =
    kind === 'tabular'
      ? csvText([
          [f.ref, f.status],
          ['REF-0003', 'Pending'],
          ['', 'Open'],
        ])
      : `${JSON.stringify([{ [f.ref]: 'REF-0003', [f.status]: 'Pending' }, { [f.status]: 'Open' }], null, 2)}\n`;
  const expected = `${JSON.stringify(
    [
      { rule: 'schema/enum', record: 1, field: f.status, severity: 'error' },
      { rule: 'schema/required', record: 2, field: f.ref, severity: 'error' },
    ],
    null,
    2,
  )}\n`;

  const readme = `# ${title}: ${id} ${INITIAL_VERSION}

Status: **draft**. Scaffolded by \`carecheck init\` on ${today}. Replace every paragraph below.

## What it checks

One ${kind === 'tabular' ? 'CSV row' : 'JSON / JSON Lines / YAML record'} per record. Say which
files, who sends them to whom, and how often.

## Provenance

- Source: the published specification (title, version, publisher, URL).
- Retrieved: ${today}.
- Confidence: for each rule, whether it was SEEN in the source or INFERRED (and from what).

## Version and dates

- ${INITIAL_VERSION}: first draft, effective from ${today}.
- Versioning: patch for wording and fixtures, minor for loosening (a new optional field or code),
  major for anything that can make existing valid data fail (\`carecheck diff\` classifies changes).

## Fields

| field | rule | sensitivity |
|---|---|---|
| ${f.ref} | required; 1 to 20 letters, digits or hyphens | none |
| ${f.status} | required; Open or Closed | none |

## Known gaps

- What the standard does not (yet) check, and why. Keep \`knownGaps\` in standard.yaml in step.

## Fixtures

- \`fixtures/valid/example.${ext}\`: must give no findings.
- \`fixtures/invalid/example.${ext}\`: must give exactly the findings in \`example.expected.json\`
  (rule, record and field; severity when given).

Check your changes with \`carecheck lint\` and \`carecheck test\` on this folder.
`;

  return {
    'standard.yaml': manifest,
    'schema.json': `${JSON.stringify(schema, null, 2)}\n`,
    'README.md': readme,
    [`fixtures/valid/example.${ext}`]: valid,
    [`fixtures/invalid/example.${ext}`]: invalid,
    'fixtures/invalid/example.expected.json': expected,
  };
}

export function changelogText(id: string, version: string, today: string, what: string): string {
  return `# ${id}: changelog

## ${version} (draft, ${today})

- ${what}
`;
}

/** Scaffold the folder. Throws CarecheckError (exit 2) for a bad id or an existing folder. */
export function initStandard(options: InitOptions): InitResult {
  if (!ID_PATTERN.test(options.id)) {
    throw new CarecheckError(`'${options.id}' is not a valid standard id`, {
      hint: 'Use kebab-case: lower-case letters and digits separated by single hyphens (e.g. my-care-data)',
    });
  }
  const idDir = path.resolve(options.dir, options.id);
  const versionDir = path.join(idDir, INITIAL_VERSION);
  const files = writeNewFolder(versionDir, initFiles(options));
  const changelog = path.join(idDir, 'CHANGELOG.md');
  const wrote = writeIfAbsent(
    changelog,
    changelogText(options.id, INITIAL_VERSION, options.today, 'Scaffolded by carecheck init.'),
  );
  return { versionDir, files, changelog: wrote ? changelog : null };
}
