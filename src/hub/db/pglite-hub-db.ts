import { PGlite } from '@electric-sql/pglite';
import type { HubDb, HubQueryable } from './hub-db.ts';

/**
 * The embedded hub database: PGlite in a data directory, or in memory when `dataDir` is omitted
 * (tests). PGlite has a single connection; it serialises transactions itself.
 */
export async function openPgliteHubDb(dataDir?: string): Promise<HubDb> {
  const pg = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  const wrap = (q: Pick<PGlite, 'query'>): HubQueryable => ({
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const res = await q.query<T>(sql, params as unknown[]);
      return res.rows;
    },
  });
  const base = wrap(pg);
  return {
    kind: 'pglite',
    query: base.query,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    exec: async (sql) => {
      await pg.exec(sql);
    },
    close: () => pg.close(),
  };
}
