/** `carecheck standards list` and `carecheck standards show <id>[@range]`. */
import { type Command, Option } from 'commander';
import semver from 'semver';
import { type FieldInfo, fieldsOf } from '../../engine/fields.js';
import { discoverStandards, loadStandard, resolveStandard } from '../../standards/registry.js';
import type { Standard } from '../../standards/types.js';
import type { Io } from '../io.js';
import { type CommandState, reportFailure } from '../run.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

interface ListedStandard {
  id: string;
  title: string;
  publisher: string;
  kind: string;
  versions: Array<{ version: string; status: string; effectiveFrom: string; bundled: boolean }>;
}

export function listStandards(dirs: readonly string[]): ListedStandard[] {
  const byId = new Map<string, ListedStandard>();
  for (const e of discoverStandards(dirs)) {
    const m = e.manifest;
    let s = byId.get(m.id);
    if (!s) {
      s = { id: m.id, title: m.title, publisher: m.publisher, kind: m.kind, versions: [] };
      byId.set(m.id, s);
    }
    // The newest active version (else the newest at all) names the standard.
    const newest = s.versions.every((v) => semver.gt(m.version, v.version));
    const newestActive =
      m.status === 'active' &&
      s.versions.every((v) => v.status !== 'active' || semver.gt(m.version, v.version));
    if (newestActive || (newest && !s.versions.some((v) => v.status === 'active'))) {
      s.title = m.title;
      s.publisher = m.publisher;
    }
    s.versions.push({
      version: m.version,
      status: m.status,
      effectiveFrom: m.effectiveFrom,
      bundled: e.bundled,
    });
  }
  const out = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  for (const s of out) s.versions.sort((a, b) => semver.compare(a.version, b.version));
  return out;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function describeStandard(standard: Standard) {
  const m = standard.manifest;
  return {
    id: m.id,
    version: m.version,
    title: m.title,
    publisher: m.publisher,
    status: m.status,
    effectiveFrom: m.effectiveFrom,
    ...(m.effectiveTo !== undefined && { effectiveTo: m.effectiveTo }),
    kind: m.kind,
    description: m.description,
    provenance: m.provenance,
    ...(m.predecessor !== undefined && { predecessor: m.predecessor }),
    knownGaps: m.knownGaps ?? [],
    tables: [...standard.tables.values()].map((t) => ({
      name: t.name,
      ...(t.title !== undefined && { title: t.title }),
      ...(t.primaryKey !== undefined && { primaryKey: t.primaryKey }),
      ...(t.unique !== undefined && { unique: t.unique }),
      ...(t.foreignKeys !== undefined && { foreignKeys: t.foreignKeys }),
      fields: fieldsOf(t.schema),
    })),
  };
}

function requirement(f: FieldInfo): string {
  if (f.required) return 'required';
  if (f.conditions.length) return `required ${f.conditions.join('; or ')}`;
  return 'optional';
}

function shortList(values: readonly unknown[], max = 12): string {
  const shown = values.slice(0, max).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return shown.join(' | ') + (values.length > max ? ` | … (${values.length} values)` : '');
}

function showText(d: ReturnType<typeof describeStandard>): string {
  const lines: string[] = [];
  lines.push(`${d.id}@${d.version} — ${d.title}`);
  lines.push(
    `  status: ${d.status}; effective from ${d.effectiveFrom}${d.effectiveTo ? ` to ${d.effectiveTo}` : ''}; ${d.kind}`,
  );
  lines.push(`  publisher: ${d.publisher}`);
  lines.push(
    `  source: ${d.provenance.source}${d.provenance.confidence ? ` (confidence: ${d.provenance.confidence})` : ''}`,
  );
  lines.push('', `  ${d.description.trim().replace(/\n/g, '\n  ')}`);
  for (const t of d.tables) {
    lines.push('');
    if (d.tables.length > 1 || t.name !== d.id)
      lines.push(`Table ${t.name}${t.title ? ` — ${t.title}` : ''}`);
    if (t.primaryKey) lines.push(`  primary key: ${t.primaryKey.join(' + ')}`);
    for (const fk of t.foreignKeys ?? []) {
      lines.push(
        `  foreign key: ${fk.fields.join(' + ')} → ${fk.reference.table}.${fk.reference.fields.join(' + ')}`,
      );
    }
    t.fields.forEach((f, i) => {
      lines.push(
        `  ${String(i + 1).padStart(2)}. ${f.name}${f.aliases.length ? ` (also: ${f.aliases.join(', ')})` : ''}`,
      );
      const type = f.format
        ? `${f.typeLabel}, format ${f.format}`
        : f.pattern
          ? `${f.typeLabel}, pattern ${f.pattern}`
          : f.typeLabel;
      lines.push(`      ${type}; ${requirement(f)}; sensitivity: ${f.sensitivity ?? 'not classified'}`);
      if (f.enumValues) lines.push(`      codes: ${shortList(f.enumValues)}`);
      if (f.description) lines.push(`      ${f.description}`);
    });
  }
  if (d.knownGaps.length) {
    lines.push('', 'Known gaps:');
    for (const g of d.knownGaps) lines.push(`  - ${g}`);
  }
  return `${lines.join('\n')}\n`;
}

export function registerStandardsCommands(program: Command, io: Io, state: CommandState): void {
  const standards = program
    .command('standards')
    .description('list and describe the standards carecheck knows');
  standards
    .command('list')
    .description('list standards: id, versions, status, title')
    .option('--standards-dir <dir>', 'also load standards from this folder (repeatable)', collect)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((opts: { standardsDir?: string[]; format: string }) => {
      try {
        const list = listStandards(opts.standardsDir ?? []);
        if (opts.format === 'json') {
          io.stdout(`${JSON.stringify(list, null, 2)}\n`);
        } else {
          const w = Math.max(4, ...list.map((s) => s.id.length)) + 2;
          io.stdout(`${pad('ID', w)}${pad('VERSIONS', 44)}TITLE\n`);
          for (const s of list) {
            const versions = s.versions.map((v) => `${v.version} (${v.status})`).join(', ');
            io.stdout(`${pad(s.id, w)}${pad(versions, 44)}${s.title}\n`);
          }
        }
        state.exitCode = 0;
      } catch (e) {
        state.exitCode = reportFailure(e, io, state.debug);
      }
    });
  standards
    .command('show')
    .description('describe a standard version: fields, types, requirements, codes, sensitivity')
    .argument('<standard>', 'id, id@2 or id@2.0.0')
    .option('--standards-dir <dir>', 'also load standards from this folder (repeatable)', collect)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((spec: string, opts: { standardsDir?: string[]; format: string }) => {
      try {
        const { entry } = resolveStandard(discoverStandards(opts.standardsDir ?? []), spec);
        const d = describeStandard(loadStandard(entry));
        io.stdout(opts.format === 'json' ? `${JSON.stringify(d, null, 2)}\n` : showText(d));
        state.exitCode = 0;
      } catch (e) {
        state.exitCode = reportFailure(e, io, state.debug);
      }
    });
}
