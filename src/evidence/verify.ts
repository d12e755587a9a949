/**
 * `verify-report`: does this JSON report still describe these data files and this standard, and was
 * it signed by this key? Each check is one plain-English line; the verdict is the worst of them.
 *
 * Data files are matched to the report's inputs by path first (as written, or the same file once
 * resolved), then by content (SHA-256), so a report still verifies a file that was renamed or moved
 * after validation. Inputs of the report that were not given are "not checked", never "OK".
 */
import { createHash, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { CarecheckError, ioReason } from '../errors.js';
import { standardHash } from '../standards/hash.js';
import { discoverStandards } from '../standards/registry.js';
import { checkSignature } from './sign.js';

export type CheckStatus = 'ok' | 'differs' | 'not-checked' | 'unavailable';

export interface Check {
  subject: 'file' | 'standard' | 'schema' | 'signature';
  status: CheckStatus;
  message: string;
}

export interface Verification {
  checks: Check[];
  /** `differs` when anything differs; `incomplete` when something needed could not be found; else `verified`. */
  verdict: 'verified' | 'differs' | 'incomplete';
}

interface ReportFile {
  path: string;
  sha256: string | null;
  size: number | null;
}

/** The parts of a JSON report verification reads, checked for shape (exit 2 when it is not a report). */
export interface ReportEvidence {
  raw: Record<string, unknown>;
  tool: string;
  generatedAt: string;
  valid: boolean | null;
  files: ReportFile[];
  standard: { id: string; version: string; sha256: string | null } | null;
  schema: { path: string; sha256: string | null } | null;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

export function parseReportEvidence(text: string, name: string): ReportEvidence {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CarecheckError(`${name} is not JSON; verify-report reads a report written with --format json`);
  }
  const notReport = (why: string) =>
    new CarecheckError(`${name} is not a carecheck JSON report (${why})`, {
      hint: 'Write one with: carecheck validate … --format json=report.json',
    });
  if (!isObject(raw)) throw notReport('the top level is not an object');
  if (typeof raw['reportVersion'] !== 'string') throw notReport('no reportVersion');
  if (!Array.isArray(raw['files'])) throw notReport('no files list');
  const files: ReportFile[] = raw['files'].map((f, i) => {
    if (!isObject(f) || typeof f['path'] !== 'string') throw notReport(`files[${i}] has no path`);
    return {
      path: f['path'],
      sha256: typeof f['sha256'] === 'string' ? f['sha256'] : null,
      size: typeof f['size'] === 'number' ? f['size'] : null,
    };
  });
  const std = raw['standard'];
  const standard =
    isObject(std) && typeof std['id'] === 'string' && typeof std['version'] === 'string'
      ? {
          id: std['id'],
          version: std['version'],
          sha256: typeof std['sha256'] === 'string' ? std['sha256'] : null,
        }
      : null;
  const sch = raw['schema'];
  const schema =
    isObject(sch) && typeof sch['path'] === 'string'
      ? { path: sch['path'], sha256: typeof sch['sha256'] === 'string' ? sch['sha256'] : null }
      : null;
  const tool = isObject(raw['tool'])
    ? `${String(raw['tool']['name'])} ${String(raw['tool']['version'])}`
    : '?';
  return {
    raw,
    tool,
    generatedAt: typeof raw['generatedAt'] === 'string' ? raw['generatedAt'] : '?',
    valid: typeof raw['valid'] === 'boolean' ? raw['valid'] : null,
    files,
    standard,
    schema,
  };
}

/** SHA-256 and size of a file, streamed (exports can be hundreds of megabytes). */
export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of createReadStream(file)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (cause) {
    throw new CarecheckError(`Cannot read ${file}: ${ioReason(cause)}`, { cause });
  }
  return { sha256: hash.digest('hex'), size };
}

const short = (sha: string) => sha.slice(0, 12);

export interface VerifyOptions {
  /** Data files as given on the command line. */
  dataFiles: readonly string[];
  cwd: string;
  standardsDirs: readonly string[];
  publicKey?: KeyObject;
}

export async function verifyReport(evidence: ReportEvidence, options: VerifyOptions): Promise<Verification> {
  const checks: Check[] = [];
  const { cwd } = options;
  const resolved = (p: string) => path.resolve(cwd, p);
  const described = new Set<ReportFile>();

  for (const given of options.dataFiles) {
    const actual = await hashFile(resolved(given));
    const byPath = evidence.files.find((f) => f.path === given || resolved(f.path) === resolved(given));
    if (byPath) {
      described.add(byPath);
      if (byPath.sha256 === null) {
        checks.push({
          subject: 'file',
          status: 'not-checked',
          message: `${given}: the report holds no hash for it (it could not be read when validated)`,
        });
      } else if (byPath.sha256 === actual.sha256 && (byPath.size === null || byPath.size === actual.size)) {
        checks.push({
          subject: 'file',
          status: 'ok',
          message: `${given}: same content as when validated (sha256 ${short(actual.sha256)}…, ${actual.size} bytes)`,
        });
      } else {
        checks.push({
          subject: 'file',
          status: 'differs',
          message: `${given}: has changed since the report was made (sha256 now ${short(actual.sha256)}…, ${actual.size} bytes; the report has ${short(byPath.sha256)}…, ${byPath.size ?? '?'} bytes)`,
        });
      }
      continue;
    }
    const byContent = evidence.files.find((f) => f.sha256 === actual.sha256);
    if (byContent) {
      described.add(byContent);
      checks.push({
        subject: 'file',
        status: 'ok',
        message: `${given}: same content as the report's ${byContent.path} (renamed or moved; sha256 ${short(actual.sha256)}…)`,
      });
      continue;
    }
    checks.push({
      subject: 'file',
      status: 'differs',
      message: `${given}: is not described by this report (no input with this name or content)`,
    });
  }
  for (const f of evidence.files) {
    if (described.has(f)) continue;
    checks.push({
      subject: 'file',
      status: 'not-checked',
      message: `${f.path}: not checked (not given)`,
    });
  }

  if (evidence.standard) {
    checks.push(checkStandard(evidence.standard, options.standardsDirs));
  } else if (evidence.schema) {
    checks.push(await checkSchema(evidence.schema, cwd));
  }

  const sig = evidence.raw['signature'];
  const fingerprint =
    isObject(sig) && typeof sig['publicKeyFingerprint'] === 'string' ? sig['publicKeyFingerprint'] : null;
  if (options.publicKey) {
    const result = checkSignature(evidence.raw, options.publicKey);
    switch (result.status) {
      case 'valid':
        checks.push({
          subject: 'signature',
          status: 'ok',
          message: `Signature: valid (key ${result.fingerprint}); the report has not been changed since it was signed`,
        });
        break;
      case 'unsigned':
        checks.push({
          subject: 'signature',
          status: 'differs',
          message: 'Signature: the report is not signed',
        });
        break;
      case 'malformed':
        checks.push({
          subject: 'signature',
          status: 'differs',
          message: `Signature: unusable (${result.why})`,
        });
        break;
      case 'other-key':
        checks.push({
          subject: 'signature',
          status: 'differs',
          message: `Signature: made with another key (${result.fingerprint || 'no fingerprint'}), not the one given (${result.expected})`,
        });
        break;
      case 'invalid':
        checks.push({
          subject: 'signature',
          status: 'differs',
          message: 'Signature: does not match; the report was changed after it was signed',
        });
        break;
    }
  } else if (sig !== undefined) {
    checks.push({
      subject: 'signature',
      status: 'not-checked',
      message: `Signature: present (key ${fingerprint ?? 'unknown'}), not checked: give --public-key`,
    });
  }

  const verdict = checks.some((c) => c.status === 'differs')
    ? 'differs'
    : checks.some((c) => c.status === 'unavailable')
      ? 'incomplete'
      : 'verified';
  return { checks, verdict };
}

function checkStandard(
  std: { id: string; version: string; sha256: string | null },
  standardsDirs: readonly string[],
): Check {
  const label = `${std.id}@${std.version}`;
  if (std.sha256 === null) {
    return {
      subject: 'standard',
      status: 'not-checked',
      message: `Standard ${label}: the report holds no hash of it, so it was not checked`,
    };
  }
  const entry = discoverStandards(standardsDirs).find(
    (e) => e.manifest.id === std.id && e.manifest.version === std.version,
  );
  if (!entry) {
    return {
      subject: 'standard',
      status: 'unavailable',
      message: `Standard ${label}: not found here, so it could not be checked (add its folder with --standards-dir)`,
    };
  }
  const now = standardHash(entry.dir);
  return now === std.sha256
    ? {
        subject: 'standard',
        status: 'ok',
        message: `Standard ${label}: same rules as when validated (sha256 ${short(now)}…)`,
      }
    : {
        subject: 'standard',
        status: 'differs',
        message: `Standard ${label}: its files have changed since the report was made (sha256 now ${short(now)}…, the report has ${short(std.sha256)}…)`,
      };
}

async function checkSchema(schema: { path: string; sha256: string | null }, cwd: string): Promise<Check> {
  if (schema.sha256 === null) {
    return {
      subject: 'schema',
      status: 'not-checked',
      message: `Schema ${schema.path}: the report holds no hash of it, so it was not checked`,
    };
  }
  let now: string;
  try {
    now = (await hashFile(path.resolve(cwd, schema.path))).sha256;
  } catch {
    return {
      subject: 'schema',
      status: 'unavailable',
      message: `Schema ${schema.path}: cannot be read here, so it could not be checked`,
    };
  }
  return now === schema.sha256
    ? { subject: 'schema', status: 'ok', message: `Schema ${schema.path}: same as when validated` }
    : {
        subject: 'schema',
        status: 'differs',
        message: `Schema ${schema.path}: has changed since the report was made`,
      };
}

const MARK: Record<CheckStatus, string> = { ok: '✔', differs: '✖', 'not-checked': '-', unavailable: '?' };

/** The plain-English answer verify-report prints. */
export function renderVerification(v: Verification, evidence: ReportEvidence, reportName: string): string {
  const what = evidence.standard
    ? `${evidence.standard.id}@${evidence.standard.version}`
    : evidence.schema
      ? `schema ${evidence.schema.path}`
      : 'no standard';
  const outcome = evidence.valid === null ? '' : evidence.valid ? ', conformant' : ', not conformant';
  const lines = [`${reportName}: ${evidence.tool}, ${evidence.generatedAt}, ${what}${outcome}`];
  for (const c of v.checks) lines.push(`${MARK[c.status]} ${c.message}`);
  const filesChecked = v.checks.some((c) => c.subject === 'file' && c.status === 'ok');
  if (v.verdict === 'differs') {
    lines.push('Not verified: the report does not describe these files and this standard as they are now.');
  } else if (v.verdict === 'incomplete') {
    lines.push('Not verified: some of what the report names could not be found here (see above).');
  } else if (!filesChecked) {
    lines.push('Verified what could be checked; no data file was given, so the data was not checked.');
  } else {
    lines.push('Verified: the report still describes the files given and the standard it names.');
  }
  // Paths, versions and fingerprints come from the report file, which anyone could have written:
  // no control character (a terminal escape sequence) reaches the terminal.
  return `${lines.map(withoutControls).join('\n')}\n`;
}

/** C0 and C1 control characters (and DEL) replaced by `?`. */
function withoutControls(line: string): string {
  let out = '';
  for (const ch of line) {
    const c = ch.charCodeAt(0);
    out += c < 0x20 || (c >= 0x7f && c <= 0x9f) ? '?' : ch;
  }
  return out;
}
