import type { StorageKind } from '../table-spec.ts';
import type { SqlCompiler } from './sql-compiler.ts';

/** The SQL engines a station store runs on; every place that differs per engine is keyed by these. */
export const DialectNames = ['duckdb', 'postgres'] as const;
export type DialectName = (typeof DialectNames)[number];

/** What the store must know of an engine beyond query text: its column types and physical layout. */
export interface DialectAdapter {
  /** The SQL column type of each storage kind. */
  readonly columnTypes: Readonly<Record<StorageKind, string>>;
  /**
   * How cohort queries find their rows: `indexes` (B-tree indexes, a primary key on the resource index,
   * tables clustered on an index) or `zone-maps` (no indexes; tables rewritten sorted on their cluster key
   * so the engine's min/max per row group skips the rest).
   */
  readonly layout: 'indexes' | 'zone-maps';
}

/**
 * One SQL engine: a compiler for query text and an adapter for what the store does differently. Query
 * text is shared by every engine; a dialect's compiler overrides only the expressions that differ
 * (see README.md in this folder). Drivers live apart (`duckdb-store.ts`, `postgres-store.ts`).
 */
export interface Dialect {
  readonly name: DialectName;
  /** A compiler for one query: it numbers that query's `$n` parameters. */
  createCompiler(): SqlCompiler;
  readonly adapter: DialectAdapter;
}
