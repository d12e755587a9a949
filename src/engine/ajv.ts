/**
 * One place that builds ajv: the class matching the schema's `$schema` (draft-07, 2019-09, 2020-12;
 * default 2020-12), ajv-formats in full mode, carecheck's UK formats and keywords, `allErrors`, and
 * strict mode for bundled standards. Each schema is compiled once per run (see `compileSchema`).
 */
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FormatsPlugin } from 'ajv-formats';
import * as addFormatsModule from 'ajv-formats';
import { CarecheckError } from '../errors.js';
import { registerUkFormats } from './formats/uk.js';
import { registerCarecheckKeywords } from './keywords.js';

// ajv-formats is CommonJS with a default export; under NodeNext the callable sits on `.default`.
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  addFormatsModule) as FormatsPlugin;

export type Draft = 'draft-07' | '2019-09' | '2020-12';
export type AnyAjv = Ajv | Ajv2019 | Ajv2020;

const DRAFT_BY_URI: ReadonlyArray<[RegExp, Draft]> = [
  [/json-schema\.org\/draft-07\/schema/, 'draft-07'],
  [/json-schema\.org\/draft-06\/schema/, 'draft-07'],
  [/json-schema\.org\/draft\/2019-09\/schema/, '2019-09'],
  [/json-schema\.org\/draft\/2020-12\/schema/, '2020-12'],
];

export function draftOf(schema: Record<string, unknown>): Draft {
  const uri = schema['$schema'];
  if (typeof uri !== 'string') return '2020-12';
  for (const [re, draft] of DRAFT_BY_URI) if (re.test(uri)) return draft;
  throw new CarecheckError(`Unsupported "$schema" ${uri}`, {
    hint: 'carecheck supports JSON Schema draft-07, 2019-09 and 2020-12',
  });
}

export interface AjvOptions {
  draft: Draft;
  /** Strict mode (bundled standards); otherwise strictness problems are collected as warnings. */
  strict: boolean;
  /** Day number of "today" for `$today` comparisons. */
  today: () => number;
  /** Where non-fatal ajv warnings go (unknown keywords in a non-strict schema, …). */
  warn?: (message: string) => void;
  /** Extra ajv options (tests, conformance suite). */
  extra?: Options;
}

export function createAjv(options: AjvOptions): AnyAjv {
  const warn = options.warn ?? (() => {});
  const ajvOptions: Options = {
    allErrors: true,
    strict: options.strict ? true : 'log',
    // An unknown format is always a load error: checking data against a format nobody implements
    // would silently pass everything.
    strictSchema: options.strict ? true : 'log',
    // Requiring `type: "object"` beside every if/then would make standards noisy for no safety gain.
    strictTypes: false,
    // `then: { required: [...] }` naming properties declared at the top level is how conditional
    // mandation is written; strictRequired would reject it.
    strictRequired: false,
    allowMatchingProperties: true,
    allowUnionTypes: true,
    $data: true,
    messages: true,
    // Not `ownProperties`: it makes every property check ~40% slower (measured on CLD), and a record
    // built by carecheck never relies on inherited properties. The Test Suite cases about
    // `required: ["constructor"]` are listed as known deviations instead.
    logger: {
      log: () => {},
      warn: (...args: unknown[]) => warn(args.map(String).join(' ')),
      error: () => {},
    },
    ...options.extra,
  };
  let ajv: AnyAjv;
  switch (options.draft) {
    case 'draft-07':
      ajv = new Ajv(ajvOptions);
      break;
    case '2019-09':
      ajv = new Ajv2019(ajvOptions);
      break;
    default:
      ajv = new Ajv2020(ajvOptions);
  }
  addFormats(ajv as Ajv, { mode: 'full', keywords: true });
  registerUkFormats(ajv as Ajv);
  registerCarecheckKeywords(ajv as Ajv, { today: options.today });
  return ajv;
}

/** Compile a schema; a schema that does not compile is a configuration problem (exit 2). */
export function compileSchema(ajv: AnyAjv, schema: Record<string, unknown>, where: string): ValidateFunction {
  try {
    return ajv.compile(schema);
  } catch (cause) {
    const msg = (cause as Error).message.replace(/\s+/g, ' ').trim();
    const unknownFormat = /unknown format "([^"]+)"/.exec(msg);
    if (unknownFormat) {
      throw new CarecheckError(`Schema ${where} uses the unknown format '${unknownFormat[1]}'`, {
        hint: 'Known formats are listed in standards/README.md',
        cause,
      });
    }
    throw new CarecheckError(`Schema ${where} does not compile: ${msg}`, { cause });
  }
}

export type { ErrorObject, ValidateFunction };
