import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';
import type { HubDb, HubQueryable } from './hub-db.ts';
import { lockHubFolder } from './hub-folder-lock.ts';
import { durableStartParams, PrivateDurableNodeFS } from './private-durable-node-fs.ts';

/** Distinct statements kept prepared; the hub's SQL is a fixed set, far below this. */
const MAX_PREPARED = 256;

export interface PgliteHubDbOptions {
  /**
   * Flush every commit to disk (fsync on; the default). `false` is PGlite's own setting: faster writes,
   * but a power cut or an operating-system crash may lose the last commits or corrupt the database.
   */
  durable?: boolean;
}

/**
 * The embedded hub database: PGlite in a data directory, or in memory when `dataDir` is omitted
 * (tests). One process at a time may have the directory open (`hub-folder-lock.ts`). The directory is private (0700, every file 0600, also files created later) and every commit
 * is flushed to disk unless `durable: false` (see `private-durable-node-fs.ts`). It is driven through the `pg` client on PGlite's own node-postgres connection, so each
 * parameterised statement is parsed and planned once and then only bound and executed: on PGlite,
 * which runs on the event loop, parsing and planning were most of a short statement's cost. Values
 * arrive as they do from a PostgreSQL server (e.g. bigint as a string). PGlite has one connection;
 * a transaction holds it, and other statements wait.
 */
export async function openPgliteHubDb(dataDir?: string, options: PgliteHubDbOptions = {}): Promise<HubDb> {
  const durable = options.durable ?? true;
  const unlock = dataDir ? lockHubFolder(dataDir) : () => {};
  let lite: PGlite;
  try {
    lite = dataDir
      ? await PGlite.create({
          fs: new PrivateDurableNodeFS(dataDir, durable),
          relaxedDurability: !durable,
          startParams: durableStartParams(PGlite.defaultStartParams, durable),
        })
      : await PGlite.create();
  } catch (e) {
    unlock();
    throw e;
  }
  const client = new pg.Client(createPgConfig(lite));
  // An error of the connection itself (not of a statement) fails the statements that follow.
  let broken: Error | undefined;
  client.on('error', (e) => {
    broken = e;
  });
  await client.connect();
  const names = new Map<string, string>();
  const nameOf = (sql: string): string | undefined => {
    const known = names.get(sql);
    if (known || names.size >= MAX_PREPARED) return known;
    const name = `hub_${names.size + 1}`;
    names.set(sql, name);
    return name;
  };
  const run: HubQueryable['query'] = async <T>(sql: string, params: readonly unknown[] = []) => {
    if (broken) throw broken;
    // Statements without parameters (migrations, BEGIN) are sent as they are.
    const name = params.length > 0 ? nameOf(sql) : undefined;
    const res = await client.query({ text: sql, values: params as unknown[], ...(name ? { name } : {}) });
    return res.rows as T[];
  };
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const next = tail.then(work, work);
    tail = next.catch(() => {});
    return next;
  };
  return {
    kind: 'pglite',
    ...(dataDir ? { dataDir } : {}),
    query: (sql, params) => exclusive(() => run(sql, params)),
    transaction: (fn) =>
      exclusive(async () => {
        await client.query('begin');
        try {
          const out = await fn({ query: run });
          await client.query('commit');
          return out;
        } catch (e) {
          await client.query('rollback').catch(() => {});
          throw e;
        }
      }),
    exec: (sql) =>
      exclusive(async () => {
        await client.query(sql);
      }),
    close: async () => {
      try {
        await exclusive(() => client.end());
        await lite.close();
      } finally {
        unlock();
      }
    },
  };
}
