import { afterAll } from 'vitest';
import type { HubDb } from '../db/hub-db.ts';
import { openPgliteHubDb } from '../db/pglite-hub-db.ts';
import { hubApiSuite } from './hub-api.case.ts';
import { hubOverHttpSuite } from './hub-over-http.case.ts';

// One embedded database for both suites: PGlite takes seconds to start.
let db: Promise<HubDb> | undefined;
const shared = () => {
  db ??= openPgliteHubDb();
  return db;
};
afterAll(async () => {
  if (db) await (await db).close();
});

hubApiSuite('PGlite', async () => ({ db: await shared(), cleanup: async () => {} }));
hubOverHttpSuite(shared);
