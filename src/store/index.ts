/** The station store: one interface, DuckDB and PostgreSQL. */
export type { Dialect, DialectName } from './dialect/dialect.ts';
export { dialectOf } from './dialect/dialects.ts';
export { openStore, type StoreLocation } from './open-store.ts';
export type { StationStore } from './station-store.ts';
export type { TableSpec } from './table-spec.ts';
