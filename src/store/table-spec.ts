import { badInput } from '../common/app-error.ts';
import type { DialectName } from './dialect/dialect.ts';
import { dialectOf } from './dialect/dialects.ts';

/**
 * The shape of one station table, derived from a platform ViewDefinition (views/README.md). The store
 * creates and fills tables from these specs; it never reads FHIR itself.
 */
export interface ColumnSpec {
  /** Column name, the same on every engine. */
  readonly name: string;
  /** FHIR primitive type of the column (id, string, code, date, dateTime, decimal, integer, boolean, …). */
  readonly type: string;
}

export interface TableSpec {
  /** Table name (the view's name), lower-case snake_case. */
  readonly name: string;
  /** The FHIR resource type whose resources fill this table. */
  readonly resourceType: string;
  /** Columns in insert order. The first column named `id` holds the (pseudonymised) resource id. */
  readonly columns: readonly ColumnSpec[];
}

/** How a FHIR primitive is stored. `date` and `timestamp` are normalised by {@link normaliseValue}. */
export const StorageKinds = {
  text: 'text',
  date: 'date',
  timestamp: 'timestamp',
  double: 'double',
  bigint: 'bigint',
  boolean: 'boolean',
} as const;

export type StorageKind = keyof typeof StorageKinds;

const KIND_OF_FHIR_TYPE: Record<string, StorageKind> = {
  date: 'date',
  dateTime: 'timestamp',
  instant: 'timestamp',
  decimal: 'double',
  integer: 'bigint',
  integer64: 'bigint',
  positiveInt: 'bigint',
  unsignedInt: 'bigint',
  boolean: 'boolean',
};

/** Storage kind of a FHIR primitive type; anything not listed (id, string, code, uri, …) is text. */
export function storageKind(fhirType: string): StorageKind {
  return KIND_OF_FHIR_TYPE[fhirType] ?? 'text';
}

/** The SQL column type for a FHIR primitive on one engine. */
export function sqlType(fhirType: string, dialect: DialectName): string {
  return dialectOf(dialect).adapter.columnTypes[storageKind(fhirType)];
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/** Table and column names go into SQL text, so they must be plain identifiers. */
export function checkTableSpec(spec: TableSpec): void {
  if (!IDENT.test(spec.name)) throw badInput(`table name is not a plain identifier`, spec.name);
  for (const c of spec.columns) {
    if (!IDENT.test(c.name))
      throw badInput(`column name is not a plain identifier`, `${spec.name}.${c.name}`);
  }
  if (spec.columns[0]?.name !== 'id') throw badInput('the first column must be "id"', spec.name);
}
