/**
 * A standard version, as declared by its folder `standards/<id>/<version>/standard.yaml`.
 * Standards are data: nothing here knows about any particular standard.
 */
import type { Severity } from '../report/types.js';

export type StandardStatus = 'draft' | 'active' | 'deprecated' | 'retired';
export type StandardKind = 'tabular' | 'document';
export type Sensitivity = 'direct-identifier' | 'quasi-identifier' | 'special-category' | 'none';

export interface ForeignKey {
  fields: string[];
  reference: { table: string; fields: string[] };
  severity?: Severity;
  message?: string;
}

/** A unique key with its own severity and message (a bare list of fields means severity error). */
export interface UniqueKey {
  fields: string[];
  severity?: Severity;
  message?: string;
}

export interface KeyRules {
  /** Fields that together identify a record; duplicates are findings. */
  primaryKey?: string[];
  /** Further unique keys: each a list of fields, or { fields, severity, message }. */
  unique?: Array<string[] | UniqueKey>;
  foreignKeys?: ForeignKey[];
  /** Fields whose values identify a record locally (used for pseudonymous record references). Defaults to the primary key. */
  recordKey?: string[];
}

export interface TableManifest extends KeyRules {
  /** Schema file, relative to the version folder. */
  schema: string;
  title?: string;
  /** How a file is matched to this table by its header. */
  match?: {
    /** All of these headers must be present. */
    headers?: string[];
  };
}

export interface StandardManifest {
  id: string;
  version: string;
  title: string;
  publisher: string;
  status: StandardStatus;
  effectiveFrom: string;
  effectiveTo?: string;
  description: string;
  provenance: {
    source: string;
    confidence?: string;
    retrieved?: string;
    notes?: string;
  };
  kind: StandardKind;
  /** Schema file for a single-table (or document) standard. Exactly one of `schema` and `tables`. */
  schema?: string;
  /** Key rules for a single-table standard. */
  keys?: KeyRules;
  /** Tables of a multi-file dataset (e.g. workplace, staff, training). */
  tables?: Record<string, TableManifest>;
  /** The version this one replaces, for `diff` and `migrate`. */
  predecessor?: string;
  /** How people call the predecessor (e.g. `Release 1`), used in messages. */
  predecessorLabel?: string;
  /** Value mappings from the predecessor: field → { old value → new value | null (no mapping) }. */
  migrations?: Record<string, Record<string, string | null>>;
  /** Documented deviations / known gaps, shown by `standards show`. */
  knownGaps?: string[];
  /** Titles and help for the standard's own rule ids (`ruleId` in its schemas). */
  rules?: Record<string, { title: string; help?: string }>;
}

/** A loaded standard version: manifest plus resolved tables with their schemas. */
export interface Standard {
  manifest: StandardManifest;
  /** Folder the standard was loaded from. */
  dir: string;
  /** Tables keyed by name; a single-table standard has one table named after the standard id. */
  tables: Map<string, LoadedTable>;
  /** True for standards bundled with carecheck (compiled in strict mode). */
  bundled: boolean;
}

export interface LoadedTable extends KeyRules {
  name: string;
  title?: string;
  schemaPath: string;
  schema: Record<string, unknown>;
  match?: { headers?: string[] };
}
