/** The station store: one interface, DuckDB and PostgreSQL. */
export { openStore, type StoreLocation } from './open-store.ts';
export type { StationStore } from './station-store.ts';
export type { TableSpec } from './table-spec.ts';
