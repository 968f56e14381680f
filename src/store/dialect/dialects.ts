import { type Dialect, type DialectName, DialectNames } from './dialect.ts';
import { duckdbDialect } from './duckdb-dialect.ts';
import { postgresDialect } from './postgres-dialect.ts';

/** Every engine's dialect; a name without one does not compile. */
const DIALECTS: Readonly<Record<DialectName, Dialect>> = {
  duckdb: duckdbDialect,
  postgres: postgresDialect,
};

/** The dialect of an engine. */
export function dialectOf(name: DialectName): Dialect {
  return DIALECTS[name];
}

/** Whether `name` is an engine the platform speaks (for names read from files or arguments). */
export function isDialectName(name: unknown): name is DialectName {
  return typeof name === 'string' && (DialectNames as readonly string[]).includes(name);
}
