import { afterAll } from 'vitest';
import { dropSchema, freshSchema, postgresAvailable, TEST_PG_URL } from '../../test-support/postgres.ts';
import type { HubDb } from '../db/hub-db.ts';
import { openPostgresHubDb } from '../db/postgres-hub-db.ts';
import { hubApiSuite } from './hub-api.case.ts';
import { hubOverHttpSuite } from './hub-over-http.case.ts';

// A fresh schema (search_path) for this file; both suites share it.
let opened: Promise<{ db: HubDb; schema: string } | undefined> | undefined;
const shared = () => {
  opened ??= (async () => {
    if (!(await postgresAvailable())) return undefined;
    const schema = await freshSchema('hub');
    return { db: openPostgresHubDb({ connectionString: TEST_PG_URL, schema }), schema };
  })();
  return opened;
};
afterAll(async () => {
  const o = await opened;
  if (!o) return;
  await o.db.close();
  await dropSchema(o.schema);
});

hubApiSuite('PostgreSQL', async () => {
  const o = await shared();
  return o ? { db: o.db, cleanup: async () => {} } : undefined;
});
hubOverHttpSuite(async () => (await shared())?.db);
