import pg from 'pg';
import type { HubDb, HubQueryable } from './hub-db.ts';

export interface PostgresHubDbOptions {
  connectionString: string;
  /** Schema for the hub's tables (tests use a fresh schema per file); default `public`. */
  schema?: string;
  maxConnections?: number;
}

/** The hub on a PostgreSQL server through a connection pool. */
export function openPostgresHubDb(options: PostgresHubDbOptions): HubDb {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new TypeError('schema must be a lower-case SQL identifier');
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const wrap = (q: pg.Pool | pg.PoolClient): HubQueryable => ({
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const res = await q.query(sql, params as unknown[]);
      return res.rows as T[];
    },
  });
  const base = wrap(pool);
  return {
    kind: 'postgres',
    query: base.query,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const out = await fn(wrap(client));
        await client.query('commit');
        return out;
      } catch (e) {
        await client.query('rollback').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
