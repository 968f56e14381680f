/**
 * The hub's view of its database: parameterised SQL and transactions, nothing more. Two
 * implementations share one set of migrations and one test suite: embedded PGlite (the default, a data
 * directory) and a PostgreSQL server through a `pg` Pool (several hub instances may share it).
 */
export interface HubQueryable {
  /** Runs one statement with `$1`-style parameters and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface HubDb extends HubQueryable {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: HubQueryable) => Promise<T>): Promise<T>;
  /** Runs several statements separated by semicolons, without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  /** `pglite` or `postgres`, for logs and the decision of how to wait for new tasks. */
  readonly kind: 'pglite' | 'postgres';
  /** The folder of an embedded database on disk (the hub folder: its secret files live there too). */
  readonly dataDir?: string;
}
