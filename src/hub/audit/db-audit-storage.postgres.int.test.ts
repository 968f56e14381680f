import { afterAll } from 'vitest';
import { auditStorageSuite } from '../../audit/audit-storage.case.ts';
import { dropSchema, freshSchema, postgresAvailable, TEST_PG_URL } from '../../test-support/postgres.ts';
import type { HubDb } from '../db/hub-db.ts';
import { openPostgresHubDb } from '../db/postgres-hub-db.ts';
import { dbAuditStorageUnderTest } from './db-audit-storage.case.ts';

// A fresh schema for this file; the suite empties the log before each test.
let opened: Promise<{ db: HubDb; schema: string } | undefined> | undefined;
afterAll(async () => {
  const o = await opened;
  if (!o) return;
  await o.db.close();
  await dropSchema(o.schema);
});

auditStorageSuite('hub database on PostgreSQL', async () => {
  opened ??= (async () => {
    if (!(await postgresAvailable())) return undefined;
    const schema = await freshSchema('audit');
    return { db: openPostgresHubDb({ connectionString: TEST_PG_URL, schema }), schema };
  })();
  const o = await opened;
  return o ? dbAuditStorageUnderTest(o.db) : undefined;
});
