import { afterAll } from 'vitest';
import { auditStorageSuite } from '../../audit/audit-storage.case.ts';
import type { HubDb } from '../db/hub-db.ts';
import { openPgliteHubDb } from '../db/pglite-hub-db.ts';
import { dbAuditStorageUnderTest } from './db-audit-storage.case.ts';

let db: Promise<HubDb> | undefined;
afterAll(async () => {
  if (db) await (await db).close();
});

auditStorageSuite('hub database on PGlite', async () => {
  db ??= openPgliteHubDb();
  return dbAuditStorageUnderTest(await db);
});
