/**
 * The exceptions register (`carecheck baseline`): a JSON file of findings that people have looked
 * at and accepted for a while, each with a reason and an expiry date. It never holds a data value:
 * a record is named by keyed fingerprints only (`recordRef` of its local key, `recordDigest` of the
 * whole record), so a changed record stops matching and must be looked at again.
 *
 * Fingerprints need a key. With `--pseudonymise KEYFILE` the file records only a check value of the
 * key (later runs must give the same key). Without it the file carries its own random salt, which
 * makes fingerprints unguessable to anyone without the file — but whoever holds the file could try
 * every value of a small key space (NHS numbers), so a baseline that leaves the organisation should
 * be made with a key kept elsewhere.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CarecheckError } from '../errors.js';
import { keyCheckValue } from '../evidence/keys.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  rule: string;
  field: string | null;
  /** Keyed fingerprint of the record's local key; null for a finding about a whole file (a missing column). */
  recordRef: string | null;
  /** Keyed fingerprint of the whole record; a changed record no longer matches. */
  recordDigest: string | null;
  reason: string;
  /** Last day (yyyy-mm-dd, UTC) the entry accepts findings. */
  expires: string;
  /** Day (yyyy-mm-dd, UTC) the entry was recorded. */
  addedAt: string;
  addedBy?: string;
  /** The file the finding was in when recorded; for people reading the register, not used to match. */
  file?: string;
  /** Severity when recorded; for people reading the register, not used to match. */
  severity?: string;
}

export type BaselineKey = { type: 'salt'; salt: string } | { type: 'pseudonymise'; keyCheck: string };

export interface Baseline {
  carecheckBaseline: number;
  about: string;
  key: BaselineKey;
  entries: BaselineEntry[];
}

export const BASELINE_ABOUT =
  'carecheck exceptions register: findings accepted until their expiry date. Records are named by keyed fingerprints, never by values. Edit reasons and dates freely; see docs/reports-and-ci.md.';

const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

export function isDate(s: string): boolean {
  return (
    DATE.test(s) &&
    !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
    new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)
  );
}

/** A fresh salted key set-up for a baseline made without --pseudonymise. */
export function newSaltKey(): BaselineKey {
  return { type: 'salt', salt: randomBytes(32).toString('base64') };
}

export function pseudonymiseKey(key: Uint8Array): BaselineKey {
  return { type: 'pseudonymise', keyCheck: keyCheckValue(key) };
}

/** The key to compute fingerprints with for this baseline, or a clear exit-2 error when they do not fit. */
export function fingerprintKey(
  baseline: Baseline,
  name: string,
  pseudonymKey: Uint8Array | undefined,
): Uint8Array {
  if (baseline.key.type === 'salt') {
    if (pseudonymKey !== undefined) {
      throw new CarecheckError(
        `${name} was made without --pseudonymise (it carries its own salt), so it cannot be used with --pseudonymise`,
        {
          hint: `Run without --pseudonymise, or make the baseline again with it: carecheck baseline … --pseudonymise KEYFILE`,
        },
      );
    }
    return new Uint8Array(Buffer.from(baseline.key.salt, 'base64'));
  }
  if (pseudonymKey === undefined) {
    throw new CarecheckError(`${name} was made with --pseudonymise: give the same key file`);
  }
  if (keyCheckValue(pseudonymKey) !== baseline.key.keyCheck) {
    throw new CarecheckError(`The --pseudonymise key is not the one ${name} was made with`, {
      hint: 'Fingerprints made with another key never match; use the same key file',
    });
  }
  return pseudonymKey;
}

/** The identity a finding and an entry share when the entry accepts the finding. */
export function matchKey(f: {
  rule: string;
  field: string | null;
  recordRef?: string | null | undefined;
  recordDigest?: string | null | undefined;
}): string {
  return JSON.stringify([f.rule, f.field ?? null, f.recordRef ?? null, f.recordDigest ?? null]);
}

function problem(name: string, where: string, what: string): CarecheckError {
  return new CarecheckError(`${name}: ${where} ${what}`, {
    hint: 'A baseline is written by carecheck baseline; see docs/reports-and-ci.md for its format',
  });
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Check the shape of a parsed baseline; every problem names the key path. */
export function parseBaseline(data: unknown, name: string): Baseline {
  if (!isObject(data)) throw problem(name, 'the file', 'is not a JSON object');
  if (data['carecheckBaseline'] !== BASELINE_VERSION) {
    throw problem(name, "'carecheckBaseline'", `must be ${BASELINE_VERSION} (is this a carecheck baseline?)`);
  }
  const key = data['key'];
  let parsedKey: BaselineKey;
  if (isObject(key) && key['type'] === 'salt' && typeof key['salt'] === 'string') {
    if (Buffer.from(key['salt'], 'base64').length < 16) throw problem(name, "'key.salt'", 'is too short');
    parsedKey = { type: 'salt', salt: key['salt'] };
  } else if (isObject(key) && key['type'] === 'pseudonymise' && typeof key['keyCheck'] === 'string') {
    parsedKey = { type: 'pseudonymise', keyCheck: key['keyCheck'] };
  } else {
    throw problem(name, "'key'", 'must be {type: salt, salt} or {type: pseudonymise, keyCheck}');
  }
  if (!Array.isArray(data['entries'])) throw problem(name, "'entries'", 'must be a list');
  const entries = data['entries'].map((e, i): BaselineEntry => {
    const at = (k: string) => `'entries[${i}].${k}'`;
    if (!isObject(e)) throw problem(name, `'entries[${i}]'`, 'must be an object');
    for (const k of ['rule', 'reason', 'expires', 'addedAt'] as const) {
      if (typeof e[k] !== 'string' || e[k] === '') throw problem(name, at(k), 'must be a non-empty string');
    }
    for (const k of ['field', 'recordRef', 'recordDigest'] as const) {
      if (e[k] !== null && typeof e[k] !== 'string') throw problem(name, at(k), 'must be a string or null');
    }
    for (const k of ['expires', 'addedAt'] as const) {
      if (!isDate(e[k] as string)) throw problem(name, at(k), 'must be a date written yyyy-mm-dd');
    }
    for (const k of ['addedBy', 'file', 'severity'] as const) {
      if (e[k] !== undefined && typeof e[k] !== 'string') throw problem(name, at(k), 'must be a string');
    }
    return {
      rule: e['rule'] as string,
      field: (e['field'] as string | null) ?? null,
      recordRef: (e['recordRef'] as string | null) ?? null,
      recordDigest: (e['recordDigest'] as string | null) ?? null,
      reason: e['reason'] as string,
      expires: e['expires'] as string,
      addedAt: e['addedAt'] as string,
      ...(typeof e['addedBy'] === 'string' && { addedBy: e['addedBy'] }),
      ...(typeof e['file'] === 'string' && { file: e['file'] }),
      ...(typeof e['severity'] === 'string' && { severity: e['severity'] }),
    };
  });
  return {
    carecheckBaseline: BASELINE_VERSION,
    about: typeof data['about'] === 'string' ? data['about'] : BASELINE_ABOUT,
    key: parsedKey,
    entries,
  };
}

/** Read a baseline file; exit 2 with the file and key path when it is unreadable or malformed. */
export function readBaseline(file: string, name = file): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new CarecheckError(
      `Cannot read the baseline ${name}: ${code === 'ENOENT' ? 'no such file' : 'cannot be read'}`,
      {
        cause,
        ...(code === 'ENOENT' && {
          hint: 'Make one with: carecheck baseline FILE… --output BASELINE.json --reason … --expires yyyy-mm-dd',
        }),
      },
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    // JSON.parse quotes the text it choked on: say nothing of the content (it could be a data file).
    throw new CarecheckError(`The baseline ${name} is not valid JSON`, { cause });
  }
  return parseBaseline(data, name);
}

/** Code-unit order: the same on every machine, whatever its locale. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The file text: entries sorted so a re-run gives a small diff in version control. */
export function serialiseBaseline(b: Baseline): string {
  const entries = [...b.entries].sort(
    (x, y) =>
      cmp(x.file ?? '', y.file ?? '') ||
      cmp(x.rule, y.rule) ||
      cmp(x.field ?? '', y.field ?? '') ||
      cmp(x.recordRef ?? '', y.recordRef ?? '') ||
      cmp(x.recordDigest ?? '', y.recordDigest ?? ''),
  );
  return `${JSON.stringify({ carecheckBaseline: BASELINE_VERSION, about: b.about, key: b.key, entries }, null, 2)}\n`;
}
