import { openPgliteHubDb } from '../db/pglite-hub-db.ts';
import { hubApiSuite } from './hub-api.case.ts';

hubApiSuite('PGlite', async () => {
  const db = await openPgliteHubDb();
  return { db, cleanup: () => db.close() };
});
