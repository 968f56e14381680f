import type { AuditStorageUnderTest } from '../../audit/audit-storage.case.ts';
import { GENESIS_HASH } from '../../audit/index.ts';
import type { HubDb } from '../db/hub-db.ts';
import { migrate } from '../db/migrations.ts';
import { DbAuditStorage } from './db-audit-storage.ts';

/**
 * The hub's audit storage on `db` for the shared audit storage suite: the log emptied back to the state
 * of a new hub database (no entries, the genesis head row) before each test.
 */
export async function dbAuditStorageUnderTest(db: HubDb): Promise<AuditStorageUnderTest> {
  await migrate(db);
  await db.transaction(async (tx) => {
    await tx.query('delete from audit_log');
    await tx.query('update audit_head set seq = 0, hash = $1 where id = 1', [GENESIS_HASH]);
  });
  return {
    storage: new DbAuditStorage(db),
    reopen: async () => new DbAuditStorage(db),
    dropNewestEntry: async () => {
      await db.query('delete from audit_log where seq = (select max(seq) from audit_log)');
    },
    close: async () => {},
  };
}
